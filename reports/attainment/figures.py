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

from ..formatting import format_count, format_decimal, format_ratio
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


# The year-end forecast (reports.attainment.forecast) ----------------------------------------------------


class YearStatus(models.TextChoices):
    """How a unit stands during the year, from its pace and its forecast; the final statuses once the year
    is over or the quota is met (the same labels as `Status`)."""

    ON_TRACK = "on_track", _("Đúng tiến độ")
    BEHIND = "behind", _("Chậm tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    CANNOT_REACH = "cannot_reach", _("Không đủ hồ sơ để đạt chỉ tiêu")
    EXCEEDED = "exceeded", _("Hoàn thành vượt")
    COMPLETED = "completed", _("Hoàn thành")
    NOT_COMPLETED = "not_completed", _("Chưa hoàn thành")
    NO_QUOTA = "no_quota", _("Chưa giao chỉ tiêu")


class Method(models.TextChoices):
    """What a unit's expected result is read from."""

    PIPELINE = "pipeline", _("theo hồ sơ quần chúng")
    RUN_RATE = "run_rate", _("theo nhịp kết nạp")
    EVEN_PACE = "even_pace", _("theo tiến độ đều")
    FINAL = "final", _("kết quả cả năm")
    COMBINED = "combined", _("tổng các đơn vị")


class Blocked(models.TextChoices):
    """Why a file still open cannot legally be decided by 31/12 (DOMAIN.md 5)."""

    AGE = "age", _("chưa đủ 18 tuổi trước 31/12")
    CERTIFICATE = "certificate", _("giấy chứng nhận lớp nhận thức về Đảng đã hết giá trị")
    READMISSION = "readmission", _("chưa đủ 36 tháng kể từ khi ra khỏi Đảng")
    INTRODUCER = "introducer", _("người giới thiệu chưa đủ 12 tháng cùng công tác trước 31/12")
    DEADLINE = "deadline", _("đã quá hạn ra quyết định kể cả gia hạn")


# Where each open file stands, as the sentences say it ("5 hồ sơ đã có nghị quyết chi bộ").
PAUSED = "paused"
STAGE_PHRASES = {
    "sympathiser": _("%(n)s cảm tình Đảng chưa học lớp nhận thức"),
    "course": _("%(n)s đang hoàn thiện hồ sơ"),
    "file": _("%(n)s đang thẩm tra lý lịch"),
    "background": _("%(n)s đã thẩm tra lý lịch, chờ chi bộ xét"),
    "cell": _("%(n)s hồ sơ đã có nghị quyết chi bộ"),
    "grassroots": _("%(n)s hồ sơ đã có nghị quyết đảng ủy cơ sở"),
    "submitted": _("%(n)s hồ sơ đã trình cấp trên"),
    PAUSED: _("%(n)s hồ sơ đang tạm dừng"),
}
# The stages whose next step is the superior committee's decision.
RESOLVED_STAGES = ("cell", "grassroots", "submitted")


def year_status(
    *,
    quota: int | None,
    admitted: int,
    upper: int | None,
    expected: Decimal,
    expected_by_now: Decimal | None,
    year_over: bool,
) -> YearStatus:
    """The status during the year: final once the year is over or the quota met; otherwise "cannot reach"
    when even the certain upper bound falls short (a fact), "at risk" when the forecast does, "behind" when
    the result is below what past years' seasonality expects by now, else "on track"."""
    if not quota:
        return YearStatus.NO_QUOTA
    if year_over or admitted >= quota:
        return YearStatus(status_of(admitted, quota).value)
    if upper is not None and upper < quota:
        return YearStatus.CANNOT_REACH
    if expected < quota:
        return YearStatus.AT_RISK
    if expected_by_now is not None and admitted < expected_by_now:
        return YearStatus.BEHIND
    return YearStatus.ON_TRACK


def _phrases(counts: tuple[tuple[str, int], ...], phrases) -> str:
    return ", ".join(str(phrases[key]) % {"n": format_count(n)} for key, n in counts if n)


@dataclass(frozen=True)
class ForecastLine:
    """One unit's year-end forecast as of a day.

    `admitted` is the certain lower bound (the result so far); `upper` the certain upper bound of the files
    recorded: the result so far plus the recorded files that can still legally be decided by 31/12 (a file
    opened later may add to it: no statute sets a minimum time between the stages), or None when some
    organisation of the unit records no pipeline, until the year is over. `expected` and the range
    (`low`–`high`, about 90%) come from past years, files opened later included.
    """

    unit: Unit
    quota: int | None
    admitted: int
    upper: int | None
    expected: Decimal
    low: int
    high: int
    variance: Decimal
    method: str
    status: YearStatus
    expected_by_now: Decimal | None  # what past years' seasonality expects by the as-of day
    possible: tuple[tuple[str, int], ...]  # (stage key, files that can still be decided), board order
    blocked: tuple[tuple[str, int], ...]  # (Blocked, open files that cannot)
    without_pipeline: int  # organisations of the unit that record no pipeline
    cell_by: datetime.date | None  # the last cell resolution that leaves the superior committee its 60 days
    year_over: bool

    @property
    def more_possible(self) -> int | None:
        return None if self.upper is None else self.upper - self.admitted

    @property
    def still_needed(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.admitted, 0)

    @property
    def resolved(self) -> int:
        """Files that can be decided and already have the cell's resolution."""
        return sum(n for key, n in self.possible if key in RESOLVED_STAGES)

    @property
    def cell_needed(self) -> int | None:
        """Files still to reach the cell's resolution (by `cell_by`) for the quota, beyond those that have."""
        if self.still_needed is None or self.upper is None:
            return None
        return max(self.still_needed - self.resolved, 0)

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def upper_explained(self) -> str:
        if self.year_over:
            return _("Năm đã kết thúc: kết quả là %(n)s.") % {"n": format_count(self.admitted)}
        if self.upper is None:
            return _(
                "Chưa biết mức tối đa: %(n)s tổ chức cơ sở đảng chưa ghi nhận hồ sơ quần chúng, đã kết nạp "
                "%(admitted)s."
            ) % {"n": format_count(self.without_pipeline), "admitted": format_count(self.admitted)}
        text = _(
            "Tối đa %(upper)s từ các hồ sơ đã ghi nhận: %(admitted)s đã kết nạp, %(more)s hồ sơ còn có thể kết "
            "nạp trong năm"
        ) % {
            "upper": format_count(self.upper),
            "admitted": format_count(self.admitted),
            "more": format_count(self.more_possible),
        }
        if self.more_possible:
            text = f"{text} ({_phrases(self.possible, STAGE_PHRASES)})"
        if self.blocked:
            text = f"{text}; " + _("%(n)s hồ sơ không thể kết nạp trong năm (%(why)s)") % {
                "n": format_count(sum(n for _key, n in self.blocked)),
                "why": _phrases(self.blocked, {key: f"%(n)s {Blocked(key).label}" for key in Blocked}),
            }
        return f"{text}."

    @property
    def expected_explained(self) -> str:
        numbers = {
            "expected": format_decimal(self.expected, 1),
            "low": format_count(self.low),
            "high": format_count(self.high),
        }
        reasons = {
            Method.FINAL: _("Năm đã kết thúc."),
            Method.PIPELINE: _(
                "Dự kiến %(expected)s (khoảng %(low)s–%(high)s): theo tỷ lệ hồ sơ ở từng giai đoạn được kết "
                "nạp trước 31/12 trong những năm trước."
            ),
            Method.RUN_RATE: _(
                "Dự kiến %(expected)s (khoảng %(low)s–%(high)s): theo nhịp kết nạp từ đầu năm và tỷ trọng "
                "các tháng còn lại trong những năm trước."
            ),
            Method.EVEN_PACE: _(
                "Dự kiến %(expected)s (khoảng %(low)s–%(high)s): theo tiến độ đều, vì chưa có số liệu những "
                "năm trước."
            ),
            Method.COMBINED: _("Dự kiến %(expected)s (khoảng %(low)s–%(high)s): tổng dự báo các đơn vị."),
        }
        return str(reasons[self.method]) % numbers

    @property
    def status_explained(self) -> str:
        numbers = {
            "quota": format_count(self.quota),
            "admitted": format_count(self.admitted),
            "upper": format_count(self.upper),
            "expected": format_decimal(self.expected, 1),
            "by_now": format_decimal(self.expected_by_now, 1),
            "needed": format_count(self.still_needed),
        }
        sentences = {
            YearStatus.NO_QUOTA: _("Chưa giao chỉ tiêu."),
            YearStatus.EXCEEDED: _("Đã kết nạp %(admitted)s, vượt chỉ tiêu %(quota)s."),
            YearStatus.COMPLETED: _("Đã kết nạp %(admitted)s, đạt chỉ tiêu %(quota)s."),
            YearStatus.NOT_COMPLETED: _("Năm đã kết thúc: kết nạp %(admitted)s trên chỉ tiêu %(quota)s."),
            YearStatus.CANNOT_REACH: _(
                "Không thể đạt với các hồ sơ đã ghi nhận: kể cả khi mọi hồ sơ còn có thể kết nạp đều được kết "
                "nạp, chỉ được %(upper)s trên chỉ tiêu %(quota)s; cần thêm hồ sơ mới."
            ),
            YearStatus.AT_RISK: _("Dự kiến %(expected)s, thấp hơn chỉ tiêu %(quota)s: còn thiếu %(needed)s."),
            YearStatus.BEHIND: _(
                "Đã kết nạp %(admitted)s, dưới mức những năm trước thường đạt đến nay (%(by_now)s); dự kiến "
                "vẫn đạt chỉ tiêu %(quota)s."
            ),
            YearStatus.ON_TRACK: _("Đã kết nạp %(admitted)s, dự kiến %(expected)s trên chỉ tiêu %(quota)s."),
        }
        return str(sentences[self.status]) % numbers

    @property
    def needed_explained(self) -> str:
        """What it would take: the files still to reach the cell's resolution, and by when."""
        if not self.still_needed or self.year_over:
            return ""
        if self.cell_needed is None or self.cell_by is None:
            return _("Còn thiếu %(n)s.") % {"n": format_count(self.still_needed)}
        if not self.cell_needed:
            return _("Còn thiếu %(n)s: đã có đủ %(resolved)s hồ sơ có nghị quyết chi bộ.") % {
                "n": format_count(self.still_needed),
                "resolved": format_count(self.resolved),
            }
        return _(
            "Còn thiếu %(n)s: cần thêm %(cell)s hồ sơ có nghị quyết chi bộ chậm nhất ngày %(day)s (để cấp "
            "trên có đủ 60 ngày làm việc trước 31/12)."
        ) % {
            "n": format_count(self.still_needed),
            "cell": format_count(self.cell_needed),
            "day": self.cell_by.strftime("%d/%m/%Y"),
        }


@dataclass(frozen=True)
class MonthNeed:
    """Admissions still needed in one remaining month, spread as past years' decisions were."""

    month: int
    needed: Decimal


@dataclass(frozen=True)
class Forecast:
    """A unit's year-end forecast as of a day: its own line (the sum of the units under it) and theirs."""

    unit: Unit
    year: int
    as_of: datetime.date
    committee: ForecastLine
    rows: list[ForecastLine]
    months_needed: list[MonthNeed]
    history_years: int  # past years with admissions the expectation could read

    @property
    def cannot_reach(self) -> list[ForecastLine]:
        return [row for row in self.rows if row.status == YearStatus.CANNOT_REACH]


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
