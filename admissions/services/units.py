"""Writes to the unit tree: open, change, move, close (DOMAIN.md section 2)."""

from __future__ import annotations

import contextlib
import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat, Length, Substr
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from core.db import save_validated

from ..choices import GRASSROOTS_LEVELS, UnitLevel
from ..models import PATH_STEP, AuditAction, AuditEntry, Member, Unit
from ..selectors import grassroots_of
from .history import audit_entry, fresh, record, snapshot
from .summary import summary_kept

if TYPE_CHECKING:
    from accounts.models import User


# Sent inside unit_update's transaction after a unit moved under another parent (its subtree's paths and its
# members already follow), with `unit`, `old_path` and `new_path`: the records of other apps that hang on a
# cell (candidates.apps) follow too (repath), without admissions importing them.
unit_moved = Signal()
# Sent inside the transaction of a change to the organisations or what lies above them (one opened, deleted,
# given another level or other dates) or of any unit's move, with `unit`: what other apps derive from the
# shape of the tree (the forecast's saved counts, per committee above the organisations) is counted again.
# A cell's own dates or its opening change none of it.
tree_changed = Signal()
TREE_FIELDS = ("level", "valid_from", "valid_to")  # besides the parent (the path)
INSIDE_ORGANISATIONS = (UnitLevel.INTERMEDIATE, UnitLevel.SUBORDINATE_CELL)


def _path_for(unit: Unit) -> str:
    prefix = unit.parent.path if unit.parent_id else ""
    return f"{prefix}{unit.pk:0{PATH_STEP}d}"


@transaction.atomic
def unit_create(*, parent: Unit | None = None, user: User | None = None, **fields) -> Unit:
    unit = Unit(parent=parent, **fields)
    unit.full_clean(exclude=["path"])
    save_validated(unit)
    unit.path = _path_for(unit)
    unit.depth = len(unit.path) // PATH_STEP - 1
    unit.save(update_fields=["path", "depth"])
    record(user=user, action=AuditAction.CREATE, instance=unit)
    if unit.level not in INSIDE_ORGANISATIONS:
        tree_changed.send(sender=Unit, unit=unit)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, user: User | None = None, **fields) -> Unit:
    """Change a unit; moving it under another parent rewrites the paths of its whole subtree in one query."""
    before = fresh(unit)
    old_path = unit.path
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    _check_unit_change(unit, before)
    new_path = _path_for(unit)
    # A move changes the committees above the unit's members; an organisation's type is a row of Biểu 2.
    recounted = new_path != old_path or (
        unit.level in GRASSROOTS_LEVELS and unit.unit_type != before["unit_type"]
    )
    with summary_kept(lambda: Member.objects.under(unit)) if recounted else contextlib.nullcontext():
        if new_path != old_path:
            Unit.objects.filter(path__startswith=old_path).update(
                path=_moved(old_path, new_path, "path"),
                depth=Length(_moved(old_path, new_path, "path")) / PATH_STEP - 1,
            )
            unit.path = new_path
            unit.depth = len(new_path) // PATH_STEP - 1
            # The members' copy of their cell's path, before the summary reads them under the new one.
            repath(Member.objects.all(), old_path, new_path)
            _regroup_members(unit)
            unit_moved.send(sender=Unit, unit=unit, old_path=old_path, new_path=new_path)
        save_validated(unit)
    record(user=user, action=AuditAction.UPDATE, instance=unit, before=before)
    if _closing_changed(unit, before):
        _close_subtree(unit, user=user)
    after = snapshot(unit)
    inside = unit.level in INSIDE_ORGANISATIONS and after["level"] == before["level"]
    if new_path != old_path or (not inside and any(after[name] != before[name] for name in TREE_FIELDS)):
        tree_changed.send(sender=Unit, unit=unit)
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
            Member.objects.under(unit)
            .filter(decision_date__gt=unit.valid_to)
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


def _close_subtree(unit: Unit, *, user: User | None) -> None:
    """The units under a closed unit close with it (those still open after that day), so that "the cell is
    open" always means its whole branch is: a member can never be admitted into a dissolved organisation."""
    still_open = list(
        Unit.objects.subtree(unit)
        .exclude(pk=unit.pk)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=unit.valid_to))
    )
    entries = []
    for child in still_open:
        before = snapshot(child)
        child.valid_to = unit.valid_to
        entries.append(audit_entry(user=user, action=AuditAction.UPDATE, instance=child, before=before))
    Unit.objects.filter(pk__in=[child.pk for child in still_open]).update(valid_to=unit.valid_to)
    AuditEntry.objects.bulk_create(entries)


def _moved(old_path: str, new_path: str, field: str) -> Concat:
    """`field` (a path beginning with `old_path`) with that beginning replaced by `new_path`."""
    return Concat(Value(new_path), Substr(field, len(old_path) + 1))


def repath(records: QuerySet, old_path: str, new_path: str) -> None:
    """The records of a moved branch (members, candidates) keep their copy of their cell's path (cell_path,
    which the scope reads) equal to it: the same prefix rewrite as the units', in one UPDATE. Their version
    goes up: an edit read before the move and saved after it is refused as changed meanwhile (as by
    another user), instead of writing the old path and organisation back."""
    records.filter(cell_path__startswith=old_path).update(
        cell_path=_moved(old_path, new_path, "cell_path"), version=F("version") + 1
    )


def _regroup_members(moved: Unit) -> None:
    """A cell or intermediate committee moved to another grassroots organisation takes its members along:
    their derived `grassroots` (which the reports count by) becomes the new one, in one UPDATE."""
    if moved.level in GRASSROOTS_LEVELS or not moved.parent_id:
        return
    grassroots = grassroots_of(moved)
    if grassroots is not None:
        Member.objects.under(moved).exclude(grassroots=grassroots).update(grassroots=grassroots)


@transaction.atomic
def unit_close(
    *, unit: Unit, valid_to: datetime.date, successor: Unit | None = None, user: User | None = None
) -> Unit:
    """Close a unit on `valid_to` (its last day), optionally naming the unit that takes over its members."""
    return unit_update(unit=unit, valid_to=valid_to, successor=successor, user=user)


@transaction.atomic
def unit_delete(*, unit: Unit, user: User | None = None) -> None:
    """Delete a unit that holds nothing (the admin's delete; the pages close units instead), leaving its
    line of history. A unit with units, members or quotas under it is refused by the database (PROTECT)."""
    record(user=user, action=AuditAction.DELETE, instance=unit, before=fresh(unit))
    unit.delete()
    if unit.level not in INSIDE_ORGANISATIONS:
        tree_changed.send(sender=Unit, unit=unit)
