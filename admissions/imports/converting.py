"""Spreadsheet import of admitted members: parse -> validate -> preview -> commit.

A clerk's workbook (.xlsx) is read with openpyxl in read-only mode. Its columns are matched by header name,
diacritics, case and punctuation ignored, with the aliases clerks actually write ("Họ tên", "CCCD", "Ngày QĐ").
Each cell is converted to the field's value; each row then passes the same validation as a record typed in
by hand (services.members_build: Member.full_clean() and derive()), and every problem is reported in
Vietnamese with the row number Excel shows, the column header and what is wrong. Nothing is written until
the user confirms a file with no error; then all rows go in one transaction (services.members_bulk_create).

National IDs: a text cell is taken as written (so an 11-digit text is refused: a digit is missing). A
numeric cell of 10 or 11 digits is padded with zeros to 12 and the row carries a warning: every CCCD starts
with a 0 and a province code 001–096, so such a number is exactly a CCCD whose leading zeros Excel dropped.
"""

import dataclasses
import datetime
import itertools
import logging
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable

import openpyxl
import xlsxwriter
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import services
from ..choices import CELL_LEVELS
from ..models import Member
from ..selectors import units_visible_to
from ..text import clean_text, fold

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 10
# An .xlsx is a zip; one whose content unpacks to more than this many times its size is refused (zip bomb).
MAX_UNPACK_RATIO = 100


class ImportFileError(Exception):
    """The file as a whole cannot be read as a members' list; the message says why, in Vietnamese."""


CORRUPT = _("Tệp bị hỏng, không đọc được. Hãy mở bằng Excel, lưu lại rồi tải lên lại.")


@dataclasses.dataclass(frozen=True)
class Column:
    field: str
    kind: str  # text, choice, bool, date, national_id, cell
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return str(capfirst(Member._meta.get_field(self.field).verbose_name))


# The columns of the template, in its order. Headers are the model fields' names; aliases are matched folded.
COLUMNS = (
    Column("full_name", "text", True, ("họ tên", "họ và tên đảng viên", "tên đảng viên", "ho va ten")),
    Column("sex", "choice", True, ("phái", "nam nữ", "giới")),
    Column("date_of_birth", "date", True, ("sinh ngày", "ngày tháng năm sinh", "ngày, tháng, năm sinh")),
    Column("ethnicity", "choice", False, ()),
    Column("religion", "choice", False, ()),
    Column("home_town", "text", False, ("nguyên quán", "quê")),
    Column(
        "national_id",
        "national_id",
        False,
        (
            "cccd",
            "số căn cước",
            "căn cước",
            "số căn cước công dân",
            "căn cước công dân",
            "số định danh",
            "số định danh cá nhân",
            "cmnd cccd",
            "số cmnd cccd",
        ),
    ),
    Column("occupation", "choice", True, ("nghề", "nghề nghiệp khi kết nạp")),
    Column("schooling", "choice", True, ("trình độ văn hóa", "văn hóa", "học vấn", "gdpt", "trình độ gdpt")),
    Column("qualification", "choice", False, ("chuyên môn", "trình độ chuyên môn", "chuyên môn nghiệp vụ")),
    Column("political_theory", "choice", False, ("llct", "trình độ lý luận chính trị", "lý luận")),
    Column("youth_union", "bool", False, ("đoàn viên", "đoàn viên thanh niên", "đvtn")),
    Column("private_business_owner", "bool", False, ("chủ dntn", "chủ doanh nghiệp")),
    Column("cell", "cell", True, ("mã chi bộ", "tên chi bộ", "chi bộ mã hoặc tên", "chi bộ kết nạp")),
    Column("decision_number", "text", True, ("số quyết định", "số qđ", "số qđ kết nạp")),
    Column(
        "decision_date",
        "date",
        True,
        ("ngày quyết định", "ngày qđ", "ngày ký quyết định", "ngày ký qđ", "ngày qđ kết nạp", "ngày kết nạp"),
    ),
    Column("ceremony_date", "date", False, ("ngày lễ", "ngày tổ chức lễ kết nạp")),
    Column("readmission", "bool", False, ()),
    Column("over_age_exception", "bool", False, ("trường hợp đặc biệt", "trên 60 tuổi")),
    Column("exception_note", "text", False, ("căn cứ",)),
    Column("record_number", "text", False, ("số lý lịch đảng viên", "số ll")),
    Column("notes", "text", False, ("ghi chú khác",)),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}

