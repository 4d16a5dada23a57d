"""Writes made in the Django admin go through the services too, so they are in the history."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from admissions.models import AuditEntry, Member, Quota
from tests import factories


@pytest.fixture
def root(client, db):
    user = User.objects.create_superuser("root", password="x", role=Role.COMMITTEE_STAFF)
    client.force_login(user)
    return user


def test_admin_bulk_delete_of_members_is_recorded(client, root, tree):
    members = [factories.member(tree["deep_cell"], full_name=f"Người {n}") for n in range(2)]
    client.post(
        reverse("admin:admissions_member_changelist"),
        {"action": "delete_selected", "_selected_action": [m.pk for m in members], "post": "yes"},
    )
    assert not Member.objects.exists()
    assert AuditEntry.objects.filter(object_type="member", action="delete", user=root).count() == 2


def test_admin_quota_save_goes_through_the_service(client, root, tree):
    data = {"unit": tree["commune"].pk, "year": 2024, "source": "assigned", "target": 5, "note": ""}
    response = client.post(reverse("admin:admissions_quota_add"), data)
    assert response.status_code == 302
    quota = Quota.objects.get()
    assert AuditEntry.objects.get(object_type="quota", object_id=quota.pk).action == "create"
    client.post(reverse("admin:admissions_quota_change", args=[quota.pk]), {**data, "year": 2025})
    assert list(Quota.objects.values_list("year", "target")) == [(2025, 5)]


def test_history_cannot_be_edited_in_the_admin(client, root, tree):
    member = factories.member(tree["deep_cell"])
    entry = AuditEntry.objects.get(object_type="member", object_id=member.pk)
    assert client.get(reverse("admin:admissions_auditentry_changelist")).status_code == 200
    assert (
        client.post(
            reverse("admin:admissions_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
