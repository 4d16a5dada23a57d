"""The Django admin saves through the services, so it obeys the same rules and fills the derived fields."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from admissions.models import Member
from tests import factories


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("root", password="x", role=Role.COMMITTEE_STAFF)
    client.force_login(user)
    return client


def _form(cell, **overrides):
    # The admin form has the status field the entry form leaves to the life-cycle pages.
    return factories.member_form_data(cell, status="probationary", **overrides)


@pytest.mark.parametrize("model", ["unit", "quota", "member"])
def test_every_model_has_an_admin_list_with_search(admin_client, tree, model):
    response = admin_client.get(reverse(f"admin:admissions_{model}_changelist"), {"q": "a"})
    assert response.status_code == 200


def test_admin_add_member_uses_the_same_validation(admin_client, tree):
    response = admin_client.post(
        reverse("admin:admissions_member_add"), _form(tree["deep_cell"], date_of_birth="20/05/2005")
    )
    assert response.status_code == 200
    assert "Chưa đủ 18 tuổi" in response.text
    assert not Member.objects.exists()


def test_admin_add_member_fills_derived_fields(admin_client, tree):
    response = admin_client.post(
        reverse("admin:admissions_member_add"), _form(tree["deep_cell"], full_name="  Nguyễn   Văn An ")
    )
    assert response.status_code == 302
    member = Member.objects.get()
    assert (member.full_name, member.grassroots) == ("Nguyễn Văn An", tree["commune"])


def test_admin_search_without_diacritics(admin_client, tree):
    factories.member(tree["deep_cell"], full_name="Nguyễn Văn Đức")
    response = admin_client.get(reverse("admin:admissions_member_changelist"), {"q": "nguyen van duc"})
    assert "Nguyễn Văn Đức" in response.text


def test_member_admin_has_no_filter_listing_every_unit():
    from django.contrib import admin as django_admin

    from admissions.models import Member

    member_admin = django_admin.site._registry[Member]
    assert "grassroots" not in member_admin.list_filter
    assert member_admin.show_full_result_count is False


def test_admin_shows_a_duplicate_national_id_on_its_field(admin_client, tree):
    factories.member(tree["deep_cell"], national_id="001234567890")
    response = admin_client.post(
        reverse("admin:admissions_member_add"),
        _form(tree["deep_cell"], full_name="Người Khác", national_id="001234567890"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["national_id"] == ["Số CCCD này đã có trong danh sách đảng viên mới."]
    assert Member.objects.count() == 1
