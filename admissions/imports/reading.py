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
from openpyxl.utils import get_column_letter

from ..text import clean_text
from .columns import MEMBERS, Column, Schema, header_key
from .results import ImportFileError

logger = logging.getLogger(__name__)

# Clerks' lists put a title block of a few rows above a header of one or two rows.
HEADER_SEARCH_ROWS = 20
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


@dataclasses.dataclass
class Reading:
    """How the user asked the file to be read on its preview: the sheet by its name ("" for the one that
    looks most like the members' list) and, per column of the header (its index), the field it is taken as
    ("" ignores it); the other columns are understood by their headers."""

    sheet: str = ""
    mapping: dict[int, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class SheetChoice:
    """A sheet that looks like a members' list, for the preview's choice of sheet."""

    name: str
    first_row: int  # its header rows as found
    last_row: int
    rows: int  # filled rows under the header
    chosen: bool = False


# A sheet whose header names fewer known columns than this is not a list of members (a notes sheet).
MIN_DATA_COLUMNS = 3


def _open_workbook(upload: BinaryIO):
    _sniff(upload)
    try:
        return openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file; all mean the same to a clerk
        logger.info("Unreadable import file: %r", error)
        raise ImportFileError(CORRUPT) from error


def _worksheets(workbook) -> Iterator:
    for sheet in workbook.worksheets:
        if hasattr(sheet, "reset_dimensions"):  # not a chart sheet
            sheet.reset_dimensions()  # some writers store a wrong size; read what is really there
            yield sheet


def _rows_of(upload: BinaryIO, lookup: dict[str, Column], wanted: str, found: dict) -> Generator[SheetRow]:
    """(row number, cell values) of the sheet named `wanted`, or else of the sheet whose first rows name the
    most known columns (the first sheet with anything in it if none does), read in read-only mode. Before
    the first row, `found` gets the sheet's name ("sheet") and how many sheets look like members' lists
    ("data_sheets")."""
    workbook = _open_workbook(upload)
    try:
        best, best_score, data_sheets = None, -1, 0
        for sheet in _worksheets(workbook):
            head = list(itertools.islice(sheet.iter_rows(values_only=True), HEADER_SEARCH_ROWS))
            if not any(filled(values) for values in head) and sheet.title != wanted:
                continue
            score = _best_score(list(enumerate(head, start=1)), lookup)
            data_sheets += score >= MIN_DATA_COLUMNS
            if (sheet.title == wanted) if wanted else score > best_score:
                best, best_score = sheet, score
        found.update(sheet=best.title if best is not None else "", data_sheets=data_sheets)
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
    if wanted:
        raise ImportFileError(
            _("Tệp không có trang tính “%(sheet)s”. Hãy chọn một trang trong danh sách.") % {"sheet": wanted}
        )
    raise ImportFileError(_("Bảng tính không có dữ liệu (trang tính trống)."))


def sheet_choices(upload: BinaryIO, chosen: str, schema: Schema = MEMBERS) -> list[SheetChoice]:
    """The sheets that look like members' lists (their header names at least MIN_DATA_COLUMNS known
    columns), each with its header rows and its number of filled rows; `chosen` is the one being read.
    Reads every such sheet to the end: called only when the file has more than one."""
    lookup = schema.header_lookup()
    workbook = _open_workbook(upload)
    choices = []
    try:
        for sheet in _worksheets(workbook):
            rows = sheet.iter_rows(values_only=True)
            head = list(enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS), start=1))
            found = max(_header_blocks(head, lookup), key=lambda block: block[0], default=None)
            if found is None or found[0] < MIN_DATA_COLUMNS:
                continue
            _score, first, last, _cells = found
            count = sum(1 for number, values in head if number > last and _counted(values))
            count += sum(1 for values in rows if _counted(values))
            choices.append(SheetChoice(sheet.title, first, last, count, sheet.title == chosen))
    except Exception as error:
        logger.info("Import file failed while listing its sheets: %r", error)
        raise ImportFileError(CORRUPT) from error
    finally:
        workbook.close()
        upload.seek(0)
    return choices


