"""Writes to admitted members: create, change, confirm or strike off after probation, delete."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from core.db import save_validated

from ..choices import MemberStatus
from ..models import AuditAction, AuditEntry, Member
from ..selectors import grassroots_of
from .history import author_of, fresh, record
from .summary import summary_add, summary_kept

if TYPE_CHECKING:
    from accounts.models import User


STALE_MEMBER_MESSAGE = _(
    "Hồ sơ này vừa được người khác sửa sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. "
    "Hãy mở lại hồ sơ để xem nội dung mới nhất rồi nhập lại thay đổi của mình."
)


@transaction.atomic
def member_create(*, user: User | None = None, **fields) -> Member:
    member = Member(**fields)
    member.created_by = member.updated_by = author_of(user)
    member.full_clean(exclude=["grassroots"])
    member.derive(grassroots=grassroots_of(member.cell))
    save_validated(member)
    summary_add(member_ids=[member.pk])
    record(user=user, action=AuditAction.CREATE, instance=member)
    return member


@transaction.atomic
def member_update(
    *, member: Member, user: User | None = None, expected_version: int | None = None, **fields
) -> Member:
    """Change a member's record. With `expected_version` (the version the editor's form was loaded with),
    a record changed by someone else in the meantime is refused rather than silently overwritten: the
    version is claimed by one conditional UPDATE, so of two simultaneous saves only one can win.
    """
    if expected_version is not None:
        claimed = Member.objects.filter(pk=member.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if not claimed:
            raise ValidationError(STALE_MEMBER_MESSAGE, code="stale")
        member.version = expected_version
    before = fresh(member)
    for name, value in fields.items():
        setattr(member, name, value)
    member.updated_by = author_of(user)
    member.full_clean(exclude=["grassroots"])
    member.derive(grassroots=grassroots_of(member.cell))
    member.version += 1
    with summary_kept(lambda: Member.objects.filter(pk=member.pk)):
        save_validated(member)
    record(user=user, action=AuditAction.UPDATE, instance=member, before=before)
    return member


# How a probation ends, and the date field each outcome records (the other one is cleared).
PROBATION_OUTCOMES = {MemberStatus.FULL: "confirmation_date", MemberStatus.STRUCK_OFF: "struck_off_date"}


def member_end_probation(
    *,
    member: Member,
    outcome: str,
    day: datetime.date,
    user: User | None = None,
    expected_version: int | None = None,
) -> Member:
    """Record the end of a member's probation on `day`: confirmed as a full member (đảng viên chính thức,
    MemberStatus.FULL) or struck off (xóa tên, MemberStatus.STRUCK_OFF)."""
    dates = dict.fromkeys(PROBATION_OUTCOMES.values()) | {PROBATION_OUTCOMES[outcome]: day}
    return member_update(member=member, user=user, expected_version=expected_version, status=outcome, **dates)


ADMITTED_FROM_FILE_MESSAGE = _(
    "Không xóa được: đảng viên này được kết nạp từ hồ sơ quần chúng ưu tú (quyết định 9-KNĐ) và hồ sơ đó "
    "vẫn ghi là đã kết nạp. Nếu có sai sót, hãy sửa hồ sơ đảng viên thay vì xóa."
)


@transaction.atomic
def member_delete(*, member: Member, user: User | None = None) -> None:
    """Delete a record entered by mistake. A member admitted through the pipeline is refused: the candidate's
    file refers to it (PROTECT), and deleting it would leave that file "admitted" with no member."""
    record(user=user, action=AuditAction.DELETE, instance=member, before=fresh(member))
    try:
        with summary_kept(lambda: Member.objects.filter(pk=member.pk)):
            member.delete()
    except ProtectedError as error:
        raise ValidationError(ADMITTED_FROM_FILE_MESSAGE, code="protected") from error


def member_national_id_reveal(*, member: Member, user: User) -> None:
    """Record that `user` was shown `member`'s full national ID (the lists and files show its last 4
    digits): a line of the member's history, with who and when."""
    AuditEntry.objects.create(
        user=author_of(user),
        action=AuditAction.REVEAL,
        object_type="member",
        object_id=member.pk,
        object_repr=str(member)[:255],
    )


def member_list_export_record(
    *, user: User, query: str, rows: int, file_format: str, full_national_ids: bool = False
) -> AuditEntry:
    """Record that `user` took the member list away as a file: the list's filter (its query string), the
    number of rows and the format; with `full_national_ids`, that the file held the national IDs whole (the
    export for correcting and re-importing). One line per export, in the history of "member_list"."""
    if full_national_ids:
        what = _("Danh sách đảng viên mới để sửa và nhập lại (số CCCD đầy đủ): %(rows)s dòng, tệp %(format)s")
    else:
        what = _("Danh sách đảng viên mới: %(rows)s dòng, tệp %(format)s")
    return list_export_record(
        user=user,
        object_type="member_list",
        what=what,
        query=query,
        rows=rows,
        file_format=file_format,
        full_national_ids=full_national_ids,
    )


def list_export_record(
    *,
    user: User,
    object_type: str,
    what: str,
    query: str,
    rows: int,
    file_format: str,
    full_national_ids: bool = False,
) -> AuditEntry:
    """The history line of a list taken away as a file (the members', the candidates'): in the history of
    `object_type`, saying `what` (a text with %(rows)s and %(format)s), the list's filter, rows and format."""
    changes = {"filter": query[:1000], "rows": rows, "format": file_format}
    if full_national_ids:
        changes["national_ids"] = "full"
    return AuditEntry.objects.create(
        user=author_of(user),
        action=AuditAction.EXPORT,
        object_type=object_type,
        object_id=0,
        object_repr=str(what % {"rows": rows, "format": file_format})[:255],
        changes=changes,
    )
