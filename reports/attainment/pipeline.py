"""The pipeline board's counts: the candidates of a unit's branch at each open stage, per unit directly
below it (DOMAIN.md section 5), with the files whose decision is overdue and the certificates running out.

One grouped query whatever the size of the branch: the candidates are grouped by the first characters of
their cell's path, down to the level of the units shown (every path step has the same width), and by stage.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr

from admissions.models import PATH_STEP, Unit
from candidates.choices import OPEN_STAGES, Stage
from candidates.models import Candidate, certificate_expiring, decision_overdue

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


def pipeline_board(*, unit: Unit, below: Iterable[Unit], today: datetime.date) -> PipelineBoard:
    """The board of `unit`: one row per unit of `below` (the units directly under it) counting the
    candidates of its branch, one row for the unit's own candidates when it is a cell, and the total."""
    below = list(below)
    width = (unit.depth + 2) * PATH_STEP  # the path of a unit directly below `unit`
    # Each file is placed by its own copy of its cell's path: no join to the units of a national tree.
    candidates = Candidate.objects.under(unit)
    grouped = (
        candidates.filter(stage__in=BOARD_STAGES)
        .order_by()
        .values("stage", branch=Substr("cell_path", 1, width))
        .annotate(
            count=Count("pk"),
            overdue=Count("pk", filter=decision_overdue(today)),
            expiring=Count("pk", filter=certificate_expiring(today)),
        )
    )
    by_branch: dict[str, PipelineRow] = {}
    for group in grouped:
        row = by_branch.setdefault(group["branch"], PipelineRow(unit=None))
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
