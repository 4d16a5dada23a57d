"""The account pages as the real scoped users meet them: own password, user management inside the
subtree, login throttling, the admin reserved for superusers, no-store on personal pages."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role, User
from admissions.models import AuditEntry
from tests import factories


@pytest.fixture
def people(tree):
    return {
        "staff": factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"]),
        "commune_staff": factories.user("bt.xa", role=Role.COMMITTEE_STAFF, unit=tree["commune"]),
        "clerk": factories.user("vanthu.a", role=Role.UNIT_CLERK, unit=tree["commune"]),
        "clerk_b": factories.user("vanthu.b", role=Role.UNIT_CLERK, unit=tree["commune_b"]),
        "viewer": factories.user("lanhdao", role=Role.VIEWER, unit=tree["district"]),
    }


def one_time_password(response) -> str:
    return re.search(r'<code id="one-time-password">([^<]+)</code>', response.text).group(1)


# --- own password -------------------------------------------------------------------------------------


def test_a_clerk_changes_their_password_and_logs_in_with_the_new_one(client, people):
    assert client.login(username="vanthu.a", password="x")
    page = client.get(reverse("password_change"))
    assert "Đổi mật khẩu" in page.text
    response = client.post(
        reverse("password_change"),
        {"old_password": "x", "new_password1": "Chi-bo-A1a-2026", "new_password2": "Chi-bo-A1a-2026"},
        follow=True,
    )
    assert "Đã đổi mật khẩu." in response.text
    assert client.get(reverse("member_list")).status_code == 200  # still logged in
    client.logout()
    assert not client.login(username="vanthu.a", password="x")
    assert client.login(username="vanthu.a", password="Chi-bo-A1a-2026")
    entry = AuditEntry.objects.get(object_type="user", object_id=people["clerk"].pk)
    assert entry.by == "vanthu.a"
    assert "Chi-bo" not in str(entry.changes)  # never the password, nor its hash


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing_and_says_why(client, people):
    client.force_login(people["clerk"])
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "Chi-bo-A1a-2026", "new_password2": "Chi-bo-A1a-2026"},
    )
    assert wrong.status_code == 200
    weak = client.post(
        reverse("password_change"), {"old_password": "x", "new_password1": "123", "new_password2": "123"}
    )
    assert weak.status_code == 200
    assert "Mật khẩu" in weak.text or "mật khẩu" in weak.text
    people["clerk"].refresh_from_db()
    assert people["clerk"].check_password("x")


# --- user management ----------------------------------------------------------------------------------


def test_committee_staff_create_a_clerk_in_their_subtree_who_must_change_the_one_time_password(
    client, people, tree
):
    client.force_login(people["staff"])
    response = client.post(
        reverse("user_add"),
        {
            "username": "vanthu.truong",
            "first_name": "Lan",
            "last_name": "Trần Thị",
            "role": "clerk",
            "unit": tree["school"].pk,
        },
    )
    assert response.status_code == 200
    password = one_time_password(response)
    assert "chỉ hiện một lần" in response.text
    assert response["Cache-Control"].count("no-store") == 1
    created = User.objects.get(username="vanthu.truong")
    assert (created.role, created.unit, created.must_change_password) == (
        Role.UNIT_CLERK,
        tree["school"],
        True,
    )
    history = AuditEntry.objects.get(object_type="user", object_id=created.pk)
    assert history.by == "bantochuc"
    assert history.changes["unit"] == [None, "Chi bộ Trường THPT"]

    # The new clerk's first login leads to the password change, and nowhere else until it is done.
    client.logout()
    assert client.login(username="vanthu.truong", password=password)
    assert client.get(reverse("member_list")).url == reverse("password_change")
    client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Truong-THPT-2026", "new_password2": "Truong-THPT-2026"},
    )
    assert client.get(reverse("member_list")).status_code == 200


def test_committee_staff_cannot_create_a_user_outside_their_subtree(client, people, tree):
    client.force_login(people["commune_staff"])
    response = client.post(
        reverse("user_add"), {"username": "ngoai", "role": "clerk", "unit": tree["cell_b"].pk}
    )
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ" in response.text
    assert not User.objects.filter(username="ngoai").exists()
    choices = {unit.pk for unit in response.context["form"].fields["unit"].queryset}
    assert tree["cell_b"].pk not in choices
    assert tree["deep_cell"].pk in choices


def test_committee_staff_cannot_see_or_change_a_user_outside_their_subtree(client, people, tree):
    client.force_login(people["commune_staff"])
    outside = people["clerk_b"]
    assert client.get(reverse("user_edit", args=[outside.pk])).status_code == 404
    data = {
        "first_name": "X",
        "last_name": "",
        "role": "staff",
        "unit": tree["commune"].pk,
        "is_active": "on",
    }
    assert client.post(reverse("user_edit", args=[outside.pk]), data).status_code == 404
    assert client.post(reverse("user_reset_password", args=[outside.pk])).status_code == 404
    assert client.post(reverse("user_unlock", args=[outside.pk])).status_code == 404
    listed = {account.username for account in client.get(reverse("user_list")).context["accounts"]}
    assert listed == {"vanthu.a"}
    outside.refresh_from_db()
    assert (outside.role, outside.first_name) == (Role.UNIT_CLERK, "")


def test_committee_staff_cannot_move_a_user_of_theirs_out_of_their_subtree(client, people, tree):
    client.force_login(people["commune_staff"])
    clerk = people["clerk"]
    data = {
        "first_name": "",
        "last_name": "",
        "role": "clerk",
        "unit": tree["commune_b"].pk,
        "is_active": "on",
    }
    response = client.post(reverse("user_edit", args=[clerk.pk]), data)
    assert response.status_code == 200
    clerk.refresh_from_db()
    assert clerk.unit == tree["commune"]


def test_clerks_and_viewers_cannot_manage_users(client, people):
    for name in ("clerk", "viewer"):
        client.force_login(people[name])
        assert client.get(reverse("user_list")).status_code == 403
        assert client.post(reverse("user_add"), {}).status_code == 403
        assert client.post(reverse("user_reset_password", args=[people["clerk_b"].pk])).status_code == 403


def test_staff_cannot_manage_a_superuser_or_themselves(client, people, tree):
    admin = factories.user("quantri", role=Role.COMMITTEE_STAFF, unit=tree["commune"], is_superuser=True)
    client.force_login(people["staff"])
    assert client.post(reverse("user_reset_password", args=[admin.pk])).status_code == 404
    assert client.post(reverse("user_reset_password", args=[people["staff"].pk])).status_code == 404


def test_staff_deactivate_a_clerk_who_then_cannot_log_in_and_the_change_is_in_the_history(
    client, people, tree
):
    client.force_login(people["staff"])
    clerk = people["clerk"]
    data = {
        "first_name": "An",
        "last_name": "Nguyễn Văn",
        "role": "clerk",
        "unit": tree["commune"].pk,
    }  # no is_active
    assert client.post(reverse("user_edit", args=[clerk.pk]), data).status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active
    page = client.get(reverse("user_edit", args=[clerk.pk]))
    assert "Được đăng nhập" in page.text
    entry = AuditEntry.objects.get(object_type="user", object_id=clerk.pk)
    assert entry.changes["is_active"] == [True, False]
    assert ("Kích hoạt", "Có", "Không") in [(str(label), old, new) for label, old, new in entry.change_rows()]
    client.logout()
    assert not client.login(username="vanthu.a", password="x")


def test_a_reset_password_is_shown_once_and_replaces_the_old_one(client, people):
    client.force_login(people["staff"])
    response = client.post(reverse("user_reset_password", args=[people["clerk"].pk]))
    password = one_time_password(response)
    people["clerk"].refresh_from_db()
    assert people["clerk"].check_password(password)
    assert not people["clerk"].check_password("x")
    assert people["clerk"].must_change_password
    assert password not in client.get(reverse("user_edit", args=[people["clerk"].pk])).text


def test_deleting_an_account_keeps_its_name_on_the_changes_it_made(client, people, tree):
    client.force_login(people["staff"])
    client.post(reverse("user_add"), {"username": "moi", "role": "viewer", "unit": tree["commune"].pk})
    entry = AuditEntry.objects.get(object_type="user", action="create")
    people["staff"].delete()
    entry.refresh_from_db()
    assert entry.user is None
    assert entry.by == "bantochuc"


# --- login throttling ---------------------------------------------------------------------------------


def log_in(client, password):
    return client.post(reverse("login"), {"username": "vanthu.a", "password": password})


def test_the_sixth_attempt_after_five_wrong_passwords_is_refused_even_with_the_right_one(client, people):
    for _ in range(4):
        assert log_in(client, "sai").status_code == 200  # the form again, with its error
    fifth = log_in(client, "sai")
    assert fifth.status_code == 429
    sixth = log_in(client, "x")
    assert sixth.status_code == 429
    assert "đã bị tạm khóa đăng nhập" in sixth.text
    assert "nhập sai mật khẩu 5 lần liên tiếp" in sixth.text
    assert "_auth_user_id" not in client.session


def test_committee_staff_see_the_lock_and_lift_it(client, people):
    for _ in range(5):
        log_in(client, "sai")
    client.force_login(people["staff"])
    assert "Tạm khóa đăng nhập" in client.get(reverse("user_list")).text
    assert client.post(reverse("user_unlock", args=[people["clerk"].pk])).status_code == 302
    client.logout()
    assert log_in(client, "x").status_code == 302
    entry = AuditEntry.objects.get(object_type="user", object_id=people["clerk"].pk)
    assert entry.changes["locked"] == [True, False]


def test_a_successful_login_resets_the_count(client, people):
    for _ in range(4):
        log_in(client, "sai")
    assert log_in(client, "x").status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "sai").status_code == 200
    assert log_in(client, "x").status_code == 302


def test_a_lock_is_for_one_account_from_one_address(client, people):
    for _ in range(5):
        log_in(client, "sai")
    other_address = client.post(
        reverse("login"), {"username": "vanthu.a", "password": "x"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 302
    assert client.post(reverse("login"), {"username": "vanthu.b", "password": "x"}).status_code == 302


# --- the admin, and caching -----------------------------------------------------------------------------


def test_the_admin_is_for_superusers_only(client, people):
    staff = people["staff"]
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302  # to the admin's login: not allowed in
    admin = factories.user("quantri", role=Role.VIEWER, unit=None, is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "chỉ dành cho quản trị viên cài đặt" in page.text


def test_pages_for_a_logged_in_user_are_never_stored_by_the_browser(client, people):
    client.force_login(people["clerk"])
    for url in (
        reverse("member_list"),
        reverse("member_export_csv"),
        reverse("report"),
        reverse("report_xlsx"),
    ):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_the_user_list_reads_the_database_a_constant_number_of_times(client, people, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["staff"])
    counts = []
    for extra in (2, 40):
        for number in range(extra):
            factories.user(f"them{extra}-{number}", role=Role.UNIT_CLERK, unit=tree["deep_cell"])
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("user_list"))
        assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_wrong_password_gets_one_short_line_in_vietnamese_and_in_english(client, people):
    page = log_in(client, "sai")
    assert page.context["form"].non_field_errors() == ["Sai tên đăng nhập hoặc mật khẩu."]
    assert "phân biệt chữ hoa" not in page.text  # Django's stock text is gone
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    english = log_in(client, "sai")
    assert english.context["form"].non_field_errors() == ["Wrong username or password."]
