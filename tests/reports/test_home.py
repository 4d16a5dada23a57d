"""The home dashboard: this year's result, quota and rate of the top of the user's scope, the pace, the units
behind it, the pipeline and the work due, read through reports.attainment, for every role, in a constant
number of queries; every count links to the list that makes it up, and that list shows the same count."""

import datetime
import html
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from admissions import selectors, services
from admissions.models import Member
from candidates.choices import Stage
from reports import attainment
from tests import factories
from tests.candidates.helpers import candidate
from tests.reports.dashboard_data import add_probationary, this_year_results, today, work_due

URL = reverse("home")


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def district(tree):
    """dashboard_data.this_year_results: the district's quota 8, xã A's 4; xã A 3 admitted, the school 2;
    last year xã A 1 by the same day."""
    this_year_results(tree)
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
    assert small <= HOME_MAX_QUERIES


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


# The session, the user, the report (quotas, the summary's months or the organisation's members, the members
# of the days left over, the units below), the past years' months, the candidates per stage and the due ones,
# the probationary members' counts: 11 for a committee; a clerk's organisation reads no summary, and their
# week two lists more: 12. The forecast to 31/12 (attainment.forecast, as on the report page) adds its own
# fixed number of queries; each read of a committee's summary first reads the ids of the organisations
# directly under it (one for the report, two for the forecast's past years): 23 in all.
HOME_MAX_QUERIES = 23


@pytest.fixture
def busy(district):
    """`district`, and work of every kind due in xã A (dashboard_data.work_due)."""
    work_due(district)
    return district


def login(client, tree, who: str):
    """Log in as one of the roles of the dashboard; returns the unit at the top of their scope."""
    users = {
        "national_superuser": {
            "role": Role.VIEWER,
            "unit": "province",
            "is_superuser": True,
            "is_staff": True,
        },
        "province_staff": {"role": Role.COMMITTEE_STAFF, "unit": "province"},
        "committee_staff": {"role": Role.COMMITTEE_STAFF, "unit": "district"},
        "clerk": {"role": Role.UNIT_CLERK, "unit": "commune"},
        "viewer": {"role": Role.VIEWER, "unit": "district"},
    }
    fields = dict(users[who])
    unit = tree[fields.pop("unit")]
    client.force_login(factories.user(who, unit=unit, **fields))
    return unit


ROLES = ["national_superuser", "province_staff", "committee_staff", "clerk", "viewer"]


@pytest.mark.parametrize("who", ROLES)
def test_each_role_sees_the_dashboard_of_the_top_of_their_scope(client, busy, who):
    unit = login(client, busy, who)
    page = client.get(URL)
    assert page.status_code == 200
    board = page.context["board"]
    assert board.report.unit == unit
    expected = attainment.dashboard(unit, today=today())
    assert board.report.committee == expected.report.committee
    assert board.pipeline == expected.pipeline
    assert board.work == expected.work
    assert "Quần chúng đang phát triển theo giai đoạn" in page.text
    assert "Việc đến hạn và quá hạn" in page.text
    assert "Cùng kỳ năm trước" in page.text
    # Only a clerk gets their week's things to do.
    assert ("Việc cần làm đến hết tuần" in page.text) == (who == "clerk")
    # The year-end forecast is the report page's own: same figures, shown with its explanations.
    forecast = page.context["forecast"]
    assert forecast.committee == attainment.forecast(board.report).committee
    assert "Dự báo 31/12/" in page.text
    assert str(forecast.committee.upper_explained) in page.text


def test_a_superuser_without_a_unit_sees_the_whole_tree(client, busy):
    client.force_login(User.objects.create_superuser("root", password="x"))
    board = client.get(URL).context["board"]
    assert board.report.unit == busy["province"]
    assert board.pipeline_total == 6


def test_a_user_without_a_scope_gets_no_dashboard(client, busy):
    client.force_login(User.objects.create_user("nobody", password="x", role=Role.COMMITTEE_STAFF))
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["board"] is None
    assert page.context["week"] is None
    assert "Việc đến hạn" not in page.text


def test_a_clerk_counts_only_their_own_organisation(client, busy):
    login(client, busy, "clerk")
    board = client.get(URL).context["board"]
    assert board.pipeline_total == 5  # not xã B's sympathiser
    assert (board.work.probation_due, board.work.probation_overdue) == (2, 1)  # not xã B's member
    assert (board.work.decision_overdue, board.work.decision_soon, board.work.certificate_expiring) == (
        1,
        1,
        1,
    )


