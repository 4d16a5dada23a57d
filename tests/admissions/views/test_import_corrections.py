"""From the preview, without editing the file: choose the sheet, say which field each column is (as Odoo's
import does), and download the checked file with its errors. A bad choice gets a message and changes
nothing; the confirmation reads the file as the preview did."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from admissions.models import Member, PendingImport
from admissions.views import imports as import_views
from tests.admissions.clerk_list import INVALID, clerk_workbook, make_commune
from tests.admissions.xlsx_helpers import HEADERS, row, workbook

RENAMED = ["Nam/Nữ (ghi rõ)" if header == "Giới tính" else header for header in HEADERS]


@pytest.fixture
def clerk(tree, client):
    user = User.objects.create_user("clerk", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
    client.force_login(user)
    return user


def upload(client, content, name="danh-sach.xlsx"):
    file = SimpleUploadedFile(name, content.getvalue() if hasattr(content, "getvalue") else content)
    response = client.post(reverse("member_import"), {"file": file})
    assert response.status_code == 302, response.text
    return client.session[import_views.SESSION_KEY]


def choose(client, url_name, data, token):
    return client.post(reverse(url_name), {"token": token, **data}, follow=True).text


def renamed_file(tree, count=3):
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, count + 1)]
    return workbook([[values[header] for header in HEADERS] for values in rows], headers=RENAMED)


# The column a select names: RENAMED's index of "Nam/Nữ (ghi rõ)".
SEX_COLUMN = f"column-{RENAMED.index('Nam/Nữ (ghi rõ)')}"


def test_a_column_not_understood_is_mapped_on_the_preview_and_the_file_written_as_mapped(client, clerk, tree):
    token = upload(client, renamed_file(tree))
    preview = client.get(reverse("member_import_preview")).text
    assert "Thiếu cột bắt buộc: Giới tính" in preview
    assert f'name="{SEX_COLUMN}"' in preview
    page = choose(client, "member_import_mapping", {SEX_COLUMN: "sex"}, token)
    assert "Đã đọc lại tệp theo cách hiểu các cột đã chọn." in page
    assert "Ghi vào dữ liệu (3 đảng viên)" in page
    assert PendingImport.objects.get().mapping == {str(RENAMED.index("Nam/Nữ (ghi rõ)")): "sex"}
    client.post(reverse("member_import_confirm"), {"token": token})
    assert sorted(Member.objects.values_list("sex", flat=True)) == ["M", "M", "M"]


def test_a_long_file_remapped_on_the_preview_is_read_again_by_a_new_job(client, clerk, tree, settings):
    from core.models import Job

    settings.IMPORT_BACKGROUND_ROWS = 2  # the header and 3 members are 4 rows: read by a job
    token = upload(client, renamed_file(tree))
    assert Job.objects.count() == 1
    assert "Thiếu cột bắt buộc: Giới tính" in client.get(reverse("member_import_preview"), follow=True).text
    page = choose(client, "member_import_mapping", {SEX_COLUMN: "sex"}, token)
    assert Job.objects.count() == 2  # not the first job's reading, kept from before the choice
    assert "Ghi vào dữ liệu (3 đảng viên)" in page


def test_a_column_can_be_ignored_on_the_preview(client, clerk, tree):
    rows = [row(tree["deep_cell"].code, number=1, **{"Ghi chú": "Ghi chú từ tệp"})]
    token = upload(client, workbook(rows))
    page = choose(client, "member_import_mapping", {f"column-{HEADERS.index('Ghi chú')}": ""}, token)
    assert "Ghi chú từ tệp" not in page
    client.post(reverse("member_import_confirm"), {"token": token})
    assert Member.objects.get().notes == ""


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"column-0": "full_name", "column-1": "full_name"}, "cùng là Họ và tên"),
        ({"column-0": ""}, "Thiếu cột bắt buộc: Họ và tên"),
        ({"column-0": "is_superuser"}, "Lựa chọn cột không hợp lệ"),
        ({"column-99": "notes"}, "Lựa chọn cột không hợp lệ"),
        ({"column-x": "notes"}, "Lựa chọn cột không hợp lệ"),
        ({"column-٣": "notes"}, "Lựa chọn cột không hợp lệ"),
        ({}, "Lựa chọn cột không hợp lệ"),
    ],
)
def test_a_bad_mapping_is_refused_with_a_message_and_changes_nothing(client, clerk, tree, posted, message):
    token = upload(client, workbook([row(tree["deep_cell"].code)]))
    page = choose(client, "member_import_mapping", posted, token)
    assert message in page
    assert PendingImport.objects.get().mapping == {}
    assert "Ghi vào dữ liệu (1 đảng viên)" in page  # the preview as before


def test_a_foreign_or_expired_pending_file_cannot_be_remapped(client, clerk, tree):
    token = upload(client, renamed_file(tree))
    other = User.objects.create_user("clerk2", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
    client.force_login(other)
    assert "hết hạn hoặc không còn" in choose(client, "member_import_mapping", {SEX_COLUMN: "sex"}, token)
    assert "hết hạn hoặc không còn" in choose(client, "member_import_sheet", {"sheet": "Danh sách"}, token)
    client.force_login(clerk)
    PendingImport.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert "hết hạn hoặc không còn" in choose(client, "member_import_mapping", {SEX_COLUMN: "sex"}, token)
    assert PendingImport.objects.get().mapping == {}


def test_viewers_may_not_correct_a_reading_or_download_a_checked_file(client, tree):
    viewer = User.objects.create_user("viewer", password=None, role=Role.VIEWER, unit=tree["commune"])
    client.force_login(viewer)
    assert client.post(reverse("member_import_mapping"), {"token": "x"}).status_code == 403
    assert client.post(reverse("member_import_sheet"), {"token": "x"}).status_code == 403
    assert client.get(reverse("member_import_checked_file")).status_code == 403


def two_lists(code: str) -> io.BytesIO:
    """A workbook of two members' lists (last year's and this year's, headers at different rows) and notes."""
    book = openpyxl.Workbook()
    old = book.active
    old.title = "DS 2025"
    old.append(HEADERS)
    old.append([row(code, number=1)[header] for header in HEADERS])
    this = book.create_sheet("DS 2026")
    this.append(["DANH SÁCH ĐẢNG VIÊN MỚI KẾT NẠP NĂM 2026"])
    this.append(HEADERS)
    for number in (2, 3):
        this.append([row(code, number=number)[header] for header in HEADERS])
    notes = book.create_sheet("Ghi chú")
    notes.append(["Danh sách lập theo Hướng dẫn 12-HD/BTCTW."])
    output = io.BytesIO()
    book.save(output)
    return output


