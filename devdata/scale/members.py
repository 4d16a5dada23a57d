"""Random but realistic data at the scale of a district, a province or the whole country, for benchmarks.

Fast by construction: ids and materialised paths are computed here in Python (never one service call per
unit), names and their derived keys come from a pool computed once, and rows reach PostgreSQL through COPY
(bulk_create in batches on SQLite). The data obey every rule the services enforce, so a generated member
passes full_clean(); bypassing the services is what makes ten years of a country load in minutes.
"""

import datetime
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from admissions.choices import (
    ETHNIC_GROUPS,
    MAJORITY_ETHNICITY,
    MemberStatus,
    Occupation,
    PoliticalTheory,
    Qualification,
    QuotaSource,
    Religion,
    Schooling,
    Sex,
    UnitLevel,
    UnitType,
)
from admissions.models import PATH_STEP, PROBATION_MONTHS, Member, Quota, Unit
from admissions.text import add_months, fold, vietnamese_sort_key
from core.bulk import load_rows
from devdata.people import FAMILY, GIVEN, MIDDLE, MINORITY_FAMILY


@dataclass(frozen=True)
class Tier:
    provinces: int  # 0: the root is the province itself; otherwise a national root above them
    superiors: int  # superior committees (districts, sector committees) in all
    grassroots: int  # TCCS in all
    cells: int  # units where members are admitted (CBCS + subordinate cells)
    admissions_per_year: int


TIERS = {
    "district": Tier(provinces=0, superiors=1, grassroots=25, cells=300, admissions_per_year=200),
    "province": Tier(provinces=0, superiors=25, grassroots=1_000, cells=10_000, admissions_per_year=6_000),
    "nation": Tier(
        provinces=34, superiors=700, grassroots=50_000, cells=250_000, admissions_per_year=200_000
    ),
}

CBCS_SHARE = 0.2  # grassroots organisations that are a single cell (chi bộ cơ sở)
INTERMEDIATE_SHARE = 0.1  # ĐBCS with two đảng bộ bộ phận between them and their cells
MISSING_ID_SHARE = 0.01  # older records with no CCCD recorded
ID_SCRAMBLE = 7919  # coprime with 10**6: serial * ID_SCRAMBLE % 10**6 is a bijection, so IDs stay unique

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
Occ = Occupation
OCCUPATIONS = {
    "territorial": {Occ.FARMER: 35, Occ.COMMUNE_CADRE: 10, Occ.TEACHER: 8, Occ.PUBLIC_EMPLOYEE: 6, Occ.ENTERPRISE: 14,
                    Occ.OTHER: 15, Occ.PUPIL: 4, Occ.STUDENT: 3, Occ.ARMED_FORCES: 5},
    T.PARTY_MASS_AGENCY: {Occ.STATE_CADRE: 85, Occ.PUBLIC_EMPLOYEE: 10, Occ.OTHER: 5},
    T.STATE_AGENCY: {Occ.STATE_CADRE: 85, Occ.PUBLIC_EMPLOYEE: 10, Occ.OTHER: 5},
    T.PUBLIC_SERVICE: {Occ.TEACHER: 55, Occ.PUBLIC_EMPLOYEE: 30, Occ.PUPIL: 10, Occ.STUDENT: 5},
    T.ARMY: {Occ.ARMED_FORCES: 100},
    T.POLICE: {Occ.ARMED_FORCES: 100},
    "enterprise": {Occ.ENTERPRISE: 90, Occ.OTHER: 10},
}  # fmt: skip
# Age at the decision, in years: (first, last, weight).
AGE_BANDS = [(18, 22, 25), (23, 30, 45), (31, 35, 15), (36, 40, 8), (41, 50, 5), (51, 59, 2)]
SCHOOLING = {Schooling.GRADE_12: 85, Schooling.GRADE_11: 2, Schooling.GRADE_10: 3, Schooling.GRADE_9: 8,
             Schooling.BELOW_9: 2}  # fmt: skip
QUALIFICATION = {Qualification.NONE: 15, Qualification.ELEMENTARY: 5, Qualification.INTERMEDIATE: 15,
                 Qualification.COLLEGE: 10, Qualification.UNIVERSITY: 48, Qualification.MASTER: 6,
                 Qualification.DOCTOR: 1}  # fmt: skip
THEORY = {PoliticalTheory.NONE: 40, PoliticalTheory.ELEMENTARY: 45, PoliticalTheory.INTERMEDIATE: 13,
          PoliticalTheory.ADVANCED: 2}  # fmt: skip
RELIGION = {Religion.NONE: 900, Religion.BUDDHISM: 50, Religion.CATHOLIC: 30, Religion.PROTESTANT: 7,
            Religion.CAO_DAI: 5, Religion.HOA_HAO: 5, Religion.ISLAM: 1, Religion.OTHER: 2}  # fmt: skip
