"""The demo district's pipeline for the current year: candidates at every stage, relative to today.

Drawn from a generator of their own (after the members), so the members, the quotas and the designed 2023
figures stay exactly as before. Each organisation develops about half its quota's worth of candidates, spread
over the stages; a few cell resolutions are older than the 60 working days (overdue), one certificate runs
out within weeks, and a few candidates are admitted this year through the pipeline (their decision creates
the member, as on the pages).
"""

import datetime
import random

from admissions.choices import Occupation, Schooling, Sex, UnitType
from admissions.text import add_months
from candidates import services
from candidates.choices import OPEN_STAGES, Stage
from devdata.people import FAMILY, GIVEN, MIDDLE, id_century_digit

from .members import PROVINCE_ID_PREFIX, MemberMaker
from .tree import Placed

CANDIDATE_SEED = 20240220 + 17
STAGE_WEIGHTS = [25, 20, 15, 10, 10, 10, 10]
OVERDUE = 3  # cell resolutions older than their 60 working days, not yet decided
ADMITTED = 8  # admitted this year through the pipeline
DAY = datetime.timedelta(days=1)


class CandidateMaker:
    def __init__(self, rng: random.Random, today: datetime.date, members: MemberMaker):
        self.rng = rng
        self.today = today
        self.members = members  # its national IDs and decision numbers stay unique across both

    def _national_id(self, sex: str, born: datetime.date) -> str:
        century = id_century_digit(sex, born)
        while True:
            number = f"{PROVINCE_ID_PREFIX}{century}{born.year % 100:02d}{self.rng.randint(0, 999999):06d}"
            if number not in self.members.used_ids:
                self.members.used_ids.add(number)
                return number

    def _dates(self, last: datetime.date, stage: str, grassroots_cell: bool) -> dict[str, datetime.date]:
        """Every stage's date up to `stage`, the last one on `last`, the earlier ones weeks before."""
        steps = [
            ("listed_date", 0),
            ("certificate_date", self.rng.randint(30, 90)),
            ("file_date", self.rng.randint(20, 60)),
            ("background_check_date", self.rng.randint(20, 40)),
            ("cell_resolution_date", self.rng.randint(7, 20)),
            ("grassroots_resolution_date", self.rng.randint(5, 15)),
            ("submitted_date", self.rng.randint(3, 10)),
        ]
        reached = {
            Stage.SYMPATHISER: 1,
            Stage.COURSE: 2,
            Stage.FILE: 3,
            Stage.BACKGROUND: 4,
            Stage.CELL: 5,
            Stage.GRASSROOTS: 6,
            Stage.SUBMITTED: 7,
        }[stage]
        steps = [
            step
            for step in steps[:reached]
            if not (grassroots_cell and step[0] == "grassroots_resolution_date")
        ]
        total = sum(gap for _name, gap in steps)
        day, dates = last - datetime.timedelta(days=total), {}
        for name, gap in steps:
            day += datetime.timedelta(days=gap)
            dates[name] = day
        return dates

    def fields(self, org, cell, stage: str, last: datetime.date) -> dict:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < 0.55 else Sex.MALE
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        grassroots_cell = cell.pk == org[1].pk
        dates = self._dates(last, stage, grassroots_cell)
        age = rng.randint(20, 40)
        born = dates["listed_date"] - datetime.timedelta(days=int(365.25 * age) + rng.randint(0, 300))
        youth_union = age <= 30 and rng.random() < 0.7
        armed = org[0].unit_type in (UnitType.ARMY, UnitType.POLICE)
        fields = {
            "full_name": name,
            "sex": sex,
            "date_of_birth": born,
            "national_id": self._national_id(sex, born),
            "home_town": "Huyện Tân Phong, tỉnh Thanh Hà",
            "occupation": Occupation.ARMED_FORCES if armed else rng.choice(list(Occupation)),
            "schooling": Schooling.GRADE_12,
            "youth_union": youth_union,
            "cell": cell,
            "listed_date": dates["listed_date"],
            "mentor_name": f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN[Sex.MALE])}",
        }
        if "certificate_date" in dates:
            fields |= {
                "certificate_date": dates["certificate_date"],
                "certificate_number": f"{rng.randint(100, 999)}/CN-TTCT",
            }
        if "file_date" in dates:
            day = dates["file_date"]
            fields |= {
                "application_date": day,
                "personal_history_date": day,
                "introduction_date": day,
                "mass_opinions_date": day,
                "introducer_name": fields["mentor_name"],
                "introducer_since": add_months(day, -rng.randint(14, 48)),
            }
            if youth_union:
                fields["youth_union_resolution_number"] = f"{rng.randint(1, 40):02d}-NQ/ĐTN"
            else:
                fields |= {
                    "second_introducer_name": f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN[Sex.FEMALE])}",
                    "second_introducer_since": add_months(day, -rng.randint(14, 48)),
                }
        if "background_check_date" in dates:
            fields |= {
                "background_check_date": dates["background_check_date"],
                "background_check_conclusion": "Lý lịch rõ ràng, đủ điều kiện",
            }
        if "cell_resolution_date" in dates:
            full = rng.randint(8, 25)
            present = full - rng.randint(0, 2)
            fields |= {
                "cell_resolution_date": dates["cell_resolution_date"],
                "cell_resolution_number": f"{rng.randint(1, 60):02d}-NQ/CB",
                "cell_full_members": full,
                "cell_present": present,
                "cell_in_favour": present,
            }
        if "grassroots_resolution_date" in dates:
            fields |= {
                "grassroots_resolution_date": dates["grassroots_resolution_date"],
                "grassroots_resolution_number": f"{rng.randint(1, 120):02d}-NQ/ĐU",
            }
        if "submitted_date" in dates:
            fields["submitted_date"] = dates["submitted_date"]
        return fields

    def develop(self, orgs: list[Placed], planned: dict[int, int]) -> None:
        """Candidates in every organisation at every stage (about half the year's planned admissions of
        each, `planned` by unit id), a few overdue, one certificate running out, a few admitted this year."""
        rng, today = self.rng, self.today
        placed = []
        for org in orgs:
            cells = [c for c in org[2] if c.is_open_on(today)]
            for _ in range(max(2, planned.get(org[1].pk, 0) // 2)):
                stage = rng.choices(OPEN_STAGES, weights=STAGE_WEIGHTS)[0]
                cell = rng.choice(cells)
                if stage == Stage.GRASSROOTS and cell.pk == org[1].pk:
                    stage = Stage.CELL  # a grassroots cell resolves as its own organisation
                last = today - datetime.timedelta(days=rng.randint(1, 25))
                placed.append(services.candidate_create(**self.fields(org, cell, stage, last)))
        # Overdue: a cell resolution about five months old, the decision not yet taken.
        for org in rng.sample(orgs, OVERDUE):
            cell = rng.choice([c for c in org[2] if c.is_open_on(today)])
            stage = Stage.SUBMITTED
            fields = self.fields(org, cell, stage, today - datetime.timedelta(days=rng.randint(140, 160)))
            services.candidate_create(**fields)
        # One certificate runs out in three weeks: the cell must consider the file before then.
        org = orgs[0]
        fields = self.fields(org, org[2][-1], Stage.FILE, today - datetime.timedelta(days=10))
        fields["certificate_date"] = add_months(today, -60) + datetime.timedelta(days=21)
        fields["listed_date"] = fields["certificate_date"] - datetime.timedelta(days=40)
        services.candidate_create(**fields)
        # Admitted this year: the decision some weeks after the submission, within the 60 working days.
        start_of_year = datetime.date(today.year, 1, 1)
        for org in rng.sample(orgs, ADMITTED):
            cell = rng.choice([c for c in org[2] if c.is_open_on(today)])
            decided = today - datetime.timedelta(days=rng.randint(0, max(0, (today - start_of_year).days)))
            submitted = decided - datetime.timedelta(days=rng.randint(10, 25))
            someone = services.candidate_create(**self.fields(org, cell, Stage.SUBMITTED, submitted))
            counter = self.members.decision_counter
            counter[decided.year] = counter.get(decided.year, 0) + 1
            ceremony = decided + datetime.timedelta(days=rng.randint(5, 20))
            services.candidate_admit(
                candidate=someone,
                decision_number=f"{counter[decided.year]:03d}-QĐ/HU",
                decision_date=decided,
                ceremony_date=ceremony if ceremony <= today else None,
            )
