"""Biểu 2 (DOMAIN.md 6.2 and 6.3): who the admitted members are, this period against the same period last year."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from admissions.choices import (
    MAJORITY_ETHNICITY,
    Occupation,
    Qualification,
    Religion,
    Schooling,
    Sex,
    UnitType,
)
from admissions.models import (
    MAX_AGE_MONTHS,
    AdmissionEthnicitySummary,
    AdmissionSummary,
    Unit,
    summary_column,
)

from .counting import days_condition, members_counted, months_condition, summary_read
from .figures import Breakdown, Figure, Section
from .periods import period_of

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


def _mean_years(months: int, count: int) -> Decimal | None:
    return Decimal(months) / count / 12 if count else None


def _summary_groups(unit: Unit, months: dict[str, list], fixed_rows: list) -> list[dict]:
    """The whole months of `unit`'s summary as groups shaped like the members' (see breakdown()): one
    without ethnicity holding every fixed row's counts and the ages, and one per ethnic group holding its
    total only (the fixed rows are summed over the groups, the ethnicity table read from them)."""
    within = {name: months_condition(in_period) for name, in_period in months.items()}
    sums = {}
    for n, (key, _label, _condition, _indent) in enumerate(fixed_rows):
        column = "admitted" if key == "total" else summary_column(key)
        for name, condition in within.items():
            sums[f"r{n}_{name}"] = Sum(column, filter=condition)
    for name, condition in within.items():
        sums[f"age_{name}"] = Sum("age_months", filter=condition)
    total_row = next(n for n, row in enumerate(fixed_rows) if row[0] == "total")
    everything = AdmissionSummary.objects.filter(unit=unit).aggregate(**sums) | {"ethnicity": None}
    # The total is the ethnic groups' sum (the same admissions, counted once).
    everything |= {f"r{total_row}_{name}": 0 for name in within}
    by_ethnicity = (
        AdmissionEthnicitySummary.objects.filter(unit=unit)
        .values("ethnicity")
        .annotate(**{f"r{total_row}_{name}": Sum("admitted", filter=c) for name, c in within.items()})
        .order_by()
    )
    zero = dict.fromkeys(everything, 0)
    return [everything, *({**zero, **row} for row in by_ethnicity)]


def breakdown(unit: Unit, year: int, *, as_of: datetime.date | None = None) -> Breakdown:
    """The Biểu 2 statistics of the admissions under `unit` in `year` up to `as_of`, against the same
    period last year.

    One pass over the members, grouped by ethnicity, each group with the count of every fixed row and the
    sum of the ages (the stored `age_months`) for each period. A fixed row's figure is the sum over the
    groups. A committee above the organisations reads the whole months from its summary rows (two queries:
    every column's sums, the ethnic groups') and only the days left over from its members.
    """
    period = period_of(year, as_of)
    last = period.same_period_last_year()
    # One date range around both periods, as in yearly_attainment (each count filters its own period):
    # adding "in one period or the other" made PostgreSQL expect a few thousand rows, not 400,000, and
    # aggregate them in one process instead of in its parallel workers.
    members = members_counted(unit)[0].filter(decision_date__range=(last.start, period.end))
    periods = {"this": period, "last": last}
    fixed_rows = [row for _title, rows in SECTIONS for row in rows]
    from_summary = summary_read(unit)
    if from_summary:
        # The whole months from the committee's summary rows, the days left over from its members.
        split = {name: within.split_by_month() for name, within in periods.items()}
        partial = days_condition([day for _months, days in split.values() for day in days])
        members = members.none() if partial is None else members.filter(partial)
    aggregates = {}
    for n, (_key, _label, condition, _indent) in enumerate(fixed_rows):
        for name, within in periods.items():
            aggregates[f"r{n}_{name}"] = Count("pk", filter=condition & within.condition)
    for name, within in periods.items():
        aggregates[f"age_{name}"] = Sum("age_months", filter=within.condition)
    groups = list(members.values("ethnicity").annotate(**aggregates).order_by())
    if from_summary:
        groups += _summary_groups(unit, {name: months for name, (months, _days) in split.items()}, fixed_rows)

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
    by_ethnicity: dict[str, list[int]] = {}
    for row in groups:
        if row["ethnicity"] is not None:
            counts = by_ethnicity.setdefault(row["ethnicity"], [0, 0])
            counts[0] += row[f"r{total_row}_this"] or 0
            counts[1] += row[f"r{total_row}_last"] or 0
    ethnic = sorted(
        ((name, this, last_count) for name, (this, last_count) in by_ethnicity.items()),
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
