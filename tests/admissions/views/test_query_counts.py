"""List pages issue the same number of SQL queries at 10 and at 500 members (no query per row)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admissions import selectors
from admissions.models import Member
from tests import factories

CEREMONY = datetime.date(2023, 6, 1)


def add_members(cell, count: int, start: int = 0) -> None:
    """Bulk-created (the services validate one by one: too slow for 500); derive() fills the derived fields."""
    members = []
    for number in range(start, start + count):
        # A ceremony in 2023: probation ended in 2024, so each is also overdue on the probation list.
        fields = factories.member_fields(cell, full_name=f"Nguyễn Văn Số {number}", ceremony_date=CEREMONY)
        member = Member(**fields)
        member.derive(grassroots=selectors.grassroots_of(member.cell))
        members.append(member)
    Member.objects.bulk_create(members)


def queries_of(client, url, params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


PAGES = [
    ("member_list", {}),
    ("member_list", {"q": "nguyen van", "sort": "full_name", "page": "2"}),
    ("member_list", {"unit": "school", "year": "2023", "sex": "M"}),
    ("member_list", {"unit": "school", "decided_from": "2023-01-01", "decided_to": "2023-12-31"}),
    ("probation_list", {}),
    ("unit_tree", {}),
    ("unit_tree", {"unit": "commune", "year": "2023"}),
]
# Besides the session, the user and the scope, the unit tree reads the chosen unit, its ancestors, the units
# shown and one grouped count of their admissions (attainment.tree_counts): as many at any size.
# The member list on PostgreSQL also asks the planner's estimate of its rows (core.pagination), at any size.
MAX_QUERIES = {"unit_tree": 9, "member_list": 9}


@pytest.mark.parametrize(("url_name", "params"), PAGES)
def test_query_count_is_the_same_at_10_and_at_500_members(
    as_staff, tree, url_name, params, django_assert_num_queries
):
    params = {k: (tree[v].pk if k == "unit" else v) for k, v in params.items()}
    school = tree["school"]
    add_members(school, 10)
    small = queries_of(as_staff, reverse(url_name), params)
    add_members(school, 490, start=10)
    assert Member.objects.count() == 500
    with django_assert_num_queries(len(small)):
        as_staff.get(reverse(url_name), params)
    assert len(small) <= MAX_QUERIES.get(url_name, 8)


def test_member_list_of_500_shows_one_page_of_25(as_staff, tree):
    add_members(tree["school"], 500)
    response = as_staff.get(reverse("member_list"))
    assert len(response.context["table"].page.object_list) == 25
    assert "Tìm thấy 500 đảng viên" in response.text


def test_probation_list_shows_overdue_members(as_staff, tree):
    add_members(tree["school"], 3)
    response = as_staff.get(reverse("probation_list"))
    assert len(response.context["table"].rows) == 3
    assert "Quá hạn" in response.text
