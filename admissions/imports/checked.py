"""The checked file back: the user's own workbook, as uploaded, with a column "Lỗi" added to the members'
sheet saying what is wrong with each row (in the user's language), the faulty cells filled red with the
message as a cell comment (warnings yellow), and the rows that were skipped as not members noted. The same
sheets, rows and layout: the workbook is loaded and saved by openpyxl (its formulas, merged cells, formats
and other sheets kept; pictures and charts, which openpyxl cannot keep, are dropped)."""

import logging
from typing import BinaryIO

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from .reading import CORRUPT
from .results import ImportFileError, ImportResult, Problem

logger = logging.getLogger(__name__)

ERROR_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
WARNING_FILL = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
SKIPPED_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
AUTHOR = "PTĐV"


def _line(problem: Problem, warning: bool) -> str:
    text = f"{problem.column}: {problem.message}" if problem.column else problem.message
    return _("Cảnh báo – %(text)s") % {"text": text} if warning else text


def _mark(cell, problems: list[str], fill: PatternFill) -> None:
    cell.fill = fill
    cell.comment = Comment("\n".join(problems), AUTHOR, width=320, height=40 + 30 * len(problems))


SKIPPED = _("Bỏ qua: không phải đảng viên (dòng tổng cộng, phần ký tên, ghi chú).")


def write_checked(upload: BinaryIO, result: ImportResult, output, *, skipped_note=SKIPPED) -> None:
    """Write to `output` the workbook `upload` with the problems of `result` (read from that workbook by
    read_members, or another import's reading) on the sheet it read, each skipped row said so with
    `skipped_note`. Raises ImportFileError for a workbook that cannot be loaded."""
    upload.seek(0)
    try:
        workbook = openpyxl.load_workbook(upload)
    except Exception as error:  # read already in read-only mode; a full load may still fail on odd files
        logger.info("Import file could not be loaded to mark its errors: %r", error)
        raise ImportFileError(CORRUPT) from error
    sheet = workbook[result.sheet] if result.sheet in workbook.sheetnames else workbook.worksheets[0]
    header = result.header
    top = header.first_row if header else 1
    target = sheet.max_column + 1
    title = sheet.cell(row=top, column=target, value=_("Lỗi"))
    title.font = Font(bold=True, color="B3261E")
    if header and header.last_row > header.first_row:
        sheet.merge_cells(start_row=top, start_column=target, end_row=header.last_row, end_column=target)
    sheet.column_dimensions[title.column_letter].width = 60
    # Each import column's header -> its column in the file (1-based), to mark the cell a problem is about.
    columns = {
        str(item.column.header): item.index + 1 for item in (header.columns if header else []) if item.column
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in result.rows:
        if not (row.errors or row.warnings):
            continue
        lines, by_cell = [], {}
        for problems, warning in ((row.errors, False), (row.warnings, True)):
            for problem in problems:
                lines.append(_line(problem, warning))
                if problem.column in columns:
                    index = columns[problem.column]
                    by_cell.setdefault(index, ([], warning))[0].append(problem.message)
        for index, (messages, warning) in by_cell.items():
            _mark(sheet.cell(row=row.number, column=index), messages, WARNING_FILL if warning else ERROR_FILL)
        cell = sheet.cell(row=row.number, column=target, value="\n".join(lines))
        cell.alignment = wrap
        cell.fill = ERROR_FILL if row.errors else WARNING_FILL
    for skipped in result.skipped:
        cell = sheet.cell(
            row=skipped.number,
            column=target,
            value=str(skipped_note),
        )
        cell.fill = SKIPPED_FILL
    workbook.save(output)
