"""The figures of a report as plain data: what attainment computes and the pages, workbooks and charts show.

Nothing here reads the database, so the writers (reports.excel, reports.charts) get these and never a query.
The rules of DOMAIN.md section 4 that need no data: rates never capped, no quota means no rate (not a
division error), and the status of a unit for a year.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from admissions.choices import QuotaSource

from ..formatting import format_ratio
from .periods import Period

if TYPE_CHECKING:
    from admissions.models import Unit


class Status(models.TextChoices):
    """How a unit stands against its quota for the year (the "Đánh giá" column)."""

    EXCEEDED = "exceeded", _("Hoàn thành vượt")
    COMPLETED = "completed", _("Hoàn thành")
    NOT_COMPLETED = "not_completed", _("Chưa hoàn thành")
    NO_QUOTA = "no_quota", _("Chưa giao chỉ tiêu")


def percent(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    """part ÷ whole in percent, unrounded and never capped; None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def status_of(result: int, quota: int | None) -> Status:
    if not quota:
        return Status.NO_QUOTA
    if result > quota:
        return Status.EXCEEDED
    if result == quota:
        return Status.COMPLETED
    return Status.NOT_COMPLETED


@dataclass(frozen=True)
class Line:
    """One unit's attainment: admissions in its subtree in the period against its quota."""

    unit: Unit
    quota: int | None
    result: int
    last_year: int  # the same period of the previous year

    @property
    def rate(self) -> Decimal | None:
        return percent(self.result, self.quota)

    @property
    def difference(self) -> int | None:
        """Surplus (> 0) or shortfall (< 0) against the quota."""
        return None if self.quota is None else self.result - self.quota

    @property
    def status(self) -> Status:
        return status_of(self.result, self.quota)

    @property
    def change(self) -> Decimal | None:
        """This period in percent of the same period last year."""
        return percent(self.result, self.last_year)

    @property
    def ratio(self) -> str:
        """ "210/200", "1.238/2.000" (the active language's thousands separator), or just the result when
        there is no quota."""
        return format_ratio(self.result, self.quota)


@dataclass(frozen=True)
class Pace:
    """How far along the year is, as of a day: expected-by-now = quota × share of the year elapsed."""

    as_of: datetime.date
    quota: int | None
    result: int
    share_elapsed: Decimal  # 0 < share <= 1
    months_left: int  # calendar months still open after as_of, the current one included unless it ended

    @property
    def expected(self) -> Decimal | None:
        return None if self.quota is None else self.quota * self.share_elapsed

    @property
    def rate(self) -> Decimal | None:
        """Result in percent of what an even pace would have reached by now."""
        return percent(self.result, self.expected)

    @property
    def still_needed(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.result, 0)

    @property
    def needed_per_month(self) -> Decimal | None:
        if self.still_needed is None or not self.months_left:
            return None
        return Decimal(self.still_needed) / self.months_left


@dataclass(frozen=True)
class Month:
    month: int
    admissions: int | None  # None for months after the as-of day
    cumulative: int | None
    even_pace: Decimal | None  # quota × month ÷ 12


@dataclass(frozen=True)
class Attainment:
    unit: Unit
    year: int
    source: str
    period: Period
    last_period: Period
    committee: Line  # the unit's own quota from above, and its whole subtree's result
    handed_down: int | None  # sum of the quotas the unit gave the units under it
    rows: list[Line]  # one per unit directly under it, open during the period
    completed: int  # rows at >= 100%
    judged: int  # rows with a quota
    pace: Pace
    months: list[Month]

    @property
    def handed_down_difference(self) -> int | None:
        """Sum handed down minus the unit's own quota (a buffer when > 0)."""
        if self.handed_down is None or self.committee.quota is None:
            return None
        return self.handed_down - self.committee.quota

    @property
    def source_label(self) -> str:
        return QuotaSource(self.source).label

    @property
    def completed_label(self) -> str:
        return f"{self.completed}/{self.judged}"

    @property
    def without_admission(self) -> list[Line]:
        return [row for row in self.rows if row.result == 0]

    @property
    def rows_total(self) -> Line:
        """The lines shown added up, as a table's total row does: the quotas of the rows (not the sum handed
        down, which also counts units closed before the period) and their results. Equal to the
        committee's result unless members were admitted into units no longer open in the period."""
        quotas = [row.quota for row in self.rows if row.quota is not None]
        return Line(
            self.unit,
            sum(quotas) if quotas else None,
            sum(row.result for row in self.rows),
            sum(row.last_year for row in self.rows),
        )


@dataclass(frozen=True)
class Figure:
    """One row of Biểu 2: this period, the same period last year, and this in percent of that."""

    key: str
    label: str
    this_period: int | Decimal | None
    last_period: int | Decimal | None
    indent: int = 1  # 0 total, 1 row, 2 "of which"
    is_average: bool = False  # a mean (years of age), not a count: no % column

    @property
    def change(self) -> Decimal | None:
        return None if self.is_average else percent(self.this_period, self.last_period)


@dataclass(frozen=True)
class Section:
    title: str | None
    figures: list[Figure]


@dataclass(frozen=True)
class Breakdown:
    unit: Unit
    year: int
    period: Period
    last_period: Period
    sections: list[Section]

    def figure(self, key: str) -> Figure:
        return next(f for section in self.sections for f in section.figures if f.key == key)

    @property
    def total(self) -> Figure:
        return self.figure("total")


