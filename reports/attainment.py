"""Every report figure, computed here and nowhere else (DOMAIN.md sections 4 and 6).

The web report, the Excel workbook, the charts and the tests all call the two entry points:

- `yearly_attainment(unit, year, *, as_of=None, source=QuotaSource.ASSIGNED) -> Attainment`: the unit's
  own line (its quota from above beside the sum it handed down), one line per unit directly under it,
  "x/y completed", the units without admission, the pace as of a day, the months and their cumulative curve.
- `breakdown(unit, year, *, as_of=None) -> Breakdown`: the Biểu 2 statistics of the admitted members.

Counting rule: an admission counts in the year of its decision date (ngày ký quyết định kết nạp), in every
unit above the cell it was admitted into. A report "as of" a day counts decisions from 01/01 to that day;
the same period last year runs from 01/01 to the same day and month of the previous year. Rates are never
capped, and a unit without a quota has no rate ("chưa giao chỉ tiêu"), never a division error.

Everything is aggregated in SQL with a fixed number of queries, whatever the number of units or members.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Func, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.choices import (
    GRASSROOTS_LEVELS,
    MAJORITY_ETHNICITY,
    Occupation,
    Qualification,
    QuotaSource,
    Religion,
    Schooling,
    Sex,
    UnitLevel,
    UnitType,
)
from admissions.models import MAX_AGE_MONTHS, PATH_STEP, Member, Quota, Unit
from admissions.selectors import members_in_subtree

# Units whose subtree holds whole grassroots organisations: their members are placed by the organisation.
ABOVE_GRASSROOTS_LEVELS = (UnitLevel.PROVINCE, UnitLevel.SUPERIOR)


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


# --- periods ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The days whose admission decisions a figure counts, both ends included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year_to(cls, as_of: datetime.date) -> "Period":
        return cls(datetime.date(as_of.year, 1, 1), as_of)

    def same_period_last_year(self) -> "Period":
        end = self.end
        last_day = calendar.monthrange(end.year - 1, end.month)[1]  # 29/02 -> 28/02
        return Period(
            self.start.replace(year=self.start.year - 1),
            end.replace(year=end.year - 1, day=min(end.day, last_day)),
        )

    @property
    def condition(self) -> Q:
        return Q(decision_date__gte=self.start, decision_date__lte=self.end)


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """Today for the current year, 31/12 for a past year, 01/01 for a future one."""
    today = today or timezone.localdate()
    if year == today.year:
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)


def _period(year: int, as_of: datetime.date | None) -> Period:
    as_of = as_of or default_as_of(year)
    if as_of.year != year:
        raise ValueError(f"as_of {as_of} is not in {year}")
    return Period.year_to(as_of)


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


# --- attainment ------------------------------------------------------------------------------------------


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
        """ "210/200", or just the result when there is no quota."""
        return str(self.result) if self.quota is None else f"{self.result}/{self.quota}"


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


def _count(members, condition: Q) -> Func:
    """COUNT(*) of the members matching `condition`, as a scalar subquery (always one row)."""
    return Coalesce(
        Subquery(
            members.filter(condition).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        ),
        0,
    )


def _child_count(condition: Q):
    """Admissions matching `condition` under the unit of the outer query. A grassroots organisation reads the
    denormalised, indexed `Member.grassroots`; any other unit the materialised path of the cell."""
    return models.Case(
        models.When(
            level__in=GRASSROOTS_LEVELS,
            then=_count(Member.objects.filter(grassroots=OuterRef("pk")), condition),
        ),
        default=_count(Member.objects.filter(cell__path__startswith=OuterRef("path")), condition),
        output_field=IntegerField(),
    )


def result_in_year(year: int):
    """Admissions in `year` under the unit of an outer Unit query, to annotate a list of units with (the
    quota sheet's "result" column): the same count as a Line's result for a whole year."""
    return _child_count(Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31)).condition)


def _subtree(unit: Unit) -> tuple[QuerySet, str]:
    """The members admitted under `unit`, and the path that places each of them in the tree.

    Above the grassroots organisations, a member is placed by the path of its denormalised, indexed
    `grassroots`: the join touches the organisations (50,000 at national scale) and reads the members through
    the (grassroots, decision date) or (decision date, grassroots) index, where joining every member to its
    cell's path (250,000 cells) took seconds. Within an organisation (its intermediate committees and cells)
    only the cell's path tells them apart, and the subtree is small.
    """
    if unit.level in ABOVE_GRASSROOTS_LEVELS:
        members = Member.objects.filter(
            grassroots__path__startswith=unit.path, grassroots__level__in=GRASSROOTS_LEVELS
        )
        return members, "grassroots__path"
    return members_in_subtree(unit), "cell__path"


def yearly_attainment(
    unit: Unit, year: int, *, as_of: datetime.date | None = None, source: str = QuotaSource.ASSIGNED
) -> Attainment:
    """Attainment of `unit` and of each unit directly under it for `year`, counted up to `as_of`.

    Three queries whatever the size of the subtree: the two quotas, the units directly under it with their
    quotas, and the admissions (this period, last year's, per month) grouped by the unit directly under
    `unit` they fall in (the first steps of their path), whose sums are the subtree's totals.
    """
    period = _period(year, as_of)
    last = period.same_period_last_year()
    quotas = Quota.objects.filter(unit__in=_own_and_below(unit), year=year, source=source).aggregate(
        own=Max("target", filter=Q(unit=unit)), handed_down=Sum("target", filter=Q(unit__parent=unit))
    )
    members, path = _subtree(unit)
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


# --- breakdown (Biểu 2) ---------------------------------------------------------------------------------


# (key, label, lowest full years, highest full years): bands of age at the decision date.
AGE_BANDS = [
    ("18-30", _("Từ 18 đến 30 tuổi"), None, 30),
    ("31-35", _("Từ 31 đến 35 tuổi"), 31, 35),
    ("36-40", _("Từ 36 đến 40 tuổi"), 36, 40),
    ("41-45", _("Từ 41 đến 45 tuổi"), 41, 45),
    ("46-50", _("Từ 46 đến 50 tuổi"), 46, 50),
    ("51-55", _("Từ 51 đến 55 tuổi"), 51, 55),
    ("56-60", _("Từ 56 đến 60 tuổi"), 56, 60),
    ("over-60", _("Trên 60 tuổi"), 61, None),  # see _age_band,
]


def _age_band(low: int | None, high: int | None) -> Q:
    """Full years low..high. "Over 60" follows the eligibility rule counted in months (Quy định 232): one
    month past the 60th birthday is over 60, so the 56–60 band ends on the 60th birthday itself."""
    condition = Q()
    if low is not None:
        condition &= Q(age_months__gt=MAX_AGE_MONTHS) if low > 60 else Q(age_months__gte=low * 12)
    if high is not None:
        condition &= Q(age_months__lte=MAX_AGE_MONTHS) if high == 60 else Q(age_months__lt=(high + 1) * 12)
    return condition


def _choices(prefix: str, field: str, choices) -> list[tuple[str, object, Q, int]]:
    return [(f"{prefix}:{value}", label, Q(**{field: value}), 1) for value, label in choices]


OCCUPATION_ROWS = [
    ("occupation:can_bo_cong_chuc", _("Cán bộ, công chức nhà nước"), Q(occupation=Occupation.STATE_CADRE), 1),
    ("occupation:can_bo_xa", _("Cán bộ, công chức cấp xã"), Q(occupation=Occupation.COMMUNE_CADRE), 1),
    (
        "occupation:vien_chuc",
        _("Viên chức sự nghiệp (kể cả giáo viên)"),
        Q(occupation__in=[Occupation.TEACHER, Occupation.PUBLIC_EMPLOYEE]),
        1,
    ),
    ("occupation:giao_vien", _("Trong đó: giáo viên"), Q(occupation=Occupation.TEACHER), 2),
    (
        "occupation:doanh_nghiep",
        _("Công nhân, người lao động trong doanh nghiệp"),
        Q(occupation=Occupation.ENTERPRISE),
        1,
    ),
    ("occupation:nong_dan", _("Nông dân"), Q(occupation=Occupation.FARMER), 1),
    ("occupation:luc_luong_vu_trang", _("Lực lượng vũ trang"), Q(occupation=Occupation.ARMED_FORCES), 1),
    ("occupation:sinh_vien", _("Sinh viên"), Q(occupation=Occupation.STUDENT), 1),
    ("occupation:hoc_sinh", _("Học sinh"), Q(occupation=Occupation.PUPIL), 1),
    ("occupation:khac", _("Khác"), Q(occupation=Occupation.OTHER), 1),
]

# The sections of Biểu 2 with fixed rows: (title, [(key, label, condition, indent)]).
SECTIONS = [
    (None, [("total", _("Tổng số đảng viên mới kết nạp"), Q(), 0)]),
    (
        _("Trong đó"),
        [
            ("women", _("Nữ"), Q(sex=Sex.FEMALE), 1),
            ("ethnic_minority", _("Người dân tộc thiểu số"), ~Q(ethnicity=MAJORITY_ETHNICITY), 1),
            ("religious", _("Người có đạo"), ~Q(religion=Religion.NONE), 1),
            ("youth_union", _("Đoàn viên TNCS Hồ Chí Minh"), Q(youth_union=True), 1),
            ("business_owner", _("Chủ doanh nghiệp tư nhân"), Q(private_business_owner=True), 1),
            ("readmission", _("Kết nạp lại"), Q(readmission=True), 1),
        ],
    ),
    (_("Nghề nghiệp"), OCCUPATION_ROWS),
    (
        _("Độ tuổi (tại ngày quyết định kết nạp)"),
        [(f"age:{k}", label, _age_band(lo, hi), 1) for k, label, lo, hi in AGE_BANDS],
    ),
    (_("Trình độ giáo dục phổ thông"), _choices("schooling", "schooling", Schooling.choices)),
    (_("Trình độ chuyên môn, nghiệp vụ"), _choices("qualification", "qualification", Qualification.choices)),
    (_("Loại hình tổ chức cơ sở đảng"), _choices("unit_type", "grassroots__unit_type", UnitType.choices)),
    (_("Tôn giáo"), _choices("religion", "religion", Religion.choices)),
]


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


def _mean_years(months: int, count: int) -> Decimal | None:
    return Decimal(months) / count / 12 if count else None


def breakdown(unit: Unit, year: int, *, as_of: datetime.date | None = None) -> Breakdown:
    """The Biểu 2 statistics of the admissions under `unit` in `year` up to `as_of`, against the same
    period last year.

    One query, one pass over the members (400,000 for two years at national scale): grouped by ethnicity,
    each group with the count of every fixed row and the sum of the ages (the stored `age_months`) for each
    period. A fixed row's figure is the sum over the ethnic groups.
    """
    period = _period(year, as_of)
    last = period.same_period_last_year()
    # One date range around both periods, as in yearly_attainment (each count filters its own period):
    # adding "in one period or the other" made PostgreSQL expect a few thousand rows, not 400,000, and
    # aggregate them in one process instead of in its parallel workers.
    members = _subtree(unit)[0].filter(decision_date__range=(last.start, period.end))
    periods = {"this": period.condition, "last": last.condition}
    fixed_rows = [row for _title, rows in SECTIONS for row in rows]
    aggregates = {}
    for n, (_key, _label, condition, _indent) in enumerate(fixed_rows):
        for name, within in periods.items():
            aggregates[f"r{n}_{name}"] = Count("pk", filter=condition & within)
    for name, within in periods.items():
        aggregates[f"age_{name}"] = Sum("age_months", filter=within)
    groups = list(members.values("ethnicity").annotate(**aggregates).order_by())

    def total(key: str) -> int:
        return sum(row[key] or 0 for row in groups)

    figures = {
        key: Figure(key, label, total(f"r{n}_this"), total(f"r{n}_last"), indent)
        for n, (key, label, _condition, indent) in enumerate(fixed_rows)
    }
    sections = [Section(title, [figures[row[0]] for row in rows]) for title, rows in SECTIONS]
    everyone = figures["total"]
    mean_age = Figure(
        "age:mean",
        _("Tuổi bình quân"),
        _mean_years(total("age_this"), everyone.this_period),
        _mean_years(total("age_last"), everyone.last_period),
        1,
        True,
    )
    next(s for s in sections if s.figures[0].key.startswith("age:")).figures.append(mean_age)
    total_row = next(n for n, row in enumerate(fixed_rows) if row[0] == "total")
    ethnic = sorted(
        ((row["ethnicity"], row[f"r{total_row}_this"], row[f"r{total_row}_last"]) for row in groups),
        key=lambda item: (-item[1], -item[2], item[0]),
    )
    sections.append(
        Section(
            _("Dân tộc"),
            [
                Figure(f"ethnicity:{name}", name, this, last_count)
                for name, this, last_count in ethnic
                if this or last_count
            ],
        )
    )
    return Breakdown(unit=unit, year=year, period=period, last_period=last, sections=sections)


def admitted_members(unit: Unit, year: int, *, as_of: datetime.date | None = None):
    """The members counted in `unit`'s result for the period, with their cell and grassroots organisation
    (one query), in the order committees file them: by grassroots organisation, then decision date."""
    period = _period(year, as_of)
    return (
        members_in_subtree(unit)
        .filter(period.condition)
        .select_related("cell", "grassroots")
        .order_by("grassroots__path", "decision_date", "sort_name", "pk")
    )
