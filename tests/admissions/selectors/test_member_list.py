"""The member list at scale: the scope read from the member's own copy of its cell's path, the search by
national ID (exact or prefix) and by name without diacritics, and a count that stops at the cap. Runs on
SQLite and on PostgreSQL (where the prefix and trigram indexes serve the same lookups)."""

import pytest
from django.urls import reverse

from accounts.models import Role
from admissions import selectors, services
from admissions.choices import UnitLevel
from admissions.models import Member
from core.pagination import CappedPaginator
from tests import factories


@pytest.fixture
def people(tree):
    """One member in each organisation of the tree, with known national IDs."""
    return {
        "an": factories.member(tree["deep_cell"], full_name="Nguyễn Văn An", national_id="001203004005"),
        "anh": factories.member(tree["deep_cell"], full_name="Đỗ Thị Ánh", national_id="001203999999"),
        "binh": factories.member(tree["cell_b"], full_name="Trần Thị Bình", national_id="002099000001"),
        "tu": factories.member(tree["school"], full_name="Phạm Văn Tú", national_id="101203004005"),
        "hoa": factories.member(tree["school"], full_name="Lê Thị Hoa"),
    }


def names(user, **filters) -> list[str]:
    return sorted(m.full_name for m in selectors.member_list(user=user, filters=filters))


@pytest.fixture
def users(tree):
    """A login at every scope: the installation's administrator, the top, a committee, a grassroots clerk,
    a viewer of one organisation."""
    return {
        "national": factories.user("admin", role=Role.COMMITTEE_STAFF, unit=None, is_superuser=True),
        "province": factories.user("p", role=Role.COMMITTEE_STAFF, unit=tree["province"]),
        "district": factories.user("d", role=Role.COMMITTEE_STAFF, unit=tree["district"]),
        "clerk": factories.user("c", role=Role.UNIT_CLERK, unit=tree["commune"]),
        "viewer": factories.user("v", role=Role.VIEWER, unit=tree["school"]),
    }


SCOPES = {
    "national": ["Lê Thị Hoa", "Nguyễn Văn An", "Phạm Văn Tú", "Trần Thị Bình", "Đỗ Thị Ánh"],
    "province": ["Lê Thị Hoa", "Nguyễn Văn An", "Phạm Văn Tú", "Trần Thị Bình", "Đỗ Thị Ánh"],
    "district": ["Lê Thị Hoa", "Nguyễn Văn An", "Phạm Văn Tú", "Trần Thị Bình", "Đỗ Thị Ánh"],
    "clerk": ["Nguyễn Văn An", "Đỗ Thị Ánh"],
    "viewer": ["Lê Thị Hoa", "Phạm Văn Tú"],
}


@pytest.mark.parametrize("role", SCOPES)
def test_each_role_lists_the_members_of_its_scope(users, people, role):
    assert names(users[role]) == SCOPES[role]


def test_the_top_of_the_tree_reads_every_member_without_a_filter(users, people):
    assert "WHERE" not in str(selectors.members_visible_to(users["national"]).query)
    assert "WHERE" not in str(selectors.members_visible_to(users["province"]).query)


def test_a_scope_below_the_top_is_a_prefix_on_the_member_itself_with_no_join(users, people):
    sql = str(selectors.members_visible_to(users["clerk"]).query)
    assert "cell_path" in sql
    assert "JOIN" not in sql


@pytest.mark.parametrize("role", SCOPES)
def test_the_search_keeps_to_the_scope_of_each_role(users, people, role):
    found = names(users[role], q="001203")  # the two IDs of the commune begin with it
    assert found == [n for n in ["Nguyễn Văn An", "Đỗ Thị Ánh"] if n in SCOPES[role]]


def test_twelve_digits_find_exactly_that_national_id(users, people):
    assert names(users["national"], q="001203004005") == ["Nguyễn Văn An"]
    assert names(users["national"], q="001 203 004 005") == ["Nguyễn Văn An"]
    assert names(users["national"], q="001.203.004.005") == ["Nguyễn Văn An"]


def test_full_width_digits_are_read_as_the_national_id(users, people):
    assert names(users["national"], q="００１２０３００４００５") == ["Nguyễn Văn An"]


def test_fewer_digits_find_the_national_ids_that_begin_with_them_not_those_that_contain_them(users, people):
    assert names(users["national"], q="0012") == ["Nguyễn Văn An", "Đỗ Thị Ánh"]
    assert names(users["national"], q="00") == ["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Thị Ánh"]
    # "203004005" is inside two IDs, at the start of none.
    assert names(users["national"], q="203004005") == []


