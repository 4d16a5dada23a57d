import pytest
from django.urls import reverse

from accounts.models import Role, User


@pytest.fixture
def staff(db):
    return User.objects.create_user("staff", password="x", role=Role.COMMITTEE_STAFF, is_staff=True)


def test_anonymous_user_is_sent_to_the_vietnamese_login_page(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    page = client.get(response.url)
    assert "Đăng nhập" in page.text
    assert "Mật khẩu" in page.text


def test_home_names_the_app_and_links_to_the_admin(client, staff):
    client.force_login(staff)
    page = client.get(reverse("home"))
    assert "Phát triển đảng viên" in page.text
    assert reverse("admin:index") in page.text


def test_pages_carry_a_strict_content_security_policy(client, staff):
    client.force_login(staff)
    policy = client.get(reverse("home")).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client, db):
    page = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in page.text
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert '<html lang="en">' in client.get(reverse("login")).text
