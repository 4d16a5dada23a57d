"""The home dashboard's figures (issue 18): where the top of a user's scope stands in the year so far.

- this year's result against the quota and last year's same period: `yearly_attainment`, as the report;
- the pace against the unit's own past years (`seasonal_pace`): decisions cluster before 3/2, 19/5 and 2/9,
  so expected-by-now follows the share of the past years' admissions decided by the same day;
- the units directly below behind that pace, worst first;
- the pipeline (files in progress per stage) and the work due (probation confirmations, decisions overdue or
  due within 14 days, course certificates running out), each counted with the rule its list filters with
  (candidates.models, admissions.models.probation_windows), so every count equals the list it links to.

A constant number of queries whatever the data: the report's, one for the past years' months, two for the
candidates, one for the probationary members.
"""

import calendar
import datetime
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from admissions.choices import MemberStatus, QuotaSource
from admissions.models import AdmissionSummary, Member, Unit, probation_windows
from candidates.choices import OPEN_STAGES
from candidates.models import Candidate, certificate_expiring, decision_due_soon, decision_overdue

from .counting import members_counted, summary_read
from .figures import Attainment, Dashboard, DueWork, SeasonalPace, StageCount
from .forecast import reads_saved_counts
from .pipeline import saved_stage_counts
from .yearly import yearly_attainment

# The past years whose rhythm sets the pace, and the fewest admissions in them that make a rhythm: below it
# (a new unit, a small cell) one decision more or less would swing the expected share by months.
HISTORY_YEARS = 3
HISTORY_MIN_ADMISSIONS = 10
# How many units behind their pace the dashboard lists (the report lists them all).
BEHIND_SHOWN = 10


def dashboard(unit: Unit, *, today: datetime.date | None = None) -> Dashboard:
    """The dashboard of `unit` (the top of a user's scope) for the current year, as of `today`.

    The units behind are those directly under `unit` (the report's rows, each linking to its own report),
    each judged with `unit`'s rhythm: one unit's own few admissions a year make no rhythm of their own."""
    today = today or timezone.localdate()
    report = yearly_attainment(unit, today.year, as_of=today, source=QuotaSource.ASSIGNED)
    pace = seasonal_pace(report)
    behind = [line for line in map(pace.of, report.rows) if line.behind]
    # Worst first: the lowest share of what was expected by now, then the largest shortfall.
    behind.sort(key=lambda line: (line.rate, -line.shortfall))
    counts = _candidate_counts(unit, today, saved=reads_saved_counts(report))
    return Dashboard(
        report=report,
        pace=pace,
        behind=behind[:BEHIND_SHOWN],
        behind_count=len(behind),
        pipeline=_pipeline(counts),
        work=_due_work(unit, today, counts),
    )


def seasonal_pace(report: Attainment) -> SeasonalPace:
    """The report's unit against the share of its past years' admissions decided by the report's as-of day
    (the days of the current month counted pro rata); an even pace over the days with too little history."""
    as_of, line = report.pace.as_of, report.committee
    monthly = _past_months(report.unit, as_of.year)
    total = sum(monthly.values())
    if total < HISTORY_MIN_ADMISSIONS:
        share, history = report.pace.share_elapsed, ()
    else:
        month_share = Decimal(as_of.day) / calendar.monthrange(as_of.year, as_of.month)[1]
        before = sum(n for (_, month), n in monthly.items() if month < as_of.month)
        current = sum(n for (_, month), n in monthly.items() if month == as_of.month)
        share = (before + current * month_share) / total
        history = tuple(sorted({year for year, _ in monthly}))
    return SeasonalPace(as_of=as_of, quota=line.quota, result=line.result, share=share, history=history)


def _past_months(unit: Unit, year: int) -> dict[tuple[int, int], int]:
    """{(year, month): admissions} of the HISTORY_YEARS years before `year` in `unit`'s subtree, months
    without admissions left out. A committee reads its summary rows (whole past months, nothing left over);
    an organisation its members."""
    years = range(year - HISTORY_YEARS, year)
    if summary_read(unit):
        rows = AdmissionSummary.objects.filter(unit=unit, year__in=years, admitted__gt=0)
        return {(y, m): n for y, m, n in rows.values_list("year", "month", "admitted")}
    members = members_counted(unit)[0].filter(
        decision_date__gte=datetime.date(years.start, 1, 1),
        decision_date__lte=datetime.date(year - 1, 12, 31),
    )
    rows = (
        members.annotate(y=ExtractYear("decision_date"), m=ExtractMonth("decision_date"))
        .values("y", "m")
        .annotate(n=Count("decision_date"))
        .order_by()
    )
    return {(row["y"], row["m"]): row["n"] for row in rows}


def _candidate_counts(unit: Unit, today: datetime.date, *, saved: bool) -> dict[str, int]:
    """Files in progress in `unit`'s branch per stage, and those overdue, due soon or with a certificate
    running out as of `today`, each counted with the rule its list filters with. Two queries, each read
    through an index of the stage: grouped by stage (an index-only scan, where one COUNT FILTER per stage
    read every row: 13 ms for the 18,000 files of a province, 2 ms so), and the due ones, found first."""
    files = Candidate.objects.under(unit)
    # Where the home page brings the saved counts up to date (`saved`: the forecast reads them), the
    # board's are added up (the nation's 600,000 files grouped: 41 ms).
    by_stage = saved_stage_counts(unit, today) if saved else None
    if by_stage is None:
        by_stage = dict(
            files.filter(stage__in=OPEN_STAGES)
            .values("stage")
            .annotate(n=Count("stage"))
            .values_list("stage", "n")
        )
    overdue, soon, expiring = decision_overdue(today), decision_due_soon(today), certificate_expiring(today)
    due = files.filter(overdue | soon | expiring).aggregate(
        due_overdue=Count("pk", filter=overdue),
        due_soon=Count("pk", filter=soon),
        due_certificate=Count("pk", filter=expiring),
    )
    return {stage.value: by_stage.get(stage.value, 0) for stage in OPEN_STAGES} | due


def _pipeline(counts: dict[str, int]) -> list[StageCount]:
    """Files in progress per stage (the candidate list filtered by unit and stage)."""
    return [StageCount(stage.value, stage.label, counts[stage.value]) for stage in OPEN_STAGES]


def _due_work(unit: Unit, today: datetime.date, counts: dict[str, int]) -> DueWork:
    """The work due in `unit`'s branch as of `today`; the probationary members' two counts in one query."""
    due, overdue = probation_windows(today)
    probation = (
        Member.objects.under(unit)
        .filter(due, status=MemberStatus.PROBATIONARY)
        # COUNT(probation_end), never null in the range, not COUNT(id): the (status, probation_end) index then
        # holds every column read (the nation's 67,000 due: 116 ms -> 9 ms).
        .aggregate(due=Count("probation_end"), overdue=Count("probation_end", filter=overdue))
    )
    return DueWork(
        probation_due=probation["due"],
        probation_overdue=probation["overdue"],
        decision_overdue=counts["due_overdue"],
        decision_soon=counts["due_soon"],
        certificate_expiring=counts["due_certificate"],
    )
