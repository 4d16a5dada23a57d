"""Reads of candidates, already scoped to what the user may see (accounts.scope, as members)."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Case, F, Q, QuerySet, When

from accounts.scope import scope_of
from admissions.models import AuditEntry, Member, Unit
from admissions.selectors import name_contains, probation_due
from admissions.text import fold

from ..models import (
    DECIDING_STAGES,
    Candidate,
    DayOff,
    certificate_expiring,
    decision_due_soon,
    decision_overdue,
)

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
DUE_SOON = "soon"
CERTIFICATE_EXPIRING = "certificate"
# The list's "when" filters and the rule of each (one definition, in candidates.models).
WHEN = {OVERDUE: decision_overdue, DUE_SOON: decision_due_soon, CERTIFICATE_EXPIRING: certificate_expiring}


def candidate_list(*, user: User, filters: dict, today: datetime.date) -> QuerySet[Candidate]:
    """The candidate list under its filters (the page): search by name without diacritics or by national ID,
    stage, a unit's branch, overdue decisions and certificates about to expire; one query for its rows."""
    rows = candidates_visible_to(user).select_related("cell", "grassroots")
    if query := (filters.get("q") or "").strip():
        digits = query.replace(" ", "")
        rows = rows.filter(
            Q(national_id=digits) if digits.isdigit() and digits.isascii() else name_contains(fold(query))
        )
    if stage := filters.get("stage"):
        rows = rows.filter(stage=stage)
    if unit := filters.get("unit"):
        rows = rows.under(unit)
    if rule := WHEN.get(filters.get("when") or ""):
        rows = rows.filter(rule(today))
    return rows.order_by("sort_name", "pk")


def candidates_due(
    *, user: User, today: datetime.date, filters: dict, until: datetime.date | None = None
) -> QuerySet[Candidate]:
    """What to do this week: decisions due within two weeks or overdue, certificates running out before the
    cell has considered the file; per stage (`filters["stage"]`) and unit; only those due by `until` when
    given (the home page's week). Soonest first."""
    rows = (
        candidates_visible_to(user)
        .filter(decision_overdue(today) | decision_due_soon(today) | certificate_expiring(today))
        .select_related("cell", "grassroots")
    )
    if stage := filters.get("stage"):
        rows = rows.filter(stage=stage)
    if unit := filters.get("unit"):
        rows = rows.under(unit)
    rows = rows.annotate(
        due=Case(
            When(stage__in=DECIDING_STAGES, then=F("decision_due")), default=F("certificate_valid_until")
        )
    )
    if until is not None:
        rows = rows.filter(due__lte=until)
    return rows.order_by("due", "sort_name", "pk")


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


@dataclasses.dataclass(frozen=True)
class WeekWork:
    """A clerk's things to do by the end of the week (Sunday), soonest first, at most `shown` of each: the
    probationary members whose confirmation is due (the probation list's rows: this month's and the
    overdue) and the files whose decision or certificate is due (the due list's rows). The home page links
    each to the page that does it (the confirmation, the next step, the decision)."""

    week_end: datetime.date
    probation: list[Member]
    candidates: list[Candidate]
    shown: int

    @property
    def more_probation(self) -> bool:
        return len(self.probation) > self.shown

    @property
    def more_candidates(self) -> bool:
        return len(self.candidates) > self.shown


def work_this_week(*, user: User, today: datetime.date, shown: int = 20) -> WeekWork:
    """What `user` has to do by Sunday: two queries of at most `shown` + 1 rows (the extra one says there
    are more, on the full lists)."""
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    probation = probation_due(user=user, today=today, until=week_end)
    candidates = candidates_due(user=user, today=today, filters={}, until=week_end)
    return WeekWork(
        week_end=week_end,
        probation=list(probation[: shown + 1]),
        candidates=list(candidates[: shown + 1]),
        shown=shown,
    )