@dataclasses.dataclass(frozen=True, slots=True)
class ListedMember:
    """One admitted member as a list prints them: the values themselves, choices as their labels, the cell
    and the grassroots organisation (TCCS) by name. Plain data: a writer reading it runs no query."""

    full_name: str
    sex: str
    date_of_birth: datetime.date
    ethnicity: str
    religion: str
    national_id: str | None
    occupation: str
    schooling: str
    qualification: str
    cell: str  # the cell's name
    grassroots: str  # the TCCS's name
    decision_number: str
    decision_date: datetime.date
    ceremony_date: datetime.date | None
    readmission: bool
    record_number: str
    status: str


@dataclass(frozen=True)
class SourceLine:
    """A unit judged against one source of quota for the year (DOMAIN.md 3: "đạt 121% chỉ tiêu tỉnh giao,
    145% chỉ tiêu nghị quyết huyện ủy"): the same result against each source's quota."""

    source: str
    document_number: str
    document_date: datetime.date | None
    line: Line

    @property
    def label(self) -> str:
        return str(QuotaSource(self.source).label)


@dataclass(frozen=True)
class TermLine:
    """A unit against a target over a term (chỉ tiêu nhiệm kỳ): the admissions of the term's years up to the
    as-of day ÷ the target, never capped, and the yearly pace the target implies."""

    unit: Unit
    first_year: int
    last_year: int
    source: str
    target: int
    document_number: str
    as_of: datetime.date  # the last day counted (the report's as-of day, or the term's end)
    result: int

    @property
    def label(self) -> str:
        return str(QuotaSource(self.source).label)

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1

    @property
    def rate(self) -> Decimal | None:
        return percent(self.result, self.target)

    @property
    def status(self) -> Status:
        return status_of(self.result, self.target)

    @property
    def per_year(self) -> Decimal:
        """The even pace the target implies: target ÷ the term's years."""
        return Decimal(self.target) / self.years

    @property
    def still_needed(self) -> int:
        return max(self.target - self.result, 0)

    @property
    def years_left(self) -> int:
        """Years of the term still open after the as-of day, its own year included unless it ended."""
        year_ended = (self.as_of.month, self.as_of.day) == (12, 31)
        return max(self.last_year - self.as_of.year + (0 if year_ended else 1), 0)

    @property
    def needed_per_year(self) -> Decimal | None:
        """What the rest of the term needs each year to reach the target."""
        return None if not self.years_left else Decimal(self.still_needed) / self.years_left


@dataclass(frozen=True)
class Targets:
    """Every target a unit is judged against in a report: each source's quota for the year, each term."""

    sources: list[SourceLine]
    terms: list[TermLine]


@dataclass(frozen=True)
class SeasonalPace:
    """How far along the year a unit is, as of a day, against the rhythm of its own past years: decisions
    cluster before 3/2, 19/5 and 2/9, so an even share of the days elapsed calls a unit behind in August that
    past years say is on time. expected-by-now = quota × the share of the past years' admissions decided by
    the same day (`history`: those years); with too little history, the share of the days elapsed."""

    as_of: datetime.date
    quota: int | None
    result: int
    share: Decimal  # 0 <= share <= 1
    history: tuple[int, ...]  # the past years the share was read from; () = an even pace over the days

    @property
    def seasonal(self) -> bool:
        return bool(self.history)

    @property
    def expected(self) -> Decimal | None:
        return None if self.quota is None else self.quota * self.share

    @property
    def rate(self) -> Decimal | None:
        """Result in percent of what was expected by now."""
        return percent(self.result, self.expected)

    @property
    def difference(self) -> Decimal | None:
        """Ahead (> 0) or behind (< 0) of what was expected by now, in admissions."""
        expected = self.expected
        return None if expected is None else self.result - expected

    @property
    def shortfall(self) -> Decimal | None:
        """What is missing to be on pace (< 0 when ahead)."""
        difference = self.difference
        return None if difference is None else -difference

    @property
    def behind(self) -> bool:
        expected = self.expected
        return expected is not None and self.result < expected

    def of(self, line: Line) -> PaceLine:
        """The same share applied to a unit below: its quota's expected-by-now."""
        return PaceLine(line, None if line.quota is None else line.quota * self.share)


@dataclass(frozen=True)
class PaceLine:
    """A unit below the dashboard's unit, against what its quota expected by now."""

    line: Line
    expected: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        return percent(self.line.result, self.expected)

    @property
    def shortfall(self) -> Decimal | None:
        return None if self.expected is None else self.expected - self.line.result

    @property
    def behind(self) -> bool:
        return self.expected is not None and self.line.result < self.expected


@dataclass(frozen=True)
class StageCount:
    """Files still in progress at one stage of the pipeline."""

    stage: str
    label: str
    count: int


@dataclass(frozen=True)
class DueWork:
    """Work due or overdue in a unit's branch, as of a day (each count is one list's rows)."""

    probation_due: int  # probation ending this month or ended, not yet confirmed
    probation_overdue: int  # ended before this month
    decision_overdue: int  # past the 60 working days from the cell's resolution
    decision_soon: int  # the decision's deadline within the next 14 days
    certificate_expiring: int  # the course certificate runs out before the cell has considered the file

    @property
    def candidates_due(self) -> int:
        """The rows of the candidates' due list: the three kinds are disjoint."""
        return self.decision_overdue + self.decision_soon + self.certificate_expiring


@dataclass(frozen=True)
class Dashboard:
    """The home page's figures for the top of a user's scope, as of a day (the current year so far)."""

    report: Attainment  # this year's result against the quota, the units below, last year's same period
    pace: SeasonalPace
    behind: list[PaceLine]  # the units below behind their pace, worst first, at most BEHIND_SHOWN
    behind_count: int  # all of them
    pipeline: list[StageCount]  # one per stage of a file in progress, in the pipeline's order
    work: DueWork

    @property
    def pipeline_total(self) -> int:
        return sum(stage.count for stage in self.pipeline)
