"""Reads of the unit tree."""

from accounts.models import Role
from admissions import selectors
from tests import factories


def test_the_breadcrumb_lists_the_visible_units_above_from_the_top_down(tree):
    staff = factories.user("s", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    assert list(selectors.unit_ancestors(user=staff, unit=tree["deep_cell"])) == [
        tree["district"],
        tree["commune"],
        tree["middle"],
    ]


def test_the_breadcrumb_of_the_root_reads_nothing(tree, django_assert_num_queries):
    national = factories.user("n", role=Role.COMMITTEE_STAFF, unit=tree["province"])
    selectors.units_visible_to(national)  # the scope is read once per request, before the page's reads
    with django_assert_num_queries(0):
        assert list(selectors.unit_ancestors(user=national, unit=tree["province"])) == []


def test_the_tccs_of_a_cell_is_the_nearest_grassroots_unit_above_it(tree, django_assert_num_queries):
    assert selectors.grassroots_of(tree["deep_cell"]) == tree["commune"]
    with django_assert_num_queries(0):  # a CBCS is its own TCCS: nothing to read
        assert selectors.grassroots_by_cell([tree["school"]]) == {tree["school"].pk: tree["school"]}
    with django_assert_num_queries(1):
        found = selectors.grassroots_by_cell([tree["deep_cell"], tree["cell_b"], tree["school"]])
    assert found == {
        tree["deep_cell"].pk: tree["commune"],
        tree["cell_b"].pk: tree["commune_b"],
        tree["school"].pk: tree["school"],
    }


def test_the_top_of_the_tree_reads_everything_without_comparing_paths(tree):
    from admissions.models import Member, Unit

    factories.member(tree["deep_cell"])
    factories.member(tree["school"])
    national = factories.user("top", role=Role.COMMITTEE_STAFF, unit=tree["province"])
    members, units = selectors.members_visible_to(national), selectors.units_visible_to(national)
    assert (members.count(), units.count()) == (Member.objects.count(), Unit.objects.count())
    assert "JOIN" not in str(members.query)
    assert "LIKE" not in str(units.query).upper()
    district = factories.user("district", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    # Directly below the top: the branch of the member's own copy of its cell's path (its index), no join.
    below = str(selectors.members_visible_to(district).query)
    assert f'"cell_path", 1, 20) = {tree["district"].path}' in below  # SUBSTR, or SUBSTRING on PostgreSQL
    assert "LIKE" not in below.upper()
    assert "JOIN" not in below
    # Deeper: a prefix of that copy, still without a join.
    commune = factories.user("commune", role=Role.COMMITTEE_STAFF, unit=tree["commune"])
    deeper = str(selectors.members_visible_to(commune).query)
    assert "cell_path" in deeper
    assert "LIKE" in deeper.upper()
    assert "JOIN" not in deeper
    for user in (district, commune):
        visible = selectors.members_visible_to(user).values_list("pk", flat=True)
        assert set(visible) == set(
            Member.objects.filter(cell__path__startswith=user.unit.path).values_list("pk", flat=True)
        )


def test_the_unit_tree_shows_two_levels_below_when_they_fit(tree):
    from admissions.selectors import unit_tree_units

    shown = unit_tree_units(tree["province"])
    assert [unit.name for unit in shown] == [
        "Tỉnh ủy Thử", "Huyện ủy Thử", "Đảng bộ xã A", "Đảng bộ xã B", "Chi bộ Trường THPT"
    ]  # fmt: skip
    assert [unit.depth_below for unit in shown] == [0, 1, 2, 2, 2]


def test_the_unit_tree_shows_the_children_only_when_the_grandchildren_would_not_fit(
    tree, monkeypatch, django_assert_num_queries
):
    from admissions.selectors import units as unit_selectors

    monkeypatch.setattr(unit_selectors, "UNIT_TREE_MAX_ROWS", 4)
    with django_assert_num_queries(1):
        shown = unit_selectors.unit_tree_units(tree["province"])
    assert [unit.name for unit in shown] == ["Tỉnh ủy Thử", "Huyện ủy Thử"]
    assert not shown[1].has_shown_children  # the district folds nothing: its organisations are one click away
    monkeypatch.setattr(unit_selectors, "UNIT_TREE_MAX_ROWS", 5)
    assert len(unit_selectors.unit_tree_units(tree["province"])) == 5


def plan_of(queryset) -> str:
    """The database's plan of `queryset`, with every other way of reading the table made costly."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        return str(cursor.fetchall())


def test_a_branch_directly_under_the_top_is_read_through_its_index_on_both_databases(tree):
    """The branch (admissions.functions.Branch) spells its numbers in the SQL: SQLite uses an index on an
    expression only for the same literals, PostgreSQL only for the same function."""
    from admissions.functions import BRANCH_PATH
    from admissions.models import PATH_STEP
    from candidates.selectors import candidates_visible_to
    from tests.candidates.helpers import candidate

    assert BRANCH_PATH == 2 * PATH_STEP == len(tree["district"].path)  # the top's path, then the unit's id
    factories.member(tree["deep_cell"])
    candidate(tree["deep_cell"])
    district = factories.user("district", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    members = selectors.member_list(user=district)
    assert "member_branch_idx" in plan_of(members)
    assert "candidate_branch_idx" in plan_of(candidates_visible_to(district).order_by("sort_name", "pk"))
