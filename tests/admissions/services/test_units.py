"""The unit tree: levels, subtrees in one query, moves, closing and successors."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from admissions import selectors, services
from admissions.choices import UnitLevel
from admissions.models import Member, Unit
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
            assert Member.objects.under(tree[unit]).count() == expected


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


def test_the_level_of_a_unit_with_members_cannot_change(tree):
    factories.member(tree["cell_b"])
    with pytest.raises(ValidationError) as caught:
        services.unit_update(unit=tree["cell_b"], level=UnitLevel.INTERMEDIATE)
    assert "level" in caught.value.message_dict


def test_the_level_of_a_unit_with_units_under_it_cannot_change(tree):
    with pytest.raises(ValidationError) as caught:
        services.unit_update(unit=tree["middle"], level=UnitLevel.SUBORDINATE_CELL)
    assert "level" in caught.value.message_dict


def test_the_level_of_an_empty_unit_may_be_corrected(tree):
    cell = factories.unit(parent=tree["commune_b"], level=UnitLevel.SUBORDINATE_CELL)
    services.unit_update(unit=cell, level=UnitLevel.INTERMEDIATE)
    cell.refresh_from_db()
    assert cell.level == UnitLevel.INTERMEDIATE


def test_a_unit_cannot_close_before_an_admission_in_its_subtree(tree):
    factories.member(tree["deep_cell"], decision_date=datetime.date(2023, 5, 19))
    with pytest.raises(ValidationError) as caught:
        services.unit_close(unit=tree["commune"], valid_to=datetime.date(2023, 5, 18))
    assert "19/05/2023" in caught.value.message_dict["valid_to"][0]
    services.unit_close(unit=tree["commune"], valid_to=datetime.date(2023, 5, 19))


def test_closing_an_organisation_closes_its_cells_so_none_can_admit_afterwards(tree):
    services.unit_close(unit=tree["commune"], valid_to=datetime.date(2023, 12, 31))
    tree["deep_cell"].refresh_from_db()
    assert tree["deep_cell"].valid_to == datetime.date(2023, 12, 31)
    with pytest.raises(ValidationError) as caught:
        factories.member(tree["deep_cell"], decision_date=datetime.date(2024, 1, 2))
    assert "cell" in caught.value.message_dict


def test_closing_keeps_an_earlier_closing_date_below_and_records_the_cascade(tree):
    from admissions.models import AuditEntry

    services.unit_close(unit=tree["deep_cell"], valid_to=datetime.date(2023, 6, 30))
    services.unit_close(unit=tree["commune"], valid_to=datetime.date(2023, 12, 31))
    tree["deep_cell"].refresh_from_db()
    tree["middle"].refresh_from_db()
    assert tree["deep_cell"].valid_to == datetime.date(2023, 6, 30)
    assert tree["middle"].valid_to == datetime.date(2023, 12, 31)
    # The cascade's own line (an update naming the closing day), not the line the fixture's creation left.
    cascade = AuditEntry.objects.filter(object_type="unit", object_id=tree["middle"].pk, action="update")
    assert [entry.changes for entry in cascade] == [{"valid_to": [None, "2023-12-31"]}]
    # A cell that had closed earlier keeps its date and gets no line of the cascade.
    earlier = AuditEntry.objects.filter(object_type="unit", object_id=tree["deep_cell"].pk, action="update")
    assert [entry.changes for entry in earlier] == [{"valid_to": [None, "2023-06-30"]}]


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


@pytest.mark.parametrize(
    ("valid_to", "exists_in_2024"),
    [
        (datetime.date(2024, 1, 1), True),  # its last day is the first day of the year: it existed that year
        (datetime.date(2023, 12, 31), False),
    ],
)
def test_a_unit_closed_on_1_january_still_existed_that_year(tree, valid_to, exists_in_2024):

    services.unit_close(unit=tree["school"], valid_to=valid_to)
    existed = Unit.objects.existed_during(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert existed.filter(pk=tree["school"].pk).exists() is exists_in_2024


def test_a_unit_opened_on_31_december_existed_that_year(tree):

    opened = factories.unit(
        parent=tree["district"], level=UnitLevel.GRASSROOTS_CELL, valid_from=datetime.date(2024, 12, 31)
    )
    in_2024 = Unit.objects.existed_during(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    in_2023 = Unit.objects.existed_during(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    assert in_2024.filter(pk=opened.pk).exists()
    assert not in_2023.filter(pk=opened.pk).exists()


def test_the_tree_has_one_top_unit_a_second_is_refused_with_a_message(tree):
    with pytest.raises(ValidationError) as caught:
        factories.unit(level=UnitLevel.PROVINCE, name="Tỉnh ủy Thứ Hai")
    assert "Cây tổ chức đã có đơn vị cao nhất" in caught.value.messages[0]
    assert not Unit.objects.filter(name="Tỉnh ủy Thứ Hai").exists()


def test_the_database_refuses_a_second_top_unit_even_without_validation(tree):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(code="ROOT2", name="Tỉnh khác", level=UnitLevel.PROVINCE)
