"""Saving a validated instance when another request may have won a unique value in the meantime."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

CONFLICT = _("Không lưu được vì dữ liệu vừa bị thay đổi cùng lúc: hãy tải lại trang rồi thử lại.")


def save_validated(instance: models.Model, **kwargs) -> None:
    """instance.save(**kwargs), where full_clean() has passed. Two requests can both pass full_clean() with
    the same national ID or unit code; the database's unique constraint lets one of them save. The other's
    IntegrityError is turned back into the ValidationError full_clean() gives now that the winner's row is
    there (the constraint's own message, on its field), so the loser sees the form's message, never a 500.
    """
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable after the error
            instance.save(**kwargs)
    except IntegrityError as error:
        instance.validate_unique()
        instance.validate_constraints()
        raise ValidationError(CONFLICT, code="conflict") from error
