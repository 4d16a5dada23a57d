"""The year-end forecast (issue 18): per unit and rolled up the tree, as of any day of the year.

**Certain bounds.** The lower bound is the result so far. The upper bound adds the candidates whose file is
recorded and still open on the as-of day (candidates.models.Candidate, its dates read as they stood that
day) and who can still legally be decided by 31/12 under DOMAIN.md 5. What is recorded stands (the
certificate, the introducers, the cell's resolution); a step not recorded by the as-of day happens on it or
later, and no statute sets a minimum time between two steps, so only these rules close a file for the year:

- age: before the cell's resolution, a candidate must reach 18 full years by the cell's consideration, so by
  31/12 at the latest (born after 31/12 eighteen years earlier: not this year);
- certificate: before the cell's resolution, a recorded certificate must still be valid when the cell
  considers, so on the as-of day at least;
- re-admission: 36 months since leaving, by 31/12; introducers: a recorded introducer's 12 months of working
  with the candidate must be complete by 31/12 (when the introduction is not yet recorded);
- the deadline: after the cell's resolution, the decision is due within 60 working days, 30 more with a
  reason (candidates.workdays, every committee's days off counted, which only moves the deadline later): a
  resolution older than that on the as-of day can no longer be decided.

Everything else may still happen, so "at most N more from the files recorded" and "cannot reach the quota
with the files recorded" are facts. They are facts about the recorded files, not about the year: no statute
sets a minimum time between two stages (DOMAIN.md 5 gives only the deadlines), so a file opened after the
as-of day may in law still be decided by 31/12, and a unit flagged YearStatus.CANNOT_REACH needs new files
to reach its quota (the flag says so). An organisation that records no file at all has no upper bound until
the year is over (it is never flagged from an empty pipeline), nor has a committee with such an
organisation under it.

**Expected value and range.** For a unit whose organisations all record a pipeline: the files that can
still be decided, stage by stage, times the share of files at that stage on the same day of the past years
that were decided by their 31/12 (the unit's own share blended with the committee-wide one, PRIOR_WEIGHT
files' worth of it), plus the files opened after that day and decided the same year, as in past years. For
the others (and where the committee has too few past files at a stage): the run-rate, the result so far
scaled by the share of past years' decisions made by the same day (their seasonality: decisions cluster
before 3/2, 19/5 and 2/9), blended with what the unit admitted after that day in past years. The range is
about 90% (1.645 standard deviations: binomial over the files, Poisson over the rest), within the bounds.

**What it would take.** The admissions still needed, spread over the remaining months as past years'
decisions were; and the files that must reach the cell's resolution by the last day that leaves the superior
committee its 60 working days before 31/12.

A committee's line is the sum of the lines of the units under it. A fixed number of queries whatever the
size: the report's own, two of past years' reports, one grouped count of the files per past year and one
for the year, the organisations without a pipeline, the days off (none of the files once the year is
over: its result is final). Today's forecast above the committees
reads these counts saved per committee instead, in one query, whenever they equal a recount ("The saved
counts" below).
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils import timezone

from admissions.choices import GRASSROOTS_LEVELS
from admissions.models import PATH_STEP, Unit
from candidates import workdays
from candidates.choices import OPEN_STAGES, Outcome, Stage
from candidates.models import Candidate, DayOff, PipelineChange, PipelineCount, PipelineSnapshot

from .counting import ABOVE_GRASSROOTS_LEVELS
from .figures import (
    PAUSED,
    Attainment,
    Blocked,
    Forecast,
    ForecastLine,
    Method,
    MonthNeed,
    year_status,
)
from .periods import Period
from .yearly import counts_by_child

HISTORY_YEARS = 2  # past years whose files give the shares per stage
PRIOR_WEIGHT = 10  # a unit's own share per stage is blended with this many files at the committee's share
MIN_FILES = 5  # fewer past files of a stage committee-wide: no share for it, the run-rate is used instead
Z = 1.645  # the range: about 90% of outcomes
LONGEST_DECISION = workdays.DECISION_WORKING_DAYS + workdays.DECISION_EXTENSION_MAX
NEW = "new"  # files opened after the as-of day (past years only)
STAGE_ORDER = (*[str(s) for s in OPEN_STAGES], PAUSED)


def forecast(report: Attainment) -> Forecast:
    """The year-end forecast of `report`'s unit and of each unit under it, as of the report's last day."""
    unit, year, day = report.unit, report.year, report.period.end
    end = datetime.date(year, 12, 31)
    year_over = day == end
    days_off = _days_off(day)
    oldest = oldest_decidable_resolution(day, days_off)
    cell_by = latest_cell_resolution(year, days_off)
    if year_over:  # the result is final: no file can change it, none is read (the nation's past reports)
        pipeline, past_files, without = {}, [{} for _day in _past_days(day)], 0
    elif reads_saved_counts(report) and (saved := _saved(unit, day, oldest)) is not None:
        pipeline, past_files, without = saved
    else:
        pipeline, past_files = _files(unit, day, end, oldest), None
        without = _without_pipeline(unit, day)
    past = _past(unit, report, day, past_files)
    prior = _shares([per_child for history in past.files for per_child in history.values()])
    years_with_files = sum(1 for history in past.files if history)

    lines = []
    for row in report.rows:
        lines.append(
            _line(
                row.unit,
                row.quota,
                row.result,
                files=pipeline.get(row.unit.path, _Files()),
                without=without.get(row.unit.path, 0) if isinstance(without, dict) else without,
                history=[h.get(row.unit.path, _Files()) for h in past.files],
                runs=past.runs.get(row.unit.path, []),
                season=past.season,
                prior=prior,
                years_with_files=years_with_files,
                cell_by=cell_by,
                year_over=year_over,
                quota_share=past.season_or_even(report),
            )
        )
    totals = _summed(pipeline.values())
    unit_without = sum(without.values()) if isinstance(without, dict) else without
    if lines:
        committee = _rolled_up(
            report, lines, totals, unit_without, cell_by, year_over, past.season_or_even(report)
        )
    else:  # a cell: nothing under it, it is read as a line of its own
        own = report.committee
        committee = _line(
            own.unit,
            own.quota,
            own.result,
            files=totals,
            without=unit_without,
            history=[_summed(h.values()) for h in past.files],
            runs=past.own_runs,
            season=past.season,
            prior=prior,
            years_with_files=years_with_files,
            cell_by=cell_by,
            year_over=year_over,
            quota_share=past.season_or_even(report),
        )
    return Forecast(
        unit=unit,
        year=year,
        as_of=day,
        committee=committee,
        rows=lines,
        months_needed=_months_needed(committee.still_needed, day, past.month_weights, year_over),
        history_years=past.years,
    )


def _days_off(day: datetime.date) -> frozenset[datetime.date]:
    """Every committee's days off that can move a deadline running on `day` or up to 31/12."""
    since, end = day - datetime.timedelta(days=400), datetime.date(day.year, 12, 31)
    return frozenset(DayOff.objects.filter(day__gte=since, day__lte=end).values_list("day", flat=True))


