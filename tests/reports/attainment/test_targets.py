"""A unit judged against every source's quota at once and against its term targets."""

import datetime

from admissions import services
from admissions.choices import QuotaSource
from reports.attainment import targets_of, yearly_attainment
from tests import factories

D = datetime.date


def test_each_source_judges_the_same_result_in_the_order_of_the_sources(tree):
    services.quota_set(unit=tree["district"], year=2023, target=4, source=QuotaSource.SELF_SET)
    services.quota_set(unit=tree["district"], year=2023, target=2)
    for month in (1, 2, 3):
        factories.member(tree["deep_cell"], decision_date=D(2023, month, 1))
    sources = targets_of(yearly_attainment(tree["district"], 2023)).sources
    assert [(s.source, s.line.ratio, s.line.rate) for s in sources] == [
        ("assigned", "3/2", 150),
        ("self", "3/4", 75),
    ]


def test_a_term_counts_its_years_up_to_the_as_of_day_never_capped(tree):
    services.term_target_set(unit=tree["district"], first_year=2020, last_year=2025, target=4)
    for day in (D(2019, 12, 31), D(2020, 1, 1), D(2022, 6, 1), D(2023, 3, 1), D(2023, 3, 2), D(2023, 8, 1)):
        factories.member(tree["school"], decision_date=day)
    report = yearly_attainment(tree["district"], 2023, as_of=D(2023, 6, 30))
    (term,) = targets_of(report).terms
    assert (term.result, term.rate, term.still_needed, term.years_left) == (4, 100, 0, 3)
    assert term.per_year * 6 == 4
    report = yearly_attainment(tree["district"], 2023)
    (term,) = targets_of(report).terms
    assert (term.result, term.rate) == (5, 125)  # 5/4: never capped
    assert term.years_left == 2  # 2024 and 2025
    assert targets_of(yearly_attainment(tree["district"], 2026)).terms == []


def test_targets_take_three_queries_whatever_the_number_of_terms(tree, django_assert_num_queries):
    report = yearly_attainment(tree["district"], 2023)
    services.term_target_set(unit=tree["district"], first_year=2020, last_year=2025, target=4)
    with django_assert_num_queries(3):
        targets_of(report)
    services.term_target_set(unit=tree["district"], first_year=2021, last_year=2023, target=9, source="self")
    services.term_target_set(unit=tree["district"], first_year=2023, last_year=2027, target=9)
    with django_assert_num_queries(3):
        assert len(targets_of(report).terms) == 3
