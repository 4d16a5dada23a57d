"""Bulk load of an allocation sheet from a workbook (DOMAIN.md 3: the province that receives its split as a
spreadsheet): the template lists the sheet's rows, the upload is read back into one cell per unit with the
errors of each row. Nothing is saved here: the preview posts the cells to the quota sheet, whose save is
all or nothing."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, BinaryIO

import openpyxl
import xlsxwriter
from django.utils.translation import gettext as _

from core.numbers import parse_positive_int

from ..text import clean_text, fold
from .reading import CORRUPT, HEADER_SEARCH_ROWS, check_workbook
from .results import ImportFileError

if TYPE_CHECKING:
    from ..models import Unit

MAX_TARGET = 1_000_000
GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")  # 1.238 or 1,238 typed as text


def target_header(year: int) -> str:
    return _("Chỉ tiêu năm %(year)s") % {"year": year}


def code_header() -> str:
    return _("Mã đơn vị")


@dataclasses.dataclass
class QuotaRow:
    number: int  # the row as Excel numbers it
    code: str
    name: str
    target: int | None
    unit: Unit | None = None
    errors: list[str] = dataclasses.field(default_factory=list)


def write_quota_template(output, *, unit: Unit, year: int, source_label: str, rows) -> None:
    """The sheet's rows (code, name, last year's quota, this year's as it stands) to fill in and upload."""
    workbook = xlsxwriter.Workbook(
        output, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = workbook.add_worksheet(_("Chỉ tiêu"))
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "border": 1, "bg_color": "#EEF1F4", "text_wrap": True})
    cell, count = (
        workbook.add_format({"border": 1}),
        workbook.add_format({"border": 1, "num_format": "#,##0"}),
    )
    editable = workbook.add_format(
        {"border": 1, "num_format": "#,##0", "bg_color": "#FFF8E1", "locked": False}
    )
    sheet.write_string(
        0,
        0,
        _("Phân bổ chỉ tiêu năm %(year)s – %(unit)s (%(source)s)")
        % {"year": year, "unit": unit.name, "source": source_label},
        bold,
    )
    sheet.write_string(1, 0, _("Chỉ nhập cột chỉ tiêu; để trống nếu không giao. Không sửa mã đơn vị."))
    headers = [
        code_header(),
        _("Tên đơn vị"),
        _("Chỉ tiêu năm %(year)s") % {"year": year - 1},
        target_header(year),
    ]
    for col, (title, width) in enumerate(zip(headers, (16, 48, 14, 14), strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(3, col, title, header)
    for i, row in enumerate(rows, start=4):
        sheet.write_string(i, 0, row.code, cell)
        sheet.write_string(i, 1, row.name, cell)
        for col, value, fmt in ((2, row.last_target, count), (3, row.target, editable)):
            if value is None:
                sheet.write_blank(i, col, None, fmt)
            else:
                sheet.write_number(i, col, value, fmt)
    sheet.freeze_panes(4, 0)
    workbook.close()


def _target(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = clean_text(value)
        if GROUPED.match(text):
            text = re.sub(r"[.,]", "", text)
        value = parse_positive_int(text)
        if value is None:
            raise ValueError
    if not isinstance(value, int) or not 1 <= value <= MAX_TARGET:
        raise ValueError
    return value


def read_quota_rows(upload: BinaryIO, *, year: int, rows) -> list[QuotaRow]:
    """The upload's rows, each matched by code to a unit of the sheet (`rows`), with its errors. Raises
    ImportFileError for a file that is not the template of this year's sheet."""
    check_workbook(upload)
    try:
        book = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(CORRUPT) from error
    try:
        found = _read(book.worksheets[0], year=year, rows=rows)
    finally:
        book.close()
        upload.seek(0)
    if not found:
        raise ImportFileError(_("Tệp không có dòng chỉ tiêu nào."))
    return found


def _read(sheet, *, year: int, rows) -> list[QuotaRow]:
    by_code = {fold(unit.code): unit for unit in rows}
    lines = sheet.iter_rows(values_only=True)
    wanted = (fold(code_header()), fold(target_header(year)))
    columns = None
    for header_number, values in enumerate(lines, start=1):
        folded = [fold(clean_text(str(v))) if v is not None else "" for v in values]
        if wanted[0] in folded and wanted[1] in folded:
            columns = folded.index(wanted[0]), folded.index(wanted[1])
            break
        if header_number >= HEADER_SEARCH_ROWS:
            break
    if columns is None:
        raise ImportFileError(
            _("Không thấy cột “%(code)s” và cột “%(target)s”: hãy dùng tệp mẫu của bảng chỉ tiêu năm này.")
            % {"code": code_header(), "target": target_header(year)}
        )
    found, seen = [], set()
    for number, values in enumerate(lines, start=header_number + 1):
        values = (*values, None, None)
        code, raw = clean_text(str(values[columns[0]] or "")), values[columns[1]]
        if not code and raw in (None, ""):
            continue
        row = QuotaRow(number, code, "", None, by_code.get(fold(code)))
        try:
            row.target = _target(raw)
        except ValueError:
            row.errors.append(
                _("Chỉ tiêu “%(value)s” không hợp lệ: nhập số nguyên dương hoặc để trống.") % {"value": raw}
            )
        if row.unit is None:
            row.errors.append(
                _("Mã “%(code)s” không phải một đơn vị của bảng chỉ tiêu này.") % {"code": code}
            )
        elif row.unit.pk in seen:
            row.errors.append(_("Đơn vị có mã “%(code)s” xuất hiện nhiều lần.") % {"code": code})
        else:
            seen.add(row.unit.pk)
            row.name = row.unit.name
        found.append(row)
    return found