# Ways clerks write a choice that are neither its label nor its code.
CHOICE_ALIASES = {
    "sex": {"m": "M", "f": "F"},
    "schooling": {"12": "12/12", "11": "11/12", "10": "10/12", "9": "9/12"},
    "qualification": {"thac sy": "thac_si", "tien sy": "tien_si", "khong": "none", "chua": "none"},
    "political_theory": {"cao cap": "cao_cap", "cu nhan": "cao_cap", "khong": "none", "chua": "none"},
    "religion": {"khong ton giao": "none", "phat": "phat_giao", "thien chua giao": "cong_giao"},
    "ethnicity": {"hmong": "Mông", "h mong": "Mông", "khome": "Khmer", "kho me": "Khmer"},
}
TRUE_WORDS = {"x", "co", "c", "1", "yes", "y", "true", "dung", "v", "✓", "✔"}
FALSE_WORDS = {"", "khong", "k", "0", "no", "n", "false", "sai", "-"}
DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(value) -> str:
    """A header as compared: folded, every run of punctuation and spaces made one space ("Số QĐ:" -> "so qd")."""
    return _NOT_ALNUM.sub(" ", fold(str(value))).strip()


def choice_key(value) -> str:
    """A choice as compared: folded, with no spaces or punctuation at all ("Ê-đê" -> "ede", "12/12" -> "1212")."""
    return _NOT_ALNUM.sub("", fold(str(value)))


def _header_lookup() -> dict[str, Column]:
    """Every accepted header, in Vietnamese and in the active language, to its column."""
    lookup: dict[str, Column] = {}
    for column in COLUMNS:
        names = {column.header, *column.aliases}
        with translation.override("vi"):
            names.add(column.header)
        lookup.update({header_key(name): column for name in names})
    return lookup


def _choice_lookup(field: str) -> dict[str, str]:
    choices = Member._meta.get_field(field).choices
    lookup: dict[str, str] = {}
    for code, label in choices:
        # The Vietnamese label, the label in the user's language and the code are all accepted.
        with translation.override("vi"):
            lookup[choice_key(label)] = code
        lookup[choice_key(label)] = code
        lookup[choice_key(code)] = code
    lookup.update({choice_key(alias): code for alias, code in CHOICE_ALIASES.get(field, {}).items()})
    return lookup


@dataclasses.dataclass
class Problem:
    row: int  # as Excel numbers it; 0 for the file as a whole
    column: str  # the header, or "" for the row as a whole
    message: str


@dataclasses.dataclass
class ImportRow:
    number: int
    values: dict  # field -> converted value (only the cells that were filled and readable)
    shown: dict  # field -> the cell as the clerk wrote it, for the preview
    errors: list[Problem] = dataclasses.field(default_factory=list)
    warnings: list[Problem] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ImportResult:
    rows: list[ImportRow]
    columns: list[Column]  # the columns found in the file, in the template's order
    ignored_headers: list[str]

    @property
    def errors(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.errors]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.warnings]

    @property
    def table(self) -> list[tuple[int, list[str], int, int]]:
        """For the preview: each row's number, its cells as written, its numbers of errors and warnings."""
        fields = [column.field for column in self.columns]
        return [
            (row.number, [row.shown.get(field, "") for field in fields], len(row.errors), len(row.warnings))
            for row in self.rows
        ]

    @property
    def can_commit(self) -> bool:
        return bool(self.rows) and not any(row.errors for row in self.rows)


# ---------------------------------------------------------------------------------------------- reading


def _sniff(upload) -> None:
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


def _rows_of(upload, lookup) -> Iterable[tuple[int, tuple]]:
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
            if any(_filled(values) for values in head):
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


def _header_matches(values, lookup) -> int:
    return sum(1 for value in values if value is not None and header_key(value) in lookup)


def _filled(values) -> bool:
    return any(value is not None and str(value).strip() for value in values)


_COLUMN_NUMBER = re.compile(r"^[(\[]?\d{1,2}[)\]]?$")


def _numbers_the_columns(values) -> bool:
    """Official forms put a row "(1) (2) (3) …" under the headers; it is not a member."""
    filled = [str(value).strip() for value in values if value is not None and str(value).strip()]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(text) for text in filled)


def _find_header(head: list[tuple[int, tuple]], lookup) -> tuple[int, dict[int, Column], list[str]]:
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


# ---------------------------------------------------------------------------------------------- converting


class CellError(Exception):
    pass


