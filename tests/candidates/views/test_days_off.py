"""A committee's own days off, as its staff keeps them on their page: added and removed once, the deadlines
of the files under it moving with them; read by clerks and viewers, refused to them as writes."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from admissions.models import AuditEntry
from candidates import services
from candidates.choices import Stage
from candidates.models import Candidate, DayOff
from tests import factories
from tests.candidates.helpers import candidate

RESOLUTION = datetime.date(2026, 10, 1)


def add(client, day: str, reason="Nghỉ bù", token=None):
    return client.post(
        reverse("candidate_days_off"),
        {"day": day, "reason": reason, "submission_token": token or factories.token()},
    )


@pytest.fixture
def running(tree):
    """A file of the district whose 60 working days run from the cell's resolution on 01/10/2026."""
    return candidate(tree["deep_cell"], stage=Stage.CELL, resolution=RESOLUTION)


def test_staff_add_a_day_off_and_the_deadline_under_them_moves_one_working_day(as_staff, running):
    before = Candidate.objects.get(pk=running.pk).decision_due
    response = add(as_staff, "15/10/2026")  # a Thursday inside the 60 working days
    assert response.status_code == 302
    after = Candidate.objects.get(pk=running.pk).decision_due
    assert after > before
    page = as_staff.get(reverse("candidate_days_off"))
    assert "15/10/2026" in page.text
    assert "Nghỉ bù" in page.text


def test_removing_it_puts_the_deadline_back(as_staff, running):
    before = Candidate.objects.get(pk=running.pk).decision_due
    add(as_staff, "15/10/2026")
    day_off = DayOff.objects.get()
    assert as_staff.post(reverse("candidate_day_off_delete", args=[day_off.pk])).status_code == 302
    assert Candidate.objects.get(pk=running.pk).decision_due == before
    assert not DayOff.objects.exists()


def test_a_double_click_adds_the_day_once_and_the_same_day_again_is_refused_with_a_message(as_staff, tree):
    token = factories.token()
    add(as_staff, "15/10/2026", token=token)
    add(as_staff, "15/10/2026", token=token)
    assert DayOff.objects.count() == 1
    again = add(as_staff, "15/10/2026")
    assert again.status_code == 200
    assert "Ngày này đã có trong danh sách ngày nghỉ của cấp ủy." in again.text
    assert AuditEntry.objects.filter(object_type="dayoff", action="create").count() == 1


@pytest.mark.parametrize("day", ["", "31/02/2026", "abc", "15/10/1800"])
def test_a_bad_day_is_said_on_its_field_and_writes_nothing(as_staff, day):
    response = add(as_staff, day)
    assert response.status_code == 200
    assert "day" in response.context["form"].errors
    assert not DayOff.objects.exists()


def test_a_clerk_and_a_viewer_read_the_days_that_count_for_them_and_may_not_change_them(
    client, clerk, viewer, tree
):
    services.day_off_create(unit=tree["district"], day=datetime.date(2026, 10, 15), reason="Nghỉ bù")
    for user in (clerk, viewer):
        client.force_login(user)
        page = client.get(reverse("candidate_days_off"))
        assert page.status_code == 200
        assert "15/10/2026" in page.text  # the district's day counts under the clerk's organisation too
        assert reverse("candidate_day_off_delete", args=[DayOff.objects.get().pk]) not in page.text
        assert add(client, "16/10/2026").status_code == 403
        assert (
            client.post(reverse("candidate_day_off_delete", args=[DayOff.objects.get().pk])).status_code
            == 403
        )
    assert DayOff.objects.count() == 1


def test_staff_may_not_remove_a_day_off_of_a_committee_above_them(client, tree):
    services.day_off_create(unit=tree["province"], day=datetime.date(2026, 10, 15), reason="Tỉnh nghỉ")
    client.force_login(factories.user("hoa", role=Role.COMMITTEE_STAFF, unit=tree["district"]))
    assert client.post(reverse("candidate_day_off_delete", args=[DayOff.objects.get().pk])).status_code == 404
    assert DayOff.objects.count() == 1
