"""Two identical or conflicting posts at the same moment, through two database connections (PostgreSQL):
one write, and the other answer is the form's message or the first one's result, never a 500."""

import pytest
from django.urls import reverse

from accounts.models import Role
from admissions.models import AuditEntry, Member, Unit
from tests import factories
from tests.concurrent import at_once, meet_before_saving, needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk(tree):
    return factories.user("clerk", role=Role.UNIT_CLERK, unit=tree["commune"])


@pytest.fixture
def staff(tree):
    return factories.user("staff", role=Role.COMMITTEE_STAFF, unit=tree["district"])


def post_as(user, url, data):
    def request(client):
        client.force_login(user)
        return client.post(url, data)

    return request


def test_a_double_click_on_the_add_form_without_national_id_stores_one_member(monkeypatch, clerk, tree):
    meet_before_saving(monkeypatch, Member)
    data = factories.member_form_data(tree["deep_cell"])
    answers = at_once(*[post_as(clerk, reverse("member_add"), data)] * 2)
    assert [getattr(answer, "status_code", answer) for answer in answers] == [302, 302]
    member = Member.objects.get()
    assert {answer.url for answer in answers} == {reverse("member_detail", args=[member.pk])}
    assert AuditEntry.objects.filter(object_type="member", action="create").count() == 1


def test_the_same_national_id_posted_twice_at_once_answers_the_forms_message(monkeypatch, clerk, tree):
    meet_before_saving(monkeypatch, Member)
    url = reverse("member_add")
    first = factories.member_form_data(tree["deep_cell"], full_name="Một", national_id="001203004005")
    second = factories.member_form_data(tree["deep_cell"], full_name="Hai", national_id="001203004005")
    answers = at_once(post_as(clerk, url, first), post_as(clerk, url, second))
    codes = sorted(getattr(answer, "status_code", repr(answer)) for answer in answers)
    assert codes == [200, 302], answers
    refused = next(answer for answer in answers if answer.status_code == 200)
    assert "Số CCCD này đã có" in refused.context["form"].errors["national_id"][0]
    assert Member.objects.count() == 1


def test_the_same_unit_code_posted_twice_at_once_answers_the_forms_message(monkeypatch, staff, tree):
    meet_before_saving(monkeypatch, Unit)
    url = reverse("unit_add")

    def data(name):
        return {
            "parent": tree["commune_b"].pk,
            "code": "B9",
            "name": name,
            "level": "cbtt",
            "unit_type": "xa",
            "sort_order": 0,
            "submission_token": factories.token(),
        }

    answers = at_once(post_as(staff, url, data("Chi bộ một")), post_as(staff, url, data("Chi bộ hai")))
    codes = sorted(getattr(answer, "status_code", repr(answer)) for answer in answers)
    assert codes == [200, 302], answers
    refused = next(answer for answer in answers if answer.status_code == 200)
    assert refused.context["form"].errors["code"]
    assert Unit.objects.filter(code="B9").count() == 1


def test_two_editors_saving_the_same_version_at_once_keep_one_change_and_refuse_the_other(clerk, staff, tree):
    member = factories.member(tree["deep_cell"])
    url = reverse("member_edit", args=[member.pk])

    def edit(home_town):
        return factories.member_form_data(
            member.cell, full_name=member.full_name, version=1, home_town=home_town
        )

    answers = at_once(post_as(clerk, url, edit("Văn thư")), post_as(staff, url, edit("Ban Tổ chức")))
    codes = sorted(getattr(answer, "status_code", repr(answer)) for answer in answers)
    assert codes == [200, 302], answers
    member.refresh_from_db()
    assert member.version == 2
    assert AuditEntry.objects.filter(object_id=member.pk, action="update").count() == 1
