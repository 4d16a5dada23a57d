"""Attainment figures on a small tree whose totals are known (tests/factories.tree)."""

import datetime
from decimal import Decimal

import pytest

from admissions import services
from admissions.choices import QuotaSource
from reports.attainment import Status, default_as_of, report_years, yearly_attainment
from tests import factories

D = datetime.date


@pytest.fixture
def year_2023(tree):
    """District quota 6 (from the province); handed down 4 (xã A) + 3 (xã B) = 7; the school has none.

    2023 admissions: xã A 5 (deep cell, incl. 01/01 and 31/12), xã B 0, school 2 -> district 7.
    """
    t = tree
    services.quota_set(unit=t["district"], year=2023, target=6)
    services.quota_set(unit=t["commune"], year=2023, target=4)
    services.quota_set(unit=t["commune_b"], year=2023, target=3)
    for day in (D(2023, 1, 1), D(2023, 3, 2), D(2023, 5, 19), D(2023, 9, 2), D(2023, 12, 31)):
        factories.member(t["deep_cell"], decision_date=day)
    factories.member(t["school"], decision_date=D(2023, 2, 3))
    factories.member(t["school"], decision_date=D(2023, 8, 19))
    # Just outside 2023 on both sides.
    factories.member(t["cell_b"], decision_date=D(2022, 12, 31))
    factories.member(t["school"], decision_date=D(2024, 1, 1))
    return t


def rows_by_name(report):
    return {row.unit.name: row for row in report.rows}


def test_committee_uses_its_own_quota_not_the_sum_handed_down(year_2023):
    report = yearly_attainment(year_2023["district"], 2023)
    assert report.committee.quota == 6
    assert report.committee.result == 7
    assert report.handed_down == 7
    assert report.handed_down_difference == 1
    assert report.committee.ratio == "7/6"


def test_unit_with_more_admissions_than_quota_is_not_capped(year_2023):
    report = yearly_attainment(year_2023["district"], 2023)
    commune = rows_by_name(report)["Đảng bộ xã A"]
    assert (commune.quota, commune.result, commune.rate) == (4, 5, Decimal(125))
    assert commune.difference == 1
    assert commune.status == Status.EXCEEDED
    assert report.committee.rate > 100
    assert report.committee.status == Status.EXCEEDED


def test_admissions_in_deep_cells_count_in_their_grassroots_organisation(year_2023):
    report = yearly_attainment(year_2023["district"], 2023)
    assert rows_by_name(report)["Đảng bộ xã A"].result == 5
    # ... and in every unit above: drilling into xã A, then its intermediate committee.
    commune = yearly_attainment(year_2023["commune"], 2023)
    assert commune.committee.result == 5
    assert [(r.unit.name, r.result) for r in commune.rows] == [("Đảng bộ bộ phận A1", 5)]
    middle = yearly_attainment(year_2023["middle"], 2023)
    assert [(r.unit.name, r.result) for r in middle.rows] == [("Chi bộ A1a", 5)]


def test_unit_without_quota_has_no_rate_and_is_not_judged(year_2023):
    report = yearly_attainment(year_2023["district"], 2023)
    school = rows_by_name(report)["Chi bộ Trường THPT"]
    assert school.quota is None
    assert school.rate is None
    assert school.difference is None
    assert school.result == 2
    assert school.status == Status.NO_QUOTA
    assert report.judged == 2


def test_quota_without_admissions_is_zero_percent_and_listed(year_2023):
    report = yearly_attainment(year_2023["district"], 2023)
    commune_b = rows_by_name(report)["Đảng bộ xã B"]
    assert (commune_b.result, commune_b.rate, commune_b.difference) == (0, Decimal(0), -3)
    assert commune_b.status == Status.NOT_COMPLETED
    assert [row.unit.name for row in report.without_admission] == ["Đảng bộ xã B"]


def test_completed_counts_units_at_or_above_their_quota(year_2023):
    services.quota_set(unit=year_2023["school"], year=2023, target=2)
    report = yearly_attainment(year_2023["district"], 2023)
    assert rows_by_name(report)["Chi bộ Trường THPT"].status == Status.COMPLETED
    assert report.completed_label == "2/3"


def test_admissions_on_31_12_and_01_01_count_in_their_own_year(year_2023):
    t = year_2023
    assert yearly_attainment(t["district"], 2023).committee.result == 7
    assert yearly_attainment(t["district"], 2022).committee.result == 1
    assert yearly_attainment(t["district"], 2024, as_of=D(2024, 1, 1)).committee.result == 1
    report = yearly_attainment(t["district"], 2023)
    assert report.months[0].admissions == 1  # 01/01 (xã A); 31/12/2022 is not in 2023
    assert report.months[11].admissions == 1
    assert report.months[11].cumulative == 7


