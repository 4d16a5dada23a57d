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
from admissions.models import MAX_AGE_MONTHS, Unit

from .counting import members_counted
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


def breakdown(unit: Unit, year: int, *, as_of: datetime.date | None = None) -> Breakdown:
    """The Biểu 2 statistics of the admissions under `unit` in `year` up to `as_of`, against the same
    period last year.

    One query, one pass over the members (400,000 for two years at national scale): grouped by ethnicity,
    each group with the count of every fixed row and the sum of the ages (the stored `age_months`) for each
    period. A fixed row's figure is the sum over the ethnic groups.
    """
    period = period_of(year, as_of)
    last = period.same_period_last_year()
    # One date range around both periods, as in yearly_attainment (each count filters its own period):
    # adding "in one period or the other" made PostgreSQL expect a few thousand rows, not 400,000, and
    # aggregate them in one process instead of in its parallel workers.
    members = members_counted(unit)[0].filter(decision_date__range=(last.start, period.end))
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