# Kinh 85 %, then the larger minorities, then a long tail.
ETHNICITY = {MAJORITY_ETHNICITY: 850, "Tày": 25, "Thái": 25, "Mường": 20, "Khmer": 20, "Hoa": 5, "Nùng": 15,
             "Mông": 15, "Dao": 10, **dict.fromkeys(ETHNIC_GROUPS[9:], 1)}  # fmt: skip
# Decisions cluster before 3/2, 19/5 and 2/9, when committees hold ceremonies.
DECISION_ANCHORS = [(1, 25), (5, 10), (8, 25), (3, 15), (7, 10), (10, 15), (12, 10)]

UNIT_COLUMNS = ["id", "parent_id", "code", "name", "short_name", "level", "unit_type", "sort_order", "path",
                "depth"]  # fmt: skip
QUOTA_COLUMNS = ["unit_id", "year", "source", "target", "document_number", "document_date", "note"]
MEMBER_COLUMNS = [
    "full_name", "sex", "date_of_birth", "ethnicity", "religion", "home_town", "national_id", "occupation",
    "schooling", "qualification", "political_theory", "youth_union", "private_business_owner", "cell_id",
    "grassroots_id", "decision_number", "decision_date", "ceremony_date", "probation_end",
    "confirmation_date", "status", "struck_off_date", "readmission", "over_age_exception", "exception_note",
    "record_number", "card_number", "notes", "name_folded", "sort_name", "version", "created_at",
    "updated_at",
]  # fmt: skip


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


class Picker:
    """Weighted choice of k items at once (random.choices with precomputed cumulative weights)."""

    def __init__(self, rng: random.Random, weights: dict):
        self.rng = rng
        self.items = list(weights)
        self.cum = []
        total = 0
        for weight in weights.values():
            total += weight
            self.cum.append(total)

    def __call__(self, k: int) -> list:
        return self.rng.choices(self.items, cum_weights=self.cum, k=k)


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


