"""Writes to a committee's own days off, and a unit's move: the deadlines of the candidates under it follow."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from admissions.choices import GRASSROOTS_LEVELS
from admissions.models import AuditAction, Unit
from admissions.selectors import grassroots_of
from admissions.services import repath
from admissions.services.history import fresh, record
from core.db import save_validated

from ..models import Candidate, DayOff
from ..selectors import days_off_by_cell
from .pipeline import pipeline_changed

if TYPE_CHECKING:
    from accounts.models import User


def recompute_deadlines(unit: Unit) -> None:
    """The due dates of every candidate under `unit` whose deadlines are running, again with the days off."""
    running = list(
        Candidate.objects.under(unit)
        .filter(cell_resolution_date__isnull=False)
        .select_related("cell", "grassroots")
    )
    days_off = days_off_by_cell({c.cell for c in running})
    for candidate in running:
        candidate.derive(grassroots=candidate.grassroots, days_off=days_off[candidate.cell_id])
    Candidate.objects.bulk_update(running, ["decision_due", "ceremony_due"], batch_size=500)
    # A deadline moved across today changes what the pipeline boards count as overdue.
    pipeline_changed(grassroots={candidate.grassroots_id for candidate in running})


@transaction.atomic
def day_off_create(*, unit: Unit, day: datetime.date, reason: str, user: User | None = None) -> DayOff:
    day_off = DayOff(unit=unit, day=day, reason=reason)
    day_off.full_clean()
    save_validated(day_off)
    record(user=user, action=AuditAction.CREATE, instance=day_off)
    recompute_deadlines(unit)
    return day_off


@transaction.atomic
def day_off_delete(*, day_off: DayOff, user: User | None = None) -> None:
    unit = day_off.unit
    record(user=user, action=AuditAction.DELETE, instance=day_off, before=fresh(day_off))
    day_off.delete()
    recompute_deadlines(unit)


def candidates_follow_move(*, moved: Unit, old_path: str, new_path: str) -> None:
    """A moved unit takes its candidates along, as its members: their copy of the cell's path (which the
    scope and the board read), then, for a cell or intermediate committee moved to another grassroots
    organisation, their derived `grassroots`, each in one UPDATE; the deadlines under it count the days off
    of its new committees."""
    repath(Candidate.objects.all(), old_path, new_path)
    if moved.level not in GRASSROOTS_LEVELS and moved.parent_id:
        grassroots = grassroots_of(moved)
        if grassroots is not None:
            Candidate.objects.under(moved).exclude(grassroots=grassroots).update(grassroots=grassroots)
    recompute_deadlines(moved)
