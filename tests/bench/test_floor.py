"""The benchmark's SQL floor computes the same figures a yearly report shows (known totals, hand-built)."""

import datetime

import pytest
from django.db import connection

from admissions import services
from bench import floor
from tests import factories


@pytest.fixture
def admitted(tree):
    """2023: commune A (quota 2) admits 3, one in the year before; commune B (quota 2) admits 1; the school
    has no quota and admits 1; the district's own quota is 4."""
    for cell, days in [(tree["deep_cell"], [10, 50, 300]), (tree["cell_b"], [100]), (tree["school"], [5])]:
        for day in days:
            factories.member(cell, decision_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=day))
    factories.member(tree["deep_cell"], decision_date=datetime.date(2022, 12, 31))
    services.quota_set(unit=tree["commune"], year=2023, target=2)
    services.quota_set(unit=tree["commune_b"], year=2023, target=2)
    services.quota_set(unit=tree["district"], year=2023, target=4)
    return tree


def test_floor_counts_each_organisation_in_the_year_and_carries_the_totals(admitted):
    district = admitted["district"]
    [rows] = floor.run(connection, district.pk, district.path, 2023)
    by_name = {row[1]: row for row in rows}
    assert {name: (row[3], row[4]) for name, row in by_name.items()} == {
        "Đảng bộ xã A": (2, 3),
        "Đảng bộ xã B": (2, 1),
        "Chi bộ Trường THPT": (None, 1),
    }
    # subtree total, organisations at or above quota, organisations with a quota, the district's own quota
    assert {row[5:] for row in rows} == {(5, 1, 2, 4)}


def test_floor_of_one_organisation_has_one_row(admitted):
    commune = admitted["commune"]
    [rows] = floor.run(connection, commune.pk, commune.path, 2023)
    assert [(row[1], row[4], row[5], row[8]) for row in rows] == [("Đảng bộ xã A", 3, 3, 2)]


def test_breakdown_floor_has_the_figures_of_biểu_2(admitted):
    # Members of varied kinds and ages in both years, so that every kind of row has something to count.
    from admissions.choices import Occupation, Religion, Sex
    from reports.attainment import breakdown

    cell = admitted["cell_b"]
    for n, (born, sex, occupation, religion) in enumerate(
        [
            (datetime.date(1963, 5, 1), Sex.FEMALE, Occupation.TEACHER, Religion.BUDDHISM),
            (datetime.date(1990, 5, 1), Sex.MALE, Occupation.STUDENT, Religion.NONE),
            (datetime.date(1975, 5, 1), Sex.FEMALE, Occupation.FARMER, Religion.CATHOLIC),
        ]
    ):
        for year in (2022, 2023):
            factories.member(
                cell,
                date_of_birth=born,
                decision_date=datetime.date(year, 5, 19),
                sex=sex,
                occupation=occupation,
                religion=religion,
                ethnicity="Tày" if n == 2 else "Kinh",
                youth_union=n == 1,
                national_id=f"0{year}{n:07d}",
            )
    district = admitted["district"]
    [groups] = floor.run_breakdown(connection, district.pk, district.path, 2023)
    sums = [sum(group[i] or 0 for group in groups) for i in range(1, len(groups[0]))]
    report = breakdown(district, 2023)
    ours = [
        value
        for section in report.sections
        if not section.figures or not section.figures[0].key.startswith("ethnicity:")
        for figure in section.figures
        if not figure.is_average
        for value in (figure.this_period, figure.last_period)
    ]
    assert sums[:-2] == ours
    assert sums[-2] / report.total.this_period / 12 == pytest.approx(
        float(report.figure("age:mean").this_period)
    )
