"""Biểu 2 figures on hand-built members whose counts are known."""

import datetime
import itertools
from decimal import Decimal

import pytest

from admissions import text
from admissions.choices import Occupation, Qualification, Religion, Schooling, Sex
from admissions.models import Member
from reports.attainment import breakdown
from tests import factories

D = datetime.date
DECISION = D(2023, 5, 19)


def admit(cell, born, **fields):
    return factories.member(
        cell, date_of_birth=born, decision_date=fields.pop("decision_date", DECISION), **fields
    )


def bands(report):
    figures = [f for section in report.sections for f in section.figures]
    return {
        f.key.removeprefix("age:"): f.this_period
        for f in figures
        if f.key.startswith("age:") and f.key != "age:mean"
    }


def test_age_bands_at_their_exact_boundaries(tree):
    cell = tree["cell_b"]
    admit(cell, D(1992, 5, 19))  # 31 on the decision date itself -> 31-35
    admit(cell, D(1992, 5, 20))  # 30 until the next day -> 18-30
    admit(cell, D(1987, 5, 20))  # 35 -> 31-35
    admit(cell, D(1987, 5, 19))  # 36 -> 36-40
    admit(cell, D(1963, 5, 19))  # 60 on the day -> 56-60
    # One month past 60 is over 60 under the eligibility rule counted in months (an exception case).
    admit(cell, D(1963, 4, 19), over_age_exception=True, exception_note="Quyết định 01")
    admit(cell, D(2005, 5, 19))  # 18 on the day -> 18-30
    counts = bands(breakdown(tree["district"], 2023))
    assert counts == {
        "18-30": 2,
        "31-35": 2,
        "36-40": 1,
        "41-45": 0,
        "46-50": 0,
        "51-55": 0,
        "56-60": 1,
        "over-60": 1,
    }


def test_born_on_29_february_is_a_year_older_on_28_february_of_a_common_year(tree):
    admit(tree["cell_b"], D(1992, 2, 29), decision_date=D(2023, 2, 28))
    assert bands(breakdown(tree["district"], 2023))["31-35"] == 1


def test_age_in_sql_equals_the_python_rule_at_month_ends(tree):
    borns = [D(1990, 1, 31), D(1990, 3, 31), D(1992, 2, 29), D(1990, 5, 30), D(1990, 12, 31), D(1990, 6, 15)]
    ons = [D(2023, 2, 28), D(2024, 2, 28), D(2024, 2, 29), D(2023, 4, 30), D(2023, 6, 14), D(2023, 6, 15)]
    for born, on in itertools.product(borns, ons):
        admit(tree["cell_b"], born, decision_date=on, national_id=None)
    # The age the database stores (a generated column) is the one the validation computes in Python.
    rows = Member.objects.values_list("date_of_birth", "decision_date", "age_months")
    assert [(b, o, m) for b, o, m in rows if m != text.age_in_months(b, o)] == []
    assert len(rows) == 36


def test_mean_age_in_years(tree):
    admit(tree["cell_b"], D(1998, 5, 19))  # 25
    admit(tree["cell_b"], D(1993, 5, 19))  # 30
    mean = breakdown(tree["district"], 2023).figure("age:mean")
    assert mean.this_period == Decimal("27.5")
    assert mean.last_period is None
    assert mean.change is None


def test_mean_age_of_each_period_counts_that_period_only(tree):
    admit(tree["cell_b"], D(1998, 5, 19))  # 25 in 2023
    admit(tree["cell_b"], D(1982, 5, 19), decision_date=D(2022, 5, 19))  # 40 in 2022
    mean = breakdown(tree["district"], 2023).figure("age:mean")
    assert (mean.this_period, mean.last_period) == (Decimal(25), Decimal(40))


