"""The generated unit tree: a root, provinces (national tier), superior committees, grassroots organisations
and their cells, with ids and materialised paths computed here rather than by one service call per unit.

Also the committees above the organisations, bottom up, which the quotas need.
"""

import random
from dataclasses import dataclass, field
from typing import NamedTuple

from admissions.choices import UnitLevel, UnitType
from admissions.models import PATH_STEP, unit_search_text

from .picker import Picker
from .tiers import Tier

CBCS_SHARE = 0.2  # grassroots organisations that are a single cell (chi bộ cơ sở)
INTERMEDIATE_SHARE = 0.1  # ĐBCS with two đảng bộ bộ phận between them and their cells

PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau",
    "An Giang",
]  # fmt: skip
SYLLABLES = [
    "Tân", "Phú", "Hòa", "Yên", "Đông", "Minh", "Thanh", "An", "Bình", "Hưng", "Quang", "Xuân", "Thịnh",
    "Lập", "Phong", "Thành", "Trung", "Sơn", "Lộc", "Long", "Hải", "Đức", "Thuận", "Vĩnh", "Cẩm", "Kim",
    "Nghĩa", "Hiệp", "Tiến", "Thắng", "Lương", "Mỹ", "Khánh", "Quảng", "Định", "Hà",
]  # fmt: skip

T = UnitType
# Loại hình of grassroots organisations, roughly as in Biểu 5.
UNIT_TYPE_WEIGHTS = {
    T.COMMUNE: 30, T.WARD: 10, T.TOWNSHIP: 3, T.PARTY_MASS_AGENCY: 6, T.STATE_AGENCY: 9,
    T.PUBLIC_SERVICE: 20, T.ARMY: 3, T.POLICE: 3, T.STATE_ENTERPRISE: 4, T.PRIVATE_ENTERPRISE: 8,
    T.COOPERATIVE: 2, T.OTHER: 2,
}  # fmt: skip
ORG_NAMES = {
    T.COMMUNE: "xã {p}", T.WARD: "phường {p}", T.TOWNSHIP: "thị trấn {p}",
    T.PARTY_MASS_AGENCY: "Các cơ quan Đảng – Đoàn thể {p}", T.STATE_AGENCY: "Cơ quan Chính quyền {p}",
    T.PUBLIC_SERVICE: "Trường THPT {p}", T.ARMY: "Quân sự {p}", T.POLICE: "Công an {p}",
    T.STATE_ENTERPRISE: "Công ty TNHH MTV {p}", T.PRIVATE_ENTERPRISE: "Công ty Cổ phần {p}",
    T.COOPERATIVE: "Hợp tác xã {p}", T.OTHER: "Hội {p}",
}  # fmt: skip
TERRITORIAL = (T.COMMUNE, T.WARD, T.TOWNSHIP)

UNIT_COLUMNS = ["id", "parent_id", "code", "name", "short_name", "level", "unit_type", "sort_order", "path",
                "depth", "search_text"]  # fmt: skip


class UnitRow(NamedTuple):
    """A unit as loaded (the columns of UNIT_COLUMNS, in order)."""

    id: int
    parent_id: int | None
    code: str
    name: str
    short_name: str
    level: str
    unit_type: str
    sort_order: int
    path: str
    depth: int
    search_text: str


@dataclass
class Org:
    """A generated grassroots organisation: its unit row, the cells members join, and the committee that
    decides admissions (for the decision numbers and the national-ID province prefix)."""

    id: int
    unit_type: str
    place: str
    cells: list[int]
    superior: int
    id_prefix: str
    weight: float
    quotas: dict[int, int] = field(default_factory=dict)
    cell_paths: dict[int, str] = field(default_factory=dict)  # each cell's path, copied onto its members


