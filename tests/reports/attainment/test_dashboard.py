"""The home dashboard's figures (reports.attainment.dashboard): the pace against the unit's own past years,
the units behind it worst first, the pipeline per stage and the work due at the edges of each window."""

import datetime
from decimal import Decimal

import pytest

from admissions import services
from candidates import services as candidate_services
from candidates.choices import Outcome, Stage
from reports import attainment
from reports.attainment.dashboard import HISTORY_MIN_ADMISSIONS
from tests import factories
from tests.candidates.helpers import RESOLUTION, candidate

TODAY = datetime.date(2026, 6, 15)


def admit(cell, day: datetime.date, count: int = 1) -> None:
    for number in range(count):
        factories.member(cell, decision_date=day, full_name=f"Người Số {number}")


@pytest.mark.parametrize("unit", ["district", "commune"])  # a committee reads its summary, an org its members
def test_a_unit_on_an_even_pace_is_behind_the_rhythm_of_its_past_years(tree, unit):
    """Past years decided 8 of every 10 admissions in January: by 15 June 80% of the quota is expected,
    where an even pace over the days expects 45%."""
    services.quota_set(unit=tree[unit], year=2026, target=20)
    for year in (2023, 2024, 2025):
        admit(tree["deep_cell"], datetime.date(year, 1, 10), 8)
        admit(tree["deep_cell"], datetime.date(year, 9, 1), 2)
    admit(tree["deep_cell"], datetime.date(2026, 3, 1), 10)
    board = attainment.dashboard(tree[unit], today=TODAY)
    pace = board.pace
    assert pace.seasonal
    assert pace.history == (2023, 2024, 2025)
    assert pace.share == Decimal("0.8")
    assert pace.expected == 16
    assert pace.behind
    assert pace.shortfall == 6
    assert pace.rate == Decimal("62.5")
    assert board.report.pace.expected < 10  # the even pace would have called it ahead


@pytest.mark.parametrize("unit", ["district", "commune"])
def test_the_current_month_of_past_years_counts_pro_rata(tree, unit):
    """Every past admission in June: on 15 June (day 15 of 30) half of them are expected."""
    services.quota_set(unit=tree[unit], year=2026, target=10)
    admit(tree["deep_cell"], datetime.date(2025, 6, 2), HISTORY_MIN_ADMISSIONS)
    pace = attainment.dashboard(tree[unit], today=TODAY).pace
    assert pace.share == Decimal("0.5")
    assert pace.expected == 5
    assert pace.behind


def test_too_little_history_falls_back_to_an_even_pace_over_the_days(tree):
    services.quota_set(unit=tree["district"], year=2026, target=10)
    admit(tree["deep_cell"], datetime.date(2025, 1, 10), HISTORY_MIN_ADMISSIONS - 1)
    board = attainment.dashboard(tree["district"], today=TODAY)
    assert not board.pace.seasonal
    assert board.pace.share == board.report.pace.share_elapsed
    assert board.pace.expected == board.report.pace.expected


def test_history_older_than_three_years_and_this_year_are_not_the_rhythm(tree):
    services.quota_set(unit=tree["district"], year=2026, target=10)
    admit(tree["deep_cell"], datetime.date(2022, 1, 10), HISTORY_MIN_ADMISSIONS)
    admit(tree["deep_cell"], datetime.date(2026, 1, 10), HISTORY_MIN_ADMISSIONS)
    assert not attainment.dashboard(tree["district"], today=TODAY).pace.seasonal


def test_a_unit_without_a_quota_has_no_expected_figure(tree):
    admit(tree["deep_cell"], datetime.date(2026, 1, 10))
    pace = attainment.dashboard(tree["province"], today=TODAY).pace
    assert (pace.expected, pace.rate, pace.behind) == (None, None, False)


