"""Rows that update recorded members: a row whose national ID (or, with none written, record number) is
already recorded in the user's scope is that member (NetBox's `id` column, Odoo's external id), and only the
cells that differ from the record change it. A blank cell changes nothing.

A masked national ID ("********1234", as the list export writes it) is never a value: it means "unchanged".
The row is matched by its record number; its last 4 digits must be the member's, and a row that matches no
member is refused (a new member needs the full ID, or none). To change national IDs, export "for correcting
and re-importing", which writes them whole."""

import datetime

from django.core import signing
from django.utils.translation import gettext_lazy as _

from ..models import Member, Unit
from ..selectors import members_matching
from .columns import COLUMN_BY_FIELD
from .results import ImportRow, Problem

_SIGNING_SALT = "admissions.imports.versions"


def match_recorded(rows: list[ImportRow], *, user) -> None:
    """Attach to each row the recorded member it names, and the fields it changes (before, after)."""
    by_id, by_record = members_matching(
        user=user,
        national_ids=[row.values["national_id"] for row in rows if row.values.get("national_id")],
        record_numbers=[
            row.values["record_number"]
            for row in rows
            if not row.values.get("national_id") and row.values.get("record_number")
        ],
    )
    for row in rows:
        national_id = row.values.get("national_id")
        member = by_id.get(national_id) if national_id else None
        if member is None and not national_id and row.values.get("record_number"):
            found = by_record.get(row.values["record_number"], [])
            if len(found) > 1:
                row.errors.append(
                    Problem(
                        row.number,
                        COLUMN_BY_FIELD["record_number"].header,
                        str(
                            _(
                                "Có %(count)s đảng viên cùng số lý lịch này: hãy ghi số CCCD để chọn đúng người."
                            )
                            % {"count": len(found)}
                        ),
                    )
                )
                continue
            member = found[0] if found else None
        if row.masked_national_id:
            _check_masked(row, member)
        if member is not None:
            row.member = member
            row.changes = {
                field: (shown(field, getattr(member, field)), shown(field, value))
                for field, value in row.values.items()
                if _differs(member, field, value)
            }


def _check_masked(row: ImportRow, member: Member | None) -> None:
    header = COLUMN_BY_FIELD["national_id"].header
    if member is None:
        message = _(
            "Số CCCD đang bị che (chỉ còn 4 số cuối) nên không dùng được cho đảng viên mới. Hãy ghi đủ 12 chữ số, "
            "hoặc dùng tệp “Xuất để sửa và nhập lại” (có số CCCD đầy đủ và số lý lịch)."
        )
    elif not (member.national_id or "").endswith(row.masked_national_id):
        message = _("4 số cuối của số CCCD bị che không khớp với hồ sơ của đảng viên có số lý lịch này.")
    else:
        return
    row.errors.append(Problem(row.number, header, str(message)))


def _differs(member: Member, field: str, value) -> bool:
    if field == "cell":
        return member.cell_id != value.pk
    current = getattr(member, field)
    if isinstance(current, str) or isinstance(value, str):
        return (current or "") != (value or "")
    return current != value


def shown(field: str, value) -> str:
    """A field's value as the preview writes it: labels for choices, dd/mm/yyyy, có/không."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Unit):
        return value.name
    if isinstance(value, bool):
        return str(_("có") if value else _("không"))
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    choices = dict(Member._meta.get_field(field).choices or ())
    return str(choices.get(value, value))


def sign_versions(versions: dict[int, int]) -> str:
    """The previewed versions, for the confirmation form (signed: the form cannot be made to skip the lock)."""
    return signing.dumps({str(pk): version for pk, version in versions.items()}, salt=_SIGNING_SALT)


def read_versions(value: str | None) -> dict[int, int] | None:
    """The versions of sign_versions(), or None for a missing or tampered value (the confirmation then
    checks against the versions it reads itself)."""
    if not value:
        return None
    try:
        return {int(pk): int(version) for pk, version in signing.loads(value, salt=_SIGNING_SALT).items()}
    except (signing.BadSignature, ValueError, TypeError, AttributeError):
        return None
