"""Through the pages: a file that changes recorded members shows each change old -> new, and the
confirmation writes them with the versions the preview showed."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role, User
from admissions import imports
from admissions.models import Member
from tests.admissions.xlsx_helpers import row, workbook


def upload(client, rows):
    file = SimpleUploadedFile("danh-sach.xlsx", workbook(rows).getvalue())
    return client.post(reverse("member_import"), {"file": file}, follow=True)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def test_the_preview_shows_each_change_and_the_confirmation_writes_it(client, tree):
    clerk = User.objects.create_user("clerk", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
    client.force_login(clerk)
    assert imports.commit_members(workbook([row(tree["deep_cell"].code, number=1)]), user=clerk)[1] == 1
    member = Member.objects.get()

    preview = upload(client, [row(tree["deep_cell"].code, number=1, **{"Số quyết định kết nạp": "91-QĐ/HU"})])
    page = preview.text
    assert "Cập nhật" in page
    assert "Số quyết định kết nạp: <del>1-QĐ/HU</del> → <ins>91-QĐ/HU</ins>" in page
    assert "Ghi vào dữ liệu (0 mới, 1 cập nhật)" in page

    done = client.post(
        reverse("member_import_confirm"),
        {"token": hidden(page, "token"), "versions": hidden(page, "versions")},
        follow=True,
    )
    assert "Đã nhập 0 đảng viên mới và cập nhật 1 đảng viên." in done.text
    member.refresh_from_db()
    assert (member.decision_number, member.version) == ("91-QĐ/HU", 2)


def test_a_tampered_versions_field_still_checks_the_lock_against_the_record(client, tree):
    clerk = User.objects.create_user("clerk", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
    client.force_login(clerk)
    imports.commit_members(workbook([row(tree["deep_cell"].code, number=1)]), user=clerk)
    page = upload(client, [row(tree["deep_cell"].code, number=1, **{"Ghi chú": "x"})]).text
    done = client.post(
        reverse("member_import_confirm"), {"token": hidden(page, "token"), "versions": "forged"}, follow=True
    )
    assert done.status_code == 200
    assert Member.objects.get().notes == "x"  # read from the record itself: nothing skipped, nothing broken
