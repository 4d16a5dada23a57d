"""The pipeline board's counts: the candidates of a unit's branch at each open stage, per unit directly
below it (DOMAIN.md section 5), with the files whose decision is overdue and the certificates running out.

One grouped query whatever the size of the branch: the candidates are grouped by the first characters of
their cell's path, down to the level of the units shown (every path step has the same width), and by stage.
Above the committees that query would group the nation's files (600,000, 300 ms): the board adds up their
counts saved per committee (candidates.models.BoardCount) instead, whenever those equal a recount.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, QuerySet, Sum
from django.db.models.functions import Substr

from admissions.choices import GRASSROOTS_LEVELS
from admissions.models import PATH_STEP, Unit
from candidates.choices import OPEN_STAGES, Stage
from candidates.models import BoardCount, Candidate, certificate_expiring, decision_overdue

from .counting import ABOVE_GRASSROOTS_LEVELS
from .forecast import counted_for

# The board's columns: the open stages in the order a file goes through them, then the paused files
# (they may resume).
BOARD_STAGES = (*OPEN_STAGES, Stage.PAUSED)


@dataclass
class PipelineRow:
    """A unit's candidates at each stage of the board (stage value -> count), in its whole branch."""

    unit: Unit | None  # None: the candidates of the chosen unit's own cell (a cell's board)
    counts: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    certificate_expiring: int = 0

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(stage, count) in the board's column order, zeros included."""
        return [(stage.value, self.counts.get(stage.value, 0)) for stage in BOARD_STAGES]

    @property
    def in_progress(self) -> int:
        """Files still moving: every open stage, the paused ones left out."""
        return sum(self.counts.get(stage.value, 0) for stage in OPEN_STAGES)

    def add(self, other: PipelineRow) -> None:
        for stage, count in other.counts.items():
            self.counts[stage] = self.counts.get(stage, 0) + count
        self.overdue += other.overdue
        self.certificate_expiring += other.certificate_expiring


@dataclass
class PipelineBoard:
    unit: Unit
    rows: list[PipelineRow]
    total: PipelineRow

    @property
    def stages(self) -> tuple[Stage, ...]:
        return BOARD_STAGES


def _grouped(files: QuerySet, by, today: datetime.date) -> QuerySet:
    """`files` at the board's stages grouped by `by` (an expression) and stage: how many, how many past
    their decision's deadline, how many whose certificate runs out."""
    return (
        files.filter(stage__in=BOARD_STAGES)
        .order_by()
        .values("stage", by=by)
        .annotate(
            count=Count("pk"),
            overdue=Count("pk", filter=decision_overdue(today)),
            expiring=Count("pk", filter=certificate_expiring(today)),
        )
    )


def board_counts(today: datetime.date, *, committees=None) -> list[dict]:
    """The rows candidates.models.BoardCount saves for `today`: the board's groups by the committee directly
    above each organisation; of `committees` only, or of all."""
    files = Candidate.objects.filter(grassroots__parent__isnull=False)  # an organisation at the top: none
    if committees is not None:
        files = files.filter(grassroots__parent__in=committees)
    return [
        {"committee_id": group["by"], "stage": group["stage"], "n": group["count"],
         "overdue": group["overdue"], "expiring": group["expiring"]}
        for group in _grouped(files, F("grassroots__parent"), today)
    ]  # fmt: skip


def reads_saved_board(unit: Unit, below: Iterable[Unit]) -> bool:
    """Whether the board of `unit` adds up the saved counts: a unit above the committees (no organisation
    among the units directly below it: each row then sums whole committees)."""
    return unit.level in ABOVE_GRASSROOTS_LEVELS and not any(
        shown.level in GRASSROOTS_LEVELS for shown in below
    )


def _saved_rows(unit: Unit, today: datetime.date) -> QuerySet:
    """The saved board counts of the committees in `unit`'s branch, when they are those of `today` with no
    change waiting (none otherwise)."""
    return BoardCount.objects.filter(Exists(counted_for(today)), committee__path__startswith=unit.path)


def saved_stage_counts(unit: Unit, today: datetime.date) -> dict[str, int] | None:
    """The files at each board stage in `unit`'s whole branch (a unit above the organisations: each file's
    committee is the unit or under it) added up from the saved counts in one query, or None when they are
    not those of `today` with no change waiting (or hold nothing)."""
    if unit.level not in ABOVE_GRASSROOTS_LEVELS:
        return None
    counts = dict(
        _saved_rows(unit, today)
        .values("stage")
        .annotate(total=Sum("n"))
        .values_list("stage", "total")
        .order_by()
    )
    return counts or None


def saved_board(*, unit: Unit, below: Iterable[Unit], today: datetime.date) -> PipelineBoard | None:
    """The board of `unit` (as pipeline_board) adding up the saved counts, in one query; None when the
    board does not read them (reads_saved_board) or they cannot serve: not counted for today, a change not
    counted yet (candidates.services.board_counts_refresh counts them), or (a safety net: reads_saved_board
    refuses such a unit) files of an organisation directly under the unit."""
    below = list(below)
    if not reads_saved_board(unit, below):
        return None
    width = (unit.depth + 2) * PATH_STEP
    groups = list(
        _saved_rows(unit, today)
        .values("stage", by=Substr("committee__path", 1, width))
        .annotate(count=Sum("n"), overdue=Sum("overdue"), expiring=Sum("expiring"))
        .order_by()
    )
    if not groups or any(group["by"] == unit.path for group in groups):
        return None
    return _board(unit, below, groups)


def pipeline_board(*, unit: Unit, below: Iterable[Unit], today: datetime.date) -> PipelineBoard:
    """The board of `unit`: one row per unit of `below` (the units directly under it) counting the
    candidates of its branch, one row for the unit's own candidates when it is a cell, and the total,
    from the files (above the committees saved_board reads the same figures from the saved counts)."""
    width = (unit.depth + 2) * PATH_STEP  # the path of a unit directly below `unit`
    # Each file is placed by its own copy of its cell's path: no join to the units of a national tree.
    grouped = _grouped(Candidate.objects.under(unit), Substr("cell_path", 1, width), today)
    return _board(unit, list(below), grouped)


def _board(unit: Unit, below: list[Unit], grouped) -> PipelineBoard:
    """The board's rows from groups by the path of a unit directly below `unit` ("by") and stage."""
    by_branch: dict[str, PipelineRow] = {}
    for group in grouped:
        row = by_branch.setdefault(group["by"], PipelineRow(unit=None))
        row.counts[group["stage"]] = group["count"]
        row.overdue += group["overdue"]
        row.certificate_expiring += group["expiring"]
    rows = []
    for shown in below:
        row = by_branch.pop(shown.path, PipelineRow(unit=shown))
        row.unit = shown
        rows.append(row)
    own = by_branch.pop(unit.path, None)  # the chosen unit is a cell: its own candidates
    if own is not None:
        rows.insert(0, own)
    total = PipelineRow(unit=unit)
    for row in [*rows, *by_branch.values()]:  # every candidate of the branch, shown in a row or not
        total.add(row)
    return PipelineBoard(unit=unit, rows=rows, total=total)