def test_a_name_is_found_without_diacritics_or_case_anywhere_in_it(users, people):
    assert names(users["national"], q="nguyen van an") == ["Nguyễn Văn An"]
    assert names(users["national"], q="THI") == ["Lê Thị Hoa", "Trần Thị Bình", "Đỗ Thị Ánh"]
    assert names(users["national"], q="do thi anh") == ["Đỗ Thị Ánh"]
    assert names(users["national"], q="van t") == ["Phạm Văn Tú"]


def test_a_member_copies_its_cells_path_when_saved_and_when_moved(tree, people):
    an = people["an"]
    assert an.cell_path == tree["deep_cell"].path
    services.member_update(member=an, cell=tree["cell_b"])
    assert Member.objects.get(pk=an.pk).cell_path == tree["cell_b"].path


def test_moving_a_branch_moves_its_members_paths_with_it(tree, people, users):
    """The intermediate committee A1 (with its cell and two members) moves under Đảng bộ xã B."""
    services.unit_update(unit=tree["middle"], parent=tree["commune_b"])
    tree["deep_cell"].refresh_from_db()
    for member in Member.objects.filter(cell=tree["deep_cell"]):
        assert member.cell_path == tree["deep_cell"].path
        assert member.cell_path.startswith(tree["commune_b"].path)
    assert names(users["clerk"]) == []
    b_clerk = factories.user("cb", role=Role.UNIT_CLERK, unit=tree["commune_b"])
    assert names(b_clerk) == ["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Thị Ánh"]


def test_moving_a_whole_organisation_moves_the_paths_of_every_member_below_it(tree, people):
    other = factories.unit(parent=tree["province"], level=UnitLevel.SUPERIOR, name="Huyện ủy Khác")
    services.unit_update(unit=tree["commune"], parent=other)
    assert sorted(m.full_name for m in Member.objects.under(other)) == ["Nguyễn Văn An", "Đỗ Thị Ánh"]
    assert all(m.cell_path == m.cell.path for m in Member.objects.select_related("cell"))


# The count and the page cap ------------------------------------------------------------------------------


def test_below_the_cap_the_count_is_exact(tree, people):
    paginator = CappedPaginator(Member.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, False, 3)
    assert paginator.estimate is None


def test_above_the_cap_the_count_stops_and_the_pages_stop_with_it(tree, people, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    paginator = CappedPaginator(Member.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)


def test_a_list_longer_than_the_cap_asks_for_a_narrower_filter_and_never_pages_past_it(
    tree, people, users, client, monkeypatch
):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    client.force_login(users["district"])
    response = client.get(reverse("member_list"), {"per_page": "25"})
    assert "Tìm thấy hơn 3 đảng viên" in response.text
    assert "hãy thu hẹp bộ lọc" in response.text
    assert len(response.context["table"].page.object_list) == 3
    # A page past the cap shows the last page it reaches, never an error or a deep OFFSET.
    response = client.get(reverse("member_list"), {"page": "400000"})
    assert response.status_code == 200
    assert response.context["table"].page.number == 1


def test_a_narrower_filter_under_the_cap_is_counted_exactly(tree, people, users, client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    client.force_login(users["district"])
    response = client.get(reverse("member_list"), {"q": "thi"})
    assert "Tìm thấy 3 đảng viên" in response.text
    assert "thu hẹp" not in response.text


def test_on_postgresql_the_name_search_has_its_trigram_index(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's (SQLite searches the names without one)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'member_name_trgm_idx'")
        (definition,) = cursor.fetchone()
    assert "gin (name_folded gin_trgm_ops)" in definition


def test_a_search_of_one_or_two_letters_finds_them_anywhere_in_the_name(users, people):
    # Too short for a trigram: read without the index, with the same "contains" as a longer text.
    assert names(users["district"], q="Lê") == ["Lê Thị Hoa"]
    assert names(users["district"], q="an") == ["Nguyễn Văn An", "Phạm Văn Tú", "Trần Thị Bình", "Đỗ Thị Ánh"]
    assert names(users["clerk"], q="Á") == ["Nguyễn Văn An", "Đỗ Thị Ánh"]
    assert names(users["district"], q="thị") == ["Lê Thị Hoa", "Trần Thị Bình", "Đỗ Thị Ánh"]