def decidable_since(day: datetime.date) -> datetime.date:
    """`oldest_decidable_resolution` of `day` with the days off recorded (what the saved counts are for)."""
    return oldest_decidable_resolution(day, _days_off(day))


def oldest_decidable_resolution(day: datetime.date, days_off=frozenset()) -> datetime.date:
    """The oldest cell resolution that can still be decided on `day`: its 60 working days, with the 30 of
    the longest extension, reach `day` (decided later than that, the decision is refused)."""
    low, high = day - datetime.timedelta(days=400), day
    while low < high:  # the deadline moves forward with the resolution: the first one reaching `day`
        middle = low + (high - low) // 2
        if workdays.add_working_days(middle, LONGEST_DECISION, days_off) >= day:
            high = middle
        else:
            low = middle + datetime.timedelta(days=1)
    return low


def latest_cell_resolution(year: int, days_off=frozenset()) -> datetime.date:
    """The last day a cell can resolve and still leave the superior committee its 60 working days before
    31/12 (`add_working_days(day, 60)` is 31/12 or earlier)."""
    end = datetime.date(year, 12, 31)
    day = end - datetime.timedelta(days=2 * workdays.DECISION_WORKING_DAYS)
    while (
        workdays.add_working_days(day + datetime.timedelta(days=1), workdays.DECISION_WORKING_DAYS, days_off)
        <= end
    ):
        day += datetime.timedelta(days=1)
    return day


