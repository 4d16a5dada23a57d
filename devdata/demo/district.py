"""The demo district of Tân Phong as designed (DOMAIN.md section 7): its committees, organisations and cells.

Its 2023 figures are fixed by design and checked after loading: the district's quota from the province is
200, the grassroots quotas add up to 200, 210 members were admitted with a decision dated in 2023, and
20 of the 25 grassroots organisations met or exceeded their quota. Each `Org` carries its 2023 quota and
result; the other years are drawn around them (devdata.demo.quotas).
"""

import datetime
from dataclasses import dataclass, field

from admissions.choices import UnitLevel, UnitType

PROVINCE_CODE = "TH"
DISTRICT_CODE = "TH.TP"
# The years of the original design (the seed draws them first, so they are the same whatever today is); the
# demo goes on from there to the current year (demo_years).
FIRST_YEAR = 2022
DESIGNED_YEARS = (2022, 2023, 2024)


def demo_years(today: datetime.date) -> list[int]:
    """Every year from the first one to today's (at least the designed ones)."""
    return list(range(FIRST_YEAR, max(today.year, DESIGNED_YEARS[-1]) + 1))


def district_quota(year: int) -> int:
    """The district's own quota, assigned by the province."""
    return 190 if year == 2022 else 200


@dataclass
class Org:
    """A grassroots organisation of the district: its quota and admissions in 2023, the cells members join
    (none of its own for a single-cell organisation) and whether most of its people are of a minority."""

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
    """A commune's cells: one per village (the first `count`), then its school, health station, militia and
    police."""
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
