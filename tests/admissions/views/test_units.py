"""The unit tree page and the pages that create, edit and close units (committee staff only)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from admissions import services
from admissions.choices import UnitLevel
from admissions.models import Unit
from tests import factories


def unit_data(parent, **fields) -> dict:
    return {
        "parent": parent.pk,
        "unit_type": "xa",
        "sort_order": 0,
        "submission_token": factories.token(),
        **fields,
    }


def row(response, unit):
    return next(u for u in response.context["units"] if u.pk == unit.pk)


def test_tree_counts_members_of_the_whole_subtree_all_years_and_in_the_year(as_staff, tree):
    factories.member(tree["deep_cell"], decision_date=datetime.date(2023, 5, 1))
    factories.member(tree["deep_cell"], decision_date=datetime.date(2024, 5, 1))
    factories.member(tree["cell_b"], decision_date=datetime.date(2024, 5, 1))
    response = as_staff.get(reverse("unit_tree"), {"year": 2024})
    district, commune, middle = (
        row(response, tree["district"]),
        row(response, tree["commune"]),
        row(response, tree["middle"]),
    )
    assert (district.members_total, district.members_in_year) == (3, 2)
    assert (commune.members_total, commune.members_in_year) == (2, 1)
    assert (middle.members_total, middle.members_in_year) == (2, 1)
    assert row(response, tree["school"]).members_total == 0


def test_clerk_sees_only_their_subtree_and_no_edit_links(as_clerk, tree):
    response = as_clerk.get(reverse("unit_tree"))
    assert [u.name for u in response.context["units"]] == ["Đảng bộ xã A", "Đảng bộ bộ phận A1", "Chi bộ A1a"]
    assert reverse("unit_add") not in response.text


def test_tree_shows_closed_units_with_their_date_and_successor(as_staff, tree):
    from admissions import services

    services.unit_close(unit=tree["cell_b"], valid_to=datetime.date(2025, 6, 30), successor=tree["school"])
    page = as_staff.get(reverse("unit_tree")).text
    assert "Đã giải thể (hoạt động đến hết 30/06/2025)" in page
    assert "→ Chi bộ Trường THPT" in page


def test_tree_shows_the_chosen_unit_and_two_levels_under_it(as_staff, tree):
    response = as_staff.get(reverse("unit_tree"))
    names = [u.name for u in response.context["units"]]
    assert names[0] == "Huyện ủy Thử"
    assert "Chi bộ B1" in names
    assert "Đảng bộ bộ phận A1" in names
    assert "Chi bộ A1a" not in names  # three levels down: reached by drilling down


def test_tree_counts_at_each_shown_level_include_deeper_cells(as_staff, tree):
    for cell, day in [
        ("deep_cell", datetime.date(2023, 5, 1)),
        ("deep_cell", datetime.date(2024, 5, 1)),
        ("deep_cell", datetime.date(2024, 12, 31)),
        ("cell_b", datetime.date(2024, 1, 1)),
        ("school", datetime.date(2022, 5, 1)),
    ]:
        factories.member(tree[cell], decision_date=day)
    response = as_staff.get(reverse("unit_tree"), {"year": 2024})
    counts = {u.name: (u.members_total, u.members_in_year) for u in response.context["units"]}
    assert counts == {
        "Huyện ủy Thử": (5, 3),
        "Đảng bộ xã A": (3, 2),
        "Đảng bộ bộ phận A1": (3, 2),
        "Đảng bộ xã B": (1, 1),
        "Chi bộ B1": (1, 1),
        "Chi bộ Trường THPT": (1, 0),
    }
    response = as_staff.get(reverse("unit_tree"), {"year": 2024, "unit": tree["commune"].pk})
    counts = {u.name: (u.members_total, u.members_in_year) for u in response.context["units"]}
    assert counts == {"Đảng bộ xã A": (3, 2), "Đảng bộ bộ phận A1": (3, 2), "Chi bộ A1a": (3, 2)}


def test_drilling_down_shows_the_ancestors_in_scope_as_links_and_keeps_the_year(as_staff, tree):
    middle = tree["middle"]
    response = as_staff.get(reverse("unit_tree"), {"year": 2024, "unit": middle.pk})
    assert [u.pk for u in response.context["units"]] == [middle.pk, tree["deep_cell"].pk]
    assert [u.name for u in response.context["ancestors"]] == ["Huyện ủy Thử", "Đảng bộ xã A"]
    assert "Tỉnh ủy Thử" not in response.text  # above the user's scope
    assert f'href="?year=2024&amp;unit={tree["commune"].pk}"' in response.text
    assert f'href="?year=2024&amp;unit={tree["deep_cell"].pk}"' in response.text


@pytest.mark.parametrize("unit", ["abc", "-1", "999999", "province", "cell_b"])
def test_a_unit_outside_the_scope_or_not_a_unit_is_not_found(as_clerk, tree, unit):
    value = tree[unit].pk if unit in tree else unit
    assert as_clerk.get(reverse("unit_tree"), {"unit": value}).status_code == 404


def test_tree_query_count_does_not_grow_with_units_or_members(as_staff, tree, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.member(tree["deep_cell"])
    with CaptureQueriesContext(connection) as small:
        assert as_staff.get(reverse("unit_tree"), {"year": 2023}).status_code == 200
    for number in range(15):
        middle = factories.unit(
            parent=tree["commune_b"], level=UnitLevel.INTERMEDIATE, name=f"Đảng bộ bộ phận {number}"
        )
        cell = factories.unit(parent=middle, level=UnitLevel.SUBORDINATE_CELL, name=f"Chi bộ {number}")
        factories.member(cell)
        factories.member(tree["cell_b"])
    with django_assert_num_queries(len(small)):
        response = as_staff.get(reverse("unit_tree"), {"year": 2023})
    assert len(response.context["units"]) == 6 + 15
    assert response.context["units"][0].members_total == 31


def test_staff_adds_a_unit_under_a_parent(as_staff, tree):
    data = unit_data(tree["commune_b"], code="B2", name="Chi bộ B2", level="cbtt")
    response = as_staff.post(reverse("unit_add"), data)
    assert response.url == reverse("unit_tree")
    unit = Unit.objects.get(code="B2")
    assert unit.path.startswith(tree["commune_b"].path)
    assert unit.depth == 3


def test_a_unit_at_a_wrong_level_is_refused_with_a_message(as_staff, tree):
    data = unit_data(tree["cell_b"], code="X", name="Sai cấp", level="cbtt")
    response = as_staff.post(reverse("unit_add"), data)
    assert "không thể trực thuộc" in response.context["form"].errors["parent"][0]


def test_staff_edits_a_unit(as_staff, tree):
    data = unit_data(
        tree["commune_b"], code=tree["cell_b"].code, name="Chi bộ B đổi tên", level="cbtt", sort_order=1
    )
    assert as_staff.post(reverse("unit_edit", args=[tree["cell_b"].pk]), data).status_code == 302
    assert Unit.objects.get(pk=tree["cell_b"].pk).name == "Chi bộ B đổi tên"


def test_a_unit_cannot_be_moved_under_its_own_subtree(as_staff, tree):
    data = unit_data(tree["deep_cell"], code="M", name="x", level="dbbp")
    response = as_staff.post(reverse("unit_edit", args=[tree["middle"].pk]), data)
    assert "parent" in response.context["form"].errors


def test_the_top_of_the_scope_cannot_be_moved(as_staff, tree):
    form = as_staff.get(reverse("unit_edit", args=[tree["district"].pk])).context["form"]
    assert "parent" not in form.fields


def test_a_merger_shows_what_it_touches_then_saves_once_confirmed(as_staff, staff, tree):
    factories.member(tree["cell_b"], ceremony_date=datetime.date(2023, 6, 1))
    factories.user("b1", role=Role.UNIT_CLERK, unit=tree["cell_b"])
    services.quota_set(unit=tree["commune_b"], year=2023, target=3)
    token = factories.token()  # one form, posted three times: its token is spent by the save only
    data = {"valid_to": "30/06/2025", "successor": tree["cell_b"].pk, "submission_token": token}
    response = as_staff.post(reverse("unit_close", args=[tree["commune_b"].pk]), data)
    assert "successor" in response.context["form"].errors  # inside its own branch
    data = {"valid_to": "30/06/2025", "successor": tree["commune"].pk, "submission_token": token}
    response = as_staff.post(reverse("unit_close", args=[tree["commune_b"].pk]), data)
    assert response.status_code == 200
    assert response.context["summary"] == {
        "units": 1,
        "members": 1,
        "probationary": 1,
        "quotas": 1,
        "users": 1,
    }
    assert "Xác nhận sáp nhập" in response.text
    assert Unit.objects.get(pk=tree["commune_b"].pk).valid_to is None  # nothing saved yet
    assert response.context["form"]["confirmed"].value() == "True"
    response = as_staff.post(
        reverse("unit_close", args=[tree["commune_b"].pk]), {**data, "confirmed": "True"}
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree["commune_b"].pk).successor == tree["commune"]


def test_closing_a_unit_with_a_successor(as_staff, tree):
    response = as_staff.post(
        reverse("unit_close", args=[tree["cell_b"].pk]),
        {
            "valid_to": "30/06/2025",
            "successor": tree["school"].pk,
            "confirmed": "True",
            "submission_token": factories.token(),
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(pk=tree["cell_b"].pk)
    assert unit.valid_to == datetime.date(2025, 6, 30)
    assert unit.successor == tree["school"]


@pytest.mark.parametrize("valid_to", ["", "32/13/2025", "hôm qua"])
def test_closing_needs_a_valid_date(as_staff, tree, valid_to):
    response = as_staff.post(
        reverse("unit_close", args=[tree["cell_b"].pk]),
        {"valid_to": valid_to, "submission_token": factories.token()},
    )
    assert "valid_to" in response.context["form"].errors
    assert Unit.objects.get(pk=tree["cell_b"].pk).valid_to is None


def test_a_unit_cannot_succeed_itself_or_a_unit_in_its_subtree(as_staff, tree):
    response = as_staff.post(
        reverse("unit_close", args=[tree["commune"].pk]),
        {"valid_to": "30/06/2025", "successor": tree["deep_cell"].pk, "submission_token": factories.token()},
    )
    assert "successor" in response.context["form"].errors


def test_bad_year_on_the_tree_falls_back_with_a_message(as_staff, tree):
    response = as_staff.get(reverse("unit_tree"), {"year": "hai nghìn"}, follow=True)
    assert response.status_code == 200
    assert "Năm không hợp lệ" in response.text


def test_quota_link_is_offered_to_staff_only(as_clerk, tree):
    assert reverse("quota_sheet") not in as_clerk.get(reverse("home")).text


@pytest.mark.parametrize("query", ["?parent=abc", "?parent=999999"])
def test_bad_parent_in_the_query_string_is_ignored(as_staff, tree, query):
    assert as_staff.get(reverse("unit_add") + query).status_code == 200


def test_a_duplicate_code_names_the_unit_that_holds_it_and_adds_nothing(as_staff, tree):
    data = unit_data(tree["commune_b"], code=tree["deep_cell"].code, name="Chi bộ mới", level="cbtt")
    response = as_staff.post(reverse("unit_add"), data)
    assert response.context["form"].errors["code"] == [
        f"Mã “{tree['deep_cell'].code}” đã là mã của Chi bộ A1a — Đảng bộ bộ phận A1 — Đảng bộ xã A; "
        "mỗi đơn vị cần một mã riêng."
    ]
    assert not Unit.objects.filter(name="Chi bộ mới").exists()


def test_a_code_held_outside_the_users_scope_is_refused_without_naming_that_unit(client, tree):
    client.force_login(factories.user("bt.xa", role=Role.COMMITTEE_STAFF, unit=tree["commune"]))
    data = unit_data(tree["commune"], code=tree["cell_b"].code, name="Chi bộ mới", level="cbtt")
    errors = client.post(reverse("unit_add"), data).context["form"].errors["code"]
    assert errors == [
        f"Mã “{tree['cell_b'].code}” đã là mã của một đơn vị ngoài phạm vi quản lý của bạn; hãy chọn mã khác."
    ]
    assert "Chi bộ B1" not in errors[0]


def test_keeping_a_units_own_code_on_edit_is_no_duplicate(as_staff, tree):
    data = unit_data(tree["commune_b"], code=tree["cell_b"].code, name="Chi bộ B1", level="cbtt")
    assert as_staff.post(reverse("unit_edit", args=[tree["cell_b"].pk]), data).status_code == 302


def test_a_duplicate_code_outside_the_form_gets_a_vietnamese_message(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.unit_create(parent=tree["commune"], code=tree["cell_b"].code, name="X", level="cbtt")
    assert error.value.message_dict["code"] == [
        f"Mã “{tree['cell_b'].code}” đã được dùng cho một đơn vị khác; mỗi đơn vị cần một mã riêng."
    ]


def test_the_unit_form_explains_the_code_and_the_order(as_staff):
    page = as_staff.get(reverse("unit_add")).text
    assert "ví dụ TH.TP.TL.01" in page
    assert "số nhỏ đứng trước" in page