def _counted(values: tuple) -> bool:
    return filled(values) and not numbers_the_columns(values)


def _best_score(head: list[SheetRow], lookup: dict[str, Column]) -> int:
    """How many known columns the best header block among the first rows names."""
    return max((score for score, _first, _last, _cells in _header_blocks(head, lookup)), default=0)


def filled(values: tuple) -> bool:
    """Whether a row has anything written in it (a cell of spaces is empty)."""
    return any(value is not None and str(value).strip() for value in values)


_COLUMN_NUMBER = re.compile(r"^[(\[]?\d{1,2}[)\]]?$")


def numbers_the_columns(values: tuple) -> bool:
    """Official forms put a row "(1) (2) (3) …" under the headers; it is not a member."""
    filled = [str(value).strip() for value in values if value is not None and str(value).strip()]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(text) for text in filled)


def _two_level(upper: tuple, lower: tuple) -> tuple:
    """The headers of a two-row header block, one per column: the lower cell names the column, the upper
    one gives its context. A merged upper cell holds its text in its first column only, so a filled upper
    text runs on to the right over the columns whose upper cell is empty but whose lower one is not; a
    merged cell spanning both rows holds its text in the upper row."""
    headers, context = [], None
    for index in range(max(len(upper), len(lower))):
        top = upper[index] if index < len(upper) else None
        bottom = lower[index] if index < len(lower) else None
        top = clean_text(str(top)) if top is not None and str(top).strip() else None
        bottom = clean_text(str(bottom)) if bottom is not None and str(bottom).strip() else None
        if top is not None:
            context = top
        elif bottom is None:
            context = None  # an empty column ends the merged cell
        headers.append(_HeaderCell(bottom or top, context if bottom else None))
    return tuple(headers)


# Rows under a clerk's table that are not members, matched folded (header_key). A totals or subtotal row is
# skipped on its own (members may follow a subtotal); the signature block, the place-and-date line and
# trailing notes end the document: every row after them is skipped too.
_TOTALS = re.compile(r"^(tong cong|tong so|tong|cong|cong chi bo|cong dang bo)( .*)?$")
_END_OF_DOCUMENT = re.compile(
    r"^(nguoi lap( bieu| bang| danh sach)?|t m|tm|thay mat|bi thu|pho bi thu|xac nhan|ky ten|ky ghi ro"
    r"|truong ban|ghi chu|luu y|chu thich|noi nhan)\b"
    r"|\bngay( [0-9]{1,2})? thang( [0-9]{1,2})? nam\b"
)


@dataclasses.dataclass(frozen=True)
class SkippedRow:
    """A row under the header that is not a member (a totals row, the signature block...), shown as such."""

    number: int
    text: str


def _marker(values: tuple, by_index: dict[int, Column]) -> str | None:
    """ "totals" or "end" when the row is one of those, else None. A row with a name and a date of birth is a
    member whatever else it holds (a member's notes may well say "Bí thư chi đoàn")."""
    by_field = {column.field: values[index] for index, column in by_index.items() if index < len(values)}
    if all(by_field.get(field) not in (None, "") for field in ("full_name", "date_of_birth")):
        return None
    for value in values:
        if value is None or not str(value).strip():
            continue
        key = header_key(value)
        if _END_OF_DOCUMENT.search(key):
            return "end"
        if _TOTALS.match(key):
            return "totals"
    return None


def _summary(values: tuple) -> str:
    text = " ".join(clean_text(str(value)) for value in values if value is not None and str(value).strip())
    return text if len(text) <= 60 else text[:59] + "…"


@dataclasses.dataclass(frozen=True)
class _HeaderCell:
    """One column's header as written: its own text and, in a two-row block, the text above it."""

    text: str | None
    context: str | None = None

    def names(self) -> list[str]:
        """What the column may be called, most specific first: "Số" under "Quyết định kết nạp" is first
        looked up as "Số", then as "Số Quyết định kết nạp"."""
        if self.text is None:
            return []
        if self.context is None:
            return [self.text]
        return [self.text, f"{self.text} {self.context}", f"{self.context} {self.text}"]

    @property
    def shown(self) -> str:
        return f"{self.context} › {self.text}" if self.context else (self.text or "")


