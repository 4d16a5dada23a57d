"""The downloadable template: its headers, the allowed values, an example row never imported."""

import io

import openpyxl

from admissions import imports
from tests.admissions.imports.helpers import problems


def test_the_template_has_the_headers_an_example_row_and_the_allowed_values(tree, clerk):
    output = io.BytesIO()
    imports.write_template(output, user=clerk)
    book = openpyxl.load_workbook(output)
    sheet, values = book.worksheets
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert "Số CCCD" in headers
    national_id = sheet.cell(2, headers.index("Số CCCD") + 1)
    assert national_id.value == "025198001234"
    assert national_id.number_format == "@"
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