# The files -----------------------------------------------------------------------------------------------


@dataclass
class _Files:
    """One unit's files as of a day: per stage, those that can still be decided (and, in a past year, how
    many of them were), and why the others cannot."""

    possible: dict = field(default_factory=lambda: defaultdict(int))
    decided: dict = field(default_factory=lambda: defaultdict(int))
    blocked: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, other: _Files) -> None:
        for mine, theirs in ((self.possible, other.possible), (self.decided, other.decided)):
            for key, n in theirs.items():
                mine[key] += n
        for key, n in other.blocked.items():
            self.blocked[key] += n

    @property
    def more(self) -> int:
        """Files that can still be decided this year (those opened later are only known in a past year)."""
        return sum(n for key, n in self.possible.items() if key != NEW)


def _summed(many) -> _Files:
    total = _Files()
    for files in many:
        total.add(files)
    return total


def _candidates(unit: Unit) -> tuple[QuerySet, str]:
    """The files developed under `unit`, and the path that places each in the tree (as counting does)."""
    if unit.level in ABOVE_GRASSROOTS_LEVELS:
        # The level holds for every file's TCCS, and tells the planner how few groups there are: the
        # nation's 600,000 files are then hashed rather than sorted on disk.
        files = Candidate.objects.under(unit).filter(grassroots__level__in=GRASSROOTS_LEVELS)
        return files, "grassroots__path"
    return Candidate.objects.under(unit), "cell__path"


def _on(name: str, day: datetime.date) -> Q:
    return Q(**{f"{name}__lte": day})


def _open_on(day: datetime.date) -> Q:
    """Files open on `day`: listed, not decided, not closed (not admitted, withdrawn) by then."""
    return (
        _on("listed_date", day)
        & (Q(decision_date__isnull=True) | Q(decision_date__gt=day))
        & ~Q(outcome__in=(Outcome.NOT_ADMITTED, Outcome.WITHDRAWN), outcome_date__lte=day)
    )


def _stage_on(day: datetime.date) -> Case:
    """Where a file stood on `day`, from the dates recorded by then (Candidate.stage_from_dates)."""
    return Case(
        When(listed_date__gt=day, then=Value(NEW)),
        When(Q(outcome=Outcome.PAUSED, outcome_date__lte=day), then=Value(PAUSED)),
        When(_on("submitted_date", day), then=Value(Stage.SUBMITTED.value)),
        When(_on("grassroots_resolution_date", day), then=Value(Stage.GRASSROOTS.value)),
        When(_on("cell_resolution_date", day), then=Value(Stage.CELL.value)),
        When(_on("background_check_date", day), then=Value(Stage.BACKGROUND.value)),
        When(
            _on("application_date", day)
            & _on("personal_history_date", day)
            & _on("introduction_date", day)
            & _on("mass_opinions_date", day),
            then=Value(Stage.FILE.value),
        ),
        When(_on("certificate_date", day), then=Value(Stage.COURSE.value)),
        default=Value(Stage.SYMPATHISER.value),
        output_field=CharField(),
    )


def _blocked_on(day: datetime.date, end: datetime.date, oldest: datetime.date) -> Case:
    """Why a file open on `day` cannot legally be decided by `end` (31/12), or "" when it still can."""
    before_cell = Q(cell_resolution_date__isnull=True) | Q(cell_resolution_date__gt=day)
    year = end.year
    return Case(
        When(cell_resolution_date__lt=oldest, then=Value(Blocked.DEADLINE.value)),
        When(
            before_cell & Q(date_of_birth__gt=datetime.date(year - 18, 12, 31)), then=Value(Blocked.AGE.value)
        ),
        When(
            before_cell & _on("certificate_date", day) & Q(certificate_valid_until__lt=day),
            then=Value(Blocked.CERTIFICATE.value),
        ),
        When(
            before_cell & Q(former_member=True, left_date__gt=datetime.date(year - 3, 12, 31)),
            then=Value(Blocked.READMISSION.value),
        ),
        When(
            before_cell
            & Q(introduction_date__isnull=True, introducer_since__gt=datetime.date(year - 1, 12, 31)),
            then=Value(Blocked.INTRODUCER.value),
        ),
        default=Value(""),
        output_field=CharField(),
    )


