"""Reads of candidates, already scoped to what the user may see (accounts.scope, as members)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts.scope import scope_of
from admissions.models import Unit

from ..models import Candidate, DayOff

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


def days_off_for(cell: Unit) -> frozenset[datetime.date]:
    return days_off_by_cell([cell])[cell.pk]