def _as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float):
        raise CellError(
            _("Ô đang là số, không phải ngày. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 19/05/2023.")
        )
    text = clean_text(str(value))
    match = DATE_TEXT.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE_TEXT.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(
            _("“%(value)s” không phải ngày. Ghi theo dạng ngày/tháng/năm, ví dụ 19/05/2023.")
            % {"value": text}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise CellError(_("Ngày “%(value)s” không có trên lịch.") % {"value": text}) from error


def _as_national_id(value, warnings: list) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        if len(digits) in (10, 11):
            padded = digits.zfill(12)
            warnings.append(
                _(
                    "Ô số CCCD đang là số nên Excel đã bỏ số 0 ở đầu; đã ghi lại thành %(value)s. Hãy kiểm tra."
                )
                % {"value": padded}
            )
            return padded
        return digits
    # Clerks group the digits for reading: "001 203 004 005" or "001.203.004.005".
    return re.sub(r"[\s.]", "", clean_text(str(value)))


def _as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = fold(_as_text(value))
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise CellError(
        _("Ghi “x” hoặc “có” nếu đúng, để trống nếu không (đang ghi “%(value)s”).") % {"value": value}
    )


class _Converter:
    """Turns the cells of a row into field values; holds the lookups built once per file."""

    def __init__(self, user):
        self.choices = {c.field: _choice_lookup(c.field) for c in COLUMNS if c.kind == "choice"}
        # Every cell of the user's scope is a possible match (250,000 for the whole country): keep them as
        # plain rows, match a code typed exactly first, and fold every code and name (seconds at that scale)
        # only when a cell is not found that way. The matched cells are fetched as units in resolve().
        self._cells = units_visible_to(user).filter(level__in=CELL_LEVELS)
        self._rows = {
            pk: (code, name, short_name)
            for pk, code, name, short_name in self._cells.values_list("pk", "code", "name", "short_name")
        }
        self._exact_codes = {code: pk for pk, (code, _name, _short) in self._rows.items()}
        self._folded: tuple[dict[str, int], dict[str, list[int]]] | None = None

    def label(self, pk: int) -> str:
        code, name, _short_name = self._rows[pk]
        return f"{name} ({code})"

    def _folded_keys(self) -> tuple[dict[str, int], dict[str, list[int]]]:
        if self._folded is None:
            by_code: dict[str, int] = {}
            by_name: dict[str, list[int]] = defaultdict(list)
            for pk, (code, name, short_name) in self._rows.items():
                by_code[header_key(code)] = pk
                for key in {header_key(name), header_key(short_name)} - {""}:
                    by_name[key].append(pk)
            self._folded = by_code, by_name
        return self._folded

    def resolve(self, rows: list["ImportRow"]) -> None:
        """Replace the cell ids the rows were matched to by the cells themselves."""
        cells = self._cells.in_bulk({row.values["cell"] for row in rows if "cell" in row.values})
        for row in rows:
            if "cell" in row.values:
                row.values["cell"] = cells[row.values["cell"]]

    def convert(self, column: Column, value, text: str, warnings: list):
        """The field's value of a filled cell; `text` is the cell as text (computed once by the caller)."""
        if column.kind == "date":
            return _as_date(value)
        if column.kind == "bool":
            return _as_bool(value)
        if column.kind == "national_id":
            return _as_national_id(value, warnings)
        if column.kind == "choice":
            code = self.choices[column.field].get(choice_key(text))
            if code is None:
                raise CellError(
                    _(
                        "“%(value)s” không có trong danh sách giá trị của cột này (xem trang “Giá trị hợp lệ” của tệp mẫu)."
                    )
                    % {"value": text}
                )
            return code
        if column.kind == "cell":
            return self._cell(text)
        return text

    def _cell(self, text: str):
        if text in self._exact_codes:
            return self._exact_codes[text]
        cells_by_code, cells_by_name = self._folded_keys()
        key = header_key(text)
        if key in cells_by_code:
            return cells_by_code[key]
        found = cells_by_name.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(
                _("Có %(count)s chi bộ cùng tên “%(value)s”: hãy ghi mã chi bộ (%(codes)s).")
                % {"count": len(found), "value": text, "codes": ", ".join(self._rows[pk][0] for pk in found)}
            )
        raise CellError(
            _("Không tìm thấy chi bộ “%(value)s” trong các đơn vị bạn quản lý.") % {"value": text}
        )


def _read_row(number: int, values: tuple, by_index: dict[int, Column], converter: _Converter) -> ImportRow:
    row = ImportRow(number=number, values={}, shown={})
    for index, column in by_index.items():
        value = values[index] if index < len(values) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        text = row.shown[column.field] = _as_text(value)
        warnings: list = []
        try:
            row.values[column.field] = converter.convert(column, value, text, warnings)
            if column.kind == "cell":  # show which cell the code or name was matched to
                row.shown["cell"] = converter.label(row.values["cell"])
        except CellError as error:
            row.errors.append(Problem(number, column.header, str(error.args[0])))
        row.warnings.extend(Problem(number, column.header, str(message)) for message in warnings)
        if column.field == "notes" and header_key(text) == header_key(EXAMPLE_NOTE):
            row.errors.append(Problem(number, column.header, str(EXAMPLE_NOTE)))
    return row


# ---------------------------------------------------------------------------------------------- validating


def _problems_of(number: int, error: ValidationError, already: set[str]) -> list[Problem]:
    problems = []
    for field, messages in error.message_dict.items():
        column = COLUMN_BY_FIELD.get(field)
        header = column.header if column else ""
        if header and header in already:
            continue  # the cell could not be read; "required" on top of that would only confuse
        if field == NON_FIELD_ERRORS or column is None:
            header = ""
        problems.extend(Problem(number, str(header), message) for message in messages)
    return problems


def _attach(rows: list[ImportRow], errors_by_index: dict[int, ValidationError]) -> None:
    for index, error in errors_by_index.items():
        row = rows[index]
        row.errors.extend(_problems_of(row.number, error, {problem.column for problem in row.errors}))


def _warn_same_person(rows: list[ImportRow]) -> None:
    """Same folded name and birth date twice in the file, or already recorded: shown, not refused."""
    keyed = [
        (row, (fold(row.values["full_name"])[:120], row.values["date_of_birth"]))
        for row in rows
        if row.values.get("full_name") and isinstance(row.values.get("date_of_birth"), datetime.date)
    ]
    births = sorted({key[1] for _row, key in keyed})
    recorded = set()
    for start in range(0, len(births), 2000):
        recorded.update(
            Member.objects.filter(date_of_birth__in=births[start : start + 2000]).values_list(
                "name_folded", "date_of_birth"
            )
        )
    first: dict[tuple, int] = {}
    name_header = COLUMN_BY_FIELD["full_name"].header
    for row, key in keyed:
        if key in recorded:
            row.warnings.append(
                Problem(
                    row.number, name_header, str(_("Đã có đảng viên cùng họ tên và ngày sinh trong dữ liệu."))
                )
            )
        if key in first:
            row.warnings.append(
                Problem(
                    row.number,
                    name_header,
                    str(_("Cùng họ tên và ngày sinh với dòng %(row)s.") % {"row": first[key]}),
                )
            )
        else:
            first[key] = row.number


def _opened(upload):
    """The rows iterator, the first rows (where the header is looked for) and the header found in them."""
    lookup = _header_lookup()
    rows = iter(_rows_of(upload, lookup))
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    return rows, head, _find_header(head, lookup)


def check_file(upload) -> None:
    """The checks of the file as a whole, cheaply (the first rows only): raises ImportFileError."""
    rows, head, (header_row, _by_index, _ignored) = _opened(upload)
    try:
        if not any(_filled(values) for number, values in itertools.chain(head, rows) if number > header_row):
            raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    finally:
        rows.close()
        upload.seek(0)


def _parsed(upload, *, user) -> ImportResult:
    """The rows of the workbook with their cells converted; the model's validation is not run yet."""
    rows_iter, head, (header_row, by_index, ignored) = _opened(upload)
    converter = _Converter(user)
    rows: list[ImportRow] = []
    for number, values in itertools.chain(head, rows_iter):
        if number <= header_row or not _filled(values) or _numbers_the_columns(values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Tệp có hơn %(count)s dòng. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"count": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        rows.append(_read_row(number, values, by_index, converter))
    if not rows:
        raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    converter.resolve(rows)
    columns = [column for column in COLUMNS if column in by_index.values()]
    return ImportResult(rows=rows, columns=columns, ignored_headers=ignored)


def _batch(result: ImportResult) -> dict:
    return {
        # A blank optional cell is left out, so the model's default applies (Kinh, no religion, ...).
        "rows": [dict(row.values) for row in result.rows],
        "row_numbers": [row.number for row in result.rows],
    }


def read_members(upload, *, user) -> ImportResult:
    """Parse and validate an uploaded workbook; nothing is written. Raises ImportFileError for a bad file."""
    result = _parsed(upload, user=user)
    _members, errors = services.members_build(user=user, **_batch(result))
    _attach(result.rows, errors)
    _warn_same_person(result.rows)
    return result


def commit_members(upload, *, user) -> tuple[ImportResult, int]:
    """Parse the workbook again and write every row in one transaction, or none. Returns the result and
    the number of members created (0 when the result has errors: the caller shows them).

    The rows are validated once, by the service that writes them (the preview ran the same validation)."""
    result = _parsed(upload, user=user)
    if not result.can_commit:
        return result, 0
    try:
        created = services.members_bulk_create(user=user, **_batch(result))
    except services.MembersInvalid as invalid:  # someone recorded a member meanwhile
        _attach(result.rows, invalid.errors_by_row)
        return result, 0
    except IntegrityError as error:
        logger.warning("Import refused by the database: %r", error)
        result.rows[0].errors.append(
            Problem(
                0,
                "",
                str(_("Dữ liệu vừa thay đổi trong lúc nhập (có thể trùng số CCCD). Hãy tải tệp lên lại.")),
            )
        )
        return result, 0
    return result, len(created)


# ---------------------------------------------------------------------------------------------- template

EXAMPLE_ROW = {
    "full_name": "Nguyễn Thị Lan",
    "sex": "Nữ",
    "date_of_birth": "15/03/1998",
    "ethnicity": "Kinh",
    "religion": "Không",
    "home_town": "Xã Tân Lập, tỉnh Phú Thọ",
    "national_id": "025198001234",
    "occupation": "Viên chức giáo dục (giáo viên)",
    "schooling": "12/12",
    "qualification": "Đại học",
    "political_theory": "Sơ cấp",
    "youth_union": "x",
    "private_business_owner": "",
    "decision_number": "125-QĐ/HU",
    "decision_date": "19/05/2023",
    "ceremony_date": "02/06/2023",
    "readmission": "",
    "over_age_exception": "",
    "exception_note": "",
    "record_number": "LL-0123",
}
# Written in the example row's notes, so that a template uploaded unchanged never imports a made-up person.
EXAMPLE_NOTE = _("Dòng ví dụ: ghi đè bằng thông tin thật hoặc xóa dòng này trước khi nhập.")


def write_template(output, *, user) -> None:
    """The import template: the headers (required ones in red), one example row, text-formatted ID and date
    columns so Excel keeps leading zeros, and a sheet of allowed values with the user's cells."""
    cells = list(
        units_visible_to(user).filter(level__in=CELL_LEVELS).order_by("path").values_list("code", "name")
    )
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1, "bg_color": "#EEF1F4"}
    )
    required = workbook.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "valign": "vcenter",
            "border": 1,
            "bg_color": "#EEF1F4",
            "font_color": "#B3261E",
        }
    )
    as_text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet(str(_("Danh sách")))
    values_sheet_name = str(_("Giá trị hợp lệ"))
    values_sheet = workbook.add_worksheet(values_sheet_name)
    example = dict(EXAMPLE_ROW, cell=cells[0][0] if cells else "CB01", notes=EXAMPLE_NOTE)

    lists_column = 0
    for index, column in enumerate(COLUMNS):
        text_column = column.kind in {"date", "national_id", "text", "cell"}
        sheet.set_column(index, index, 16 if column.kind != "text" else 22, as_text if text_column else None)
        sheet.write_string(0, index, column.header, required if column.required else header)
        sheet.write_string(1, index, str(example[column.field]))
        options = None
        if column.kind == "choice":
            options = [str(label) for _code, label in Member._meta.get_field(column.field).choices]
        elif column.kind == "bool":
            options = ["x"]
        elif column.kind == "cell":
            options = [code for code, _name in cells]
        if options:
            values_sheet.write_string(0, lists_column, column.header, header)
            if column.kind == "cell":
                values_sheet.write_string(0, lists_column + 1, str(_("Tên chi bộ")), header)
                for offset, (code, name) in enumerate(cells, start=1):
                    values_sheet.write_string(offset, lists_column, code)
                    values_sheet.write_string(offset, lists_column + 1, name)
            else:
                for offset, option in enumerate(options, start=1):
                    values_sheet.write_string(offset, lists_column, option)
            values_sheet.set_column(lists_column, lists_column + 1, 28)
            if column.kind != "cell":  # a cell may also be written by its name: no drop-down restriction
                sheet.data_validation(
                    1,
                    index,
                    5000,
                    index,
                    {
                        "validate": "list",
                        "source": f"='{values_sheet_name}'!${_letters(lists_column)}$2:${_letters(lists_column)}${len(options) + 1}",
                        "error_type": "warning",
                    },
                )
            lists_column += 2 if column.kind == "cell" else 1
    sheet.set_row(0, 45)
    sheet.freeze_panes(1, 0)
    note_row = max(len(cells), 60) + 3
    values_sheet.write_string(
        note_row,
        0,
        str(
            _(
                "Cột chữ đỏ là bắt buộc. Ngày ghi theo dạng ngày/tháng/năm (19/05/2023). Số CCCD ghi đủ 12 chữ số."
            )
        ),
    )
    workbook.close()


def _letters(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)
