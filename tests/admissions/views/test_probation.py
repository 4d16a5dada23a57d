"""The life cycle: probationary members due for confirmation, and recording the outcome."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from admissions.choices import MemberStatus
from admissions.models import Member
from admissions.text import add_months
from tests import factories


@pytest.fixture
def due(tree):
    """One member overdue (ceremony in 2023), one due this month, one not due yet, one already confirmed."""
    today = timezone.localdate()
    this_month = add_months(today.replace(day=1), -12)
    return {
        "overdue": factories.member(
            tree["deep_cell"], full_name="Quá Hạn", ceremony_date=datetime.date(2023, 6, 1)
        ),
        "this_month": factories.member(
            tree["deep_cell"], full_name="Đến Hạn", decision_date=this_month, ceremony_date=this_month
        ),
        "later": factories.member(
            tree["deep_cell"],
            full_name="Chưa Đến",
            decision_date=today - datetime.timedelta(days=40),
            ceremony_date=today - datetime.timedelta(days=30),
        ),
        "confirmed": factories.member(
            tree["deep_cell"],
            full_name="Đã Chính Thức",
            ceremony_date=datetime.date(2023, 6, 1),
            confirmation_date=datetime.date(2024, 6, 1),
            status=MemberStatus.FULL,
        ),
    }


def names(response):
    return [row.record.full_name for row in response.context["table"].rows]


def test_list_shows_overdue_and_this_months_members_only(as_clerk, due):
    response = as_clerk.get(reverse("probation_list"))
    assert names(response) == ["Quá Hạn", "Đến Hạn"]
    assert "Tìm thấy 2 đảng viên." in response.text


@pytest.mark.parametrize(
    ("when", "expected"), [("overdue", ["Quá Hạn"]), ("month", ["Đến Hạn"]), ("soon", [])]
)
def test_list_can_show_overdue_or_this_month_only(as_clerk, due, when, expected):
    assert names(as_clerk.get(reverse("probation_list"), {"when": when})) == expected


def test_confirming_records_the_date_and_the_status(as_clerk, due):
    member = due["overdue"]
    data = {
        "outcome": "full",
        "day": "01/06/2024",
        "version": member.version,
        "submission_token": factories.token(),
    }
    response = as_clerk.post(reverse("member_confirm", args=[member.pk]), data)
    assert response.url == reverse("probation_list")
    member.refresh_from_db()
    assert member.status == MemberStatus.FULL
    assert member.confirmation_date == datetime.date(2024, 6, 1)


def test_confirming_before_twelve_months_is_refused_with_the_rule(as_clerk, due):
    member = due["overdue"]
    data = {
        "outcome": "full",
        "day": "31/05/2024",
        "version": member.version,
        "submission_token": factories.token(),
    }
    response = as_clerk.post(reverse("member_confirm", args=[member.pk]), data)
    assert "12 tháng dự bị" in response.text
    assert Member.objects.get(pk=member.pk).status == MemberStatus.PROBATIONARY


def test_striking_off_records_the_date(as_clerk, due):
    member = due["overdue"]
    data = {
        "outcome": "struck_off",
        "day": "15/07/2024",
        "version": member.version,
        "submission_token": factories.token(),
    }
    as_clerk.post(reverse("member_confirm", args=[member.pk]), data)
    member.refresh_from_db()
    assert member.status == MemberStatus.STRUCK_OFF
    assert member.struck_off_date == datetime.date(2024, 7, 15)


def test_a_confirmed_member_has_no_confirmation_page(as_clerk, due):
    assert as_clerk.get(reverse("member_confirm", args=[due["confirmed"].pk])).status_code == 404


def test_a_grassroots_cell_is_named_as_its_own_grassroots_organisation_on_its_probation_row(as_staff, tree):
    # A CBCS is its own grassroots organisation: its row names it in both columns, never "—".
    factories.member(tree["school"], full_name="Trường Học", ceremony_date=datetime.date(2023, 6, 1))
    factories.member(tree["deep_cell"], full_name="Dưới Xã", ceremony_date=datetime.date(2023, 6, 1))
    rows = {
        row.record.full_name: row for row in as_staff.get(reverse("probation_list")).context["table"].rows
    }
    school_row = [str(cell) for cell in rows["Trường Học"].cells]
    assert school_row.count(tree["school"].name) == 2
    assert "—" not in school_row
    assert tree["commune"].name in [str(cell) for cell in rows["Dưới Xã"].cells]


def test_a_viewer_gets_no_column_of_empty_actions(as_viewer, tree):
    factories.member(tree["deep_cell"], ceremony_date=datetime.date(2023, 6, 1))
    columns = [column.name for column in as_viewer.get(reverse("probation_list")).context["table"].columns]
    assert "actions" not in columns
    assert "full_name" in columns


def test_the_confirmation_page_shows_the_member_the_probation_period_and_the_due_date(as_staff, tree):
    member = factories.member(
        tree["deep_cell"], full_name="Đào Thị Dự Bị", ceremony_date=datetime.date(2023, 6, 1)
    )
    page = as_staff.get(reverse("member_confirm", args=[member.pk])).text
    assert "Đào Thị Dự Bị" in page
    assert "12 tháng, từ lễ kết nạp 01/06/2023 đến 01/06/2024" in page
    assert "<strong>01/06/2024</strong>" in page
    assert "Quá hạn" in page
    assert "Chi bộ A1a — Đảng bộ xã A" in page
