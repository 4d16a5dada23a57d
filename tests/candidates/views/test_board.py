"""The pipeline board as committee staff and as a clerk: the counts per stage per unit directly below, the
total, the drill-down to the list that makes up each count, scope, and the queries at two sizes."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.choices import Outcome, Stage
from tests.admissions.views.test_query_counts import queries_of
from tests.candidates.helpers import candidate


def board_row(response, unit):
    """The board's row of `unit` (None: the chosen cell's own row)."""
    board = response.context["board"]
    return next(row for row in board.rows if row.unit == unit)


@pytest.fixture
def pipeline(tree):
    """Under the district: commune A (2 sympathisers and an overdue file in its deep cell), commune B (one
    at the course, one paused), the school (one submitted, one already admitted, one withdrawn)."""
    today = timezone.localdate()
    candidate(tree["deep_cell"], full_name="Một", stage=Stage.SYMPATHISER)
    candidate(tree["deep_cell"], full_name="Hai", stage=Stage.SYMPATHISER)
    candidate(
        tree["deep_cell"], full_name="Quá Hạn", stage=Stage.CELL, resolution=today - datetime.timedelta(120)
    )
    candidate(tree["cell_b"], full_name="Bốn", stage=Stage.COURSE)
    paused = candidate(tree["cell_b"], full_name="Tạm Dừng", stage=Stage.COURSE)
    services.candidate_close(candidate=paused, outcome=Outcome.PAUSED, day=today, reason="Đi học xa")
    candidate(
        tree["school"], full_name="Sáu", stage=Stage.SUBMITTED, resolution=today - datetime.timedelta(20)
    )
    admitted = candidate(tree["school"], full_name="Đã Vào", stage=Stage.SUBMITTED)
    services.candidate_admit(
        candidate=admitted,
        decision_number="9-QĐ/HU",
        decision_date=admitted.submitted_date + datetime.timedelta(5),
    )
    withdrawn = candidate(tree["school"], full_name="Rút", stage=Stage.FILE)
    services.candidate_close(candidate=withdrawn, outcome=Outcome.WITHDRAWN, day=today, reason="Chuyển đi")
    return tree


def test_staff_board_counts_each_stage_per_organisation_and_in_total(as_staff, pipeline):
    tree = pipeline
    response = as_staff.get(reverse("candidate_board"))
    assert response.status_code == 200
    board = response.context["board"]
    assert [row.unit for row in board.rows] == [tree["commune"], tree["commune_b"], tree["school"]]
    commune = board_row(response, tree["commune"])
    assert commune.counts == {"sympathiser": 2, "cell": 1}
    assert (commune.in_progress, commune.overdue) == (3, 1)
    commune_b = board_row(response, tree["commune_b"])
    assert commune_b.counts == {"course": 1, "paused": 1}
    assert commune_b.in_progress == 1  # the paused file is shown, not counted as moving
    school = board_row(response, tree["school"])
    assert school.counts == {"submitted": 1}  # the admitted and the withdrawn files are off the board
    assert board.total.counts == {"sympathiser": 2, "cell": 1, "course": 1, "paused": 1, "submitted": 1}
    assert (board.total.in_progress, board.total.overdue) == (5, 1)


def listed(client, href: str) -> int:
    response = client.get(href.replace("&amp;", "&"))
    assert response.status_code == 200
    return response.context["table"].paginator.count


def test_every_count_links_to_the_list_of_exactly_those_candidates(as_staff, pipeline):
    response = as_staff.get(reverse("candidate_board"))
    links = re.findall(r'<a (?:class="bad" )?href="(/quan-chung/\?unit=[^"]+)">(\d+)</a>', response.text)
    assert len(links) >= 10
    for href, count in links:
        assert listed(as_staff, href) == int(count), href


def test_a_unit_name_opens_its_own_board_down_to_the_cells(as_clerk, pipeline):
    tree = pipeline
    response = as_clerk.get(reverse("candidate_board"))  # the clerk's organisation: commune A
    assert [row.unit for row in response.context["board"].rows] == [tree["middle"]]
    response = as_clerk.get(reverse("candidate_board"), {"unit": tree["middle"].pk})
    assert board_row(response, tree["deep_cell"]).counts == {"sympathiser": 2, "cell": 1}
    assert "Đảng bộ xã A" in response.text  # the breadcrumb back up
    response = as_clerk.get(reverse("candidate_board"), {"unit": tree["deep_cell"].pk})
    own = board_row(response, None)  # a cell's board: its own candidates
    assert own.counts == {"sympathiser": 2, "cell": 1}
    assert response.context["board"].total.in_progress == 3


@pytest.mark.parametrize("unit", ["commune_b", "0", "abc", "²"])
def test_a_unit_outside_the_scope_or_malformed_is_not_found(as_clerk, pipeline, unit):
    value = str(pipeline[unit].pk) if unit in pipeline else unit
    assert as_clerk.get(reverse("candidate_board"), {"unit": value}).status_code == 404


def test_the_board_reads_as_many_queries_with_5_and_with_40_candidates(
    as_staff, tree, django_assert_num_queries
):
    for number in range(5):
        candidate(tree["deep_cell"], full_name=f"Người {number}", stage=Stage.SYMPATHISER)
    small = queries_of(as_staff, reverse("candidate_board"), {})
    for number in range(35):
        cell = (tree["deep_cell"], tree["cell_b"], tree["school"])[number % 3]
        candidate(cell, full_name=f"Người {number + 5}", stage=(Stage.COURSE, Stage.CELL)[number % 2])
    with django_assert_num_queries(len(small)):
        as_staff.get(reverse("candidate_board"))
    assert len(small) <= 8
