"""Every write to units, quotas and members goes through here (also from the admin and the importer).

Each function takes keyword-only arguments, validates with full_clean() and saves inside one transaction,
so a rule can never be skipped by entering data another way. Each write also leaves a line of history
(AuditEntry) in the same transaction: no change without its record, no record of a change rolled back.
"""

import datetime
import functools
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

from core import bulk

from .choices import GRASSROOTS_LEVELS, MemberStatus, QuotaSource
from .models import PATH_STEP, AuditAction, AuditEntry, Member, Quota, Unit

STALE_MEMBER_MESSAGE = _(
    "Hồ sơ này vừa được người khác sửa sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. "
    "Hãy mở lại hồ sơ để xem nội dung mới nhất rồi nhập lại thay đổi của mình."
)


# History ---------------------------------------------------------------------------------------------


def _plain(instance: models.Model, field: models.Field):
    """A field's value as stored in the history: JSON-safe, and readable without the related row."""
    if field.is_relation:
        return str(getattr(instance, field.name)) if getattr(instance, field.attname) else None
    value = getattr(instance, field.attname)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@functools.cache
def _audited_fields(model: type[models.Model]) -> list[models.Field]:
    # What people enter; derived and bookkeeping fields (editable=False) would only add noise.
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def _snapshot(instance: models.Model) -> dict:
    return {field.name: _plain(instance, field) for field in _audited_fields(type(instance))}


def _blank(value) -> bool:
    return value is None or value == "" or value is False


def _author(user):
    """Who a write is recorded against: the logged-in user, or nobody (a command, the demo loader)."""
    return user if user is not None and user.is_authenticated else None


def _record(*, user, action: str, instance: models.Model, before: dict | None = None) -> AuditEntry:
    entry = _audit_entry(user=user, action=action, instance=instance, before=before)
    entry.save()
    return entry


def _audit_entry(*, user, action: str, instance: models.Model, before: dict | None = None) -> AuditEntry:
    """The unsaved history line of one change (bulk writes save many at once)."""
    after = {} if action == AuditAction.DELETE else _snapshot(instance)
    before = before or {}
    names = after.keys() | before.keys()
    changes = {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name) and not (_blank(before.get(name)) and _blank(after.get(name)))
    }
    return AuditEntry(
        user=_author(user),
        action=action,
        object_type=instance._meta.model_name,
        object_id=instance.pk,
        object_repr=str(instance)[:255],
        changes=changes,
    )


def _fresh(instance: models.Model) -> dict:
    """The row as the database holds it now (the admin hands us an instance already changed)."""
    return _snapshot(type(instance)._base_manager.get(pk=instance.pk))


# Units -------------------------------------------------------------------------------------------------


def _path_for(unit: Unit) -> str:
    prefix = unit.parent.path if unit.parent_id else ""
    return f"{prefix}{unit.pk:0{PATH_STEP}d}"


@transaction.atomic
def unit_create(*, parent: Unit | None = None, user=None, **fields) -> Unit:
    unit = Unit(parent=parent, **fields)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = _path_for(unit)
    unit.depth = len(unit.path) // PATH_STEP - 1
    unit.save(update_fields=["path", "depth"])
    _record(user=user, action=AuditAction.CREATE, instance=unit)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, user=None, **fields) -> Unit:
    """Change a unit; moving it under another parent rewrites the paths of its whole subtree in one query."""
    before = _fresh(unit)
    old_path = unit.path
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    _check_unit_change(unit, before)
    new_path = _path_for(unit)
    if new_path != old_path:
        Unit.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=Length(Concat(Value(new_path), Substr("path", len(old_path) + 1))) / PATH_STEP - 1,
        )
        unit.path = new_path
        unit.depth = len(new_path) // PATH_STEP - 1
        _regroup_members(unit)
    unit.save()
    _record(user=user, action=AuditAction.UPDATE, instance=unit, before=before)
    if _closing_changed(unit, before):
        _close_subtree(unit, user=user)
    return unit


def _closing_changed(unit: Unit, before: dict) -> bool:
    """The unit gets a (new) closing date; `before` is its history snapshot (dates as ISO strings)."""
    return bool(unit.valid_to) and unit.valid_to.isoformat() != before["valid_to"]


