"""The unit tree: levels, subtrees in one query, moves, closing and successors."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from admissions import selectors, services
from admissions.choices import UnitLevel
from tests import factories


def test_subtree_at_depth_4_comes_back_in_one_query(tree, django_assert_num_queries):
    assert tree["deep_cell"].depth == 4
    with django_assert_num_queries(1):
        names = [u.name for u in selectors.unit_subtree(tree["province"])]
    assert len(names) == 8
    with django_assert_num_queries(1):
        names = {u.name for u in selectors.unit_subtree(tree["commune"])}
    assert names == {"Đảng bộ xã A", "Đảng bộ bộ phận A1", "Chi bộ A1a"}


def test_counting_members_over_a_subtree_is_one_query_whatever_the_depth(tree, django_assert_num_queries):
    factories.member(tree["deep_cell"])
    factories.member(tree["cell_b"], full_name="Lê Thị Hoa")
    factories.member(tree["school"], full_name="Phạm Văn Tú")
    for unit, expected in [("province", 3), ("district", 3), ("commune", 1), ("middle", 1), ("school", 1)]:
        with django_assert_num_queries(1):
            assert selectors.members_in_subtree(tree[unit]).count() == expected


def test_subtree_query_count_does_not_grow_with_depth(db, django_assert_num_queries):
    parent = factories.unit(level=UnitLevel.PROVINCE)
    for _ in range(6):
        parent = factories.unit(parent=parent, level=UnitLevel.SUPERIOR)
    with django_assert_num_queries(1):
        list(selectors.unit_subtree(parent))


def test_subtree_does_not_leak_into_a_sibling_with_a_longer_id(db):
    root = factories.unit(level=UnitLevel.PROVINCE)
    district = factories.unit(parent=root, level=UnitLevel.SUPERIOR)
    others = [factories.unit(parent=root, level=UnitLevel.SUPERIOR) for _ in range(12)]
    assert list(selectors.unit_subtree(district)) == [district]
    assert len(others) == 12


def test_moving_a_unit_rewrites_its_whole_subtree(tree):
    services.unit_update(unit=tree["middle"], parent=tree["commune_b"])
    tree["deep_cell"].refresh_from_db()
    assert tree["deep_cell"].is_within(tree["commune_b"])
    assert tree["deep_cell"].depth == 4
    assert {u.name for u in selectors.unit_subtree(tree["commune"])} == {"Đảng bộ xã A"}


def test_a_unit_cannot_move_under_its_own_subtree(tree):
    with pytest.raises(ValidationError):
        services.unit_update(unit=tree["commune"], parent=tree["middle"])


def test_level_rules_refuse_a_cell_under_a_cell(tree):
    with pytest.raises(ValidationError) as caught:
        factories.unit(parent=tree["school"], level=UnitLevel.SUBORDINATE_CELL)
    assert "parent" in caught.value.message_dict


def test_closing_with_a_successor(tree):
    new_cell = factories.unit(parent=tree["commune_b"], valid_from=datetime.date(2024, 1, 1))
    services.unit_close(unit=tree["cell_b"], valid_to=datetime.date(2023, 12, 31), successor=new_cell)
    tree["cell_b"].refresh_from_db()
    assert tree["cell_b"].successor == new_cell
    assert not tree["cell_b"].is_open_on(datetime.date(2024, 1, 1))
    assert tree["cell_b"].is_open_on(datetime.date(2023, 12, 31))


def test_a_successor_needs_a_closing_date(tree):
    with pytest.raises(ValidationError) as caught:
        services.unit_update(unit=tree["cell_b"], successor=tree["deep_cell"])
    assert "valid_to" in caught.value.message_dict


def test_moving_a_cell_to_another_organisation_moves_its_members_there(tree):
    member = factories.member(tree["deep_cell"])
    services.unit_update(unit=tree["middle"], parent=tree["commune_b"])
    member.refresh_from_db()
    assert member.grassroots == tree["commune_b"]


def test_moving_an_organisation_keeps_its_members_grassroots(tree):
    member = factories.member(tree["deep_cell"])
    other_district = factories.unit(parent=tree["province"], level=UnitLevel.SUPERIOR)
    services.unit_update(unit=tree["commune"], parent=other_district)
    member.refresh_from_db()
    assert member.grassroots == tree["commune"]
