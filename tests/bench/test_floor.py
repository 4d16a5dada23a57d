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
