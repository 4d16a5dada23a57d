"""The demo district of DOMAIN.md section 7, built deterministically (fixed seed).

Its 2023 figures are fixed by design and checked after loading: the district's quota from the province is
200, the grassroots quotas add up to 200, 210 members were admitted with a decision dated in 2023, and
20 of the 25 grassroots organisations met or exceeded their quota.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from admissions import services
from admissions.choices import (
    MemberStatus,
    Occupation,
    PoliticalTheory,
    Qualification,
    Religion,
    Schooling,
    Sex,
    UnitLevel,
    UnitType,
)
from admissions.models import Member, Unit
from admissions.text import add_months

SEED = 20240220
PROVINCE_CODE = "TH"
DISTRICT_CODE = "TH.TP"
DEMO_PASSWORD = "Demo@2024"
# Of the members whose 12 months of probation are over by today: some were struck off, a few are still
# waiting for their confirmation (overdue), the others are full members.
STRUCK_OFF_SHARE = 0.02
OVERDUE_SHARE = 0.04
YEARS = (2022, 2023, 2024)
DISTRICT_QUOTA = {2022: 190, 2023: 200, 2024: 200}


@dataclass
class Org:
    key: str
    name: str
    short: str
    level: str
    unit_type: str
    quota_2023: int
    result_2023: int
    cells: list[str] = field(default_factory=list)
    minority: bool = False


D, C = UnitLevel.GRASSROOTS_COMMITTEE, UnitLevel.GRASSROOTS_CELL
T = UnitType
VILLAGES = [
    "thôn Đông",
    "thôn Đoài",
    "thôn Trung",
    "thôn Thượng",
    "thôn Hạ",
    "thôn Tiền Phong",
    "thôn Tân Tiến",
]


def _commune_cells(count: int) -> list[str]:
    return [f"Chi bộ {v}" for v in VILLAGES[:count]] + [
        "Chi bộ Trường Tiểu học và THCS",
        "Chi bộ Trạm Y tế",
        "Chi bộ Quân sự",
        "Chi bộ Công an",
    ]


ORGS = [
    Org("TL", "Đảng bộ xã Tân Lập", "Xã Tân Lập", D, T.COMMUNE, 10, 13, _commune_cells(6)),
    Org("TH", "Đảng bộ xã Tân Hòa", "Xã Tân Hòa", D, T.COMMUNE, 10, 11, _commune_cells(5)),
    Org("PT", "Đảng bộ xã Phú Thịnh", "Xã Phú Thịnh", D, T.COMMUNE, 9, 9, _commune_cells(5)),
    Org("PX", "Đảng bộ xã Phú Xuân", "Xã Phú Xuân", D, T.COMMUNE, 9, 10, _commune_cells(5)),
    Org("HB", "Đảng bộ xã Hòa Bình", "Xã Hòa Bình", D, T.COMMUNE, 8, 8, _commune_cells(4)),
    Org("HA", "Đảng bộ xã Hòa An", "Xã Hòa An", D, T.COMMUNE, 8, 6, _commune_cells(4)),
    Org("YS", "Đảng bộ xã Yên Sơn", "Xã Yên Sơn", D, T.COMMUNE, 8, 9, _commune_cells(4)),
    Org("YT", "Đảng bộ xã Yên Thành", "Xã Yên Thành", D, T.COMMUNE, 8, 8, _commune_cells(4)),
    Org("DP", "Đảng bộ xã Đông Phong", "Xã Đông Phong", D, T.COMMUNE, 8, 10, _commune_cells(4)),
    Org("DL", "Đảng bộ xã Đông Lĩnh", "Xã Đông Lĩnh", D, T.COMMUNE, 8, 5, _commune_cells(4)),
    Org("MD", "Đảng bộ xã Minh Đức", "Xã Minh Đức", D, T.COMMUNE, 8, 8, _commune_cells(4)),
    Org("MT", "Đảng bộ xã Minh Tân", "Xã Minh Tân", D, T.COMMUNE, 8, 9, _commune_cells(4)),
    Org("TLU", "Đảng bộ xã Thanh Lương", "Xã Thanh Lương", D, T.COMMUNE, 7, 7, _commune_cells(4), True),
    Org(
        "NM",
        "Đảng bộ xã Nậm Mười",
        "Xã Nậm Mười",
        D,
        T.COMMUNE,
        6,
        4,
        ["Chi bộ bản Nậm Mười", "Chi bộ bản Khe Cọ", "Chi bộ bản Pá Khoang", "Chi bộ Trường PTDTBT"],
        True,
    ),
    Org(
        "TT",
        "Đảng bộ thị trấn Tân Phong",
        "TT Tân Phong",
        D,
        T.TOWNSHIP,
        14,
        18,
        [f"Chi bộ Tổ dân phố số {n}" for n in range(1, 8)] + ["Chi bộ Trường THCS thị trấn"],
    ),
    Org("QS", "Đảng bộ Quân sự huyện", "Quân sự huyện", D, T.ARMY, 12, 13, []),
    Org(
        "CA",
        "Đảng bộ Công an huyện",
        "Công an huyện",
        D,
        T.POLICE,
        12,
        15,
        [
            "Chi bộ Đội Cảnh sát giao thông",
            "Chi bộ Đội An ninh",
            "Chi bộ Đội Cảnh sát hình sự",
            "Chi bộ Đội Tham mưu",
        ],
    ),
    Org(
        "CQ",
        "Đảng bộ Cơ quan Chính quyền huyện",
        "Cơ quan Chính quyền",
        D,
        T.STATE_AGENCY,
        8,
        8,
        [
            "Chi bộ Văn phòng HĐND và UBND",
            "Chi bộ Phòng Tài chính – Kế hoạch",
            "Chi bộ Phòng Nội vụ",
            "Chi bộ Phòng Nông nghiệp",
        ],
    ),
    Org(
        "DT",
        "Đảng bộ Các cơ quan Đảng – Đoàn thể huyện",
        "Cơ quan Đảng – Đoàn thể",
        D,
        T.PARTY_MASS_AGENCY,
        7,
        8,
        ["Chi bộ Văn phòng Huyện ủy", "Chi bộ Ban Tuyên giáo – Dân vận", "Chi bộ Mặt trận – Đoàn thể"],
    ),
    Org(
        "YTE",
        "Đảng bộ Trung tâm Y tế huyện",
        "Trung tâm Y tế",
        D,
        T.PUBLIC_SERVICE,
        8,
        9,
        ["Chi bộ Khoa Nội", "Chi bộ Khoa Ngoại", "Chi bộ Khoa Sản", "Chi bộ Hành chính"],
    ),
    Org("THPT1", "Chi bộ Trường THPT Tân Phong", "THPT Tân Phong", C, T.PUBLIC_SERVICE, 5, 6),
    Org("THPT2", "Chi bộ Trường THPT Nguyễn Trãi", "THPT Nguyễn Trãi", C, T.PUBLIC_SERVICE, 5, 3),
    Org(
        "GDNN",
        "Chi bộ Trung tâm Giáo dục nghề nghiệp – GDTX huyện",
        "TT GDNN–GDTX",
        C,
        T.PUBLIC_SERVICE,
        5,
        5,
    ),
    Org("TLOI", "Chi bộ Công ty TNHH MTV Thủy lợi Tân Phong", "Cty Thủy lợi", C, T.STATE_ENTERPRISE, 4, 5),
    Org("MAY", "Chi bộ Công ty Cổ phần May Tân Phong", "Cty May Tân Phong", C, T.PRIVATE_ENTERPRISE, 5, 3),
]
# The army committee has an intermediate level, so the tree reaches depth 4 (province = 0).
ARMY_INTERMEDIATE = {
    "Đảng bộ bộ phận Cơ quan Quân sự": ["Chi bộ Tham mưu", "Chi bộ Chính trị", "Chi bộ Hậu cần – Kỹ thuật"],
    "Đảng bộ bộ phận Đại đội": ["Chi bộ Trung đội 1", "Chi bộ Trung đội 2"],
}
# Two villages of Tân Hòa merged at the start of 2024: the old cells close, the new one succeeds them.
MERGE_DAY = datetime.date(2024, 1, 1)
MERGED_CELLS = ("Chi bộ thôn Thượng", "Chi bộ thôn Hạ")
MERGED_INTO = "Chi bộ thôn Thượng Hạ"

FAMILY = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng"] * 5
    + ["Vũ"] * 4
    + ["Đặng"] * 3
    + ["Bùi"] * 3
    + ["Đỗ"] * 3
    + ["Hồ"] * 2
    + ["Ngô"] * 2
    + ["Dương"] * 2
    + ["Phan"] * 3
    + ["Lý", "Đinh", "Trịnh", "Tạ", "Cao", "Lương", "Mai", "Đào", "Tô", "Chu"]
)
MIDDLE = {
    Sex.MALE: ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Xuân", "Công", "Tiến"],
    Sex.FEMALE: ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Phương", "Mai"],
}
GIVEN = {
    Sex.MALE: [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Đức",
        "Hải",
        "Hùng",
        "Huy",
        "Khánh",
        "Long",
        "Mạnh",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Thành",
        "Trung",
        "Tuấn",
        "Việt",
        "Hiếu",
        "Lâm",
    ],
    Sex.FEMALE: [
        "Anh",
        "Ánh",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hằng",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Quỳnh",
        "Thảo",
        "Trang",
        "Yến",
    ],
}
MINORITY_FAMILY = {
    "Tày": ["Hoàng", "Nông", "Ma", "Lục"],
    "Dao": ["Triệu", "Bàn", "Lý", "Đặng"],
    "Mông": ["Giàng", "Sùng", "Vàng", "Lù"],
}
PROVINCE_ID_PREFIX = "038"


class DemoBuilder:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.used_ids: set[str] = set()
        self.decision_counter: dict[int, int] = {}

    # --- units -----------------------------------------------------------------------------------------
    def build_tree(self):
        province = services.unit_create(
            code=PROVINCE_CODE,
            name="Tỉnh ủy Thanh Hà",
            short_name="Tỉnh ủy",
            level=UnitLevel.PROVINCE,
            unit_type=UnitType.OTHER,
        )
        district = services.unit_create(
            parent=province,
            code=DISTRICT_CODE,
            name="Huyện ủy Tân Phong",
            short_name="Huyện ủy Tân Phong",
            level=UnitLevel.SUPERIOR,
            unit_type=UnitType.OTHER,
        )
        orgs = []
        for order, org in enumerate(ORGS, start=1):
            unit = services.unit_create(
                parent=district,
                code=f"{DISTRICT_CODE}.{org.key}",
                name=org.name,
                short_name=org.short,
                level=org.level,
                unit_type=org.unit_type,
                sort_order=order,
                valid_from=datetime.date(1976, 1, 1),
            )
            cells = self._cells_of(unit, org)
            orgs.append((org, unit, cells))
        return province, district, orgs

    def _cells_of(self, unit: Unit, org: Org) -> list[Unit]:
        if unit.level == UnitLevel.GRASSROOTS_CELL:
            return [unit]
        cells = []
        names = list(org.cells)
        if org.key == "QS":
            for i, (mid_name, cell_names) in enumerate(ARMY_INTERMEDIATE.items(), start=1):
                mid = services.unit_create(
                    parent=unit,
                    code=f"{unit.code}.B{i}",
                    name=mid_name,
                    level=UnitLevel.INTERMEDIATE,
                    unit_type=unit.unit_type,
                    sort_order=i,
                )
                cells += [
                    services.unit_create(
                        parent=mid,
                        code=f"{mid.code}.{j:02d}",
                        name=name,
                        level=UnitLevel.SUBORDINATE_CELL,
                        unit_type=unit.unit_type,
                        sort_order=j,
                    )
                    for j, name in enumerate(cell_names, start=1)
                ]
            return cells
        for j, name in enumerate(names, start=1):
            closing = org.key == "TH" and name in MERGED_CELLS
            cells.append(
                services.unit_create(
                    parent=unit,
                    code=f"{unit.code}.{j:02d}",
                    name=name,
                    level=UnitLevel.SUBORDINATE_CELL,
                    unit_type=unit.unit_type,
                    sort_order=j,
                    valid_to=MERGE_DAY - datetime.timedelta(days=1) if closing else None,
                )
            )
        if org.key == "TH":
            merged = services.unit_create(
                parent=unit,
                code=f"{unit.code}.{len(names) + 1:02d}",
                name=MERGED_INTO,
                level=UnitLevel.SUBORDINATE_CELL,
                unit_type=unit.unit_type,
                sort_order=len(names) + 1,
                valid_from=MERGE_DAY,
            )
            for old in cells:
                if old.name in MERGED_CELLS:
                    services.unit_close(unit=old, valid_to=old.valid_to, successor=merged)
            cells.append(merged)
        return cells

    # --- quotas ----------------------------------------------------------------------------------------
    def set_quotas(self, district, orgs) -> dict[tuple[int, int], int]:
        """Quotas per year; returns the number of admissions to generate per (year, unit id)."""
        plan = {}
        for year in YEARS:
            services.quota_set(
                unit=district,
                year=year,
                target=DISTRICT_QUOTA[year],
                document_number=f"{12 + year % 10}-TB/TU",
                document_date=datetime.date(year, 1, 10),
                note="Chỉ tiêu Ban Thường vụ Tỉnh ủy giao",
            )
            for org, unit, _cells in orgs:
                if year == 2023:
                    quota, result = org.quota_2023, org.result_2023
                else:
                    quota = max(2, org.quota_2023 + self.rng.choice([-1, 0, 0, 1]))
                    result = max(0, quota + self.rng.choice([-3, -1, 0, 0, 1, 2, 3]))
                services.quota_set(
                    unit=unit,
                    year=year,
                    target=quota,
                    document_number=f"{45 + year % 10}-TB/HU",
                    document_date=datetime.date(year, 1, 20),
                    note="Ban Thường vụ Huyện ủy giao chỉ tiêu",
                )
                plan[year, unit.pk] = result
        return plan

    # --- members ---------------------------------------------------------------------------------------
    def _decision_day(self, year: int) -> datetime.date:
        # Admissions cluster around 3/2, 19/5 and 2/9, the days committees hold ceremonies for.
        anchor = self.rng.choice([(1, 25), (5, 10), (8, 25), (3, 15), (7, 10), (10, 15), (12, 10)])
        day = datetime.date(year, *anchor) + datetime.timedelta(days=self.rng.randint(-20, 20))
        return day if day.year == year else datetime.date(year, anchor[0], anchor[1])

    def _national_id(self, sex: str, born: datetime.date) -> str:
        century = (0 if born.year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
        while True:
            candidate = f"{PROVINCE_ID_PREFIX}{century}{born.year % 100:02d}{self.rng.randint(0, 999999):06d}"
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def _occupation(self, org: Org, cell: Unit) -> str:
        r = self.rng.random()
        if org.unit_type in (T.ARMY, T.POLICE):
            return Occupation.ARMED_FORCES
        if org.unit_type in (T.STATE_AGENCY, T.PARTY_MASS_AGENCY):
            return Occupation.STATE_CADRE
        if org.key in ("THPT1", "THPT2"):
            return Occupation.PUPIL if r < 0.35 else Occupation.TEACHER
        if org.key == "GDNN":
            return Occupation.STUDENT if r < 0.4 else Occupation.TEACHER
        if org.unit_type == T.PUBLIC_SERVICE:
            return Occupation.PUBLIC_EMPLOYEE
        if org.unit_type in (T.STATE_ENTERPRISE, T.PRIVATE_ENTERPRISE):
            return Occupation.ENTERPRISE
        if "Trường" in cell.name:
            return Occupation.TEACHER
        if "Trạm Y tế" in cell.name:
            return Occupation.PUBLIC_EMPLOYEE
        if "Quân sự" in cell.name or "Công an" in cell.name:
            return Occupation.ARMED_FORCES if r < 0.6 else Occupation.COMMUNE_CADRE
        return self.rng.choices(
            [
                Occupation.FARMER,
                Occupation.COMMUNE_CADRE,
                Occupation.OTHER,
                Occupation.ENTERPRISE,
                Occupation.STUDENT,
            ],
            weights=[50, 15, 15, 12, 8],
        )[0]

    def _age_years(self, occupation: str) -> int:
        if occupation == Occupation.PUPIL:
            return 18
        if occupation == Occupation.STUDENT:
            return self.rng.randint(19, 22)
        return min(59, max(18, int(self.rng.gauss(29, 6))))

    def member_fields(self, org: Org, cell: Unit, decision_date: datetime.date) -> dict:
        rng = self.rng
        occupation = self._occupation(org, cell)
        female_share = 0.15 if occupation == Occupation.ARMED_FORCES else 0.55
        sex = Sex.FEMALE if rng.random() < female_share else Sex.MALE
        ethnicity = "Kinh"
        family = rng.choice(FAMILY)
        if org.minority and rng.random() < 0.8:
            ethnicity = rng.choice(list(MINORITY_FAMILY))
            family = rng.choice(MINORITY_FAMILY[ethnicity])
        elif rng.random() < 0.04:
            ethnicity = rng.choice(["Tày", "Mường", "Nùng", "Thái"])
        middle = rng.choice(MIDDLE[sex])
        name = f"{family} {middle} {rng.choice(GIVEN[sex])}"
        age = self._age_years(occupation)
        born = decision_date - datetime.timedelta(days=int(365.25 * age) + rng.randint(30, 330))
        if occupation == Occupation.PUPIL:  # pupils are admitted soon after turning 18
            born = add_months(decision_date, -18 * 12) - datetime.timedelta(days=rng.randint(0, 200))
        ceremony = decision_date + datetime.timedelta(days=rng.randint(5, 28))
        probation_end = add_months(ceremony, 12)
        # Draw the outcome whatever the date, so the same seed gives the same people on any day.
        outcome, delay = rng.random(), datetime.timedelta(days=rng.randint(3, 40))
        status, confirmation, struck_off = MemberStatus.PROBATIONARY, None, None
        if probation_end + delay <= timezone.localdate():
            if outcome < STRUCK_OFF_SHARE:
                status, struck_off = MemberStatus.STRUCK_OFF, probation_end
            elif outcome >= STRUCK_OFF_SHARE + OVERDUE_SHARE:
                status, confirmation = MemberStatus.FULL, probation_end + delay
            # else: still probationary past the 12 months, the overdue cases the life-cycle page lists
        educated = occupation in (Occupation.STATE_CADRE, Occupation.TEACHER, Occupation.PUBLIC_EMPLOYEE)
        qualification = (
            rng.choice([Qualification.UNIVERSITY] * 4 + [Qualification.MASTER, Qualification.COLLEGE])
            if educated
            else rng.choice(
                [Qualification.NONE] * 3
                + [
                    Qualification.INTERMEDIATE,
                    Qualification.COLLEGE,
                    Qualification.UNIVERSITY,
                    Qualification.ELEMENTARY,
                ]
            )
        )
        if occupation in (Occupation.PUPIL,):
            qualification = Qualification.NONE
        schooling = (
            Schooling.GRADE_12
            if educated or occupation == Occupation.PUPIL or rng.random() < 0.8
            else rng.choice([Schooling.GRADE_9, Schooling.GRADE_10, Schooling.GRADE_11])
        )
        year = decision_date.year
        self.decision_counter[year] = self.decision_counter.get(year, 0) + 1
        return {
            "full_name": name,
            "sex": sex,
            "date_of_birth": born,
            "ethnicity": ethnicity,
            "religion": rng.choices(
                [Religion.NONE, Religion.BUDDHISM, Religion.CATHOLIC, Religion.PROTESTANT],
                weights=[86, 9, 4, 1],
            )[0],
            "home_town": f"{org.short if org.unit_type in (T.COMMUNE, T.TOWNSHIP) else 'Huyện Tân Phong'}, "
            "tỉnh Thanh Hà",
            "national_id": self._national_id(sex, born),
            "occupation": occupation,
            "schooling": schooling,
            "qualification": qualification,
            "political_theory": PoliticalTheory.ELEMENTARY
            if educated and rng.random() < 0.4
            else PoliticalTheory.NONE,
            "youth_union": age <= 30 and rng.random() < 0.75,
            "private_business_owner": occupation == Occupation.OTHER and rng.random() < 0.15,
            "cell": cell,
            "decision_number": f"{self.decision_counter[year]:03d}-QĐ/HU",
            "decision_date": decision_date,
            "ceremony_date": ceremony,
            "confirmation_date": confirmation,
            "status": status,
            "struck_off_date": struck_off,
            "readmission": rng.random() < 0.01,
            "record_number": f"TP-{year}-{self.decision_counter[year]:04d}",
            "card_number": f"{rng.randint(10_000_000, 99_999_999)}" if confirmation else "",
        }

    def admit(self, orgs, plan):
        for year in YEARS:
            for org, unit, cells in orgs:
                for _ in range(plan[year, unit.pk]):
                    decision_date = self._decision_day(year)
                    open_cells = [c for c in cells if c.is_open_on(decision_date)]
                    cell = self.rng.choice(open_cells)
                    services.member_create(**self.member_fields(org, cell, decision_date))


def ensure_demo_users(district: Unit) -> list[tuple[str, str, str]]:
    """The three demo logins (one per role), created if missing; returns (username, role, unit) rows."""
    clerk_unit = Unit.objects.get(code=f"{DISTRICT_CODE}.TL")
    specs = [
        ("bantochuc", "Nguyễn Thị", "Hoa", Role.COMMITTEE_STAFF, district, True),
        ("vanthu.tanlap", "Trần Văn", "Nam", Role.UNIT_CLERK, clerk_unit, False),
        ("lanhdao", "Lê Quang", "Minh", Role.VIEWER, district, False),
    ]
    rows = []
    for username, first, last, role, unit, admin in specs:
        if not User.objects.filter(username=username).exists():
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                unit=unit,
                is_staff=admin,
                is_superuser=admin,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        rows.append((username, str(Role(role).label), unit.name))
    return rows


def load_demo() -> tuple[bool, Unit]:
    """Build the demo district unless it is there already. Returns (created, district)."""
    existing = Unit.objects.filter(code=DISTRICT_CODE).first()
    if existing:
        return False, existing
    with transaction.atomic():
        builder = DemoBuilder()
        _province, district, orgs = builder.build_tree()
        plan = builder.set_quotas(district, orgs)
        builder.admit(orgs, plan)
    return True, district


def demo_member_count() -> int:
    return Member.objects.filter(cell__path__startswith=Unit.objects.get(code=DISTRICT_CODE).path).count()
