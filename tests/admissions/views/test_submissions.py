"""One-time submission tokens (core.submissions): a form posted twice writes once, and says so."""

import pytest
from django.urls import reverse

from admissions.models import AuditEntry, Member, Unit
from core.models import UsedSubmission
from tests import factories


def test_the_same_add_form_posted_twice_creates_one_member_and_says_so(as_clerk, tree):
    data = factories.member_form_data(tree["deep_cell"])  # no national ID: nothing else would stop a copy
    first = as_clerk.post(reverse("member_add"), data)
    second = as_clerk.post(reverse("member_add"), data, follow=True)
    member = Member.objects.get()
    assert first.url == reverse("member_detail", args=[member.pk])
    assert second.redirect_chain[-1][0] == reverse("member_detail", args=[member.pk])
    assert "đã được gửi rồi" in second.text
    assert AuditEntry.objects.filter(object_type="member", action="create").count() == 1


def test_a_form_sent_back_with_errors_keeps_its_token_for_the_corrected_post(as_clerk, tree):
    data = factories.member_form_data(tree["deep_cell"])
    refused = as_clerk.post(reverse("member_add"), {**data, "decision_date": "31/02/2023"})
    assert refused.status_code == 200
    assert refused.context["form"]["submission_token"].value() == data["submission_token"]
    assert not UsedSubmission.objects.exists()
    assert as_clerk.post(reverse("member_add"), data).status_code == 302
    assert Member.objects.count() == 1


@pytest.mark.parametrize("token", [None, "", "x" * 32, "0" * 31, "'; DROP TABLE x; --"])
def test_a_post_without_a_valid_token_writes_nothing_and_asks_to_reload(as_clerk, tree, token):
    data = factories.member_form_data(tree["deep_cell"])
    if token is None:
        del data["submission_token"]
    else:
        data["submission_token"] = token
    response = as_clerk.post(reverse("member_add"), data)
    assert response.status_code == 200
    assert "tải lại trang" in response.text
    assert not Member.objects.exists()


def test_each_rendered_form_carries_a_fresh_token(as_clerk, tree):
    tokens = {
        as_clerk.get(reverse("member_add")).context["form"]["submission_token"].value() for _ in range(3)
    }
    assert len(tokens) == 3


def test_a_delete_posted_twice_deletes_once_and_answers_the_second_plainly(as_clerk, tree):
    member = factories.member(tree["deep_cell"])
    data = {"submission_token": factories.token()}
    as_clerk.post(reverse("member_delete", args=[member.pk]), data)
    second = as_clerk.post(reverse("member_delete", args=[member.pk]), data, follow=True)
    assert second.status_code == 200
    assert "đã được gửi rồi" in second.text
    assert AuditEntry.objects.filter(object_id=member.pk, action="delete").count() == 1


def test_an_edit_posted_twice_saves_once_and_the_second_is_not_a_stale_error(as_clerk, tree):
    member = factories.member(tree["deep_cell"])
    data = factories.member_form_data(member.cell, full_name=member.full_name, version=1, home_town="Mới")
    as_clerk.post(reverse("member_edit", args=[member.pk]), data)
    second = as_clerk.post(reverse("member_edit", args=[member.pk]), data, follow=True)
    assert "đã được gửi rồi" in second.text
    member.refresh_from_db()
    assert member.version == 2
    assert AuditEntry.objects.filter(object_id=member.pk, action="update").count() == 1


def test_a_unit_add_posted_twice_creates_one_unit(as_staff, tree):
    data = {
        "parent": tree["commune_b"].pk,
        "code": "B9",
        "name": "Chi bộ B9",
        "level": "cbtt",
        "unit_type": "xa",
        "sort_order": 0,
        "submission_token": factories.token(),
    }
    as_staff.post(reverse("unit_add"), data)
    second = as_staff.post(reverse("unit_add"), data, follow=True)
    assert "đã được gửi rồi" in second.text
    assert Unit.objects.filter(code="B9").count() == 1


def test_a_probation_outcome_posted_twice_is_recorded_once(as_clerk, tree):
    import datetime

    member = factories.member(
        tree["deep_cell"], decision_date=datetime.date(2023, 5, 19), ceremony_date=datetime.date(2023, 6, 1)
    )
    data = {"outcome": "full", "day": "01/06/2024", "version": 1, "submission_token": factories.token()}
    as_clerk.post(reverse("member_confirm", args=[member.pk]), data)
    second = as_clerk.post(reverse("member_confirm", args=[member.pk]), data, follow=True)
    assert "đã được gửi rồi" in second.text
    assert AuditEntry.objects.filter(object_id=member.pk, action="update").count() == 1
