"""One-time submission tokens: a form carries a fresh token; the write it triggers consumes the token in the
same transaction, and the token's unique key in the database decides which of two identical posts writes.

    class ThingCreateView(OneTimeSubmissionMixin, ServiceFormMixin, CreateView): ...

That is all a view needs (core.views.OneTimeSubmissionMixin): the mixin adds the hidden field to the form
(rendered with the form's hidden fields, or `{{ form.submission_token }}`), claims the token around the
view's form_valid(), keeps it only if the write succeeded, and answers a post whose token is already used
with the first post's result and a plain message, writing nothing.
"""

import secrets

from django import forms
from django.core.validators import RegexValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import UsedSubmission

TOKEN_FIELD = "submission_token"
ALREADY_SUBMITTED = _(
    "Biểu mẫu này đã được gửi rồi và đã được ghi một lần; lần gửi lặp lại không ghi thêm gì. "
    "Đây là kết quả của lần gửi trước."
)
STALE_FORM = _("Biểu mẫu đã cũ hoặc không đầy đủ: hãy tải lại trang rồi nhập lại.")


def new_token() -> str:
    return secrets.token_hex(16)


class SubmissionTokenField(forms.CharField):
    """The hidden field of a form's one-time token: a fresh one each time an unbound form is rendered."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(
            initial=new_token,
            max_length=64,
            validators=[RegexValidator(r"^[0-9a-f]{32}$", STALE_FORM)],
            error_messages={"required": STALE_FORM},
            **kwargs,
        )


def with_token(form: forms.Form) -> forms.Form:
    """`form` with its hidden one-time token (a form the page renders for another view to receive, such as a
    one-button action on a record's page)."""
    form.fields[TOKEN_FIELD] = SubmissionTokenField()
    return form


class AlreadySubmitted(Exception):
    """The token was used by an earlier post; `result_url` is where its result is ("" if none was kept)."""

    def __init__(self, result_url: str):
        super().__init__(result_url)
        self.result_url = result_url


def used(token: str) -> UsedSubmission | None:
    return UsedSubmission.objects.filter(token=token).first() if token else None


def claim(token: str, *, user) -> UsedSubmission:
    """Mark `token` used, inside the caller's transaction; AlreadySubmitted if another post has (its
    transaction committed: on PostgreSQL a claim made at the same moment waits on the unique index for the
    other transaction to end, and fails only if that one committed)."""
    try:
        with transaction.atomic():
            return UsedSubmission.objects.create(
                token=token, user=user if user is not None and user.is_authenticated else None
            )
    except IntegrityError:
        earlier = used(token)
        raise AlreadySubmitted(earlier.result_url if earlier else "") from None


def settle(submission: UsedSubmission, *, result_url: str) -> None:
    """Keep where the submission's result is, for a repeated post to be sent there."""
    submission.result_url = result_url[:500]
    submission.save(update_fields=["result_url"])
