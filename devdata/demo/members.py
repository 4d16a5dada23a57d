"""The demo district's members: who they are, when they were admitted and how their probation ended.

Drawn one after another from the demo's single random generator, in a fixed order, so the same seed gives
the same people. Probation outcomes are drawn whatever today's date, and only applied once the probation is
over, so a later load gives the same people with more of them confirmed. The current year holds only the
decisions taken up to today, and a ceremony still to come is left blank.
"""

import datetime
import random

from admissions import services
from admissions.choices import (
    MemberStatus,
    Occupation,
    PoliticalTheory,
    Qualification,
    Religion,
    Schooling,
    Sex,
    UnitType,
)
from admissions.models import Unit
from admissions.text import add_months
from devdata.people import DECISION_ANCHORS, FAMILY, GIVEN, MIDDLE, MINORITY_FAMILY, id_century_digit

from .district import Org
from .quotas import Plan
from .tree import Placed

# Of the members whose 12 months of probation are over by today: some were struck off, a few are still
# waiting for their confirmation (overdue), the others are full members.
STRUCK_OFF_SHARE = 0.02
OVERDUE_SHARE = 0.04
PROVINCE_ID_PREFIX = "038"  # the first three digits of a national ID issued in the demo's province
T = UnitType


class MemberMaker:
    """Makes the demo's members from one random generator; national IDs and decision numbers stay unique
    across all of them."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.used_ids: set[str] = set()
        self.decision_counter: dict[int, int] = {}

    def _decision_day(self, year: int) -> datetime.date:
        anchor = self.rng.choice(DECISION_ANCHORS)
        day = datetime.date(year, *anchor) + datetime.timedelta(days=self.rng.randint(-20, 20))
        return day if day.year == year else datetime.date(year, anchor[0], anchor[1])

    def _national_id(self, sex: str, born: datetime.date) -> str:
        century = id_century_digit(sex, born)
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

    def member_fields(self, org: Org, cell: Unit, decision_date: datetime.date) -> dict[str, object]:
        """The arguments of services.member_create for one member admitted into `cell` on `decision_date`."""
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
        if ceremony > self.today:
            ceremony = None  # decided, not yet admitted at a ceremony: no probation has started
        elif probation_end + delay <= self.today:
            if outcome < STRUCK_OFF_SHARE:
                status, struck_off = MemberStatus.STRUCK_OFF, probation_end
            elif outcome >= STRUCK_OFF_SHARE + OVERDUE_SHARE:
                status, confirmation = MemberStatus.FULL, probation_end + delay
            # else: still probationary past the 12 months, the overdue cases the life-cycle page lists
        # Drawn whatever the outcome, so that today's date changes no one drawn after this member.
        card = f"{rng.randint(10_000_000, 99_999_999)}"
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
            "card_number": card if confirmation else "",
        }

    def admit(self, orgs: list[Placed], plan: Plan, years: list[int]) -> None:
        """Create every planned member, year by year and organisation by organisation, each in one of the
        organisation's cells open on the decision date; a decision still to come (after today) is not made."""
        for year in years:
            for org, unit, cells in orgs:
                for _ in range(plan[year, unit.pk]):
                    decision_date = self._decision_day(year)
                    if decision_date > self.today:
                        continue
                    open_cells = [c for c in cells if c.is_open_on(decision_date)]
                    cell = self.rng.choice(open_cells)
                    services.member_create(**self.member_fields(org, cell, decision_date))