def test_a_clerks_week_lists_each_thing_to_do_with_the_page_that_does_it(client, busy):
    login(client, busy, "clerk")
    page = client.get(URL)
    week = page.context["week"]
    names = {m.full_name for m in week.probation} | {c.full_name for c in week.candidates}
    assert "Dự Bị Quá Hạn" in names
    assert "Dự Bị Hôm Nay" in names
    assert "Xã B" not in names
    assert "Quá Hạn" in names
    for member in week.probation:
        assert reverse("member_confirm", args=[member.pk]) in page.text
    for someone in week.candidates:
        assert reverse("candidate_stage", args=[someone.pk]) in page.text
    # Everything listed is due by Sunday.
    assert all(m.probation_end <= week.week_end for m in week.probation)
    assert all(c.due <= week.week_end for c in week.candidates)
    assert week.week_end.weekday() == 6


DRILL = re.compile(r'data-figure="(?P<name>[\w]+)" href="(?P<href>[^"]+)"')


def dashboard_figures(board) -> dict[str, int]:
    figures = {
        "result": board.report.committee.result,
        "last_year": board.report.committee.last_year,
        "probation_due": board.work.probation_due,
        "probation_overdue": board.work.probation_overdue,
        "decision_overdue": board.work.decision_overdue,
        "decision_soon": board.work.decision_soon,
        "certificate_expiring": board.work.certificate_expiring,
        "candidates_due": board.work.candidates_due,
    }
    figures |= {f"stage_{stage.stage}": stage.count for stage in board.pipeline}
    figures |= {f"behind_{row.line.unit.pk}": row.line.result for row in board.behind}
    return figures


@pytest.mark.parametrize("who", ROLES)
def test_every_count_links_to_a_list_of_as_many_rows(client, busy, who):
    login(client, busy, who)
    page = client.get(URL)
    figures = dashboard_figures(page.context["board"])
    links = {match["name"]: html.unescape(match["href"]) for match in DRILL.finditer(page.text)}
    # Every count but the probation's overdue part (shown only when there is one) has its link.
    assert set(figures) - {"probation_overdue"} <= set(links)
    assert figures["result"]
    assert figures["stage_sympathiser"]
    assert figures["decision_overdue"]
    for name, href in links.items():
        listed = client.get(href)
        assert listed.status_code == 200, href
        assert not listed.context["filter"].errors, (name, listed.context["filter"].errors)
        assert listed.context["table"].paginator.count == figures[name], (name, href)


def test_the_result_links_to_this_years_members_and_last_year_to_last_years_same_period(client, busy):
    login(client, busy, "committee_staff")
    page = client.get(URL)
    links = {match["name"]: html.unescape(match["href"]) for match in DRILL.finditer(page.text)}
    year = this_year()
    listed = {m.record.full_name for m in client.get(links["last_year"]).context["table"].rows}
    # Last year's same period: the member of 1 January, and the probation members decided a year ago
    # (ten days before today's date).
    assert "Nguyễn Văn An" in listed
    assert f"decided_from={year - 1}-01-01" in links["last_year"]
    assert f"decided_from={year}-01-01" in links["result"]


def add_candidates(cell, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        candidate(cell, full_name=f"Quần Chúng Số {number}", stage=Stage.SYMPATHISER)


@pytest.mark.parametrize("who", ["committee_staff", "clerk"])
def test_the_dashboards_query_count_does_not_grow_with_the_data(client, busy, who):
    login(client, busy, who)
    add_members(busy["deep_cell"], 10)
    add_candidates(busy["deep_cell"], 2)
    small = queries_of(client)
    add_members(busy["deep_cell"], 490)
    add_candidates(busy["deep_cell"], 20, start=2)
    for months in range(12, 15):  # more probation due: the clerk's week lists more rows
        add_probationary(busy["deep_cell"], f"Thêm {months}", months)
    assert queries_of(client) == small
    assert small <= HOME_MAX_QUERIES


def test_the_dashboard_reads_in_english_too(client, busy):
    login(client, busy, "clerk")
    client.cookies["django_language"] = "en"
    page = client.get(URL)
    assert page.status_code == 200
    for text in ("Work due and overdue", "Candidates in progress by stage", "To do by the end of the week"):
        assert text in page.text
    assert "Việc đến hạn" not in page.text


def test_the_page_says_which_pace_it_judges_by(client, tree, monkeypatch):
    """With past years' rhythm (all in September), on 15 June nothing is due yet: on pace, no rate."""
    june = datetime.date(2026, 6, 15)
    services.quota_set(unit=tree["district"], year=2026, target=10)
    for number in range(10):
        factories.member(tree["deep_cell"], full_name=f"Số {number}", decision_date=datetime.date(2025, 9, 1))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: june)
    client.force_login(factories.user("u", role=Role.VIEWER, unit=tree["district"]))
    page = client.get(URL)
    assert page.context["board"].pace.seasonal
    assert "Theo nhịp kết nạp của 1 năm trước, đến nay cần đạt 0 đảng viên." in page.text
    assert "Đúng tiến độ." in page.text
