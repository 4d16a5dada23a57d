"""Small rules of the entry forms and the list's sorting."""

import pytest
from django.urls import reverse

from admissions.choices import UnitLevel
from admissions.forms import MemberForm, next_decision_number
from admissions.selectors import MEMBER_DEFAULT_ORDER, member_ordering
from tests import factories


@pytest.mark.parametrize(
    ("number", "following"),
    [
        ("201-QĐ/HU", "202-QĐ/HU"),
        ("009-QĐ/ĐU", "010-QĐ/ĐU"),
        ("99-QĐ/TU", "100-QĐ/TU"),
        ("không số", "không số"),
    ],
)
def test_save_and_add_another_offers_the_next_decision_number(number, following):
    assert next_decision_number(number) == following


def decision_number_errors(tree, staff, number: str, cell_key: str = "deep_cell") -> list[str]:
    data = {**factories.member_form_data(tree[cell_key]), "decision_number": number}
    form = MemberForm(data, user=staff, scope=tree["district"])
    form.is_valid()
    return form.errors.get("decision_number", [])


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["201-QĐ/HU", "201-qd/hu", " 15-QĐ/ĐU", "7-QĐ/TU"])
def test_a_decision_number_of_a_committee_above_the_cell_is_accepted(tree, staff, number):
    assert decision_number_errors(tree, staff, number) == []


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["202", "-QĐ/HU202", "-QĐ/HU", "201/QĐ-HU", "201-QĐ/", "QĐ 45/2023"])
def test_a_decision_number_of_the_wrong_form_is_refused_with_an_example(tree, staff, number):
    assert "ví dụ 201-QĐ/HU" in decision_number_errors(tree, staff, number)[0]


@pytest.mark.django_db
def test_a_decision_number_of_a_committee_not_above_the_cell_is_refused(tree, staff):
    errors = decision_number_errors(tree, staff, "201-QĐ/QU")
    assert errors == ["“QU” không phải cấp ủy cấp trên của chi bộ này; có thể là: HU, TU, ĐU."]
    # A grassroots cell has no Đảng ủy above it: only the district's and the province's committees.
    assert "HU, TU." in decision_number_errors(tree, staff, "201-QĐ/ĐU", cell_key="school")[0]


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


@pytest.mark.django_db
def test_date_boxes_ask_for_the_number_pad_and_required_fields_are_marked_before_submit(tree, staff):
    form = MemberForm(user=staff, scope=tree["district"])
    assert 'inputmode="numeric"' in str(form["decision_date"])
    assert 'class="required"' in form["full_name"].label_tag()
    assert 'class="required"' not in form["notes"].label_tag()
