"""The home page: this year's result, quota and rate of the top of the user's scope, read through
reports.attainment, in a constant number of queries."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from admissions import selectors, services
from admissions.models import Member
from reports import attainment
from tests import factories

URL = reverse("home")


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def district(tree):
    """This year: the district's quota 8, xã A's 4; xã A has admitted 3 (on 1 January, never in the future),
    the school 2; last year xã A admitted 1 by the same day."""
    year = this_year()
    services.quota_set(unit=tree["district"], year=year, target=8)
    services.quota_set(unit=tree["commune"], year=year, target=4)
    for _ in range(3):
        factories.member(tree["deep_cell"], decision_date=datetime.date(year, 1, 1))
    for _ in range(2):
        factories.member(tree["school"], decision_date=datetime.date(year, 1, 1))
    factories.member(tree["deep_cell"], decision_date=datetime.date(year - 1, 1, 1))
    return tree


@pytest.mark.parametrize(
    ("role", "unit", "ratio", "rate"),
    [
        (Role.COMMITTEE_STAFF, "district", "5/8", "62,5%"),
        (Role.VIEWER, "district", "5/8", "62,5%"),
        (Role.UNIT_CLERK, "commune", "3/4", "75%"),
    ],
)
def test_home_shows_this_years_result_quota_and_rate_of_the_users_scope(
    client, district, role, unit, ratio, rate
):
    client.force_login(factories.user("u", role=role, unit=district[unit]))
    page = client.get(URL)
    assert page.status_code == 200
    report = page.context["report"]
    assert (report.unit, report.year) == (district[unit], this_year())
    assert f'<strong class="big">{ratio}</strong>' in page.text
    assert rate in page.text
    assert f"Năm {this_year()} – {district[unit].name}" in page.text


def test_home_figures_are_the_reports_own(client, district):
    """The page shows what attainment computes for the same unit and year, not a count of its own."""
    client.force_login(factories.user("u", role=Role.VIEWER, unit=district["district"]))
    shown = client.get(URL).context["report"]
    expected = attainment.yearly_attainment(district["district"], this_year())
    assert (shown.committee.result, shown.committee.quota) == (expected.committee.result, 8)
    assert shown.completed_label == expected.completed_label == "0/1"


def test_home_of_a_unit_without_a_quota_says_so(client, district):
    client.force_login(factories.user("u", role=Role.COMMITTEE_STAFF, unit=district["province"]))
    page = client.get(URL)
    assert "Chưa giao chỉ tiêu" in page.text
    assert '<strong class="big">5</strong>' in page.text


def test_home_of_a_user_without_a_scope_has_links_and_no_figures(client, district):
    client.force_login(User.objects.create_user("nobody", password="x", role=Role.VIEWER))
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["report"] is None
    assert reverse("member_list") in page.text


def add_members(cell, count: int) -> None:
    day = datetime.date(this_year(), 1, 1)
    members = []
    for number in range(count):
        member = Member(**factories.member_fields(cell, full_name=f"Số {number}", decision_date=day))
        member.derive(grassroots=selectors.grassroots_of(member.cell))
        members.append(member)
    Member.objects.bulk_create(members)


def queries_of(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(("role", "unit"), [(Role.COMMITTEE_STAFF, "district"), (Role.UNIT_CLERK, "commune")])
def test_home_query_count_is_the_same_at_10_and_at_500_members(client, district, role, unit):
    client.force_login(factories.user("u", role=role, unit=district[unit]))
    add_members(district["deep_cell"], 10)
    small = queries_of(client)
    add_members(district["deep_cell"], 490)
    assert queries_of(client) == small
    assert small <= 9


def test_demo_home_shows_this_years_figures_for_each_demo_role(client, db):
    call_command("load_demo", stdout=io.StringIO())
    for username, unit in [
        ("bantochuc", "Huyện ủy Tân Phong"),
        ("lanhdao", "Huyện ủy Tân Phong"),
        ("vanthu.tanlap", "Đảng bộ xã Tân Lập"),
    ]:
        client.force_login(User.objects.get(username=username))
        report = client.get(URL).context["report"]
        assert report.unit.name == unit
        assert report.committee.quota  # the demo gives every year up to this one its quotas
        assert report.committee.rate is not None, username
