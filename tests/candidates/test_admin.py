"""The admin of the pipeline: candidates read only, days off added and removed through the services."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role, User
from admissions.models import AuditEntry
from candidates.models import Candidate, DayOff
from tests.candidates.helpers import candidate


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("root", password="x", role=Role.COMMITTEE_STAFF))
    return client


def test_the_candidate_list_searches_without_diacritics_and_is_read_only(admin_client, tree):
    someone = candidate(tree["deep_cell"])
    response = admin_client.get(reverse("admin:candidates_candidate_changelist"), {"q": "tran thi binh"})
    assert response.status_code == 200
    assert "Trần Thị Bình" in response.text
    assert admin_client.get(reverse("admin:candidates_candidate_add")).status_code == 403
    admin_client.post(reverse("admin:candidates_candidate_delete", args=[someone.pk]), {"post": "yes"})
    assert Candidate.objects.count() == 1


def test_a_day_off_added_in_the_admin_moves_the_deadlines_and_leaves_history(admin_client, tree):
    someone = candidate(tree["deep_cell"])
    due = someone.decision_due
    response = admin_client.post(
        reverse("admin:candidates_dayoff_add"),
        {"unit": tree["district"].pk, "day": "02/03/2026", "reason": "Nghỉ bù"},
    )
    assert response.status_code == 302, response.text
    someone.refresh_from_db()
    assert someone.decision_due == due + datetime.timedelta(days=1)
    day_off = DayOff.objects.get()
    assert AuditEntry.objects.filter(object_type="dayoff", object_id=day_off.pk, action="create").exists()
    admin_client.post(reverse("admin:candidates_dayoff_delete", args=[day_off.pk]), {"post": "yes"})
    someone.refresh_from_db()
    assert someone.decision_due == due
    assert not DayOff.objects.exists()
