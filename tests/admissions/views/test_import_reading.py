"""The preview says how the clerk's own list was read: which rows were the header, how each column was
understood, and which rows were skipped as not members."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.admissions.clerk_list import clerk_workbook, make_commune


def understood(page: str, written: str) -> str:
    """The option selected in the preview's select of the column whose header is `written`."""
    row = page.split(f"<td>{written}</td>", 1)[1].split("</tr>", 1)[0]
    return re.search(r"<option [^>]*selected>([^<]*)</option>", row).group(1)


def test_the_preview_names_the_header_rows_each_column_and_the_skipped_rows(client, db, settings, tmp_path):
    settings.IMPORT_TEMP_DIR = tmp_path / "imports"
    client.force_login(make_commune()["clerk"])
    content, _valid, not_members = clerk_workbook()
    upload = SimpleUploadedFile("ds-ket-nap-2026.xlsx", content.getvalue())
    response = client.post(reverse("member_import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    page = response.text
    assert "Dòng tiêu đề: dòng 4–5." in page
    assert understood(page, "Quyết định kết nạp › Số QĐ") == "Số quyết định kết nạp *"
    assert understood(page, "Trình độ học vấn") == "Giáo dục phổ thông *"
    assert understood(page, "STT") == "(không dùng)"
    assert f"Bỏ qua {len(not_members)} dòng không phải đảng viên" in page
    assert "“NGƯỜI LẬP BIỂU T/M ĐẢNG ỦY”" in page
    assert "BÍ THƯ" not in page.split("Lỗi và cảnh báo")[-1]  # never a member error
