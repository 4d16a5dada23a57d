"""Every report figure, computed here and nowhere else (DOMAIN.md sections 4 and 6).

The web report, the Excel workbook, the charts, the unit tree, the quota sheet and the tests all call these
entry points (one module each, re-exported here):

- `yearly_attainment(unit, year, *, as_of=None, source=QuotaSource.ASSIGNED) -> Attainment`: the unit's
  own line (its quota from above beside the sum it handed down), one line per unit directly under it,
  "x/y completed", the units without admission, the pace as of a day, the months and their cumulative curve.
- `breakdown(unit, year, *, as_of=None) -> Breakdown`: the Biểu 2 statistics of the admitted members.
- `targets_of(report) -> Targets`: the same unit against every source's quota for the year and against
  its term targets (admissions of the term's years so far ÷ the target, the yearly pace it implies).
- `dashboard(unit, *, today=None) -> Dashboard`: the home page's figures: this year's report, the pace
  against the unit's own past years (`seasonal_pace`), the units below behind it, the pipeline per stage,
  the work due (probation, decisions, certificates).
- `tree_counts(unit=, units=, year=)`: the admissions of each unit shown on the unit tree page.
- `pipeline_board(unit=, below=, today=)`: the candidates at each open stage per unit directly below, the
  overdue decisions and the certificates running out (the pipeline board).
- `result_in_year(year)`: a year's result, to annotate a list of units with (the quota sheet).
- `forecast(report) -> Forecast`: the year-end forecast of the report's unit and of each unit under it as of
  the report's day (forecast.py: the certain bounds from the recorded pipeline, the expected value and its
  range from past years, the status during the year, what it would take).
- `admitted_members(unit, year, *, as_of=None)`: the members behind a result; `admitted_member_rows(...)`
  the same members as plain rows (`ListedMember`) for the workbook's list; `admitted_member_stream(...)` the
  same rows read in chunks as they are written (the nation's workbook).

Modules: periods (what a period counts), counting (the counting rule), figures (plain data, no query),
yearly, breakdown, tree, members, summary (what each count of the admissions summary counts: a committee
above the organisations reads its whole months from admissions.models.AdmissionSummary, which the services
keep; the days left over from its members).

Counting rule: an admission counts in the year of its decision date (ngày ký quyết định kết nạp), in every
unit above the cell it was admitted into. A report "as of" a day counts decisions from 01/01 to that day;
the same period last year runs from 01/01 to the same day and month of the previous year. Rates are never
capped, and a unit without a quota has no rate ("chưa giao chỉ tiêu"), never a division error.

Everything is aggregated in SQL with a fixed number of queries, whatever the number of units or members.
"""

from .breakdown import AGE_BANDS, SECTIONS, breakdown
from .counting import ABOVE_GRASSROOTS_LEVELS, members_counted, result_in_year, with_results
from .dashboard import dashboard, seasonal_pace
from .figures import (
    Attainment,
    Blocked,
    Breakdown,
    Dashboard,
    DueWork,
    Figure,
    Forecast,
    ForecastLine,
    Line,
    ListedMember,
    Method,
    Month,
    MonthNeed,
    Pace,
    PaceLine,
    SeasonalPace,
    Section,
    SourceLine,
    StageCount,
    Status,
    Targets,
    TermLine,
    YearStatus,
    percent,
    status_of,
)
from .forecast import forecast, latest_cell_resolution, oldest_decidable_resolution
from .members import admitted_member_rows, admitted_member_stream, admitted_members
from .periods import Period, default_as_of, period_of
from .pipeline import BOARD_STAGES, PipelineBoard, PipelineRow, pipeline_board, reads_saved_board, saved_board
from .targets import targets_of
from .tree import tree_counts
from .yearly import report_years, yearly_attainment

__all__ = [
    "ABOVE_GRASSROOTS_LEVELS",
    "AGE_BANDS",
    "BOARD_STAGES",
    "SECTIONS",
    "Attainment",
    "Blocked",
    "Breakdown",
    "Dashboard",
    "DueWork",
    "Figure",
    "Forecast",
    "ForecastLine",
    "Line",
    "ListedMember",
    "Method",
    "Month",
    "MonthNeed",
    "Pace",
    "PaceLine",
    "Period",
    "PipelineBoard",
    "PipelineRow",
    "SeasonalPace",
    "Section",
    "SourceLine",
    "StageCount",
    "Status",
    "Targets",
    "TermLine",
    "YearStatus",
    "admitted_member_rows",
    "admitted_member_stream",
    "admitted_members",
    "breakdown",
    "dashboard",
    "default_as_of",
    "forecast",
    "latest_cell_resolution",
    "members_counted",
    "oldest_decidable_resolution",
    "percent",
    "period_of",
    "pipeline_board",
    "reads_saved_board",
    "report_years",
    "result_in_year",
    "saved_board",
    "seasonal_pace",
    "status_of",
    "targets_of",
    "tree_counts",
    "with_results",
    "yearly_attainment",
]
