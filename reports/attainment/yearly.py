"""The yearly attainment report (DOMAIN.md 6.1): each unit's result against its quota, the pace, the months."""

import calendar
import datetime
from decimal import Decimal

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from admissions.choices import GRASSROOTS_LEVELS, QuotaSource
from admissions.models import PATH_STEP, AdmissionSummary, Member, Quota, Unit

from .counting import ABOVE_GRASSROOTS_LEVELS, days_condition, members_counted, months_condition, summary_read
from .figures import Attainment, Line, Month, Pace, Status
from .periods import Period, period_of


def _own_and_below(unit: Unit) -> QuerySet:
    """The ids of `unit` and of the units directly under it: their quotas are read by unit id (an index
    probe each), never by a join on the subtree's paths."""
    return Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).values("pk")


def report_years(unit: Unit, *, source: str = QuotaSource.ASSIGNED, today: datetime.date | None = None):
    """(the years the year picker offers, newest first; the year a report opens on).

    Offered: every year from the first quota of this source recorded anywhere to the current year or the
    latest quota, whichever is later (two index probes: listing only the years with a quota in the unit's
    subtree read half a million quotas for the whole country). A year without quotas still has a report.

    Opens on the current year if the unit has a quota for it, else on the latest year in which it has one,
    else (a unit that never gets quotas itself, such as the top of the tree) on the latest year in which a
    unit directly under it has one; the current year when none has.
    """
    today = today or timezone.localdate()
    bounds = Quota.objects.filter(source=source).aggregate(first=Min("year"), last=Max("year"))
    newest = max(bounds["last"] or today.year, today.year)
    years = list(range(newest, min(bounds["first"] or today.year, today.year) - 1, -1))
    rows = list(
        Quota.objects.filter(unit__in=_own_and_below(unit), source=source)
        .values("year")
        .annotate(own=Count("pk", filter=Q(unit=unit)))
        .order_by("-year")
    )
    own_years = [row["year"] for row in rows if row["own"]]
    if today.year in own_years:
        return years, today.year
    return years, next(iter(own_years or [row["year"] for row in rows]), today.year)


def yearly_attainment(
    unit: Unit, year: int, *, as_of: datetime.date | None = None, source: str = QuotaSource.ASSIGNED
) -> Attainment:
    """Attainment of `unit` and of each unit directly under it for `year`, counted up to `as_of`.

    A few queries whatever the size of the subtree: the two quotas, the units directly under it with their
    quotas, and the admissions (this period, last year's, per month) grouped by the unit directly under
    `unit` they fall in. A committee above the organisations reads them from the admissions summary (its
    own rows and its children's, whole months) and from the members of the days left over.
    """
    period = period_of(year, as_of)
    last = period.same_period_last_year()
    quotas = Quota.objects.filter(unit__in=_own_and_below(unit), year=year, source=source).aggregate(
        own=Max("target", filter=Q(unit=unit)), handed_down=Sum("target", filter=Q(unit__parent=unit))
    )
    by_child, totals = counts_by_child(unit, period, last)
    quota_of = Quota.objects.filter(unit=OuterRef("pk"), year=year, source=source).values("target")[:1]
    children = (
        Unit.objects.filter(parent=unit)
        .existed_during(period.start, period.end)
        .annotate(quota=Subquery(quota_of))
        .order_by("sort_order", "path")
    )
    nothing = {"this": 0, "last": 0}
    rows = [
        Line(
            child,
            child.quota,
            by_child.get(child.path, nothing)["this"],
            by_child.get(child.path, nothing)["last"],
        )
        for child in children
    ]
    committee = Line(unit, quotas["own"], totals["this"], totals["last"])
    return Attainment(
        unit=unit,
        year=year,
        source=source,
        period=period,
        last_period=last,
        committee=committee,
        handed_down=quotas["handed_down"],
        rows=rows,
        # Tallies of the lines above (at most a few hundred, already fetched), not sums over members.
        completed=len([row for row in rows if row.status in (Status.EXCEEDED, Status.COMPLETED)]),
        judged=len([row for row in rows if row.quota is not None]),
        pace=_pace(period.end, committee),
        months=_months(period.end, committee.quota, totals),
    )


_COUNTS = ("this", "last", *(f"m{m}" for m in range(1, 13)))


def counts_by_child(unit: Unit, period: Period, last: Period) -> tuple[dict[str, dict], dict]:
    """({child path: {"this": n, "last": n, ...}}, the subtree's counts, "m1".."m12" included): the
    admissions of `unit`'s subtree in `period` and in `last`, grouped by the unit directly under `unit`,
    read as the report reads them (a committee above the organisations from the summary). A few queries."""
    if summary_read(unit):
        return _counted_with_summary(unit, period, last)
    return _counted(unit, period, last, members_counted(unit)[0])


