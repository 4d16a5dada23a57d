"""Generated candidates: the current year's pipeline, about three candidates per quota place, spread over
the stages, as rows for COPY. Each row obeys the rules candidate_create() checks (dates in order, the
introducers' 12 months, the vote, the certificate's 5 years) and carries the derived fields it would store.
"""

import datetime
import functools
import random
from collections.abc import Iterator

from admissions.choices import Occupation, Schooling, Sex
from admissions.text import add_months, fold, vietnamese_sort_key
from candidates import workdays
from candidates.choices import OPEN_STAGES, Outcome, Stage
from candidates.models import certificate_last_day
from devdata.people import FAMILY, GIVEN, MIDDLE

from .tree import Org

CANDIDATES_PER_PLACE = 3
STAGE_WEIGHTS = [25, 20, 15, 10, 10, 10, 10]
# Days between one stage and the next, for each stage in OPEN_STAGES order after the listing.
GAPS = {
    Stage.COURSE: (30, 90),
    Stage.FILE: (20, 60),
    Stage.BACKGROUND: (20, 40),
    Stage.CELL: (7, 20),
    Stage.GRASSROOTS: (5, 15),
    Stage.SUBMITTED: (3, 10),
}

CANDIDATE_COLUMNS = [
    "full_name", "sex", "date_of_birth", "ethnicity", "religion", "home_town", "national_id", "occupation",
    "schooling", "qualification", "political_theory", "youth_union", "private_business_owner", "former_member",
    "left_date", "over_age_exception", "exception_note", "cell_id", "cell_path", "grassroots_id", "listed_date",
    "mentor_name", "second_mentor_name", "certificate_number", "certificate_date", "application_date",
    "personal_history_date", "introduction_date", "introducer_name", "introducer_since",
    "second_introducer_name", "second_introducer_since", "youth_union_resolution_number",
    "mass_opinions_date", "background_check_date", "background_check_conclusion", "cell_resolution_number",
    "cell_resolution_date", "cell_full_members", "cell_present", "cell_in_favour",
    "intermediate_resolution_number", "intermediate_resolution_date", "grassroots_resolution_number",
    "grassroots_resolution_date", "submitted_date", "extension_days", "extension_reason", "decision_number",
    "decision_date", "ceremony_date", "outcome", "outcome_date", "outcome_reason", "member_id", "notes",
    "stage", "certificate_valid_until", "decision_due", "ceremony_due", "name_folded", "sort_name", "version",
    "created_at", "updated_at",
]  # fmt: skip


@functools.cache
def _decision_due(resolution: datetime.date) -> datetime.date:
    return workdays.add_working_days(resolution, workdays.DECISION_WORKING_DAYS)


class CandidateRows:
    """Draws the current year's candidates from a generator of their own (the members stay as they are)."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today

    def rows(self, orgs: list[Org]) -> Iterator[tuple]:
        for org in orgs:
            for _ in range(org.quotas.get(self.today.year, 0) * CANDIDATES_PER_PLACE):
                yield self.row(org)

    def row(self, org: Org) -> tuple:
        rng, today = self.rng, self.today
        stage = rng.choices(OPEN_STAGES, weights=STAGE_WEIGHTS)[0]
        cell = rng.choice(org.cells)
        if stage == Stage.GRASSROOTS and cell == org.id:
            stage = Stage.CELL  # a grassroots cell resolves as its own organisation
        reached = OPEN_STAGES[1 : OPEN_STAGES.index(stage) + 1]
        gaps = [rng.randint(*GAPS[s]) for s in reached if not (s == Stage.GRASSROOTS and cell == org.id)]
        day = today - datetime.timedelta(days=rng.randint(1, 40) + sum(gaps))
        dates = {Stage.SYMPATHISER: day}
        steps = [s for s in reached if not (s == Stage.GRASSROOTS and cell == org.id)]
        for step, gap in zip(steps, gaps, strict=True):
            day += datetime.timedelta(days=gap)
            dates[step] = day
        sex = Sex.FEMALE if rng.random() < 0.5 else Sex.MALE
        full_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        age = rng.randint(19, 40)
        born = dates[Stage.SYMPATHISER] - datetime.timedelta(days=int(365.25 * age) + rng.randint(0, 300))
        mentor = f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN[Sex.MALE])}"
        certificate = dates.get(Stage.COURSE)
        filed = dates.get(Stage.FILE)
        checked = dates.get(Stage.BACKGROUND)
        resolved = dates.get(Stage.CELL)
        grassroots = dates.get(Stage.GRASSROOTS)
        full = rng.randint(8, 30)
        created = datetime.datetime.combine(dates[Stage.SYMPATHISER], datetime.time(2, 0), datetime.UTC)
        return (
            full_name, sex, born, "Kinh", "none", "", None, rng.choice(list(Occupation)), Schooling.GRADE_12,
            "none", "none", True, False, False, None, False, "", cell, org.cell_paths[cell], org.id,
            dates[Stage.SYMPATHISER],
            mentor, "", f"{rng.randint(1, 999)}/CN" if certificate else "", certificate, filed, filed, filed,
            mentor if filed else "", add_months(filed, -24) if filed else None, "", None,
            "01-NQ/ĐTN" if filed else "", filed, checked, "Đủ điều kiện" if checked else "",
            "01-NQ/CB" if resolved else "", resolved, full if resolved else None, full if resolved else None,
            full if resolved else None, "", None, "01-NQ/ĐU" if grassroots else "", grassroots,
            dates.get(Stage.SUBMITTED), 0, "", "", None, None, Outcome.IN_PROGRESS, None, "", None, "",
            stage, certificate_last_day(certificate) if certificate else None,
            _decision_due(resolved) if resolved else None, None, fold(full_name)[:120],
            vietnamese_sort_key(full_name), 1, created, created,
        )  # fmt: skip
