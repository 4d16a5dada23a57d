"""Turning a cell into a field's value: text, dates (Excel's or written), booleans, national IDs, choices and
the cell (chi bộ) named by its code or its name among the cells of the user's scope.

National IDs: a text cell is taken as written (so an 11-digit text is refused: a digit is missing). A
numeric cell of 10 or 11 digits is padded with zeros to 12 and the row carries a warning: every CCCD starts
with a 0 and a province code 001–096, so such a number is exactly a CCCD whose leading zeros Excel dropped.
"""

import datetime
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from ..selectors import cells_visible_to
from ..text import clean_national_id, clean_text, fold
from .columns import COLUMNS, Column, choice_key, choice_lookup, header_key
from .results import ImportRow, Problem
from .template import EXAMPLE_NOTE

if TYPE_CHECKING:
    from accounts.models import User

TRUE_WORDS = {"x", "co", "c", "1", "yes", "y", "true", "dung", "v", "✓", "✔"}
FALSE_WORDS = {"", "khong", "k", "0", "no", "n", "false", "sai", "-"}
# ASCII digits only (re's \d takes any script's digits).
DATE_TEXT = re.compile(
    r"^([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$"
)
ISO_DATE_TEXT = re.compile(
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$"
)


class CellError(Exception):
    """A cell that cannot be read as its column's value; the message says why, in Vietnamese."""


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
    # Clerks group the digits for reading ("001 203 004 005", "001.203.004.005"); full-width digits become
    # ASCII, other scripts' digits stay and are refused by the record's validation (text.clean_national_id).
    return clean_national_id(str(value))


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


class Converter:
    """Turns the cells of a row into field values; holds the lookups built once per file."""

    def __init__(self, user: "User"):
        self.choices = {c.field: choice_lookup(c.field) for c in COLUMNS if c.kind == "choice"}
        # Every cell of the user's scope is a possible match (250,000 for the whole country): keep them as
        # plain rows, match a code typed exactly first, and fold every code and name (seconds at that scale)
        # only when a cell is not found that way. The matched cells are fetched as units in resolve().
        self._cells = cells_visible_to(user)
        self._rows = {
            pk: (code, name, short_name)
            for pk, code, name, short_name in self._cells.values_list("pk", "code", "name", "short_name")
        }
        self._exact_codes = {code: pk for pk, (code, _name, _short) in self._rows.items()}
        self._folded: tuple[dict[str, int], dict[str, list[int]]] | None = None

    def label(self, pk: int) -> str:
        """A matched cell as the preview shows it: its name and its code."""
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

    def resolve(self, rows: list[ImportRow]) -> None:
        """Replace the cell ids the rows were matched to by the cells themselves."""
        cells = self._cells.in_bulk({row.values["cell"] for row in rows if "cell" in row.values})
        for row in rows:
            if "cell" in row.values:
                row.values["cell"] = cells[row.values["cell"]]

    def convert(self, column: Column, value: object, text: str, warnings: list) -> object:
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

    def _cell(self, text: str) -> int:
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


def read_row(number: int, values: tuple, by_index: dict[int, Column], converter: Converter) -> ImportRow:
    """A row of the sheet with its filled cells converted; a cell that cannot be read is an error of the row."""
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