def _header_cells(values: tuple) -> tuple:
    return tuple(
        _HeaderCell(clean_text(str(v)) if v is not None and str(v).strip() else None) for v in values
    )


def _understood(cell: _HeaderCell, lookup: dict[str, Column]) -> Column | None:
    return next((lookup[header_key(name)] for name in cell.names() if header_key(name) in lookup), None)


def _header_blocks(head: list[SheetRow], lookup: dict[str, Column]) -> Iterator[tuple[int, int, int, tuple]]:
    """(known columns named, first row, last row, header cells) of every one-row block among the first
    rows, and of every two-row block whose lower row names more than either row does on its own (so a title
    row above a one-row header never makes a block with it)."""

    def score(cells: tuple) -> int:
        return sum(1 for cell in cells if _understood(cell, lookup))

    singles = [(number, _header_cells(values)) for number, values in head]
    for position, (number, cells) in enumerate(singles):
        alone = score(cells)
        yield alone, number, number, cells
        if position + 1 < len(head):
            lower_number, lower = head[position + 1]
            if filled(lower) and not numbers_the_columns(lower):
                both = _two_level(head[position][1], lower)
                together = score(both)
                if together > max(alone, score(singles[position + 1][1])):
                    yield together, number, lower_number, both


@dataclasses.dataclass(frozen=True)
class HeaderColumn:
    """How one column of the file was understood, for the preview: its letter, its header as written and
    the import's column it was taken as (None: ignored)."""

    index: int
    letter: str
    written: str
    column: Column | None


class MappingError(ImportFileError):
    """The header was found but its columns cannot be read as they are understood (a required column
    missing, two columns taken as the same field): the preview asks the user to say what each column is.
    `header` holds the header rows and how each column is understood so far."""

    def __init__(self, message, header: "HeaderBlock"):
        super().__init__(message)
        self.header = header


def _mapped(
    mapping: dict[int, str], indexes: set[int], block: "HeaderBlock", schema: Schema
) -> dict[int, Column | None]:
    """The user's choices of the preview, checked: a column of the header, a field of the import."""
    chosen: dict[int, Column | None] = {}
    for index, field in mapping.items():
        if index not in indexes or (field and field not in schema.by_field):
            raise MappingError(
                _("Lựa chọn cột không hợp lệ. Hãy chọn lại trong danh sách của từng cột."), block
            )
        chosen[index] = schema.by_field[field] if field else None
    return chosen


def _find_header(
    head: list[SheetRow],
    lookup: dict[str, Column],
    mapping: dict[int, str] | None = None,
    schema: Schema = MEMBERS,
) -> "HeaderBlock":
    """The one- or two-row block among the first rows that names the most known columns (a two-row block
    only when its lower row adds to what the upper row names on its own), each column understood by its
    header or as `mapping` says (the user's choice on the preview: index -> field, "" for none)."""
    best: tuple[int, int, tuple] | None = None
    best_score = 0
    for score, first, last, cells in _header_blocks(head, lookup):
        if score > best_score:
            best, best_score = (first, last, cells), score
    if best is None:
        raise ImportFileError(
            _(
                "Không tìm thấy dòng tiêu đề. Dòng tiêu đề phải ghi tên các cột như trong tệp mẫu (Họ và tên, Giới tính, Ngày sinh…)."
            )
        )
    first, last, cells = best
    block = HeaderBlock(first, last, [])
    written = {index: cell for index, cell in enumerate(cells) if cell.text is not None}
    chosen = _mapped(mapping or {}, set(written), block, schema)
    for index, cell in written.items():
        column = chosen[index] if index in chosen else _understood(cell, lookup)
        block.columns.append(HeaderColumn(index, get_column_letter(index + 1), cell.shown, column))
    seen: dict[str, str] = {}
    for item in block.columns:
        if item.column is not None and item.column.field in seen:
            raise MappingError(
                _("Cột “%(first)s” và cột “%(second)s” cùng là %(header)s. Hãy chọn “không dùng” cho một cột. %(where)s")
                % {
                    "first": seen[item.column.field],
                    "second": f"{item.letter}: {item.written}",
                    "header": item.column.header,
                    "where": block.where,
                },
                block,
            )  # fmt: skip
        if item.column is not None:
            seen[item.column.field] = f"{item.letter}: {item.written}"
    missing = [column.header for column in schema.columns if column.required and column.field not in seen]
    if missing:
        raise MappingError(
            _("Thiếu cột bắt buộc: %(columns)s. %(where)s")
            % {"columns": ", ".join(missing), "where": block.where},
            block,
        )
    return block