def _check_unit_change(unit: Unit, before: dict) -> None:
    """Rules across rows for a changed unit: its level is fixed once it holds members or units, and it cannot
    close before an admission already recorded in its subtree."""
    errors = {}
    if unit.level != before["level"] and (
        Unit.objects.filter(parent=unit).exists() or Member.objects.filter(cell=unit).exists()
    ):
        errors["level"] = _("Không đổi được cấp của đơn vị đã có đơn vị trực thuộc hoặc đảng viên.")
    if _closing_changed(unit, before):
        last = (
            Member.objects.filter(cell__path__startswith=unit.path, decision_date__gt=unit.valid_to)
            .order_by("-decision_date")
            .values_list("decision_date", flat=True)
            .first()
        )
        if last:
            errors["valid_to"] = _(
                "Đơn vị đã có đảng viên kết nạp ngày %(day)s, sau ngày giải thể này: chọn một ngày từ "
                "%(day)s trở đi."
            ) % {"day": last.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)


def _close_subtree(unit: Unit, *, user) -> None:
    """The units under a closed unit close with it (those still open after that day), so that "the cell is
    open" always means its whole branch is: a member can never be admitted into a dissolved organisation."""
    still_open = list(
        Unit.objects.filter(path__startswith=unit.path)
        .exclude(pk=unit.pk)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=unit.valid_to))
    )
    entries = []
    for child in still_open:
        before = _snapshot(child)
        child.valid_to = unit.valid_to
        entries.append(_audit_entry(user=user, action=AuditAction.UPDATE, instance=child, before=before))
    Unit.objects.filter(pk__in=[child.pk for child in still_open]).update(valid_to=unit.valid_to)
    AuditEntry.objects.bulk_create(entries)


def _regroup_members(moved: Unit) -> None:
    """A cell or intermediate committee moved to another grassroots organisation takes its members along:
    their derived `grassroots` (which the reports count by) becomes the new one, in one UPDATE."""
    if moved.level in GRASSROOTS_LEVELS or not moved.parent_id:
        return
    grassroots = (
        Unit.objects.filter(pk__in=moved.ancestor_ids(), level__in=GRASSROOTS_LEVELS)
        .order_by("-depth")
        .first()
    )
    if grassroots is not None:
        Member.objects.filter(cell__path__startswith=moved.path).exclude(grassroots=grassroots).update(
            grassroots=grassroots
        )


@transaction.atomic
def unit_close(*, unit: Unit, valid_to, successor: Unit | None = None, user=None) -> Unit:
    """Close a unit on `valid_to` (its last day), optionally naming the unit that takes over its members."""
    return unit_update(unit=unit, valid_to=valid_to, successor=successor, user=user)


# Quotas ------------------------------------------------------------------------------------------------


@transaction.atomic
def quota_set(
    *,
    unit: Unit,
    year: int,
    target: int,
    source: str = QuotaSource.ASSIGNED,
    document_number: str = "",
    document_date=None,
    note: str = "",
    user=None,
) -> Quota:
    """Create or replace the quota of a unit for a year and source."""
    quota = Quota.objects.select_for_update().filter(unit=unit, year=year, source=source).first()
    before = _snapshot(quota) if quota else None
    quota = quota or Quota(unit=unit, year=year, source=source)
    quota.target = target
    quota.document_number = document_number
    quota.document_date = document_date
    quota.note = note
    quota.full_clean()
    quota.save()
    if before != _snapshot(quota):
        action = AuditAction.UPDATE if before else AuditAction.CREATE
        _record(user=user, action=action, instance=quota, before=before)
    return quota


@transaction.atomic
def quota_delete(*, quota: Quota, user=None) -> None:
    _record(user=user, action=AuditAction.DELETE, instance=quota, before=_snapshot(quota))
    quota.delete()


