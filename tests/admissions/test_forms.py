"""Small rules of the entry forms and the list's sorting."""

import pytest
from django.urls import reverse

from admissions import selectors
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


def test_unit_filter_offers_the_top_levels_of_the_scope_and_accepts_any_unit_of_it(
    as_clerk, tree, monkeypatch
):
    monkeypatch.setattr(selectors, "UNIT_FILTER_DEPTH", 1)  # the clerk's scope is three levels deep
    url = reverse("member_list")
    form = as_clerk.get(url).context["filter"].form
    chosen = as_clerk.get(url, {"unit": tree["deep_cell"].pk}).context["filter"].form
    offered = [str(label).strip() for _value, label in form.fields["unit"].widget.choices]
    offered_when_chosen = [str(label).strip() for _value, label in chosen.fields["unit"].widget.choices]
    assert offered[1:] == ["Đảng bộ xã A", "Đảng bộ bộ phận A1"]
    assert chosen.is_valid() and "Chi bộ A1a" in offered_when_chosen