def test_units_behind_their_pace_are_listed_worst_first(tree):
    """An even pace (no history) on 2 July 2026: half of each quota is expected."""
    today = datetime.date(2026, 7, 2)
    for unit, target in (("district", 10), ("commune", 4), ("commune_b", 6), ("school", 2)):
        services.quota_set(unit=tree[unit], year=2026, target=target)
    admit(tree["cell_b"], datetime.date(2026, 2, 1), 1)  # xã B: 1 of the 3 expected, 33%
    admit(tree["school"], datetime.date(2026, 2, 1), 2)  # the school: ahead
    board = attainment.dashboard(tree["district"], today=today)
    # xã A has admitted none: 0%, the worst.
    assert [row.line.unit for row in board.behind] == [tree["commune"], tree["commune_b"]]
    assert board.behind_count == 2
    assert board.behind[1].line.result == 1
    assert board.behind[1].shortfall == pytest.approx(Decimal(6) * board.pace.share - 1)


def test_the_pipeline_counts_files_in_progress_per_stage_in_the_branch(tree):
    candidate(tree["deep_cell"], stage=Stage.SYMPATHISER, full_name="Một")
    candidate(tree["deep_cell"], stage=Stage.SYMPATHISER, full_name="Hai")
    candidate(tree["deep_cell"], stage=Stage.SUBMITTED, full_name="Ba")
    paused = candidate(tree["deep_cell"], stage=Stage.FILE, full_name="Bốn")
    candidate_services.candidate_close(
        candidate=paused, outcome=Outcome.PAUSED, day=RESOLUTION, reason="Đi học"
    )
    candidate(tree["cell_b"], stage=Stage.COURSE, full_name="Xã B")
    counts = {s.stage: s.count for s in attainment.dashboard(tree["commune"], today=TODAY).pipeline}
    assert counts == {
        "sympathiser": 2,
        "course": 0,
        "file": 0,  # the paused file is not in progress
        "background": 0,
        "cell": 0,
        "grassroots": 0,
        "submitted": 1,
    }
    assert attainment.dashboard(tree["district"], today=TODAY).pipeline_total == 4


def test_a_decision_is_due_soon_up_to_its_deadline_and_overdue_the_day_after(tree):
    someone = candidate(tree["deep_cell"], stage=Stage.CELL)
    deadline = someone.decision_due

    def work(day):
        found = attainment.dashboard(tree["commune"], today=day).work
        return found.decision_soon, found.decision_overdue

    assert work(deadline - datetime.timedelta(days=15)) == (0, 0)
    assert work(deadline - datetime.timedelta(days=14)) == (1, 0)
    assert work(deadline) == (1, 0)
    assert work(deadline + datetime.timedelta(days=1)) == (0, 1)


def test_a_confirmation_is_due_in_the_month_the_probation_ends_and_overdue_after_it(tree):
    factories.member(
        tree["deep_cell"], decision_date=datetime.date(2025, 3, 1), ceremony_date=datetime.date(2025, 3, 20)
    )  # probation ends 20/03/2026

    def work(day):
        found = attainment.dashboard(tree["commune"], today=day).work
        return found.probation_due, found.probation_overdue

    assert work(datetime.date(2026, 2, 28)) == (0, 0)
    assert work(datetime.date(2026, 3, 1)) == (1, 0)
    assert work(datetime.date(2026, 4, 1)) == (1, 1)
    assert attainment.dashboard(tree["commune_b"], today=datetime.date(2026, 4, 1)).work.probation_due == 0


def test_nothing_expected_yet_by_the_rhythm_is_on_pace_without_a_rate(tree):
    """Past years admitted only in September: on 15 June nothing is expected yet, so nothing is behind and
    there is no rate to divide by."""
    services.quota_set(unit=tree["district"], year=2026, target=10)
    admit(tree["deep_cell"], datetime.date(2025, 9, 1), HISTORY_MIN_ADMISSIONS)
    pace = attainment.dashboard(tree["district"], today=TODAY).pace
    assert pace.expected == 0
    assert pace.rate is None
    assert not pace.behind
