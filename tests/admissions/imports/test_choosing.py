"""Reading a file as the user chose on its preview: a sheet by name, a column's field by its index; the
sheets that look like lists; the cell by its name and code; a masked national ID is never a value."""

import io

import openpyxl

from admissions import imports
from admissions.imports.reading import sheet_choices
from tests.admissions.imports.helpers import read
from tests.admissions.xlsx_helpers import HEADERS, row, workbook


def test_a_mapping_takes_a_column_as_the_field_chosen_and_can_ignore_one(tree, clerk):
    headers = ["Tên gọi" if header == "Họ và tên" else header for header in HEADERS]
    values = row(tree["deep_cell"].code)
    upload = workbook([[values[header] for header in HEADERS]], headers=headers)
    assert "Thiếu cột bắt buộc: Họ và tên" in imports.read_members(upload, user=clerk).mapping_error
    notes = HEADERS.index("Ghi chú")
    result = imports.read_members(
        upload, user=clerk, reading=imports.Reading(mapping={0: "full_name", notes: ""})
    )
    assert result.can_commit
    assert result.rows[0].values["full_name"] == values["Họ và tên"]
    assert "Ghi chú" in result.ignored_headers


def test_only_the_sheets_that_look_like_lists_are_offered(tree):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append([row("X")[header] for header in HEADERS])
    other = book.create_sheet("Năm trước")
    other.append(["DANH SÁCH"])
    other.append(HEADERS)
    other.append([])
    other.append([row("X", number=2)[header] for header in HEADERS])
    other.append([row("X", number=3)[header] for header in HEADERS])
    book.create_sheet("Ghi chú").append(["Người lập: Trần Thị Lập", "Họ và tên"])
    output = io.BytesIO()
    book.save(output)
    choices = sheet_choices(output, "Sheet")
    assert [(c.name, c.first_row, c.last_row, c.rows, c.chosen) for c in choices] == [
        ("Sheet", 1, 1, 1, True),
        ("Năm trước", 2, 2, 2, False),
    ]


def test_a_cell_written_by_its_name_and_code_is_that_cell_and_a_changed_name_wins(tree, clerk):
    code = tree["deep_cell"].code
    rows = [
        row(code, number=1, **{"Chi bộ": f"Chi bộ A1a ({code})"}),
        row(code, number=2, **{"Chi bộ": f"Chi bộ B1 ({code})"}),
    ]
    result = read(rows, clerk)
    assert [r.values["cell"] for r in result.rows] == [tree["deep_cell"], tree["cell_b"]]


def test_a_masked_national_id_is_never_read_as_a_value(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Số CCCD": "********0001"})], clerk)
    [member_row] = result.rows
    assert "national_id" not in member_row.values
    assert member_row.masked_national_id == "0001"
    assert [p.column for p in member_row.errors] == ["Số CCCD"]
