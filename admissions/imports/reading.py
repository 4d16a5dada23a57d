"""Opening a clerk's workbook: sniffing what the file really is (.xlsx, old .xls, password-protected, not a
spreadsheet, zip bomb), choosing the sheet that holds the members and finding its header row.

The workbook is read with openpyxl in read-only mode, row by row, so a large file is never held whole."""

import dataclasses
import itertools
import logging
import re
import zipfile
from collections.abc import Generator, Iterator
from typing import BinaryIO

import openpyxl
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..text import clean_text
from .columns import COLUMNS, Column, header_key, header_lookup
from .results import ImportFileError

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 10
# An .xlsx is a zip; one whose content unpacks to more than this many times its size is refused (zip bomb).
MAX_UNPACK_RATIO = 100

CORRUPT = _("Tệp bị hỏng, không đọc được. Hãy mở bằng Excel, lưu lại rồi tải lên lại.")

# A row of the sheet: its number as Excel shows it (from 1) and its cell values.
SheetRow = tuple[int, tuple]


def _sniff(upload: BinaryIO) -> None:
    """Refuse what is not an .xlsx before openpyxl sees it, with a message that says what the file is."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # An OLE container: either an encrypted (password-protected) .xlsx or an old .xls workbook.
        content = upload.read()
        upload.seek(0)
        if "EncryptionInfo".encode("utf-16-le") in content:
            raise ImportFileError(
                _(
                    "Tệp được đặt mật khẩu. Mở tệp bằng Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi tải lên lại."
                )
            )
        raise ImportFileError(
            _(
                "Tệp là bảng tính Excel 97–2003 (.xls). Mở bằng Excel, chọn Lưu thành > Sổ làm việc Excel (.xlsx) rồi tải lên lại."
            )
        )
    if not head.startswith(b"PK"):
        raise ImportFileError(
            _(
                "Tệp không phải bảng tính Excel (.xlsx). Nếu là tệp CSV hoặc văn bản, hãy mở bằng Excel và lưu lại dạng .xlsx."
            )
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(CORRUPT) from error
    finally:
        upload.seek(0)
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            _(
                "Tệp không phải bảng tính Excel (.xlsx) (có thể là tệp Word hoặc tệp nén). Hãy tải lên tệp .xlsx theo mẫu."
            )
        )
    if unpacked > MAX_UNPACK_RATIO * max(settings.IMPORT_MAX_BYTES, 1):
        raise ImportFileError(_("Tệp quá lớn để đọc."))


def check_workbook(upload: BinaryIO) -> None:
    """Refuse what is not a readable .xlsx (raises ImportFileError with a message saying what it is): for
    other workbooks the app reads, such as the quota sheet's."""
    _sniff(upload)


def _rows_of(upload: BinaryIO, lookup: dict[str, Column]) -> Generator[SheetRow]:
    """(row number, cell values) of the sheet whose first rows name the most known columns (the first sheet
    with anything in it if none does), read in read-only mode."""
    _sniff(upload)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file; all mean the same to a clerk
        logger.info("Unreadable import file: %r", error)
        raise ImportFileError(CORRUPT) from error
    try:
        best, best_score = None, -1
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "reset_dimensions"):  # a chart sheet
                continue
            sheet.reset_dimensions()  # some writers store a wrong size; read what is really there
            head = list(itertools.islice(sheet.iter_rows(values_only=True), HEADER_SEARCH_ROWS))
            if any(filled(values) for values in head):
                score = max(_header_matches(values, lookup) for values in head)
                if score > best_score:
                    best, best_score = sheet, score
        if best is not None:
            yield from enumerate(best.iter_rows(values_only=True), start=1)
            return
    except ImportFileError:
        raise
    except Exception as error:
        logger.info("Import file failed while reading: %r", error)
        raise ImportFileError(CORRUPT) from error
    finally:
        workbook.close()
    raise ImportFileError(_("Bảng tính không có dữ liệu (trang tính trống)."))


def _header_matches(values: tuple, lookup: dict[str, Column]) -> int:
    return sum(1 for value in values if value is not None and header_key(value) in lookup)


def filled(values: tuple) -> bool:
    """Whether a row has anything written in it (a cell of spaces is empty)."""
    return any(value is not None and str(value).strip() for value in values)


_COLUMN_NUMBER = re.compile(r"^[(\[]?\d{1,2}[)\]]?$")


def numbers_the_columns(values: tuple) -> bool:
    """Official forms put a row "(1) (2) (3) …" under the headers; it is not a member."""
    filled = [str(value).strip() for value in values if value is not None and str(value).strip()]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(text) for text in filled)


def _find_header(head: list[SheetRow], lookup: dict[str, Column]) -> tuple[int, dict[int, Column], list[str]]:
    """The row among the first few that names the most known columns: its number, columns by index, others."""
    best = (0, 0)
    for number, values in head:
        matches = _header_matches(values, lookup)
        if matches > best[1]:
            best = (number, matches)
    if not best[1]:
        raise ImportFileError(
            _(
                "Không tìm thấy dòng tiêu đề. Dòng tiêu đề phải ghi tên các cột như trong tệp mẫu (Họ và tên, Giới tính, Ngày sinh…)."
            )
        )
    number, values = next(item for item in head if item[0] == best[0])
    by_index: dict[int, Column] = {}
    ignored: list[str] = []
    seen: dict[str, str] = {}
    for index, value in enumerate(values):
        if value is None or not str(value).strip():
            continue
        column = lookup.get(header_key(value))
        if column is None:
            ignored.append(clean_text(str(value)))
        elif column.field in seen:
            raise ImportFileError(
                _("Cột “%(first)s” và cột “%(second)s” cùng là %(header)s. Hãy xóa bớt một cột.")
                % {"first": seen[column.field], "second": clean_text(str(value)), "header": column.header}
            )
        else:
            seen[column.field] = clean_text(str(value))
            by_index[index] = column
    missing = [column.header for column in COLUMNS if column.required and column.field not in seen]
    if missing:
        raise ImportFileError(_("Thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)})
    return number, by_index, ignored


@dataclasses.dataclass
class Sheet:
    """The sheet holding the members, opened: its header row found, the rows under it still to be read."""

    header_row: int  # its number as Excel shows it
    by_index: dict[int, Column]  # the known columns, by their index in a row
    ignored_headers: list[str]  # the headers that name no column (shown to the clerk, not an error)
    _head: list[SheetRow]  # the first rows, already read to find the header
    _rest: Generator[SheetRow]

    def data_rows(self) -> Iterator[SheetRow]:
        """Every row under the header row, blank ones included, read as they are iterated."""
        for number, values in itertools.chain(self._head, self._rest):
            if number > self.header_row:
                yield number, values

    def close(self) -> None:
        """Close the workbook before the last row has been read."""
        self._rest.close()


def open_sheet(upload: BinaryIO) -> Sheet:
    """The members' sheet of an uploaded workbook, with its header row. Raises ImportFileError."""
    lookup = header_lookup()
    rows = _rows_of(upload, lookup)
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    header_row, by_index, ignored = _find_header(head, lookup)
    return Sheet(header_row, by_index, ignored, head, rows)
