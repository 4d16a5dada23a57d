"""The streaming .xlsx writer of core/: typed columns, rows as they come, reopened with openpyxl."""

import datetime
import io

import openpyxl
import pytest

from core import xlsx


def sheet_of(columns, rows, sheet_name="Danh sách"):
    output = io.BytesIO()
    xlsx.write(output, columns, rows, sheet_name=sheet_name)
    output.seek(0)
    workbook = openpyxl.load_workbook(output)
    return workbook, workbook.worksheets[0]


def test_each_kind_of_column_is_written_as_its_type():
    columns = [
        xlsx.Column("Tên"),
        xlsx.Column("Ngày", 12, xlsx.DATE),
        xlsx.Column("Có", 6, xlsx.BOOL),
        xlsx.Column("Mã", 15, xlsx.IDENTIFIER),
        xlsx.Column("Loại", 10, xlsx.TEXT, labels={"a": "Loại A"}),
    ]
    rows = [("An", datetime.date(2023, 5, 19), True, "001", "a"), ("Bình", None, False, None, "z")]
    workbook, sheet = sheet_of(columns, iter(rows))
    assert workbook.sheetnames == ["Danh sách"]
    assert [cell.value for cell in sheet[1]] == ["Tên", "Ngày", "Có", "Mã", "Loại"]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet["B2"].value == datetime.datetime.combine(
        datetime.date(2023, 5, 19), datetime.time()
    )  # a date, no time of day
    assert sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["C2"].value == "x"
    assert sheet["D2"].value == "001"
    assert sheet["D2"].number_format == "@"
    assert sheet["E2"].value == "Loại A"
    assert sheet["E3"].value == "z"
    assert [cell.value for cell in sheet[3]][1:4] == [None, None, None]  # empty values leave the cell out
    assert sheet.column_dimensions["A"].width == pytest.approx(16.71)


def test_text_is_escaped_never_a_formula_and_control_characters_are_dropped():
    _, sheet = sheet_of([xlsx.Column("Ghi chú")], [("=1+1 <b>&amp;\x01",)], sheet_name="A & <B>")
    assert sheet.title == "A & <B>"
    assert sheet["A2"].value == "=1+1 <b>&amp;"
    assert sheet["A2"].data_type == "s"


def test_rows_past_a_chunk_and_columns_past_z_are_all_written():
    columns = [xlsx.Column(f"C{n}") for n in range(28)]
    rows = ([f"{row}-{n}" for n in range(28)] for row in range(xlsx.CHUNK_SIZE + 5))
    _, sheet = sheet_of(columns, rows)
    assert sheet.max_row == xlsx.CHUNK_SIZE + 6
    assert sheet["AB1"].value == "C27"
    assert sheet[f"AB{xlsx.CHUNK_SIZE + 6}"].value == f"{xlsx.CHUNK_SIZE + 4}-27"


def test_no_rows_give_the_header_only():
    _, sheet = sheet_of([xlsx.Column("Tên")], [])
    assert sheet.max_row == 1
    assert sheet["A1"].value == "Tên"


def test_an_unknown_kind_of_column_is_refused():
    with pytest.raises(ValueError, match="unknown column kind"):
        xlsx.write(io.BytesIO(), [xlsx.Column("Số", kind="number")], [], sheet_name="x")