@transaction.atomic
def quota_sheet_save(
    *,
    year: int,
    committee: Unit,
    targets: dict[Unit, int | None],
    document_number: str = "",
    document_date=None,
    user=None,
) -> None:
    """Save a year's quota sheet at once, every cell or none: `targets` maps units to their assigned quota,
    `committee`'s own (assigned from above; its document is kept) and its split across the grassroots
    organisations (which get the split's document).

    None means "no quota" and removes an existing one (the unit then shows as "chưa giao chỉ tiêu").
    Unchanged cells are left alone. Errors of all cells are collected and raised together, keyed by unit
    id, so the transaction is rolled back and nothing is saved.
    """
    existing = {
        q.unit_id: q
        for q in Quota.objects.select_for_update().filter(
            year=year, source=QuotaSource.ASSIGNED, unit__in=list(targets)
        )
    }
    errors: dict[str, list] = {}

    def save_cell(unit: Unit, target: int | None, **document) -> None:
        quota = existing.get(unit.pk)
        try:
            if target is None:
                if quota:
                    quota_delete(quota=quota, user=user)
                return
            if quota is not None:
                kept = {"document_number": quota.document_number, "document_date": quota.document_date}
                document = {**kept, "note": quota.note, **document}
                if quota.target == target and all(getattr(quota, k) == v for k, v in document.items()):
                    return
            quota_set(unit=unit, year=year, target=target, user=user, **document)
        except ValidationError as error:
            errors[str(unit.pk)] = error.messages

    split_document = {"document_number": document_number, "document_date": document_date}
    for unit, target in targets.items():
        save_cell(unit, target, **({} if unit == committee else split_document))
    if errors:
        raise ValidationError(errors)


# Members -----------------------------------------------------------------------------------------------


@transaction.atomic
def member_create(*, user=None, **fields) -> Member:
    member = Member(**fields)
    member.created_by = member.updated_by = _author(user)
    member.full_clean(exclude=["grassroots"])
    member.derive()
    member.save()
    _record(user=user, action=AuditAction.CREATE, instance=member)
    return member


@transaction.atomic
def member_update(*, member: Member, user=None, expected_version: int | None = None, **fields) -> Member:
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
    before = _fresh(member)
    for name, value in fields.items():
        setattr(member, name, value)
    member.updated_by = _author(user)
    member.full_clean(exclude=["grassroots"])
    member.derive()
    member.version += 1
    member.save()
    _record(user=user, action=AuditAction.UPDATE, instance=member, before=before)
    return member


def member_confirm(*, member: Member, confirmation_date, user=None, expected_version=None) -> Member:
    """Record the end of probation: the member becomes a full member (đảng viên chính thức)."""
    return member_update(
        member=member,
        user=user,
        expected_version=expected_version,
        status=MemberStatus.FULL,
        confirmation_date=confirmation_date,
        struck_off_date=None,
    )


def member_strike_off(*, member: Member, struck_off_date, user=None, expected_version=None) -> Member:
    """Record that a probationary member was not confirmed and is struck off (xóa tên)."""
    return member_update(
        member=member,
        user=user,
        expected_version=expected_version,
        status=MemberStatus.STRUCK_OFF,
        struck_off_date=struck_off_date,
        confirmation_date=None,
    )


@transaction.atomic
def member_delete(*, member: Member, user=None) -> None:
    _record(user=user, action=AuditAction.DELETE, instance=member, before=_fresh(member))
    member.delete()


# Many members at once (the spreadsheet import): the same checks as member_create(), with the batch's cells,
# their grassroots organisations and the national IDs already recorded each read once, not once per row.
_BULK_CHUNK = 2000


class MembersInvalid(ValidationError):
    """Some rows of a batch failed validation; `errors_by_row` maps each failed row's index to its errors."""

    def __init__(self, errors_by_row: dict[int, ValidationError]):
        self.errors_by_row = errors_by_row
        super().__init__(
            _("Có %(count)s dòng không hợp lệ, chưa ghi dòng nào.") % {"count": len(errors_by_row)}
        )