@dataclasses.dataclass
class HeaderBlock:
    """The header rows found: their numbers as Excel shows them and how each column was understood."""

    first_row: int
    last_row: int
    columns: list[HeaderColumn]

    @property
    def where(self) -> str:
        """Which rows were taken as the header, said to the clerk."""
        if self.first_row == self.last_row:
            return str(_("(Dòng tiêu đề đã đọc: dòng %(row)s.)") % {"row": self.first_row})
        return str(
            _("(Dòng tiêu đề đã đọc: dòng %(first)s–%(last)s.)")
            % {"first": self.first_row, "last": self.last_row}
        )

    @property
    def by_index(self) -> dict[int, Column]:
        return {item.index: item.column for item in self.columns if item.column is not None}

    @property
    def ignored_headers(self) -> list[str]:
        return [item.written for item in self.columns if item.column is None]


@dataclasses.dataclass
class Sheet:
    """The sheet holding the members, opened: its header row found, the rows under it still to be read."""

    header: HeaderBlock  # the header rows and how each column was understood
    _head: list[SheetRow]  # the first rows, already read to find the header
    _rest: Generator[SheetRow]
    name: str = ""  # the sheet's name in the workbook
    data_sheets: int = 1  # how many sheets of the workbook look like members' lists

    @property
    def header_row(self) -> int:
        """The last header row (its number as Excel shows it): the data start under it."""
        return self.header.last_row

    @property
    def by_index(self) -> dict[int, Column]:
        """The known columns, by their index in a row."""
        return self.header.by_index

    @property
    def ignored_headers(self) -> list[str]:
        """The headers that name no column (shown to the clerk, not an error)."""
        return self.header.ignored_headers

    def data_rows(self) -> Iterator[SheetRow]:
        """Every row under the header row, blank ones included, read as they are iterated."""
        for number, values in itertools.chain(self._head, self._rest):
            if number > self.header_row:
                yield number, values

    def member_rows(self, skipped: list[SkippedRow]) -> Iterator[SheetRow]:
        """The rows under the header that may be members: blank rows and the column-number row left out,
        totals rows, the signature block and whatever follows it added to `skipped` instead."""
        ended = False
        for number, values in self.data_rows():
            if not filled(values) or numbers_the_columns(values):
                continue
            marker = None if ended else _marker(values, self.by_index)
            ended = ended or marker == "end"
            if ended or marker:
                skipped.append(SkippedRow(number, _summary(values)))
                continue
            yield number, values

    def close(self) -> None:
        """Close the workbook before the last row has been read."""
        self._rest.close()


def open_sheet(upload: BinaryIO, reading: Reading | None = None, schema: Schema = MEMBERS) -> Sheet:
    """The sheet of an uploaded workbook that holds `schema`'s rows (the members' by default), with its
    header row, read as `reading` says (by default as detected). Raises ImportFileError (MappingError when
    the columns need the user's choice)."""
    reading = reading or Reading()
    lookup = schema.header_lookup()
    found: dict = {}
    rows = _rows_of(upload, lookup, reading.sheet, found)
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    try:
        header = _find_header(head, lookup, reading.mapping, schema)
    except ImportFileError as error:
        rows.close()
        error.sheet, error.data_sheets = found.get("sheet", ""), found.get("data_sheets", 0)
        raise
    return Sheet(header, head, rows, found["sheet"], found["data_sheets"])