@pytest.fixture
def lists_file(tree):
    return two_lists(tree["deep_cell"].code)


def test_the_sheets_that_look_like_lists_are_offered_and_another_one_can_be_read(client, clerk, lists_file):
    token = upload(client, lists_file)
    page = client.get(reverse("member_import_preview")).text
    assert "DS 2025 (tiêu đề ở dòng 1, 1 dòng có dữ liệu)" in page
    assert "DS 2026 (tiêu đề ở dòng 2, 2 dòng có dữ liệu)" in page
    assert '<option value="Ghi chú"' not in page  # the notes sheet is not a list
    assert "Ghi vào dữ liệu (1 đảng viên)" in page  # the first of two equally good sheets
    page = choose(client, "member_import_sheet", {"sheet": "DS 2026"}, token)
    assert "Đã đọc lại tệp từ trang tính đã chọn." in page
    assert "Ghi vào dữ liệu (2 đảng viên)" in page
    assert '<option value="DS 2026" selected>' in page
    client.post(reverse("member_import_confirm"), {"token": token})
    assert sorted(Member.objects.values_list("full_name", flat=True)) == [
        "Nguyễn Văn Số 2",
        "Nguyễn Văn Số 3",
    ]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("Không có", "Tệp không có trang tính “Không có”"),
        ("Ghi chú", "Không tìm thấy dòng tiêu đề"),
        ("", "Hãy chọn một trang tính."),
    ],
)
def test_a_sheet_that_is_not_there_or_not_a_list_is_refused(client, clerk, lists_file, sheet, message):
    token = upload(client, lists_file)
    page = choose(client, "member_import_sheet", {"sheet": sheet}, token)
    assert message in page
    assert PendingImport.objects.get().sheet_name == ""


# The columns of the clerk's list (tests/admissions/clerk_list.py) that each import column is in.
CLERK_COLUMNS = {
    "Họ và tên": 2,
    "Ngày sinh": 3,
    "Giới tính": 4,
    "Số CCCD": 7,
    "Nghề nghiệp": 8,
    "Giáo dục phổ thông": 9,
    "Chi bộ": 10,
    "Số quyết định kết nạp": 11,
    "Ngày quyết định kết nạp": 12,
}


def test_the_checked_file_is_the_clerks_own_with_a_column_of_errors_and_the_bad_cells_marked(client, db):
    client.force_login(make_commune()["clerk"])
    content, valid, not_members = clerk_workbook()
    original = openpyxl.load_workbook(io.BytesIO(content.getvalue()))
    upload(client, content, name="ds-ket-nap-2026.xlsx")
    assert "Tải về tệp đã kiểm tra" in client.get(reverse("member_import_preview")).text
    response = client.get(reverse("member_import_checked_file"))
    assert response.status_code == 200
    assert "ds-ket-nap-2026-da-kiem-tra.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == original.sheetnames  # the notes sheet kept
    sheet, before = book["DS kết nạp 2026"], original["DS kết nạp 2026"]
    assert sheet.max_row == before.max_row
    assert {str(r) for r in sheet.merged_cells.ranges} >= {str(r) for r in before.merged_cells.ranges}
    errors = before.max_column + 1
    assert sheet.cell(row=4, column=errors).value == "Lỗi"
    for number, (header, _bad) in INVALID.items():
        written = sheet.cell(row=number, column=errors).value
        assert written.startswith(f"{header}: "), (number, written)
        cell = sheet.cell(row=number, column=CLERK_COLUMNS[header])
        assert cell.fill.start_color.rgb.endswith("FFC7CE"), number
        assert cell.comment is not None
        assert cell.comment.text in written  # the cell's own message, also in the row's "Lỗi" cell
    for number in valid:
        assert not (sheet.cell(row=number, column=errors).value or "").startswith(tuple(CLERK_COLUMNS))
        assert [c.value for c in sheet[number]][:13] == [c.value for c in before[number]][:13]
    for number in not_members:
        assert sheet.cell(row=number, column=errors).value.startswith("Bỏ qua: không phải đảng viên")


def test_without_a_pending_file_there_is_no_checked_file(client, clerk):
    response = client.get(reverse("member_import_checked_file"))
    assert response.url == reverse("member_import")


def test_the_checked_file_reads_the_database_a_constant_number_of_times(client, clerk, tree):
    counts = []
    for count in (5, 300):
        rows = [row(tree["deep_cell"].code, number=n) for n in range(1, count + 1)]
        rows[1]["Giới tính"] = "Không rõ"
        upload(client, workbook(rows))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("member_import_checked_file")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
