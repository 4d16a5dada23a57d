"""Every write to units, quotas and members goes through here (also from the admin and the importer).

Each function takes keyword-only arguments, validates with full_clean() and saves inside one transaction,
so a rule can never be skipped by entering data another way. Each write also leaves a line of history
(AuditEntry) in the same transaction: no change without its record, no record of a change rolled back.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

from .choices import MemberStatus, QuotaSource
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


def _audited_fields(instance: models.Model) -> list[models.Field]:
    # What people enter; derived and bookkeeping fields (editable=False) would only add noise.
    return [f for f in instance._meta.concrete_fields if f.editable and not f.primary_key]


def _snapshot(instance: models.Model) -> dict:
    return {field.name: _plain(instance, field) for field in _audited_fields(instance)}


def _blank(value) -> bool:
    return value is None or value == "" or value is False


def _record(*, user, action: str, instance: models.Model, before: dict | None = None) -> AuditEntry:
    after = {} if action == AuditAction.DELETE else _snapshot(instance)
    before = before or {}
    names = after.keys() | before.keys()
    changes = {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name) and not (_blank(before.get(name)) and _blank(after.get(name)))
    }
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
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
    new_path = _path_for(unit)
    if new_path != old_path:
        Unit.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=Length(Concat(Value(new_path), Substr("path", len(old_path) + 1))) / PATH_STEP - 1,
        )
        unit.path = new_path
        unit.depth = len(new_path) // PATH_STEP - 1
    unit.save()
    _record(user=user, action=AuditAction.UPDATE, instance=unit, before=before)
    return unit


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
    member.created_by = member.updated_by = user if user and user.is_authenticated else None
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
    member.updated_by = user if user and user.is_authenticated else None
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
