"""Reads of candidates, already scoped to what the user may see (accounts.scope, as members)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Case, F, Q, QuerySet, When

from accounts.scope import scope_of
from admissions.models import AuditEntry, Unit
from admissions.text import fold

from ..choices import DECIDING_STAGES, Outcome
from ..models import Candidate, DayOff, certificate_expiring_condition

if TYPE_CHECKING:
    from accounts.models import User


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    """Candidates a user may see: those developed by a cell of their scope (accounts.scope.scope_of)."""
    scope = scope_of(user)
    return Candidate.objects.none() if scope is None else Candidate.objects.under(scope)


def candidate_records(user: User) -> QuerySet[Candidate]:
    """One candidate's page and forms: the visible candidates with what the page shows beside them."""
    return candidates_visible_to(user).select_related("cell", "grassroots", "member")


def days_off_by_cell(cells: Iterable[Unit]) -> dict[int, frozenset[datetime.date]]:
    """The days off that count for each cell's deadlines: those of every committee above it (and its own),
    for many cells in one query over the ancestors' ids read from the paths."""
    cells = list(cells)
    ancestors = {cell.pk: cell.ancestor_ids() for cell in cells}
    by_unit: dict[int, set[datetime.date]] = defaultdict(set)
    wanted = {pk for ids in ancestors.values() for pk in ids}
    for unit_id, day in DayOff.objects.filter(unit_id__in=wanted).values_list("unit_id", "day"):
        by_unit[unit_id].add(day)
    return {pk: frozenset().union(*(by_unit[a] for a in ids)) for pk, ids in ancestors.items()}


def days_off_counting_for(unit: Unit) -> QuerySet[DayOff]:
    """The committees' own days off that count for the deadlines under `unit`: its own and those of the
    committees above it (each counts for its whole branch), newest first, for the days-off page."""
    return DayOff.objects.filter(unit_id__in=unit.ancestor_ids()).select_related("unit").order_by("-day")


def days_off_visible_to(user: User) -> QuerySet[DayOff]:
    """Days off of the committees inside the user's scope (the ones they may remove)."""
    scope = scope_of(user)
    if scope is None:
        return DayOff.objects.none()
    return DayOff.objects.filter(unit__path__startswith=scope.path).select_related("unit")


def days_off_for(cell: Unit) -> frozenset[datetime.date]:
    return days_off_by_cell([cell])[cell.pk]


OVERDUE = "overdue"
CERTIFICATE_EXPIRING = "certificate"
# How far ahead the due list looks at the decision's deadline.
DUE_WITHIN_DAYS = 14


def candidate_list(*, user: User, filters: dict, today: datetime.date) -> QuerySet[Candidate]:
    """The candidate list under its filters (the page): search by name without diacritics or by national ID,
    stage, a unit's branch, overdue decisions and certificates about to expire; one query for its rows."""
    rows = candidates_visible_to(user).select_related("cell", "grassroots")
    if query := (filters.get("q") or "").strip():
        digits = query.replace(" ", "")
        rows = rows.filter(
            Q(national_id=digits)
            if digits.isdigit() and digits.isascii()
            else Q(name_folded__contains=fold(query))
        )
    if stage := filters.get("stage"):
        rows = rows.filter(stage=stage)
    if unit := filters.get("unit"):
        rows = rows.filter(cell__path__startswith=unit.path)
    when = filters.get("when")
    if when == OVERDUE:
        rows = rows.overdue(today)
    elif when == CERTIFICATE_EXPIRING:
        rows = rows.certificate_expiring(today)
    return rows.order_by("sort_name", "pk")


def candidates_due(*, user: User, today: datetime.date, filters: dict) -> QuerySet[Candidate]:
    """What to do this week: decisions due within two weeks or overdue, certificates running out before the
    cell has considered the file; per stage (`filters["stage"]`) and unit. Soonest first."""
    soon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    rows = (
        candidates_visible_to(user)
        .filter(
            Q(outcome=Outcome.IN_PROGRESS, stage__in=DECIDING_STAGES, decision_due__lte=soon)
            | certificate_expiring_condition(today)
        )
        .select_related("cell", "grassroots")
    )
    if stage := filters.get("stage"):
        rows = rows.filter(stage=stage)
    if unit := filters.get("unit"):
        rows = rows.filter(cell__path__startswith=unit.path)
    return rows.annotate(
        due=Case(
            When(stage__in=DECIDING_STAGES, then=F("decision_due")), default=F("certificate_valid_until")
        )
    ).order_by("due", "sort_name", "pk")


def batch_candidates(*, user: User, ids: Iterable[int]) -> QuerySet[Candidate]:
    """The files a batch step names, those of the user's scope only (the others are not found), with the
    cell each one's rules read."""
    return (
        candidates_visible_to(user)
        .filter(pk__in=list(ids))
        .select_related("cell")
        .order_by("sort_name", "pk")
    )


def candidate_history(candidate: Candidate) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type="candidate", object_id=candidate.pk).select_related("user")
