"""Stateless app servers: two `make serve` processes on one PostgreSQL database, one browser going from one
to the other at every step (log in, upload, preview, confirm, edit, read back); nothing is lost."""

import re

from accounts.models import Role
from admissions.models import Member
from tests import factories
from tests.admissions.xlsx_helpers import row, workbook

from .servers import Browser, hidden_inputs


def test_an_import_and_an_edit_alternating_between_two_app_servers_lose_nothing(serve, tree):
    factories.user("vanthu", role=Role.UNIT_CLERK, unit=tree["commune"])
    first, second = serve(), serve()
    browser = Browser()

    browser.log_in(first, "vanthu", "x")
    assert browser.get(second, "/dang-vien/").status == 200  # the session is in the database

    book = workbook([row(tree["deep_cell"].code, number=n) for n in range(1, 4)]).getvalue()
    uploaded = browser.post(first, "/dang-vien/nhap-excel/", {}, files={"file": ("danh-sach.xlsx", book)})
    assert uploaded.status == 302, uploaded.text[:3000]
    preview = browser.get(second, "/dang-vien/nhap-excel/xem-truoc/")
    assert preview.status == 200
    assert "Ghi vào dữ liệu (3 đảng viên)" in preview.text
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)

    confirmed = browser.post(first, "/dang-vien/nhap-excel/ghi/", {"token": token})
    assert confirmed.status == 302
    assert "Đã nhập 3 đảng viên mới." in browser.get(second, confirmed.location).text
    assert Member.objects.count() == 3
    again = browser.post(second, "/dang-vien/nhap-excel/ghi/", {"token": token})
    assert "đã được nhập lúc" in browser.get(first, again.location).text
    assert Member.objects.count() == 3

    member = Member.objects.get(full_name="Nguyễn Văn Số 2")
    form = browser.get(second, f"/dang-vien/{member.pk}/sua/")
    assert form.status == 200
    data = {
        **factories.member_form_data(tree["deep_cell"], full_name="Nguyễn Văn Đã Sửa"),
        "national_id": member.national_id,
        **hidden_inputs(form.text),
    }
    edited = browser.post(first, f"/dang-vien/{member.pk}/sua/", data)
    assert edited.status == 302, edited.text[:3000]
    detail = browser.get(second, f"/dang-vien/{member.pk}/")
    assert "Nguyễn Văn Đã Sửa" in detail.text
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn Đã Sửa"
    assert Member.objects.count() == 3