def _grassroots_by_cell(cells) -> dict[int, Unit]:
    """The TCCS of each cell, found from the cells' paths in one query (a TCCS cell is its own TCCS)."""
    ancestor_ids = {pk for cell in cells for pk in cell.ancestor_ids()}
    grassroots = Unit.objects.filter(pk__in=ancestor_ids, level__in=GRASSROOTS_LEVELS).in_bulk()
    by_cell = {}
    for cell in cells:
        found = [grassroots[pk] for pk in cell.ancestor_ids() if pk in grassroots]
        if found:
            by_cell[cell.pk] = found[-1]
    return by_cell


def _national_ids_recorded(national_ids: list[str]) -> set[str]:
    recorded = set()
    for start in range(0, len(national_ids), _BULK_CHUNK):
        chunk = national_ids[start : start + _BULK_CHUNK]
        recorded.update(Member.objects.filter(national_id__in=chunk).values_list("national_id", flat=True))
    return recorded


def _member_checked(member: Member, cells: dict[int, Unit]) -> dict[str, list]:
    """Run member_create()'s validation on one unsaved member; the cell comes from `cells` (no query)."""
    problems: dict[str, list] = {}
    cell_field = Member._meta.get_field("cell")
    if member.cell_id is None:
        problems["cell"] = [ValidationError(cell_field.error_messages["blank"], code="blank")]
    elif member.cell_id not in cells:
        problems["cell"] = [ValidationError(_("Chi bộ này không tồn tại."), code="invalid")]
        member.cell = None
    else:
        member.cell = cells[member.cell_id]
    try:
        # The cell was checked above; the national ID's uniqueness is checked for the whole batch below.
        # Member has no unique=True field besides its id, so validate_unique() would find nothing to check.
        member.full_clean(
            exclude=["grassroots", "cell", "created_by", "updated_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        problems = error.update_error_dict(problems)
    return problems


def members_build(
    *, rows: Sequence[dict], user=None, row_numbers: Sequence[int] | None = None
) -> tuple[list[Member], dict[int, ValidationError]]:
    """Build and validate members in memory, writing nothing: full_clean() and derive() as in member_create(),
    plus the national ID's uniqueness against the database and within the batch.

    Returns the unsaved members and the errors of the failed rows by index. `row_numbers` names the rows in
    messages (e.g. the spreadsheet's row numbers); by default they are counted from 1.
    """
    author = _author(user)
    row_numbers = row_numbers or range(1, len(rows) + 1)
    members = [Member(**fields) for fields in rows]
    cells = Unit.objects.in_bulk({member.cell_id for member in members if member.cell_id})
    grassroots = _grassroots_by_cell(cells.values())
    problems: dict[int, dict[str, list]] = {}
    for index, member in enumerate(members):
        member.created_by = member.updated_by = author
        found = _member_checked(member, cells)
        if found:
            problems[index] = found
        else:
            member.derive(grassroots=grassroots.get(member.cell_id))

    recorded = _national_ids_recorded([m.national_id for m in members if m.national_id])
    unique = next(c for c in Member._meta.constraints if c.name == "member_national_id_unique")
    first_row: dict[str, int] = {}
    for index, member in enumerate(members):
        if not member.national_id:
            continue
        if member.national_id in recorded:
            message = unique.get_violation_error_message()
        elif member.national_id in first_row:
            message = _("Số CCCD này trùng với dòng %(row)s.") % {"row": first_row[member.national_id]}
        else:
            first_row[member.national_id] = row_numbers[index]
            continue
        problems.setdefault(index, {}).setdefault("national_id", []).append(
            ValidationError(message, code="unique")
        )
    return members, {index: ValidationError(found) for index, found in sorted(problems.items())}


@transaction.atomic
def members_bulk_create(
    *, rows: Sequence[dict], user=None, row_numbers: Sequence[int] | None = None
) -> list[Member]:
    """Create every member of `rows` or none: any invalid row raises MembersInvalid and nothing is written."""
    members, errors = members_build(rows=rows, user=user, row_numbers=row_numbers)
    if errors:
        raise MembersInvalid(errors)
    created = bulk.insert_all(Member, members)
    # An imported record has its history line like one entered by hand.
    bulk.insert_all(
        AuditEntry,
        [_audit_entry(user=user, action=AuditAction.CREATE, instance=member) for member in created],
    )
    return created
