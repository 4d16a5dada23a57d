"""Every write to units, quotas and members goes through here (also from the admin and the importer).

Each function takes keyword-only arguments, validates with full_clean() and saves inside one transaction,
so a rule can never be skipped by entering data another way.
"""

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Length, Substr

from .choices import QuotaSource
from .models import PATH_STEP, Member, Quota, Unit


def _path_for(unit: Unit) -> str:
    prefix = unit.parent.path if unit.parent_id else ""
    return f"{prefix}{unit.pk:0{PATH_STEP}d}"


@transaction.atomic
def unit_create(*, parent: Unit | None = None, **fields) -> Unit:
    unit = Unit(parent=parent, **fields)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = _path_for(unit)
    unit.depth = len(unit.path) // PATH_STEP - 1
    unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, **fields) -> Unit:
    """Change a unit; moving it under another parent rewrites the paths of its whole subtree in one query."""
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
    return unit


@transaction.atomic
def unit_close(*, unit: Unit, valid_to, successor: Unit | None = None) -> Unit:
    """Close a unit on `valid_to` (its last day), optionally naming the unit that takes over its members."""
    return unit_update(unit=unit, valid_to=valid_to, successor=successor)


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
) -> Quota:
    """Create or replace the quota of a unit for a year and source."""
    quota = Quota.objects.select_for_update().filter(unit=unit, year=year, source=source).first()
    quota = quota or Quota(unit=unit, year=year, source=source)
    quota.target = target
    quota.document_number = document_number
    quota.document_date = document_date
    quota.note = note
    quota.full_clean()
    quota.save()
    return quota


@transaction.atomic
def member_create(*, user=None, **fields) -> Member:
    member = Member(**fields)
    member.created_by = member.updated_by = user if user and user.is_authenticated else None
    member.full_clean(exclude=["grassroots"])
    member.derive()
    member.save()
    return member


@transaction.atomic
def member_update(*, member: Member, user=None, **fields) -> Member:
    for name, value in fields.items():
        setattr(member, name, value)
    member.updated_by = user if user and user.is_authenticated else None
    member.full_clean(exclude=["grassroots"])
    member.derive()
    member.version += 1
    member.save()
    return member


@transaction.atomic
def member_delete(*, member: Member, user=None) -> None:
    member.delete()