class TreeBuilder:
    """Builds a tier's units as rows, the organisations members are admitted into, and the committees
    above them; ids are handed out from `first_id` in the order rows are made."""

    def __init__(self, rng: random.Random, tier: Tier):
        self.rng = rng
        self.tier = tier
        self.units: list[UnitRow] = []
        self.paths: dict[int, str] = {}
        self.orgs: list[Org] = []
        self.committees: list[tuple[int, list[int]]] = []  # (unit id, child committee or org ids), bottom up
        self.next_id = 1

    def _unit(
        self, parent: UnitRow | None, code: str, name: str, level: str, unit_type: str, order: int
    ) -> UnitRow:
        unit_id = self.next_id
        self.next_id += 1
        path = (parent.path if parent else "") + f"{unit_id:0{PATH_STEP}d}"
        row = UnitRow(unit_id, parent.id if parent else None, code, name[:255], name[:100], level, unit_type,
                      order, path, len(path) // PATH_STEP - 1, unit_search_text(code, name[:255]))  # fmt: skip
        self.units.append(row)
        self.paths[unit_id] = path
        return row

    def _place(self) -> str:
        """A made-up place name of two syllables."""
        return " ".join(self.rng.sample(SYLLABLES, 2))

    def build(self, first_id: int = 1) -> None:
        """Root, provinces, superiors, organisations and cells; ids from `first_id` on."""
        self.next_id = first_id
        tier, rng = self.tier, self.rng
        if tier.provinces:
            root = self._unit(None, "TW", "Toàn Đảng (số liệu thử)", UnitLevel.PROVINCE, T.OTHER, 0)
            provinces = [
                self._unit(root, f"T{i:02d}", f"Tỉnh ủy {PROVINCES[i % len(PROVINCES)]}", UnitLevel.SUPERIOR,
                           T.OTHER, i)
                for i in range(tier.provinces)
            ]  # fmt: skip
        else:
            root = self._unit(None, "T00", "Tỉnh ủy Thanh Hà (số liệu thử)", UnitLevel.PROVINCE, T.OTHER, 0)
            provinces = [root]
        superiors: list[tuple[UnitRow, str]] = []  # with the province's national-ID prefix
        for i in range(tier.superiors):
            number = i % len(provinces)
            province, place = provinces[number], self._place()
            superior = self._unit(province, f"{province.code}.H{i:03d}", f"Huyện ủy {place}", UnitLevel.SUPERIOR,
                                  T.OTHER, i)  # fmt: skip
            superiors.append((superior, f"{(number * 2 + 1) % 1000:03d}"))
        # Which organisations are single cells, and how many subordinate cells each ĐBCS has.
        is_cbcs = [rng.random() < CBCS_SHARE for _ in range(tier.grassroots)]
        committees = [i for i, single in enumerate(is_cbcs) if not single]
        spare = tier.cells - (tier.grassroots - len(committees)) - len(committees)
        sizes = dict.fromkeys(committees, 1)
        weights = [rng.lognormvariate(0, 0.5) for _ in committees]
        for i in rng.choices(committees, weights=weights, k=max(0, spare)):
            sizes[i] += 1
        types = Picker(rng, UNIT_TYPE_WEIGHTS)(tier.grassroots)
        children: dict[int, list[int]] = {superior.id: [] for superior, _prefix in superiors}
        for i in range(tier.grassroots):
            superior, id_prefix = superiors[i % len(superiors)]
            place, unit_type = self._place(), types[i]
            level = UnitLevel.GRASSROOTS_CELL if is_cbcs[i] else UnitLevel.GRASSROOTS_COMMITTEE
            prefix = "Chi bộ" if is_cbcs[i] else "Đảng bộ"
            org = self._unit(superior, f"{superior.code}.{i:05d}", f"{prefix} {ORG_NAMES[unit_type].format(p=place)}",
                             level, unit_type, i)  # fmt: skip
            children[superior.id].append(org.id)
            cells = [org.id] if is_cbcs[i] else self._cells(org, unit_type, place, sizes[i])
            weight = len(cells) * rng.lognormvariate(0, 0.4)
            paths = {cell: self.paths[cell] for cell in cells}
            self.orgs.append(
                Org(org.id, unit_type, place, cells, superior.id, id_prefix, weight, cell_paths=paths)
            )
        # Committees above the organisations, bottom up, for their own quotas.
        self.committees += [(superior.id, children[superior.id]) for superior, _prefix in superiors]
        if tier.provinces:
            by_province: dict[int, list[int]] = {province.id: [] for province in provinces}
            for superior, _prefix in superiors:
                by_province[superior.parent_id].append(superior.id)
            self.committees += [(province.id, by_province[province.id]) for province in provinces]
            self.committees.append((root.id, [province.id for province in provinces]))
        else:
            self.committees.append((root.id, [superior.id for superior, _prefix in superiors]))

    def _cells(self, org: UnitRow, unit_type: str, place: str, count: int) -> list[int]:
        parents = [org]
        if count >= 6 and self.rng.random() < INTERMEDIATE_SHARE:
            parents = [
                self._unit(org, f"{org.code}.B{j}", f"Đảng bộ bộ phận {j} – {place}", UnitLevel.INTERMEDIATE,
                           unit_type, j)
                for j in (1, 2)
            ]  # fmt: skip
        territorial = unit_type in TERRITORIAL
        cells = []
        for j in range(1, count + 1):
            parent = parents[j % len(parents)]
            name = f"Chi bộ thôn {self._place()}" if territorial else f"Chi bộ số {j} – {place}"
            cells.append(
                self._unit(parent, f"{org.code}.{j:03d}", name, UnitLevel.SUBORDINATE_CELL, unit_type, j).id
            )
        return cells
