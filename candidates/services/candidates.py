"""Writes to candidates: create, change, advance a stage (one or a batch), admit, close, resume, delete.

As admitted members (admissions.services.members): keyword-only arguments, full_clean() then save() in one
transaction with its history line, and optimistic locking through `expected_version`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from admissions import services as admissions_services
from admissions.models import PERSON_FIELDS, AuditAction
from admissions.selectors import grassroots_of
from admissions.services.history import author_of, record, snapshot
from core.db import save_validated

from ..choices import CLOSING_OUTCOMES, Outcome, Stage
from ..models import Candidate
from ..selectors import days_off_for
from .pipeline import pipeline_changed

if TYPE_CHECKING:
    from accounts.models import User
    from admissions.models import Member


STALE_CANDIDATE_MESSAGE = _(
    "Hồ sơ này vừa được người khác sửa sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. "
    "Hãy mở lại hồ sơ để xem nội dung mới nhất rồi nhập lại thay đổi của mình."
)
ADMITTED_MESSAGE = _("Người này đã được kết nạp: hồ sơ được sửa trên trang đảng viên mới.")
CLOSED_MESSAGE = _("Hồ sơ đã kết thúc (không kết nạp hoặc rút khỏi danh sách): không sửa được nữa.")
NOT_SUBMITTED_MESSAGE = _("Chỉ ra quyết định kết nạp cho hồ sơ đã trình cấp ủy cấp trên.")
NOT_OPEN_MESSAGE = _("Hồ sơ này không còn đang xem xét.")
NOT_PAUSED_MESSAGE = _("Hồ sơ này không tạm dừng.")
NOT_AT_STAGE_MESSAGE = _("Hồ sơ này không còn ở bước đã chọn (có thể vừa được người khác cập nhật).")

# What the admitted member's record takes from the candidate's, field by field (no re-typing).
MEMBER_FIELDS = (
    *PERSON_FIELDS,
    "over_age_exception",
    "exception_note",
    "cell",
    "decision_number",
    "decision_date",
    "ceremony_date",
)


def _validate(candidate: Candidate) -> None:
    """full_clean, the derived fields, then the deadlines (which need the derived due dates)."""
    candidate.full_clean(exclude=["grassroots"])
    candidate.derive(grassroots=grassroots_of(candidate.cell), days_off=days_off_for(candidate.cell))
    if errors := candidate.deadline_errors():
        raise ValidationError(errors)


def _claim(candidate: Candidate, expected_version: int | None) -> None:
    """Refuse a change made over someone else's: the version is claimed by one conditional UPDATE, so of
    two simultaneous saves only one can win."""
    if expected_version is None:
        return
    claimed = Candidate.objects.filter(pk=candidate.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not claimed:
        raise ValidationError(STALE_CANDIDATE_MESSAGE, code="stale")
    candidate.version = expected_version


@transaction.atomic
def candidate_create(*, user: User | None = None, **fields) -> Candidate:
    candidate = Candidate(**fields)
    candidate.created_by = candidate.updated_by = author_of(user)
    _validate(candidate)
    save_validated(candidate)
    record(user=user, action=AuditAction.CREATE, instance=candidate)
    pipeline_changed(grassroots=[candidate.grassroots_id])
    return candidate


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, user: User | None = None, expected_version: int | None = None, **fields
) -> Candidate:
    """Change a candidate's file (the personal fields or any stage's dates and numbers). An admitted
    candidate's record lives on as the member's; a closed file is not edited."""
    if candidate.outcome == Outcome.ADMITTED:
        raise ValidationError(ADMITTED_MESSAGE, code="admitted")
    if candidate.outcome in (Outcome.NOT_ADMITTED, Outcome.WITHDRAWN):
        raise ValidationError(CLOSED_MESSAGE, code="closed")
    return _save(candidate=candidate, user=user, expected_version=expected_version, fields=fields)


def _save(
    *, candidate: Candidate, user: User | None, expected_version: int | None, fields: dict
) -> Candidate:
    _claim(candidate, expected_version)
    before, previous = _stored(candidate)
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.updated_by = author_of(user)
    _validate(candidate)
    candidate.version += 1
    save_validated(candidate)
    record(user=user, action=AuditAction.UPDATE, instance=candidate, before=before)
    _changed(candidate, previous)
    return candidate


def _stored(candidate: Candidate) -> tuple[dict, int | None]:
    """The file as the database holds it now (its history snapshot) and the organisation it is stored
    under, which a unit's move may have changed since `candidate` was read."""
    stored = Candidate._base_manager.get(pk=candidate.pk)
    return snapshot(stored), stored.grassroots_id


def _changed(candidate: Candidate, previous: int | None) -> None:
    """Log the file's organisation for the forecast's saved counts, and the one it was stored under
    (`previous`) when that is another."""
    pipeline_changed(grassroots=[candidate.grassroots_id, previous])