def test_ethnic_groups_in_neither_period_are_left_out_and_the_rest_ordered(tree):
    cell = tree["cell_b"]
    for ethnicity, day in [
        ("Tày", D(2023, 3, 1)), ("Tày", D(2023, 4, 1)), ("Nùng", D(2023, 3, 1)), ("Dao", D(2023, 3, 1)),
        ("Dao", D(2022, 3, 1)), ("Kinh", D(2022, 3, 1)),
        ("Mông", D(2022, 9, 1)),  # after 30/06 last year: in neither period
    ]:  # fmt: skip
        admit(cell, D(1995, 1, 1), decision_date=day, ethnicity=ethnicity)
    report = breakdown(tree["district"], 2023, as_of=D(2023, 6, 30))
    ethnic = next(section for section in report.sections if section.title == "Dân tộc")
    assert [(f.label, f.this_period, f.last_period) for f in ethnic.figures] == [
        ("Tày", 2, 0), ("Dao", 1, 1), ("Nùng", 1, 0), ("Kinh", 0, 1),
    ]  # fmt: skip


def test_of_which_rows(tree):
    cell = tree["deep_cell"]
    admit(cell, D(1995, 1, 1), sex=Sex.FEMALE, ethnicity="Tày", religion=Religion.BUDDHISM)
    admit(cell, D(1995, 1, 1), sex=Sex.FEMALE, youth_union=True, readmission=True)
    admit(cell, D(1995, 1, 1), private_business_owner=True, occupation=Occupation.OTHER)
    report = breakdown(tree["district"], 2023)
    got = {
        k: report.figure(k).this_period
        for k in (
            "total",
            "women",
            "ethnic_minority",
            "religious",
            "youth_union",
            "business_owner",
            "readmission",
        )
    }
    assert got == {
        "total": 3,
        "women": 2,
        "ethnic_minority": 1,
        "religious": 1,
        "youth_union": 1,
        "business_owner": 1,
        "readmission": 1,
    }
    assert report.figure("ethnicity:Tày").this_period == 1
    assert report.figure("ethnicity:Kinh").this_period == 2
    assert report.figure("religion:phat_giao").this_period == 1


def test_public_service_row_includes_teachers_and_shows_them_apart(tree):
    cell = tree["cell_b"]
    admit(cell, D(1995, 1, 1), occupation=Occupation.TEACHER)
    admit(cell, D(1995, 1, 1), occupation=Occupation.TEACHER)
    admit(cell, D(1995, 1, 1), occupation=Occupation.PUBLIC_EMPLOYEE)
    admit(cell, D(1995, 1, 1), occupation=Occupation.FARMER)
    report = breakdown(tree["district"], 2023)
    assert report.figure("occupation:vien_chuc").this_period == 3
    assert report.figure("occupation:giao_vien").this_period == 2
    assert report.figure("occupation:giao_vien").indent == 2
    assert report.figure("occupation:nong_dan").this_period == 1


def test_schooling_qualification_and_unit_type(tree):
    admit(tree["cell_b"], D(1995, 1, 1), schooling=Schooling.GRADE_9, qualification=Qualification.UNIVERSITY)
    admit(tree["school"], D(1995, 1, 1))
    report = breakdown(tree["district"], 2023)
    assert report.figure("schooling:9/12").this_period == 1
    assert report.figure("schooling:12/12").this_period == 1
    assert report.figure("qualification:dai_hoc").this_period == 1
    assert report.figure("unit_type:xa").this_period == 1
    assert report.figure("unit_type:su_nghiep").this_period == 1


def test_same_period_last_year_and_percent(tree):
    cell = tree["cell_b"]
    for day in (D(2023, 1, 1), D(2023, 3, 1), D(2023, 6, 30), D(2023, 7, 1)):
        admit(cell, D(1995, 1, 1), decision_date=day, sex=Sex.FEMALE)
    for day in (D(2022, 6, 30), D(2022, 7, 1)):
        admit(cell, D(1995, 1, 1), decision_date=day)
    report = breakdown(tree["district"], 2023, as_of=D(2023, 6, 30))
    total = report.total
    assert (total.this_period, total.last_period, total.change) == (3, 1, Decimal(300))
    women = report.figure("women")
    assert (women.this_period, women.last_period, women.change) == (3, 0, None)


@pytest.mark.parametrize("year", [2023])
def test_breakdown_of_a_unit_counts_only_its_subtree(tree, year):
    admit(tree["deep_cell"], D(1995, 1, 1))
    admit(tree["cell_b"], D(1995, 1, 1))
    assert breakdown(tree["commune"], year).total.this_period == 1
    assert breakdown(tree["district"], year).total.this_period == 2