def test_as_of_counts_from_01_01_to_that_day_only(year_2023):
    report = yearly_attainment(year_2023["district"], 2023, as_of=D(2023, 5, 19))
    assert report.committee.result == 4  # 01/01, 03/02 school, 02/03, 19/05
    assert report.months[4].cumulative == 4
    assert report.months[5].admissions is None


def test_pace_as_of_a_day(year_2023):
    pace = yearly_attainment(year_2023["district"], 2023, as_of=D(2023, 6, 30)).pace
    assert pace.result == 4
    assert pace.share_elapsed == Decimal(181) / 365
    assert pace.expected == 6 * Decimal(181) / 365
    assert pace.rate == Decimal(400) / (6 * Decimal(181) / 365)
    assert pace.still_needed == 2
    assert pace.months_left == 6
    assert pace.needed_per_month == Decimal(2) / 6


def test_pace_mid_month_counts_the_current_month_as_remaining(year_2023):
    pace = yearly_attainment(year_2023["district"], 2023, as_of=D(2023, 11, 28)).pace
    assert pace.months_left == 2
    end = yearly_attainment(year_2023["district"], 2023, as_of=D(2023, 12, 31)).pace
    assert end.months_left == 0
    assert end.needed_per_month is None
    assert end.still_needed == 0


def test_same_period_last_year(year_2023):
    t = year_2023
    factories.member(t["cell_b"], decision_date=D(2022, 6, 30))
    factories.member(t["cell_b"], decision_date=D(2022, 7, 1))
    report = yearly_attainment(t["district"], 2023, as_of=D(2023, 6, 30))
    assert report.last_period.start == D(2022, 1, 1)
    assert report.last_period.end == D(2022, 6, 30)
    assert report.committee.last_year == 1
    assert report.committee.change == Decimal(400)
    assert rows_by_name(report)["Đảng bộ xã B"].last_year == 1
    full = yearly_attainment(t["district"], 2023)
    assert full.committee.last_year == 3


def test_same_period_of_a_29_february_ends_on_28_february(tree):
    report = yearly_attainment(tree["district"], 2024, as_of=D(2024, 2, 29))
    assert report.last_period.end == D(2023, 2, 28)


def test_another_source_of_quota(year_2023):
    services.quota_set(unit=year_2023["district"], year=2023, target=10, source=QuotaSource.CONGRESS)
    report = yearly_attainment(year_2023["district"], 2023, source=QuotaSource.CONGRESS)
    assert report.committee.quota == 10
    assert report.committee.rate == Decimal(70)
    assert report.handed_down is None
    assert report.judged == 0


def test_units_closed_before_the_year_are_not_listed(year_2023):
    t = year_2023
    services.unit_close(unit=t["commune_b"], valid_to=D(2022, 12, 31))
    names = [row.unit.name for row in yearly_attainment(t["district"], 2023).rows]
    assert "Đảng bộ xã B" not in names
    assert "Đảng bộ xã B" in [row.unit.name for row in yearly_attainment(t["district"], 2022).rows]


def test_report_year_defaults(year_2023):
    t = year_2023
    years, default = report_years(t["district"], today=D(2026, 11, 28))
    assert default == 2023
    assert years == [2026, 2025, 2024, 2023]
    services.quota_set(unit=t["district"], year=2026, target=5)
    assert report_years(t["district"], today=D(2026, 11, 28))[1] == 2026
    # The province never gets a quota itself: the latest year in which a unit directly under it has one.
    assert report_years(t["province"], today=D(2027, 3, 1)) == ([2027, 2026, 2025, 2024, 2023], 2026)
    # Quotas further down (the communes') do not choose the province's year.
    services.quota_set(unit=t["commune"], year=2027, target=1)
    assert report_years(t["province"], today=D(2028, 3, 1))[1] == 2026


def test_default_as_of():
    today = D(2026, 11, 28)
    assert default_as_of(2026, today) == today
    assert default_as_of(2023, today) == D(2023, 12, 31)


def test_a_cell_moved_to_another_organisation_counts_there_from_above(tree):
    factories.member(tree["deep_cell"], decision_date=datetime.date(2023, 5, 19))
    services.unit_update(unit=tree["middle"], parent=tree["commune_b"])
    report = yearly_attainment(tree["district"], 2023)
    results = {row.unit.name: row.result for row in report.rows}
    assert results["Đảng bộ xã B"] == 1
    assert results["Đảng bộ xã A"] == 0
    assert report.committee.result == 1
