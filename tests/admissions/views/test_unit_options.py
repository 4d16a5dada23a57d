"""The unit pickers' type-ahead (/don-vi/tim/): scoped, folded, limited to valid choices and to
UNIT_OPTIONS_LIMIT rows, with as many queries at any size; the forms write only the chosen unit."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admissions import selectors, services
from admissions.choices import UnitLevel
from tests import factories

pytestmark = pytest.mark.django_db


def options(client, **params) -> dict:
    response = client.get(reverse("unit_options"), params)
    assert response.status_code == 200
    return response.json()


def texts(client, **params) -> list[str]:
    return [row["text"] for row in options(client, **params)["results"]]


def add_cells(parent, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        factories.unit(parent=parent, name=f"Chi bộ thôn Đông {number}", code=f"D{number}")


def test_a_cell_is_found_without_diacritics_and_named_with_the_units_above_it(as_staff, tree):
    assert texts(as_staff, kind="cell", q="chi bo a1a") == ["Chi bộ A1a — Đảng bộ bộ phận A1 — Đảng bộ xã A"]


def test_a_cell_is_found_by_its_code(as_staff, tree):
    rows = options(as_staff, kind="cell", q=tree["cell_b"].code.lower())["results"]
    assert [row["value"] for row in rows] == [tree["cell_b"].pk]


def test_a_clerk_is_offered_the_cells_of_their_organisation_only(as_clerk, tree):
    assert texts(as_clerk, kind="cell", q="chi bo") == ["Chi bộ A1a — Đảng bộ bộ phận A1"]


def test_cells_only_for_a_members_cell(as_staff, tree):
    values = {row["value"] for row in options(as_staff, kind="cell", q="")["results"]}
    assert values == {tree["deep_cell"].pk, tree["cell_b"].pk, tree["school"].pk}


def test_look_alike_names_are_told_apart_by_their_commune(as_staff, tree):
    factories.unit(parent=tree["commune"], name="Chi bộ thôn Đông")
    factories.unit(parent=tree["commune_b"], name="Chi bộ thôn Đông")
    assert texts(as_staff, kind="cell", q="thon dong") == [
        "Chi bộ thôn Đông — Đảng bộ xã A",
        "Chi bộ thôn Đông — Đảng bộ xã B",
    ]


def test_results_are_limited_and_say_there_are_more(as_staff, tree):
    add_cells(tree["commune_b"], selectors.UNIT_OPTIONS_LIMIT + 5)
    found = options(as_staff, kind="cell", q="thon dong")
    assert len(found["results"]) == selectors.UNIT_OPTIONS_LIMIT
    assert found["more"] is True
    assert options(as_staff, kind="cell", q="thon dong 7")["more"] is False


def test_a_parent_is_offered_only_at_a_level_that_may_hold_the_new_unit(as_staff, tree):
    values = {row["value"] for row in options(as_staff, kind="parent", level="cbtt")["results"]}
    assert values == {tree["commune"].pk, tree["middle"].pk, tree["commune_b"].pk}
    values = {row["value"] for row in options(as_staff, kind="parent", level="dbcs")["results"]}
    assert values == {tree["district"].pk}


def test_a_parent_is_never_inside_the_units_own_branch_nor_closed(as_staff, tree):
    services.unit_close(unit=tree["commune_b"], valid_to=datetime.date(2024, 1, 31))
    values = {
        row["value"]
        for row in options(as_staff, kind="parent", level="cbtt", unit=tree["commune"].pk)["results"]
    }
    assert values == set()
    values = {row["value"] for row in options(as_staff, kind="parent", level="cbtt")["results"]}
    assert values == {tree["commune"].pk, tree["middle"].pk}


def test_a_successor_is_open_of_a_level_that_takes_over_and_outside_the_branch(as_staff, tree):
    services.unit_close(unit=tree["school"], valid_to=datetime.date(2024, 1, 31))
    values = {row["value"] for row in options(as_staff, kind="successor", unit=tree["cell_b"].pk)["results"]}
    assert values == {tree["deep_cell"].pk}
    values = {row["value"] for row in options(as_staff, kind="successor", unit=tree["commune"].pk)["results"]}
    assert values == {tree["commune_b"].pk}


def test_a_clerk_cannot_ask_about_a_unit_outside_their_scope(as_clerk, tree):
    response = as_clerk.get(reverse("unit_options"), {"kind": "successor", "unit": tree["cell_b"].pk})
    assert response.status_code == 404


@pytest.mark.parametrize("params", [{"kind": "nothing"}, {}, {"kind": "successor"}])
def test_a_bad_request_is_refused_with_a_message(as_staff, tree, params):
    response = as_staff.get(reverse("unit_options"), params)
    assert response.status_code == 400
    assert response.json()["error"]


def queries_of(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        options(client, **params)
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "params", [{"kind": "cell", "q": "thon"}, {"kind": "parent", "q": ""}, {"kind": "cell", "q": ""}]
)
def test_the_type_ahead_reads_as_many_queries_at_5_and_at_120_units(as_staff, tree, params):
    add_cells(tree["commune_b"], 5)
    small = queries_of(as_staff, params)
    add_cells(tree["commune"], 115, start=5)
    assert queries_of(as_staff, params) == small
    assert small <= 5  # session, user, scope, the units, the names above them


def select_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_member_form_writes_only_the_chosen_cell_whatever_the_scope(as_staff, tree):
    add_cells(tree["commune_b"], 50)
    page = as_staff.get(reverse("member_add")).text
    assert select_options(page, "cell") == [""]
    page = as_staff.get(reverse("member_add"), {"cell": tree["deep_cell"].pk}).text
    assert select_options(page, "cell") == ["", str(tree["deep_cell"].pk)]
    assert "Chi bộ A1a — Đảng bộ bộ phận A1 — Đảng bộ xã A" in page


def test_the_member_form_page_reads_as_many_queries_at_5_and_at_120_cells(as_staff, tree):
    add_cells(tree["commune_b"], 5)
    with CaptureQueriesContext(connection) as small:
        as_staff.get(reverse("member_add"))
    add_cells(tree["commune"], 115, start=5)
    with CaptureQueriesContext(connection) as large:
        as_staff.get(reverse("member_add"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_unit_forms_write_only_the_chosen_unit(as_staff, tree):
    page = as_staff.get(reverse("unit_edit", args=[tree["cell_b"].pk])).text
    assert select_options(page, "parent") == ["", str(tree["commune_b"].pk)]
    page = as_staff.get(reverse("unit_close", args=[tree["cell_b"].pk])).text
    assert select_options(page, "successor") == [""]


def test_add_under_a_unit_presets_the_usual_level_and_the_type(as_staff, tree):
    form = as_staff.get(reverse("unit_add"), {"parent": tree["commune"].pk}).context["form"]
    assert form["level"].value() == UnitLevel.SUBORDINATE_CELL
    assert form["unit_type"].value() == tree["commune"].unit_type
    assert str(form["parent"].value()) == str(tree["commune"].pk)


def test_an_empty_unit_form_says_what_is_missing_without_a_broken_sentence(as_staff, tree):
    response = as_staff.post(reverse("unit_add"), {"parent": tree["commune"].pk})
    errors = response.context["form"].errors
    assert "level" in errors
    assert "Một  không" not in response.text