def _counted(
    unit: Unit,
    period: Period,
    last: Period,
    members: QuerySet,
    partial: Q | None = None,
    path: str | None = None,
):
    """({child path: counts}, the subtree's counts) of `members`, grouped by the unit directly under `unit`
    they fall in (the first steps of their path): this period, last year's, each month. The subtree's
    counts are the sums of the groups (every member falls in exactly one), restricted to `partial` when
    given (the days the summary leaves over; the other members of the groups are a grassroots child's).
    `path` places each member (by default as members_counted does)."""
    if path is None:
        path = "grassroots__path" if unit.level in ABOVE_GRASSROOTS_LEVELS else "cell__path"
    # One date range around both periods, which the (decision_date, grassroots) index reads; each count
    # filters its own period (the days between them, this year, count in neither).
    members = members.filter(decision_date__range=(last.start, period.end))
    # Months as date ranges: comparing dates costs a fraction of extracting the month of every row.
    conditions = {
        "this": period.condition,
        "last": last.condition,
        **{f"m{m}": period.condition & _month(period.start.year, m).condition for m in range(1, 13)},
    }
    # COUNT(decision_date) (never null), not COUNT(id): then the index holds every column the counts use and
    # the members' rows are never read.
    counts = {key: Count("decision_date", filter=condition) for key, condition in conditions.items()}
    if partial is not None:
        counts |= {f"p_{key}": Count("decision_date", filter=c & partial) for key, c in conditions.items()}
    groups = list(
        members.annotate(child=Substr(path, 1, len(unit.path) + PATH_STEP)).values("child").annotate(**counts)
    )
    prefix = "" if partial is None else "p_"
    totals = {key: sum(row.get(prefix + key, 0) for row in groups) for key in _COUNTS}
    return {row["child"]: row for row in groups}, totals


def _counted_with_summary(unit: Unit, period: Period, last: Period):
    """The counts of `_counted` for a committee above the organisations: the whole months from the summary
    rows of the committee (its totals) and of the committees directly under it, and from the members the
    days left over plus the members of the organisations directly under it (which have no summary rows)."""
    months, days = period.split_by_month()
    last_months, last_days = last.split_by_month()
    this_rows, last_rows = months_condition(months), months_condition(last_months)
    rows = (
        AdmissionSummary.objects.filter(unit__in=_own_and_below(unit))
        .filter(this_rows | last_rows)
        .values_list("unit_id", "unit__path", "year", "month", "admitted")
    )
    partial = days_condition(days + last_days)
    # The organisations directly under the committee by their ids, read first (a few, often none): then the
    # days left over are read through the decision-date index alone, not over the two years of `_counted`'s
    # range, which a subquery of the organisations made PostgreSQL scan (at the nation: 40 ms, not 120 ms).
    org_ids = list(Unit.objects.filter(parent=unit, level__in=GRASSROOTS_LEVELS).values_list("pk", flat=True))
    orgs = Q(grassroots__in=org_ids)
    # Those few members are placed by their own copy of the cell's path: no join to the organisations (the
    # nation's days left over: 7,000 members, 45 ms through the join, twice on the home page).
    members = (
        Member.objects.filter(orgs) if partial is None else Member.objects.under(unit).filter(orgs | partial)
    )
    by_child, totals = _counted(unit, period, last, members, partial, path="cell_path")
    if partial is None:  # the members read are the organisations', already in the committee's own rows
        totals = dict.fromkeys(_COUNTS, 0)
    by_child = {path: dict(row) for path, row in by_child.items()}
    for unit_id, unit_path, year, month, admitted in rows:
        key = "this" if year == period.start.year else "last"
        if unit_id == unit.pk:
            totals[key] += admitted
            if key == "this":
                totals[f"m{month}"] += admitted
        else:
            counts = by_child.setdefault(unit_path, {"this": 0, "last": 0})
            counts[key] += admitted
    return by_child, totals


def _month(year: int, month: int) -> Period:
    return Period(
        datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    )


def _pace(as_of: datetime.date, committee: Line) -> Pace:
    days_in_year = 366 if calendar.isleap(as_of.year) else 365
    elapsed = as_of.timetuple().tm_yday
    month_ended = as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]
    return Pace(
        as_of=as_of,
        quota=committee.quota,
        result=committee.result,
        share_elapsed=Decimal(elapsed) / Decimal(days_in_year),
        months_left=12 - as_of.month + (0 if month_ended else 1),
    )


def _months(as_of: datetime.date, quota: int | None, totals: dict) -> list[Month]:
    months, cumulative = [], 0
    for m in range(1, 13):
        even = None if quota is None else Decimal(quota * m) / 12
        if m > as_of.month:
            months.append(Month(m, None, None, even))
            continue
        # A running total over the twelve months already counted in SQL, not over member rows.
        cumulative += totals[f"m{m}"]
        months.append(Month(m, totals[f"m{m}"], cumulative, even))
    return months