@dataclass
class Summary:
    tier: str
    years: list[int]
    units: int = 0
    grassroots: int = 0
    cells: int = 0
    quotas: int = 0
    members: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class ScaleBuilder:
    def __init__(self, tier: str, *, years: int = 10, seed: int = 1, today: datetime.date | None = None):
        self.tier_name = tier
        self.tier = TIERS[tier]
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.years = list(range(self.today.year - years + 1, self.today.year + 1))
        self.units: list[UnitRow] = []
        self.orgs: list[Org] = []
        self.committees: list[tuple[int, list[int]]] = []  # (unit id, child committee or org ids), bottom up
        self.next_id = 1
        self._names: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self._id_serials: dict[str, int] = {}
        self._decision_serials: dict[tuple[int, int], int] = {}
        self._record_serial = 0

    # --- units -----------------------------------------------------------------------------------------
    def _unit(self, parent: UnitRow | None, code: str, name: str, level: str, unit_type: str, order: int):
        unit_id = self.next_id
        self.next_id += 1
        path = (parent.path if parent else "") + f"{unit_id:0{PATH_STEP}d}"
        row = UnitRow(unit_id, parent.id if parent else None, code, name[:255], name[:100], level, unit_type,
                      order, path, len(path) // PATH_STEP - 1)  # fmt: skip
        self.units.append(row)
        return row

    def _place(self) -> str:
        return " ".join(self.rng.sample(SYLLABLES, 2))

    def build_units(self, first_id: int = 1) -> None:
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
            self.orgs.append(Org(org.id, unit_type, place, cells, superior.id, id_prefix, weight))
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

    # --- quotas ----------------------------------------------------------------------------------------
    def build_quotas(self) -> list[tuple]:
        """Each organisation's quota follows its size; each committee's own quota (from its superior) is a
        little below the sum it splits, as committees keep a buffer (DOMAIN.md section 3)."""
        rng, rows = self.rng, []
        total_weight = sum(org.weight for org in self.orgs)
        per_year = self.tier.admissions_per_year
        for year in self.years:
            own: dict[int, int] = {}
            for org in self.orgs:
                expected = per_year * org.weight / total_weight
                org.quotas[year] = max(1, round(expected * rng.uniform(0.85, 1.15)))
                own[org.id] = org.quotas[year]
                rows.append((org.id, year, QuotaSource.ASSIGNED, org.quotas[year], f"{40 + year % 50}-TB/HU",
                             datetime.date(year, 1, 20), ""))  # fmt: skip
            for unit_id, below in self.committees:
                own[unit_id] = max(1, round(sum(own[u] for u in below) * rng.uniform(0.9, 1.0)))
                rows.append((unit_id, year, QuotaSource.ASSIGNED, own[unit_id], f"{10 + year % 50}-TB/TU",
                             datetime.date(year, 1, 10), "Chỉ tiêu cấp trên giao"))  # fmt: skip
                rows.append((unit_id, year, QuotaSource.CONGRESS, round(own[unit_id] * 1.05) + 1,
                             "01-NQ/ĐH", datetime.date(year - year % 5, 10, 1), ""))  # fmt: skip
        return rows

    # --- members ---------------------------------------------------------------------------------------
    def _name(self, family: str, middle: str, given: str) -> tuple[str, str, str]:
        key = (family, middle, given)
        cached = self._names.get(key)
        if cached is None:
            full = f"{family} {middle} {given}"
            cached = self._names[key] = (full, fold(full)[:120], vietnamese_sort_key(full))
        return cached

    def _national_id(self, prefix: str, sex: str, born: datetime.date) -> str:
        century = (0 if born.year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
        bucket = f"{prefix}{century}{born.year % 100:02d}"
        serial = self._id_serials.get(bucket, 0)
        self._id_serials[bucket] = serial + 1
        return f"{bucket}{serial * ID_SCRAMBLE % 1_000_000:06d}"

    def admissions(self, org: Org, year: int) -> int:
        """How many the organisation admitted: around its quota (some above, some below), pro rata in the
        current year."""
        rng = self.rng
        expected = org.quotas[year] * max(0.0, rng.gauss(1.02, 0.25))
        if year == self.today.year:
            expected *= (self.today.timetuple().tm_yday - 1) / 365
        return int(expected) + (rng.random() < expected % 1)

    def _pickers(self) -> tuple[dict, dict]:
        rng = self.rng
        pick = {
            "sex": {t: Picker(rng, {Sex.FEMALE: w, Sex.MALE: 100 - w}) for t, w in
                    [("armed", 12), ("service", 65), ("other", 47)]},
            "schooling": Picker(rng, SCHOOLING), "qualification": Picker(rng, QUALIFICATION),
            "theory": Picker(rng, THEORY), "religion": Picker(rng, RELIGION), "ethnicity": Picker(rng, ETHNICITY),
            "family": Picker(rng, {f: FAMILY.count(f) for f in dict.fromkeys(FAMILY)}),
            "age": Picker(rng, {(a, b): w for a, b, w in AGE_BANDS}),
            "anchor": Picker(rng, dict.fromkeys(DECISION_ANCHORS, 1)),
        }  # fmt: skip
        occupations = {key: Picker(rng, weights) for key, weights in OCCUPATIONS.items()}
        return pick, occupations

    def member_rows(self) -> Iterator[tuple]:
        """Every organisation's admissions, year by year, as rows in MEMBER_COLUMNS order."""
        for year in self.years:
            for org in self.orgs:
                n = self.admissions(org, year)
                if n:
                    yield from self.members_of(org, year, n)

    def members_of(self, org: Org, year: int, n: int) -> Iterator[tuple]:
        """`n` members admitted into the organisation's cells in `year`, as rows in MEMBER_COLUMNS order."""
        if not hasattr(self, "_picks"):
            self._picks = self._pickers()
        pick, occupations = self._picks
        today = self.today
        rng = self.rng
        kind = org.unit_type if org.unit_type in OCCUPATIONS else (
            "territorial" if org.unit_type in TERRITORIAL else "enterprise")  # fmt: skip
        sex_kind = "armed" if org.unit_type in (T.ARMY, T.POLICE) else (
            "service" if org.unit_type == T.PUBLIC_SERVICE else "other")  # fmt: skip
        columns = zip(
            pick["sex"][sex_kind](n), occupations[kind](n), pick["schooling"](n), pick["qualification"](n),
            pick["theory"](n), pick["religion"](n), pick["ethnicity"](n), pick["family"](n), pick["age"](n),
            pick["anchor"](n), strict=True,
        )  # fmt: skip
        last_day = min(datetime.date(year, 12, 31), today)
        home_town = f"xã {org.place}, tỉnh {PROVINCES[int(org.id_prefix) // 2 % len(PROVINCES)]}"
        for (
            sex,
            occupation,
            schooling,
            qualification,
            theory,
            religion,
            ethnicity,
            family,
            band,
            anchor,
        ) in columns:
            decision = datetime.date(year, *anchor) + datetime.timedelta(days=rng.randint(-20, 20))
            if decision.year != year or decision > last_day:
                decision = datetime.date(year, 1, 1) + datetime.timedelta(
                    days=rng.randint(0, (last_day - datetime.date(year, 1, 1)).days))  # fmt: skip
            age = rng.randint(*band)
            born = decision - datetime.timedelta(days=int(365.25 * age) + rng.randint(40, 320))
            if ethnicity in MINORITY_FAMILY:
                family = rng.choice(MINORITY_FAMILY[ethnicity])
            full_name, folded, sort_key = self._name(family, rng.choice(MIDDLE[sex]), rng.choice(GIVEN[sex]))
            ceremony = decision + datetime.timedelta(days=rng.randint(5, 40))
            probation_end = add_months(ceremony, PROBATION_MONTHS) if ceremony <= today else None
            status, confirmation, struck_off, card = MemberStatus.PROBATIONARY, None, None, ""
            if ceremony > today:
                ceremony = None
            elif probation_end + datetime.timedelta(days=45) <= today:
                r = rng.random()
                if r < 0.01:
                    status, struck_off = MemberStatus.STRUCK_OFF, probation_end
                elif r < 0.985:  # the rest are overdue for confirmation: a list the committees follow
                    status = MemberStatus.FULL
                    confirmation = probation_end + datetime.timedelta(days=rng.randint(0, 45))
                    card = f"{org.id % 100:02d}{self._record_serial:08d}"
            serial = self._decision_serials.get((org.superior, year), 0) + 1
            self._decision_serials[org.superior, year] = serial
            self._record_serial += 1
            created = datetime.datetime.combine(
                decision + datetime.timedelta(days=rng.randint(0, 20)), datetime.time(2, 0), datetime.UTC
            )
            yield (
                full_name, sex, born, ethnicity, religion, home_town,
                None if rng.random() < MISSING_ID_SHARE else self._national_id(org.id_prefix, sex, born),
                occupation, schooling,
                Qualification.NONE if occupation == Occ.PUPIL else qualification,
                theory, age <= 30 and rng.random() < 0.8,
                occupation == Occ.OTHER and rng.random() < 0.05,
                rng.choice(org.cells), org.id, f"{serial}-QĐ/HU", decision, ceremony, probation_end,
                confirmation, status, struck_off, rng.random() < 0.003, False, "",
                f"{self._record_serial:07d}", card, "", folded, sort_key, 1, created, created,
            )  # fmt: skip


# --- loading ---------------------------------------------------------------------------------------------
def database_has_data() -> bool:
    return Unit.objects.exists() or Member.objects.exists() or Quota.objects.exists()


def wipe() -> None:
    """Empty units, quotas, members and whatever refers to them; users keep their accounts, without unit."""
    user_model = apps.get_model("accounts", "User")
    user_model.objects.exclude(unit=None).update(unit=None)
    ours = {Unit, Quota, Member}
    dependants = {
        rel.related_model
        for model in ours
        for rel in model._meta.related_objects
        if rel.related_model not in ours and rel.related_model is not user_model
    }
    tables = [m._meta.db_table for m in (*dependants, Member, Quota)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while deferred foreign-key checks of this transaction are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(map(connection.ops.quote_name, tables))}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        # Not TRUNCATE: accounts_user keeps a foreign key to units (now all NULL).
        cursor.execute(f"DELETE FROM {Unit._meta.db_table}")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def generate(tier: str, *, years: int = 10, seed: int = 1, fresh: bool = False, log=None) -> Summary:
    """Fill the database with a tier's data. Refuses a database that has data unless `fresh` (then wipes)."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; choose one of {', '.join(TIERS)}")
    if database_has_data() and not fresh:
        raise RuntimeError("the database already holds units, quotas or members: pass fresh=True to wipe")
    log = log or (lambda message: None)
    builder = ScaleBuilder(tier, years=years, seed=seed)
    summary = Summary(tier=tier, years=builder.years)
    postgres = connection.vendor == "postgresql"

    def step(name, action):
        started = time.perf_counter()
        result = action()
        summary.timings[name] = time.perf_counter() - started
        log(f"{name}: {summary.timings[name]:.1f} s")
        return result

    with transaction.atomic():
        if fresh:
            step("wipe", wipe)
        first_id = (Unit.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        step("build units", lambda: builder.build_units(first_id))
        summary.units = step("load units", lambda: load_rows(Unit, UNIT_COLUMNS, builder.units))
        quota_rows = step("build quotas", builder.build_quotas)
        summary.quotas = step("load quotas", lambda: load_rows(Quota, QUOTA_COLUMNS, quota_rows))
        summary.members = step(
            "generate and load members", lambda: load_rows(Member, MEMBER_COLUMNS, builder.member_rows())
        )
        if postgres:
            with connection.cursor() as cursor:
                for model in (Unit, Quota, Member):
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
    if postgres:
        # Fresh statistics, and (outside a transaction) a visibility map so index-only scans skip the heap
        # as they do on a table autovacuum has visited.
        tables = ", ".join(m._meta.db_table for m in (Unit, Quota, Member))
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        step(command.lower(), lambda: connection.cursor().execute(f"{command} {tables}"))
    summary.grassroots = len(builder.orgs)
    summary.cells = sum(len(org.cells) for org in builder.orgs)
    return summary
