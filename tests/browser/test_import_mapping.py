"""A clerk's own list whose sex column has a heading the import does not know: the preview says so, the
clerk says what the column is in its select and the file is read again, without editing or re-uploading it."""

import pytest
from playwright.sync_api import expect

from admissions.models import PendingImport
from tests.admissions.clerk_list import INVALID, clerk_workbook, make_commune

from .conftest import log_in
from .test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_corrects_a_column_mapping_on_the_preview(page):
    clerk = make_commune()["clerk"]
    clerk.set_password("x")
    clerk.save()
    content, valid, _not_members = clerk_workbook(renamed={"Giới tính": "Phái tính"})
    log_in(page, "tanlap")
    page.goto("/dang-vien/nhap-excel/")
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "ds-ket-nap-2026.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": content.getvalue(),
            }
        ],
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator(".import-blocked")).to_contain_text("Thiếu cột bắt buộc: Giới tính")
    expect(page.locator("details.import-reading")).to_have_attribute("open", "")
    assert blocking_violations(page) == []  # the selects are labelled for screen readers

    page.get_by_label("Cột D (Phái tính) là").select_option(label="Giới tính *")
    page.get_by_role("button", name="Đọc lại tệp").click()
    expect(page.locator(".messages")).to_contain_text("Đã đọc lại tệp theo cách hiểu các cột đã chọn.")
    expect(page.locator(".lead")).to_contain_text(f"{len(valid) + len(INVALID)} dòng dữ liệu.")
    expect(page.locator(".lead")).to_contain_text(f"{len(INVALID)} lỗi")
    expect(page.locator("table.import-problems")).to_contain_text("Giới tính")
    expect(page.get_by_label("Cột D (Phái tính) là")).to_have_value("sex")
    expect(page.get_by_role("link", name="Tải về tệp đã kiểm tra", exact=False)).to_be_visible()
    assert PendingImport.objects.get().mapping["3"] == "sex"