def _grouped(files: QuerySet, by, day: datetime.date, end: datetime.date, oldest, *, newcomers: bool):
    """`files` as of `day`, grouped in one query by `by`, the stage, the reason a file cannot be decided,
    and (read in a past year) whether it was by `end`. `newcomers` adds the files opened after `day` and
    decided by `end` (what past years teach)."""
    wanted = _open_on(day)
    if newcomers:
        wanted |= Q(listed_date__gt=day, decision_date__lte=end)
    return (
        files.filter(wanted)
        .annotate(
            by=by,
            stage_on=_stage_on(day),
            blocked=_blocked_on(day, end, oldest),
            decided=Case(When(decision_date__lte=end, then=1), default=0, output_field=IntegerField()),
        )
        .values("by", "stage_on", "blocked", "decided")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _by_child(groups) -> dict[str, _Files]:
    """{child path: its files} from groups of `_grouped` (or of the saved counts) by a child's path."""
    by_child: dict[str, _Files] = defaultdict(_Files)
    for group in groups:
        files_of = by_child[group["by"]]
        if group["blocked"] and group["stage_on"] != NEW:
            files_of.blocked[group["blocked"]] += group["n"]
            continue
        files_of.possible[group["stage_on"]] += group["n"]
        if group["decided"]:
            files_of.decided[group["stage_on"]] += group["n"]
    return by_child


def _files(
    unit: Unit, day: datetime.date, end: datetime.date, oldest: datetime.date, *, newcomers: bool = False
) -> dict[str, _Files]:
    """{child path: its files} as of `day`, by the unit directly under `unit` (`_grouped`)."""
    files, path = _candidates(unit)
    child = Substr(path, 1, len(unit.path) + PATH_STEP)
    return _by_child(_grouped(files, child, day, end, oldest, newcomers=newcomers))


def _unrecorded(day: datetime.date) -> Exists:
    """Organisations that record no file (none listed by `day`)."""
    return ~Exists(Candidate.objects.filter(grassroots=OuterRef("pk"), listed_date__lte=day))


def _unrecorded_organisations(day: datetime.date) -> QuerySet:
    """The organisations that existed this year up to `day` and record no file."""
    start = datetime.date(day.year, 1, 1)
    return Unit.objects.grassroots().existed_during(start, day).filter(_unrecorded(day))


def _without_pipeline(unit: Unit, day: datetime.date) -> dict[str, int] | int:
    """The organisations that record no file: per child path of `unit` above the organisations; for an
    organisation and what is inside it, 1 or 0 for the organisation itself."""
    if unit.level in ABOVE_GRASSROOTS_LEVELS:
        groups = (
            _unrecorded_organisations(day)
            .subtree(unit)
            .annotate(child=Substr("path", 1, len(unit.path) + PATH_STEP))
            .values("child")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {group["child"]: group["n"] for group in groups}
    orgs = Unit.objects.grassroots().filter(pk__in=unit.ancestor_ids())
    return orgs.filter(_unrecorded(day)).count()


# The saved counts ------------------------------------------------------------------------------------------
# Above the organisations, the files of the nation are 600,000 rows for each of the three days read. The
# counts by the committee directly above each organisation are saved (candidates.models.PipelineCount, kept by
# candidates.services.pipeline) and read instead whenever they are known to equal a recount.

UNRECORDED = ""  # the saved count's stage of the organisations that record no file


def pipeline_counts(day: datetime.date, oldest: datetime.date, *, committees=None) -> list[dict]:
    """The rows candidates.models.PipelineCount saves for `day`: the groups of `_grouped` on `day` and the
    same day of the past years (`_counted_days`), and the organisations that record no file (stage
    UNRECORDED), by the committee directly above each organisation; of `committees` only, or of all."""
    files = Candidate.objects.filter(
        grassroots__level__in=GRASSROOTS_LEVELS, grassroots__parent__isnull=False
    )
    unrecorded = _unrecorded_organisations(day).filter(parent__isnull=False)
    if committees is not None:
        files = files.filter(grassroots__parent__in=committees)
        unrecorded = unrecorded.filter(parent__in=committees)
    rows = []
    for counted_day, end, day_oldest, newcomers in _counted_days(day, oldest):
        groups = _grouped(files, F("grassroots__parent"), counted_day, end, day_oldest, newcomers=newcomers)
        rows += [
            {
                "day": counted_day,
                "committee_id": group["by"],
                "stage": group["stage_on"],
                "blocked": group["blocked"],
                "decided": bool(group["decided"]),
                "n": group["n"],
            }
            for group in groups
        ]
    rows += [
        {"day": day, "committee_id": group["parent"], "stage": UNRECORDED, "blocked": "", "decided": False,
         "n": group["n"]}
        for group in unrecorded.values("parent").annotate(n=Count("pk")).order_by()
    ]  # fmt: skip
    return rows


def counted_for(day: datetime.date, oldest: datetime.date | None = None) -> QuerySet:
    """The header of the saved counts when they equal a recount of `day` with `oldest`: counted for them,
    and no change waits. Without `oldest`, for any (the board's counts do not depend on it)."""
    header = PipelineSnapshot.objects.filter(day=day)
    if oldest is not None:
        header = header.filter(oldest=oldest)
    return header.filter(~Exists(PipelineChange.objects.all()))


def reads_saved_counts(report: Attainment) -> bool:
    """Whether the forecast of `report` reads the saved counts: today's forecast of a unit above committees
    (with no organisation directly under it, so its lines sum whole committees)."""
    return (
        report.unit.level in ABOVE_GRASSROOTS_LEVELS
        and report.period.end == timezone.localdate()
        and report.period.end
        != datetime.date(report.year, 12, 31)  # 31/12: the year is over, no file is read
        and not any(row.unit.level in GRASSROOTS_LEVELS for row in report.rows)
    )


def _saved(unit: Unit, day: datetime.date, oldest: datetime.date):
    """(`_files` of `day`, those of the past years' same days, `_without_pipeline`) read from the saved
    counts in one query, or None when they cannot serve: counted for another day or other days off, a change
    not counted yet (nothing is read then), or organisations directly under the unit."""
    groups = (
        PipelineCount.objects.filter(Exists(counted_for(day, oldest)), committee__path__startswith=unit.path)
        .values("day", "blocked", "decided", by=Substr("committee__path", 1, len(unit.path) + PATH_STEP))
        .annotate(stage_on=F("stage"), n=Sum("n"))
        .order_by()
    )
    by_day: dict[datetime.date, list[dict]] = defaultdict(list)
    without: dict[str, int] = defaultdict(int)
    groups = list(groups)
    if not groups:  # not counted for today (or nothing to count): the files are read
        return None
    for group in groups:
        if group["by"] == unit.path:  # organisations directly under the unit: its children, not counted
            return None
        if group["stage_on"] == UNRECORDED:
            without[group["by"]] += group["n"]
        else:
            by_day[group["day"]].append(group)
    past_files = [_by_child(by_day[past]) for past, *_rest in _past_days(day)]
    return _by_child(by_day[day]), past_files, dict(without)


# Past years ----------------------------------------------------------------------------------------------


@dataclass
class _Past:
    files: list[dict[str, _Files]]  # per past year, per child path
    runs: dict[str, list[tuple[int, int]]]  # per child path: (admitted by the day, admitted in the year)
    own_runs: list[tuple[int, int]]  # the same for the unit itself
    season: Decimal | None  # share of past years' decisions made by the same day
    month_weights: list[int]  # last year's decisions per month
    years: int

    def season_or_even(self, report: Attainment) -> Decimal:
        return self.season if self.season is not None else report.pace.share_elapsed


def _same_day(day: datetime.date, year: int) -> datetime.date:
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _past_days(day: datetime.date) -> list[tuple]:
    """(day, its 31/12, the oldest resolution still decidable then, True: files opened later count) of the
    same day of the HISTORY_YEARS past years, whose fate is known."""
    days = [_same_day(day, day.year - back) for back in range(1, HISTORY_YEARS + 1)]
    return [
        (past, datetime.date(past.year, 12, 31), oldest_decidable_resolution(past), True) for past in days
    ]


def _counted_days(day: datetime.date, oldest: datetime.date) -> list[tuple]:
    """The files read for the forecast as of `day`: its own (as `_past_days` gives), then the past years'."""
    return [(day, datetime.date(day.year, 12, 31), oldest, False), *_past_days(day)]


def _past(
    unit: Unit, report: Attainment, day: datetime.date, files: list[dict[str, _Files]] | None = None
) -> _Past:
    """What past years teach: the files per stage on the same day and their fate (one query a year, unless
    read from the saved counts: `files`), and each unit's admissions by that day and in the whole year,
    last year and the year before (read as the report reads them, from the summary above the
    organisations)."""
    year = report.year
    if files is None:
        files = [
            _files(unit, past_day, end, oldest, newcomers=True)
            for past_day, end, oldest, _newcomers in _past_days(day)
        ]
    last_year = Period.of_year(year - 1)
    by_day = Period.year_to(_same_day(day, year - 1))
    whole, whole_total = counts_by_child(unit, last_year, last_year.same_period_last_year())
    early, early_total = counts_by_child(unit, by_day, by_day.same_period_last_year())
    nothing = {"this": 0, "last": 0}
    runs = {
        path: [
            (early.get(path, nothing)["this"], counts["this"]),
            (early.get(path, nothing)["last"], counts["last"]),
        ]
        for path, counts in whole.items()
    }
    before = early_total["this"] + early_total["last"]
    in_years = whole_total["this"] + whole_total["last"]
    years = (whole_total["this"] > 0) + (whole_total["last"] > 0)
    return _Past(
        files=files,
        runs=runs,
        own_runs=[
            (early_total["this"], whole_total["this"]),
            (early_total["last"], whole_total["last"]),
        ],
        season=Decimal(before) / in_years if in_years else None,
        month_weights=[whole_total[f"m{m}"] for m in range(1, 13)],
        years=years,
    )


def _shares(histories: list[_Files]) -> dict[str, tuple[int, int]]:
    """(files, decided by 31/12) per stage, over `histories`."""
    shares: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for history in histories:
        for key, n in history.possible.items():
            shares[key][0] += n
            shares[key][1] += history.decided.get(key, 0)
    return {key: (n, decided) for key, (n, decided) in shares.items()}


# One line --------------------------------------------------------------------------------------------------


def _line(
    unit: Unit,
    quota: int | None,
    admitted: int,
    *,
    files: _Files,
    without: int,
    history: list[_Files],
    runs: list[tuple[int, int]],
    season: Decimal | None,
    prior: dict[str, tuple[int, int]],
    years_with_files: int,
    cell_by: datetime.date,
    year_over: bool,
    quota_share: Decimal,
) -> ForecastLine:
    upper = admitted + files.more if (without == 0 or year_over) else None
    if year_over:
        upper = admitted
        expected, variance, method = Decimal(admitted), Decimal(0), Method.FINAL
    else:
        by_pipeline = _by_pipeline(files, history, prior, years_with_files) if without == 0 else None
        if by_pipeline is not None:
            expected, variance = by_pipeline
            expected += admitted
            method = Method.PIPELINE
        else:
            expected, variance, method = _by_run_rate(admitted, runs, season, quota_share)
    return _finished(
        unit,
        quota,
        admitted,
        upper,
        expected,
        variance,
        method,
        files,
        without,
        cell_by,
        year_over,
        quota_share,
    )


def _finished(
    unit, quota, admitted, upper, expected, variance, method, files, without, cell_by, year_over, share
):
    """The line with its range and status. The expectation and the range never fall below the result so far;
    they may pass the upper bound, which counts only the files recorded (files opened later can still be
    decided this year: no statute sets a minimum time between the stages), except once the year is over."""
    expected = max(expected, Decimal(admitted))
    spread = Decimal(Z * math.sqrt(float(variance)))
    low = max(admitted, math.floor(expected - spread))
    high = math.ceil(expected + spread)
    expected_by_now = None if quota is None else quota * share
    return ForecastLine(
        unit=unit,
        quota=quota,
        admitted=admitted,
        upper=upper,
        expected=expected,
        low=min(low, high),
        high=high,
        variance=variance,
        method=method,
        status=year_status(
            quota=quota,
            admitted=admitted,
            upper=upper,
            expected=expected,
            expected_by_now=expected_by_now,
            year_over=year_over,
        ),
        expected_by_now=expected_by_now,
        possible=tuple((key, files.possible[key]) for key in STAGE_ORDER if files.possible.get(key)),
        blocked=tuple(
            (key.value, files.blocked[key.value]) for key in Blocked if files.blocked.get(key.value)
        ),
        without_pipeline=without,
        cell_by=cell_by,
        year_over=year_over,
    )


def _by_pipeline(files: _Files, history: list[_Files], prior, years: int) -> tuple[Decimal, Decimal] | None:
    """(expected admissions still to come, their variance) from the files, or None when the committee has
    too few past files at a stage some of them stand at."""
    own = _shares(history)
    expected = variance = 0.0
    for key, n in files.possible.items():
        if key == NEW:
            continue
        seen, decided = prior.get(key, (0, 0))
        if seen < MIN_FILES:
            return None
        mine, mine_decided = own.get(key, (0, 0))
        share = (mine_decided + PRIOR_WEIGHT * decided / seen) / (mine + PRIOR_WEIGHT)
        expected += n * share
        variance += n * share * (1 - share)
    # Files opened later and decided the same year, a year on average: over the past years with files.
    newcomers = sum(h.decided.get(NEW, 0) for h in history) / max(years, 1)
    expected += newcomers
    variance += newcomers
    return Decimal(str(round(expected, 4))), Decimal(str(round(variance, 4)))


def _by_run_rate(admitted: int, runs: list[tuple[int, int]], season: Decimal | None, even: Decimal):
    """(expected result, variance, method) from this year's pace and past years' seasonality, blended with
    what the unit admitted after the same day in past years (the more of the year is past, the more this
    year's own pace weighs)."""
    share = season if season is not None else even
    method = Method.RUN_RATE if season is not None else Method.EVEN_PACE
    run_rate = float(admitted) * float((1 - share) / share) if share > 0 else None
    later = [whole - early for early, whole in runs if whole]
    past_rest = sum(later) / len(later) if later else None
    if run_rate is None and past_rest is None:
        rest = 0.0
    elif past_rest is None:
        rest = run_rate
    elif run_rate is None:
        rest = past_rest
    else:
        rest = float(share) * run_rate + (1 - float(share)) * past_rest
    disagreement = 0.0 if run_rate is None or past_rest is None else (run_rate - past_rest) / 2
    variance = rest + disagreement**2
    return Decimal(admitted) + Decimal(str(round(rest, 4))), Decimal(str(round(variance, 4))), method


def _rolled_up(report, lines, totals: _Files, without: int, cell_by, year_over: bool, share) -> ForecastLine:
    """The unit's own line: the sum of the lines under it (with the admissions of units closed since, which
    its result counts and no line shows)."""
    own = report.committee
    outside = own.result - sum(line.admitted for line in lines)
    expected = sum((line.expected for line in lines), Decimal(0)) + outside
    variance = sum((line.variance for line in lines), Decimal(0))
    upper = own.result + totals.more if (without == 0 or year_over) else None
    method = Method.FINAL if year_over else Method.COMBINED
    return _finished(
        own.unit, own.quota, own.result, upper, expected, variance, method, totals, without, cell_by,
        year_over, share,
    )  # fmt: skip


def _months_needed(
    needed: int | None, day: datetime.date, weights: list[int], year_over: bool
) -> list[MonthNeed]:
    """The admissions still needed, spread over the rest of the year as last year's decisions were (evenly
    by days when last year had none); today's month counts for the days left in it."""
    if not needed or year_over:
        return []
    months = []
    for month in range(day.month, 13):
        days = calendar.monthrange(day.year, month)[1]
        left = Decimal(days - day.day) / days if month == day.month else Decimal(1)
        months.append((month, left, days))
    total = sum(weights[m - 1] * left for m, left, _days in months)
    if total:
        parts = [(m, weights[m - 1] * left / total) for m, left, _days in months]
    else:
        remaining = sum(left * days for _m, left, days in months)
        parts = [(m, left * days / remaining) for m, left, days in months] if remaining else []
    return [MonthNeed(m, needed * part) for m, part in parts if part]
