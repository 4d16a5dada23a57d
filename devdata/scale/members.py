"""Generated members: who they are, when they were admitted and how their probation ended, drawn a column at
a time from weighted distributions resembling the national statistics (Biểu 5), as rows for COPY.
"""

import datetime
import random
from collections.abc import Iterator

from admissions.choices import (
    ETHNIC_GROUPS,
    MAJORITY_ETHNICITY,
    MemberStatus,
    Occupation,
    PoliticalTheory,
    Qualification,
    Religion,
    Schooling,
    Sex,
    UnitType,
)
from admissions.models import PROBATION_MONTHS
from admissions.text import add_months, fold, vietnamese_sort_key
from devdata.people import DECISION_ANCHORS, FAMILY, GIVEN, MIDDLE, MINORITY_FAMILY, id_century_digit

from .picker import Picker
from .tree import PROVINCES, TERRITORIAL, Org

MISSING_ID_SHARE = 0.01  # older records with no CCCD recorded
ID_SCRAMBLE = 7919  # coprime with 10**6: serial * ID_SCRAMBLE % 10**6 is a bijection, so IDs stay unique
T = UnitType
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

MEMBER_COLUMNS = [
    "full_name", "sex", "date_of_birth", "ethnicity", "religion", "home_town", "national_id", "occupation",
    "schooling", "qualification", "political_theory", "youth_union", "private_business_owner", "cell_id",
    "cell_path", "grassroots_id", "decision_number", "decision_date", "ceremony_date", "probation_end",
    "confirmation_date", "status", "struck_off_date", "readmission", "over_age_exception", "exception_note",
    "record_number", "card_number", "notes", "name_folded", "sort_name", "version", "created_at",
    "updated_at",
]  # fmt: skip


class MemberRows:
    """Draws members from the tier's random generator. National IDs and record numbers stay unique across
    every organisation and year; decision numbers count up per deciding committee and year."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self._names: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self._id_serials: dict[str, int] = {}
        self._decision_serials: dict[tuple[int, int], int] = {}
        self._record_serial = 0
        self._picks: tuple[dict, dict] | None = None

    def _name(self, family: str, middle: str, given: str) -> tuple[str, str, str]:
        key = (family, middle, given)
        cached = self._names.get(key)
        if cached is None:
            full = f"{family} {middle} {given}"
            cached = self._names[key] = (full, fold(full)[:120], vietnamese_sort_key(full))
        return cached

    def _national_id(self, prefix: str, sex: str, born: datetime.date) -> str:
        century = id_century_digit(sex, born)
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

    def rows(self, years: list[int], orgs: list[Org]) -> Iterator[tuple]:
        """Every organisation's admissions, year by year, as rows in MEMBER_COLUMNS order."""
        for year in years:
            for org in orgs:
                n = self.admissions(org, year)
                if n:
                    yield from self.members_of(org, year, n)

    def members_of(self, org: Org, year: int, n: int) -> Iterator[tuple]:
        """`n` members admitted into the organisation's cells in `year`, as rows in MEMBER_COLUMNS order."""
        if self._picks is None:
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
            # Drawn in the order they always were: the same seed gives the same data.
            national_id = (
                None if rng.random() < MISSING_ID_SHARE else self._national_id(org.id_prefix, sex, born)
            )
            youth_union = age <= 30 and rng.random() < 0.8
            business_owner = occupation == Occ.OTHER and rng.random() < 0.05
            cell = rng.choice(org.cells)
            yield (
                full_name, sex, born, ethnicity, religion, home_town, national_id, occupation, schooling,
                Qualification.NONE if occupation == Occ.PUPIL else qualification,
                theory, youth_union, business_owner, cell, org.cell_paths.get(cell, ""), org.id, f"{serial}-QĐ/HU", decision, ceremony, probation_end,
                confirmation, status, struck_off, rng.random() < 0.003, False, "",
                f"{self._record_serial:07d}", card, "", folded, sort_key, 1, created, created,
            )  # fmt: skip
