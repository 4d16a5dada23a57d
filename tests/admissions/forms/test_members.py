"""Small rules of the entry forms and the list's sorting."""

import pytest
from django.urls import reverse

from admissions.choices import UnitLevel
from admissions.forms import decision_number_stem
from admissions.selectors import MEMBER_DEFAULT_ORDER, member_ordering
from tests import factories


@pytest.mark.parametrize(
    ("number", "stem"),
    [("123-QĐ/HU", "-QĐ/HU"), ("05-QĐ/ĐU", "-QĐ/ĐU"), ("QĐ 45/2023", "QĐ /2023"), ("không số", "không số")],
)
def test_save_and_add_another_keeps_the_decision_number_without_its_running_number(number, stem):
    assert decision_number_stem(number) == stem


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("full_name", ("sort_name", "pk")),
        ("-full_name", ("-sort_name", "-pk")),
        ("", MEMBER_DEFAULT_ORDER),
        ("password", MEMBER_DEFAULT_ORDER),
        ("--full_name", MEMBER_DEFAULT_ORDER),
    ],
)
def test_sort_parameter_maps_to_known_columns_only(sort, order):
    assert member_ordering(sort) == order


def test_edit_form_carries_the_version_it_was_loaded_with(as_clerk, tree):
    member = factories.member(tree["deep_cell"])
    page = as_clerk.get(reverse("member_edit", args=[member.pk])).text
    assert 'name="version" value="1"' in page


def test_unit_filter_offers_only_the_users_units(as_clerk, tree):
    form = as_clerk.get(reverse("member_list")).context["filter"].form
    assert [u.name for u in form.fields["unit"].queryset] == [
        "Đảng bộ xã A",
        "Đảng bộ bộ phận A1",
        "Chi bộ A1a",
    ]


def test_cell_choices_are_the_users_cells_only(as_clerk, tree):
    form = as_clerk.get(reverse("member_add")).context["form"]
    assert [u.name for u in form.fields["cell"].queryset] == ["Chi bộ A1a"]


def offered(client, **query) -> list[str]:
    form = client.get(reverse("member_list"), query).context["filter"].form
    assert form.is_valid() or not query
    return [str(label).strip() for value, label in form.fields["unit"].widget.choices if value]


def test_unit_filter_offers_the_top_of_the_scope_and_opens_along_the_chosen_branch(as_staff, tree):
    # The district's staff: the district and its organisations, not every cell of them.
    assert offered(as_staff) == ["Huyện ủy Thử", "Đảng bộ xã A", "Đảng bộ xã B", "Chi bộ Trường THPT"]
    # Choosing an organisation opens it; its neighbours stay to switch to.
    assert offered(as_staff, unit=tree["commune"].pk) == [
        "Huyện ủy Thử", "Đảng bộ xã A", "Đảng bộ bộ phận A1", "Đảng bộ xã B", "Chi bộ Trường THPT",
    ]  # fmt: skip
    # A cell chosen by a link, three levels down: its branch is shown, the cells beside it too.
    factories.unit(parent=tree["middle"], level=UnitLevel.SUBORDINATE_CELL, name="Chi bộ A1b")
    deep = offered(as_staff, unit=tree["deep_cell"].pk)
    assert deep == [
        "Huyện ủy Thử", "Đảng bộ xã A", "Đảng bộ bộ phận A1", "Chi bộ A1a", "Chi bộ A1b", "Đảng bộ xã B",
        "Chi bộ Trường THPT",
    ]  # fmt: skip


def test_unit_filter_accepts_any_unit_of_the_scope_and_no_other(as_clerk, tree):
    assert offered(as_clerk) == ["Đảng bộ xã A", "Đảng bộ bộ phận A1"]
    assert "Chi bộ A1a" in offered(as_clerk, unit=tree["deep_cell"].pk)
    outside = as_clerk.get(reverse("member_list"), {"unit": tree["cell_b"].pk}).context["filter"].form
    assert not outside.is_valid()
