"""Error pages speak Vietnamese and never show the record asked for."""

from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from tests import factories


def test_missing_page_is_a_vietnamese_404(client, tree):
    client.force_login(factories.user("c", role=Role.UNIT_CLERK, unit=tree["commune"]))
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


def test_forbidden_page_is_a_vietnamese_403(client, tree):
    client.force_login(factories.user("v", role=Role.VIEWER, unit=tree["district"]))
    response = client.get(reverse("member_add"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text


def test_server_error_page_is_vietnamese_and_needs_no_context():
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()
