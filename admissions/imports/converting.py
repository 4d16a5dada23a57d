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

from core.numbers import parse_positive_int

from ..choices import MemberStatus
from ..selectors import cells_visible_to, grassroots_by_cell
from ..text import clean_multiline, clean_national_id, clean_text, fold
from .columns import MEMBERS, Column, Schema, choice_key, header_key
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


# A national ID as the lists and files show it ("********1234"; admissions.exports): only its last 4 digits.
MASKED_ID = re.compile(r"^[*•xX]{4,}\s*([0-9]{4})$")
# A cell written as the preview and the export for correction write it: "Chi bộ thôn Đông (CB12)".
NAME_AND_CODE = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>[^()]+)\)$")


class CellError(Exception):
    """A cell that cannot be read as its column's value; the message says why, in Vietnamese."""


def _as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def _as_text_raw(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


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


def _as_number(text: str) -> int:
    number = parse_positive_int(text.replace(" ", ""))
    if number is None:
        raise CellError(_("“%(value)s” không phải số nguyên (ghi bằng chữ số, ví dụ 9).") % {"value": text})
    return number


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

    def __init__(self, user: "User", schema: Schema = MEMBERS):
        self.choices = {c.field: schema.choice_lookup(c.field) for c in schema.columns if c.kind == "choice"}
        # Every cell of the user's scope is a possible match (250,000 for the whole country): keep them as
        # plain rows, match a code typed exactly first, and fold every code and name (seconds at that scale)
        # only when a cell is not found that way. The matched cells are fetched as units in resolve().
        self._cells = cells_visible_to(user)
        # Read in the table's order and put in the ids' order here: PostgreSQL sorting the nation's cells by
        # their path, or reading them by id, took 0.3 s more; the order still decides which of two codes
        # folded alike is matched, the same every time.
        rows = self._cells.order_by().values_list("pk", "code", "name", "short_name")
        self._rows = {pk: (code, name, short_name) for pk, code, name, short_name in sorted(rows)}
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
                for key in {variant for written in (name, short_name) for variant in _name_keys(written)}:
                    by_name[key].append(pk)
            self._folded = by_code, by_name
        return self._folded

    def resolve(self, rows: list[ImportRow]) -> None:
        """Replace the cell ids the rows were matched to by the cells themselves."""
        cells = self._cells.in_bulk({row.values["cell"] for row in rows if "cell" in row.values})
        for row in rows:
            if "cell" in row.values:
                row.values["cell"] = cells[row.values["cell"]]

    def convert(
        self, column: Column, value: object, text: str, warnings: list, grassroots: str = ""
    ) -> object:
        """The field's value of a filled cell; `text` is the cell as text (computed once by the caller);
        `grassroots`, the row's TCCS as written, tells cells of the same name apart."""
        if column.kind == "date":
            return _as_date(value)
        if column.kind == "bool":
            return _as_bool(value)
        if column.kind == "national_id":
            return _as_national_id(value, warnings)
        if column.kind == "number":
            return _as_number(text)
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
            return self._cell(text, grassroots)
        return text

    def _cell(self, text: str, grassroots: str = "") -> int:
        """The cell a clerk wrote, by its code or its name as clerks write it: with or without "Chi bộ" and
        the locality word ("thôn", "tổ dân phố"...), diacritics and case; among cells of the same name, the
        one of the TCCS written in the row's TCCS column."""
        if text in self._exact_codes:
            return self._exact_codes[text]
        if (match := NAME_AND_CODE.match(text)) and match["code"].strip() in self._exact_codes:
            # The name and the code of one cell (as exported): that cell. If the name was changed and the
            # code left, the name says what the clerk meant: it is read on its own.
            pk = self._exact_codes[match["code"].strip()]
            _code, name, short_name = self._rows[pk]
            if set(_name_keys(match["name"])) & {*_name_keys(name), *_name_keys(short_name or "")}:
                return pk
            text = match["name"]
        cells_by_code, cells_by_name = self._folded_keys()
        if header_key(text) in cells_by_code:
            return cells_by_code[header_key(text)]
        found = next((cells_by_name[key] for key in _name_keys(text) if key in cells_by_name), [])
        found = sorted(set(found))
        if len(found) > 1:
            tccs = self._grassroots_of(found)
            if grassroots:
                wanted = set(_grassroots_name_keys(grassroots))
                chosen = [pk for pk in found if wanted & set(_grassroots_keys(tccs.get(pk)))]
                found = chosen or found
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(
                _("Có %(count)s chi bộ cùng tên “%(value)s”: %(cells)s. Hãy ghi mã chi bộ, hoặc thêm cột Tổ chức cơ sở đảng.")
                % {
                    "count": len(found),
                    "value": text,
                    "cells": "; ".join(
                        f"{self._rows[pk][1]} – {tccs[pk].name} (mã {self._rows[pk][0]})" if pk in tccs
                        else f"{self._rows[pk][1]} (mã {self._rows[pk][0]})"
                        for pk in found
                    ),
                }
            )  # fmt: skip
        raise CellError(
            _("Không tìm thấy chi bộ “%(value)s” trong các đơn vị bạn quản lý.") % {"value": text}
        )

    def _grassroots_of(self, pks: list[int]) -> dict:
        """The TCCS of a few cells (those a name matched more than once)."""
        return grassroots_by_cell(self._cells.in_bulk(pks).values())


# The words clerks write, or leave out, before a cell's or a TCCS's own name (folded, as header_key gives).
_CELL_PREFIXES = ("chi bo",)
_LOCALITY_WORDS = (
    "thon",
    "ap",
    "ban",
    "to dan pho",
    "tdp",
    "khu pho",
    "khu",
    "xom",
    "buon",
    "lang",
    "khoi",
    "to",
)
_GRASSROOTS_PREFIXES = ("dang bo co so", "dang bo", "chi bo co so", "chi bo", "dang uy")
_TERRITORY_WORDS = ("xa", "phuong", "thi tran", "dac khu")


def _strip(key: str, words: tuple[str, ...]) -> str:
    for word in words:
        if key.startswith(word + " "):
            return key[len(word) + 1 :]
    return key


def _name_keys(
    written: str, prefixes: tuple[str, ...] = _CELL_PREFIXES, localities: tuple[str, ...] = _LOCALITY_WORDS
) -> list[str]:
    """A name as compared, most specific first: as written, without "Chi bộ", without the locality word
    ("Chi bộ thôn A Xòo", "thôn A Xòo" and "A Xòo" all give "a xoo" last)."""
    key = header_key(written or "")
    keys = [key, _strip(key, prefixes)]
    keys.append(_strip(keys[-1], localities))
    return [k for k in dict.fromkeys(keys) if k]


def _grassroots_keys(unit) -> list[str]:
    if unit is None:
        return []
    return [key for name in (unit.name, unit.short_name) for key in _grassroots_name_keys(name or "")]


def _grassroots_name_keys(written: str) -> list[str]:
    """A TCCS's name as compared: "Đảng bộ xã Tân Lập", "Xã Tân Lập" and "Tân Lập" all give "tan lap" last."""
    return _name_keys(written, prefixes=_GRASSROOTS_PREFIXES, localities=_TERRITORY_WORDS)


def read_row(number: int, values: tuple, by_index: dict[int, Column], converter: Converter) -> ImportRow:
    """A row of the sheet with its filled cells converted; a cell that cannot be read is an error of the row."""
    row = ImportRow(number=number, values={}, shown={})
    hint = ""
    for index, column in by_index.items():
        if column.kind == "grassroots" and index < len(values) and values[index] is not None:
            hint = row.shown["grassroots"] = _as_text(values[index])
    for index, column in by_index.items():
        value = values[index] if index < len(values) else None
        if column.kind == "grassroots" or value is None or (isinstance(value, str) and not value.strip()):
            continue
        text = row.shown[column.field] = _as_text(value)
        if column.field == "notes":  # kept on several lines, as the record keeps them (and exports them)
            text = clean_multiline(_as_text_raw(value))
        if column.kind == "national_id" and (masked := MASKED_ID.match(text)):
            # A masked export re-imported: the ID is not written in it, only hidden (updating.match_recorded
            # then checks its last digits against the member the row names by its record number).
            row.masked_national_id = masked[1]
            continue
        warnings: list = []
        try:
            row.values[column.field] = converter.convert(column, value, text, warnings, hint)
            if column.kind == "cell":  # show which cell the code or name was matched to
                row.shown["cell"] = converter.label(row.values["cell"])
        except CellError as error:
            row.errors.append(Problem(number, column.header, str(error.args[0])))
        row.warnings.extend(Problem(number, column.header, str(message)) for message in warnings)
        if column.field == "notes" and header_key(text) == header_key(EXAMPLE_NOTE):
            row.errors.append(Problem(number, column.header, str(EXAMPLE_NOTE)))
    _infer_status(row)
    return row


def _infer_status(row: ImportRow) -> None:
    """A list with a confirmation (or striking-off) date and no status column means what it says: the
    member is full (or struck off). A written status is never overridden; the record's rules then check
    the dates against it."""
    if "status" in row.values or "status" in row.shown:
        return
    if "struck_off_date" in row.values:
        row.values["status"] = MemberStatus.STRUCK_OFF
    elif "confirmation_date" in row.values:
        row.values["status"] = MemberStatus.FULL
