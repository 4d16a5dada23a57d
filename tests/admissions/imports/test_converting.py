"""Import of a clerk's workbook: parse -> validate; every row checked like a record typed in by hand."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from accounts.models import Role, User
from admissions import imports, services
from admissions.models import Member
from tests import factories
from tests.admissions.xlsx_helpers import HEADERS, row, workbook


@pytest.fixture
def clerk(tree):
    return User.objects.create_user("clerk", password=None, role=Role.UNIT_CLERK, unit=tree["district"])


@pytest.fixture
def commune_clerk(tree):
    return User.objects.create_user("commune", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])


def read(rows, user, **options):
    return imports.read_members(workbook(rows, **options), user=user)


def commit(rows, user, **options):
    return imports.commit_members(workbook(rows, **options), user=user)


def problems(result):
    return [(p.row, p.column, p.message) for p in result.errors]


def file_error(upload, user) -> str:
    with pytest.raises(imports.ImportFileError) as caught:
        imports.read_members(upload, user=user)
    return str(caught.value.args[0])


# ---------------------------------------------------------------------------------------------- valid files


def test_a_valid_file_goes_in_completely_with_derived_fields(tree, clerk):
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, 6)] + [row(tree["school"].code, number=9)]
    result, created = commit(rows, clerk)
    assert created == 6 and not result.errors
    first = Member.objects.get(national_id="001200000001")
    assert first.full_name == "Nguyễn Văn Số 1" and first.sex == "M" and first.occupation == "nong_dan"
    assert first.date_of_birth == datetime.date(1995, 1, 2) and first.decision_date == datetime.date(
        2023, 5, 19
    )
    assert first.grassroots == tree["commune"] and first.cell == tree["deep_cell"]
    assert first.created_by == clerk and first.name_folded == "nguyen van so 1"
    assert Member.objects.get(national_id="001200000009").grassroots == tree["school"]


def test_reading_writes_nothing(tree, clerk):
    result = read([row(tree["deep_cell"].code)], clerk)
    assert result.can_commit and Member.objects.count() == 0


def test_one_bad_row_among_100_writes_nothing_and_names_the_row(tree, clerk):
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, 101)]
    rows[56]["Ngày sinh"] = "31/02/1990"  # row 58 in Excel: the header is row 1
    result, created = commit(rows, clerk)
    assert created == 0 and Member.objects.count() == 0 and not result.can_commit
    assert problems(result) == [(58, "Ngày sinh", "Ngày “31/02/1990” không có trên lịch.")]


def test_model_validation_errors_are_reported_per_row_and_column(tree, clerk):
    too_young = row(tree["deep_cell"].code, number=1, **{"Ngày sinh": "20/05/2005"})
    result = read([row(tree["deep_cell"].code, number=2), too_young], clerk)
    ((number, column, message),) = problems(result)
    assert (number, column) == (3, "Ngày sinh") and "Chưa đủ 18 tuổi" in message


def test_a_blank_required_cell_is_reported_in_vietnamese(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Số quyết định kết nạp": ""})], clerk)
    ((number, column, message),) = problems(result)
    assert (number, column) == (2, "Số quyết định kết nạp") and "không được để" in message


def test_title_rows_above_the_header_are_skipped(tree, clerk):
    result = read([row(tree["deep_cell"].code)], clerk, title_rows=["DANH SÁCH ĐẢNG VIÊN MỚI KẾT NẠP", ""])
    assert result.can_commit and result.rows[0].number == 4


def test_headers_without_diacritics_and_aliases_are_accepted(tree, clerk):
    headers = ["ho ten", "GIOI TINH", "Ngày tháng năm sinh", "CCCD", "nghe nghiep", "Trình độ văn hóa",
               "Mã chi bộ", "Số QĐ", "Ngày QĐ", "STT"]  # fmt: skip
    values = [
        "Lê Thị Hoa",
        "nữ",
        "01/02/1990",
        "001190000001",
        "Nong dan",
        "12",
        "U5",
        "7-QĐ/HU",
        "19/05/2023",
        "1",
    ]
    values[6] = tree["deep_cell"].code
    result = read([values], clerk, headers=headers)
    assert result.can_commit, problems(result)
    assert result.ignored_headers == ["STT"]
    fields = result.rows[0].values
    assert fields["sex"] == "F" and fields["schooling"] == "12/12" and fields["occupation"] == "nong_dan"


@pytest.mark.parametrize("written", ["nữ", "Nu", "NỮ", "F", " nữ "])
def test_choices_match_by_label_or_code_ignoring_case_and_diacritics(tree, clerk, written):
    result = read([row(tree["deep_cell"].code, **{"Giới tính": written})], clerk)
    assert result.rows[0].values["sex"] == "F"


@pytest.mark.parametrize(
    ("written", "expected"),
    [("x", True), ("Có", True), ("1", True), (1, True), ("", False), ("không", False)],
)
def test_boolean_cells_accept_the_usual_marks(tree, clerk, written, expected):
    headers = [*HEADERS, "Đoàn viên"]
    result = read([row(tree["deep_cell"].code, **{"Đoàn viên": written})], clerk, headers=headers)
    assert result.can_commit and result.rows[0].values.get("youth_union", False) is expected


def test_an_unknown_choice_names_the_value(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Nghề nghiệp": "Phi hành gia"})], clerk)
    assert problems(result)[0][1] == "Nghề nghiệp" and "Phi hành gia" in problems(result)[0][2]


def test_excel_dates_and_text_dates_are_both_read(tree, clerk):
    rows = [
        row(tree["deep_cell"].code, number=1, **{"Ngày quyết định kết nạp": datetime.date(2023, 5, 19)}),
        row(tree["deep_cell"].code, number=2, **{"Ngày quyết định kết nạp": "5/6/2023"}),
    ]
    result = read(rows, clerk)
    assert [r.values["decision_date"] for r in result.rows] == [
        datetime.date(2023, 5, 19),
        datetime.date(2023, 6, 5),
    ]


def test_a_number_in_a_date_column_is_refused_with_a_hint(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Ngày sinh": 1990})], clerk)
    assert "không phải ngày" in problems(result)[0][2]


# ---------------------------------------------------------------------------------------------- national IDs


def test_national_ids_written_as_text_keep_their_leading_zeros(tree, clerk):
    commit([row(tree["deep_cell"].code, **{"Số CCCD": "001203004005"})], clerk)
    assert Member.objects.get().national_id == "001203004005"


def test_a_numeric_national_id_that_lost_its_leading_zeros_is_padded_with_a_warning(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Số CCCD": 1203004005})], clerk)
    assert result.can_commit and result.rows[0].values["national_id"] == "001203004005"
    assert "001203004005" in result.warnings[0].message


def test_a_national_id_typed_as_text_with_a_missing_digit_is_refused(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Số CCCD": "01203004005"})], clerk)
    assert problems(result)[0][1] == "Số CCCD" and "12 chữ số" in problems(result)[0][2]


def test_the_same_national_id_twice_in_the_file_names_the_first_row(tree, clerk):
    rows = [row(tree["deep_cell"].code, number=n, **{"Số CCCD": "001203004005"}) for n in (1, 2)]
    result = read(rows, clerk)
    assert problems(result) == [(3, "Số CCCD", "Số CCCD này trùng với dòng 2.")]


def test_a_national_id_already_recorded_is_an_error(tree, clerk):
    factories.member(tree["cell_b"], national_id="001203004005")
    result = read([row(tree["deep_cell"].code, **{"Số CCCD": "001203004005"})], clerk)
    assert problems(result) == [(2, "Số CCCD", "Số CCCD này đã có trong danh sách đảng viên mới.")]


def test_a_national_id_recorded_between_the_check_and_the_write_is_a_message_not_an_error(
    tree, clerk, monkeypatch
):
    # The same file committed twice, the second time as if someone had recorded the same people after the
    # service's check: the database's unique constraint refuses the write (COPY on PostgreSQL, INSERT on
    # SQLite), nothing more is written, and the clerk is told in Vietnamese.
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, 4)]
    assert commit(rows, clerk)[1] == 3
    monkeypatch.setattr(services.bulk_members, "_national_ids_recorded", lambda national_ids: set())
    result, created = commit(rows, clerk)
    assert created == 0
    assert problems(result) == [
        (0, "", "Dữ liệu vừa thay đổi trong lúc nhập (có thể trùng số CCCD). Hãy tải tệp lên lại.")
    ]
    assert Member.objects.count() == 3


def test_same_name_and_birth_date_in_the_file_or_the_database_is_a_warning_only(tree, clerk):
    born = datetime.date(1995, 1, 2)
    factories.member(tree["cell_b"], full_name="Nguyễn Văn Số 1", date_of_birth=born)
    rows = [
        row(tree["deep_cell"].code, number=1),
        row(tree["deep_cell"].code, number=2, **{"Họ và tên": "NGUYEN VAN SO 1", "Ngày sinh": born}),
    ]
    result = read(rows, clerk)
    assert result.can_commit
    messages = [(w.row, w.message) for w in result.warnings]
    assert (2, "Đã có đảng viên cùng họ tên và ngày sinh trong dữ liệu.") in messages
    assert (3, "Cùng họ tên và ngày sinh với dòng 2.") in messages


# ---------------------------------------------------------------------------------------------- text safety


@pytest.mark.parametrize("text", ["=1+1", "+84912345678", "-", "@x", '=HYPERLINK("http://x")'])
def test_a_formula_looking_cell_round_trips_as_text(tree, clerk, text):
    _result, created = commit([row(tree["deep_cell"].code, **{"Ghi chú": text})], clerk)
    assert created == 1 and Member.objects.get().notes == text


# ---------------------------------------------------------------------------------------------- cells and scope


def test_cells_are_matched_by_code_or_by_name_ignoring_diacritics(tree, clerk):
    rows = [row(tree["deep_cell"].code.lower(), number=1), row("chi bo b1", number=2)]
    result = read(rows, clerk)
    assert [r.values["cell"] for r in result.rows] == [tree["deep_cell"], tree["cell_b"]]


def test_a_cell_outside_the_users_subtree_is_an_error(tree, commune_clerk):
    result = read([row(tree["cell_b"].code)], commune_clerk)
    assert problems(result) == [
        (2, "Chi bộ", f"Không tìm thấy chi bộ “{tree['cell_b'].code}” trong các đơn vị bạn quản lý.")
    ]


def test_a_cell_name_shared_by_two_cells_asks_for_the_code(tree, clerk):
    twin = factories.unit(parent=tree["commune_b"], name="Chi bộ A1a")
    result = read([row("Chi bộ A1a")], clerk)
    assert "hãy ghi mã chi bộ" in problems(result)[0][2] and twin.code in problems(result)[0][2]


def test_a_unit_that_is_not_a_cell_is_refused(tree, clerk):
    result = read([row(tree["commune"].code)], clerk)
    assert problems(result)[0][1] == "Chi bộ"


# ---------------------------------------------------------------------------------------------- bad files


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


def test_missing_required_columns_are_named(tree, clerk):
    upload = workbook([["An", "Nam"]], headers=["Họ và tên", "Giới tính"])
    message = file_error(upload, clerk)
    assert message.startswith("Thiếu cột bắt buộc: Ngày sinh, Nghề nghiệp")
    assert "Chi bộ" in message


def test_a_sheet_with_no_recognisable_header_is_refused(clerk):
    upload = workbook([["1", "2"]], headers=["Cột A", "Cột B"])
    assert "Không tìm thấy dòng tiêu đề" in file_error(upload, clerk)


def test_the_same_column_twice_is_refused(tree, clerk):
    upload = workbook([], headers=[*HEADERS, "CCCD"])
    assert "cùng là Số CCCD" in file_error(upload, clerk)


# ---------------------------------------------------------------------------------------------- template


def test_the_template_has_the_headers_an_example_row_and_the_allowed_values(tree, clerk):
    output = io.BytesIO()
    imports.write_template(output, user=clerk)
    book = openpyxl.load_workbook(output)
    sheet, values = book.worksheets
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Họ và tên", "Giới tính", "Ngày sinh"] and "Số CCCD" in headers
    national_id = sheet.cell(2, headers.index("Số CCCD") + 1)
    assert national_id.value == "025198001234" and national_id.number_format == "@"
    birth_column = openpyxl.utils.get_column_letter(headers.index("Ngày sinh") + 1)
    assert sheet.column_dimensions[birth_column].number_format == "@"  # the empty rows below too
    listed = {cell.value for column in values.iter_cols() for cell in column}
    assert {"Nữ", "Viên chức giáo dục (giáo viên)", tree["deep_cell"].code, tree["deep_cell"].name} <= listed
    assert tree["commune"].code not in listed  # only cells


def test_the_template_uploaded_unchanged_imports_nothing(tree, clerk):
    output = io.BytesIO()
    imports.write_template(output, user=clerk)
    output.seek(0)
    result = imports.read_members(output, user=clerk)
    assert not result.can_commit
    assert [p.message for p in result.errors] == [str(imports.EXAMPLE_NOTE)]


def test_the_filled_in_template_example_imports_cleanly(tree, clerk):
    import openpyxl

    output = io.BytesIO()
    imports.write_template(output, user=clerk)
    output.seek(0)
    book = openpyxl.load_workbook(output)
    sheet = book.worksheets[0]
    notes = next(cell for cell in sheet[1] if cell.value == "Ghi chú")
    sheet.cell(row=2, column=notes.column).value = None  # the clerk overwrites the example
    edited = io.BytesIO()
    book.save(edited)
    edited.seek(0)
    result = imports.read_members(edited, user=clerk)
    assert result.can_commit, problems(result)
    assert result.rows[0].values["national_id"] == "025198001234"


def test_blank_optional_cells_take_the_models_defaults(tree, clerk):
    headers = [*HEADERS, "Dân tộc", "Tôn giáo", "Chuyên môn, nghiệp vụ", "Đoàn viên"]
    commit([row(tree["deep_cell"].code)], clerk, headers=headers)
    member = Member.objects.get()
    assert (member.ethnicity, member.religion, member.qualification, member.youth_union) == (
        "Kinh",
        "none",
        "none",
        False,
    )


def test_ethnicity_and_religion_are_matched_loosely(tree, clerk):
    headers = [*HEADERS, "Dân tộc", "Tôn giáo"]
    result = read(
        [row(tree["deep_cell"].code, **{"Dân tộc": "Ê-đê", "Tôn giáo": "cong giao"})], clerk, headers=headers
    )
    assert (result.rows[0].values["ethnicity"], result.rows[0].values["religion"]) == ("Ê Đê", "cong_giao")


def test_a_row_numbering_the_columns_under_the_header_is_skipped(tree, clerk):
    numbering = [f"({n})" for n in range(1, len(HEADERS) + 1)]
    result = read([numbering, row(tree["deep_cell"].code)], clerk)
    assert result.can_commit and [r.number for r in result.rows] == [3]


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
    assert result.can_commit and result.rows[0].values["full_name"] == "Nguyễn Văn Số 1"
