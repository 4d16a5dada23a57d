"""The yearly attainment report (DOMAIN.md 6.1): each unit's result against its quota, the pace, the months."""

import calendar
import datetime
from decimal import Decimal

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from admissions.choices import QuotaSource
from admissions.models import PATH_STEP, Quota, Unit

from .counting import members_counted
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

    Three queries whatever the size of the subtree: the two quotas, the units directly under it with their
    quotas, and the admissions (this period, last year's, per month) grouped by the unit directly under
    `unit` they fall in (the first steps of their path), whose sums are the subtree's totals.
    """
    period = period_of(year, as_of)
    last = period.same_period_last_year()
    quotas = Quota.objects.filter(unit__in=_own_and_below(unit), year=year, source=source).aggregate(
        own=Max("target", filter=Q(unit=unit)), handed_down=Sum("target", filter=Q(unit__parent=unit))
    )
    members, path = members_counted(unit)
    # One date range around both periods, which the (decision_date, grassroots) index reads; each count
    # filters its own period (the days between them, this year, count in neither).
    members = members.filter(decision_date__range=(last.start, period.end))
    # Months as date ranges: comparing dates costs a fraction of extracting the month of every row.
    monthly = {
        f"m{m}": Count("decision_date", filter=period.condition & _month(year, m).condition)
        for m in range(1, 13)
    }
    # COUNT(decision_date) (never null), not COUNT(id): then the index holds every column the counts use and
    # the members' rows are never read.
    counts = {
        "this": Count("decision_date", filter=period.condition),
        "last": Count("decision_date", filter=last.condition),
    }
    # One pass over the members: grouped by the unit directly under `unit` they fall in, every count per
    # group; the subtree's totals are the sums of the groups (every member falls in exactly one).
    groups = list(
        members.annotate(child=Substr(path, 1, len(unit.path) + PATH_STEP))
        .values("child")
        .annotate(**counts, **monthly)
    )
    by_child = {row["child"]: row for row in groups}
    totals = {key: sum(row[key] for row in groups) for key in (*counts, *monthly)}
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
