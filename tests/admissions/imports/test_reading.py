"""What the file is, which sheet and which row hold the header: a bad file is refused with why."""

import io
import zipfile

import openpyxl

from admissions import imports
from tests.admissions.imports.helpers import file_error, read
from tests.admissions.xlsx_helpers import HEADERS, row, workbook


def test_title_rows_above_the_header_are_skipped(tree, clerk):
    result = read([row(tree["deep_cell"].code)], clerk, title_rows=["DANH SÁCH ĐẢNG VIÊN MỚI KẾT NẠP", ""])
    assert result.can_commit
    assert result.rows[0].number == 4


def test_a_csv_renamed_xlsx_is_refused(clerk):
    upload = io.BytesIO("Họ và tên,Giới tính\nAn,Nam\n".encode())
    assert "không phải bảng tính Excel" in file_error(upload, clerk)


def test_a_text_file_is_refused(clerk):
    assert "không phải bảng tính Excel" in file_error(io.BytesIO(b"hello"), clerk)


def test_a_word_document_is_refused(clerk):
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert "có thể là tệp Word" in file_error(upload, clerk)


def test_a_corrupt_workbook_is_refused(tree, clerk):
    content = workbook([row(tree["deep_cell"].code)]).getvalue()
    assert "bị hỏng" in file_error(io.BytesIO(content[: len(content) // 2]), clerk)


def test_a_zip_with_a_broken_workbook_part_is_refused(clerk):
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    assert "bị hỏng" in file_error(upload, clerk)


def test_a_password_protected_workbook_is_refused(clerk):
    # An encrypted .xlsx is an OLE compound file holding an "EncryptionInfo" stream.
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
    assert "mật khẩu" in file_error(io.BytesIO(content), clerk)


def test_an_old_xls_workbook_is_refused_with_how_to_save_it(clerk):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le")
    assert ".xls" in file_error(io.BytesIO(content), clerk)


def test_an_empty_sheet_is_refused(clerk):
    upload = io.BytesIO()
    openpyxl.Workbook().save(upload)
    assert "không có dữ liệu" in file_error(upload, clerk)


def test_a_header_with_no_data_row_is_refused(clerk):
    assert "không có dòng dữ liệu" in file_error(workbook([]), clerk)


def test_missing_required_columns_are_named_and_the_preview_asks_for_them(tree, clerk):
    upload = workbook([["An", "Nam"]], headers=["Họ và tên", "Giới tính"])
    result = imports.read_members(upload, user=clerk)
    assert result.mapping_error.startswith("Thiếu cột bắt buộc: Ngày sinh, Nghề nghiệp")
    assert "Chi bộ" in result.mapping_error
    assert [item.written for item in result.header.columns] == ["Họ và tên", "Giới tính"]
    assert (result.rows, result.can_commit) == ([], False)


def test_a_sheet_with_no_recognisable_header_is_refused(clerk):
    upload = workbook([["1", "2"]], headers=["Cột A", "Cột B"])
    assert "Không tìm thấy dòng tiêu đề" in file_error(upload, clerk)


def test_the_same_column_twice_is_refused(tree, clerk):
    upload = workbook([], headers=[*HEADERS, "CCCD"])
    assert "cùng là Số CCCD" in imports.read_members(upload, user=clerk).mapping_error


def test_a_row_numbering_the_columns_under_the_header_is_skipped(tree, clerk):
    numbering = [f"({n})" for n in range(1, len(HEADERS) + 1)]
    result = read([numbering, row(tree["deep_cell"].code)], clerk)
    assert result.can_commit
    assert [r.number for r in result.rows] == [3]


def test_the_sheet_with_the_members_is_found_behind_an_instructions_sheet(tree, clerk):
    output = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.title = "Hướng dẫn"
    book.active["A1"] = "Điền mỗi đảng viên một dòng ở trang sau."
    data = book.create_sheet("Danh sách")
    data.append(HEADERS)
    data.append([row(tree["deep_cell"].code)[header] for header in HEADERS])
    book.save(output)
    result = imports.read_members(output, user=clerk)
    assert result.can_commit
    assert result.rows[0].values["full_name"] == "Nguyễn Văn Số 1"