@transaction.atomic
def candidates_advance(
    *, stage: str, changes: Iterable[tuple[Candidate, int | None, dict]], user: User | None = None
) -> list[Candidate]:
    """The next step for a batch of files at `stage` (everyone who finished one course, the files one
    committee's resolution covers): each (candidate, the version its page showed, its fields), all or
    nothing. Every candidate the batch cannot take is named in the error, and nothing is saved."""
    saved, problems = [], []
    for candidate, version, fields in changes:
        try:
            if candidate.outcome != Outcome.IN_PROGRESS or candidate.stage != stage:
                raise ValidationError(NOT_AT_STAGE_MESSAGE, code="moved")
            with transaction.atomic():
                saved.append(
                    candidate_update(candidate=candidate, user=user, expected_version=version, **fields)
                )
        except ValidationError as error:
            messages = (
                error.messages
                if not hasattr(error, "error_dict")
                else [message for field_messages in error.message_dict.values() for message in field_messages]
            )
            problems.append(
                _("%(name)s: %(problem)s") % {"name": candidate.full_name, "problem": " ".join(messages)}
            )
    if problems:
        raise ValidationError(problems, code="batch")
    return saved


@transaction.atomic
def candidate_admit(
    *,
    candidate: Candidate,
    decision_number: str,
    decision_date: datetime.date,
    ceremony_date: datetime.date | None = None,
    user: User | None = None,
    expected_version: int | None = None,
) -> Member:
    """The superior committee's decision (9-KNĐ): the candidate becomes the admitted Member, created by
    admissions' member service from the candidate's own fields, and the two records are linked both ways,
    all in one transaction (a refused member leaves the candidate as it was)."""
    if candidate.outcome != Outcome.IN_PROGRESS or candidate.stage != Stage.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED_MESSAGE, code="not_submitted")
    _claim(candidate, expected_version)
    before, previous = _stored(candidate)
    candidate.decision_number = decision_number
    candidate.decision_date = decision_date
    candidate.ceremony_date = ceremony_date
    candidate.outcome = Outcome.ADMITTED
    candidate.outcome_date = decision_date
    candidate.updated_by = author_of(user)
    _validate(candidate)
    member = admissions_services.member_create(
        user=user,
        readmission=candidate.former_member,
        **{name: getattr(candidate, name) for name in MEMBER_FIELDS},
    )
    candidate.member = member
    candidate.version += 1
    save_validated(candidate)
    record(user=user, action=AuditAction.UPDATE, instance=candidate, before=before)
    _changed(candidate, previous)
    return member


@transaction.atomic
def candidate_close(
    *,
    candidate: Candidate,
    outcome: str,
    day: datetime.date,
    reason: str,
    user: User | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """Record that a file stops: not admitted, withdrawn, or paused (it may resume), with the day and why."""
    if outcome not in CLOSING_OUTCOMES:
        raise ValidationError({"outcome": _("Chọn một kết quả trong danh sách.")})
    if candidate.outcome != Outcome.IN_PROGRESS:
        raise ValidationError(NOT_OPEN_MESSAGE, code="not_open")
    return _save(
        candidate=candidate,
        user=user,
        expected_version=expected_version,
        fields={"outcome": outcome, "outcome_date": day, "outcome_reason": reason},
    )


@transaction.atomic
def candidate_resume(
    *, candidate: Candidate, user: User | None = None, expected_version: int | None = None
) -> Candidate:
    """A paused file goes on where it stopped."""
    if candidate.outcome != Outcome.PAUSED:
        raise ValidationError(NOT_PAUSED_MESSAGE, code="not_paused")
    return _save(
        candidate=candidate,
        user=user,
        expected_version=expected_version,
        fields={"outcome": Outcome.IN_PROGRESS, "outcome_date": None, "outcome_reason": ""},
    )


@transaction.atomic
def candidate_delete(*, candidate: Candidate, user: User | None = None) -> None:
    """Delete a file entered by mistake; an admitted candidate's file stays (the member refers to it)."""
    if candidate.outcome == Outcome.ADMITTED:
        raise ValidationError(ADMITTED_MESSAGE, code="admitted")
    before, stored_under = _stored(candidate)
    record(user=user, action=AuditAction.DELETE, instance=candidate, before=before)
    pipeline_changed(grassroots=[stored_under])
    candidate.delete()


def candidate_list_export_record(*, user: User, query: str, rows: int, file_format: str) -> None:
    """Record that `user` took the candidate list away as a file (its filter, rows and format): one line per
    export, in the history of "candidate_list", as the members' list's exports."""
    admissions_services.list_export_record(
        user=user,
        object_type="candidate_list",
        what=_("Danh sách quần chúng ưu tú: %(rows)s dòng, tệp %(format)s"),
        query=query,
        rows=rows,
        file_format=file_format,
    )
