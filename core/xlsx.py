"""A streaming .xlsx writer for long lists: one sheet of typed columns, written as the rows come.

A general writer (XlsxWriter, openpyxl) spends 10–15 µs on each cell, 60–80 s for the 5 million cells of a
200,000-row list; this one writes the sheet's XML itself, streamed into the zip, about 1 µs a cell, with
memory flat whatever the number of rows (one chunk of rows at a time). What it writes: a bold, shaded,
frozen header row with a filter over the list, the columns' widths, dates as real dates shown dd/mm/yyyy,
and every text as text (inline strings, never formulas, so "=1+1" stays "=1+1").

    xlsx.write(output, [xlsx.Column("Họ và tên", 26), xlsx.Column("Ngày sinh", 12, xlsx.DATE)], rows,
               sheet_name="Danh sách")

A column is text, a date, a yes/no ("x" or empty), or an identifier: text in Excel's text format ("@"), cell
and column, so an ID with leading zeros stays text when someone edits it. A text column may show its values
through `labels` (codes of choices as their labels). Empty values (None, "", False) leave the cell out.

`add_rows` writes the same cells, styled, into a sheet of a workbook another writer made (XlsxWriter's
yearly workbook, whose list of the nation's 200,000 members took it 20 of its 23 seconds).
"""

import dataclasses
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence

from . import jobs

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT, DATE, BOOL, IDENTIFIER, NUMBER = "text", "date", "bool", "identifier", "number"
CHUNK_SIZE = 2000  # rows whose XML is encoded and written at once


@dataclasses.dataclass(frozen=True)
class Column:
    header: str
    width: int = 16  # in characters, as Excel's column width
    kind: str = TEXT  # TEXT, DATE, BOOL or IDENTIFIER (add_rows: TEXT, DATE or NUMBER)
    labels: Mapping | None = None  # TEXT only: value -> text shown (a value not in it is shown as it is)
    style: int = 0  # add_rows only: the cellXfs index of the workbook's own style for the cells, empty or not


# Excel counts days from 30/12/1899: a date is that number of days shown with a date format.
EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()
# XML escapes, and every character XML 1.0 cannot carry at all (dropped): the control characters but tab
# and line breaks, the surrogates, U+FFFE and U+FFFF. One of them in one cell made the whole file
# unreadable to Excel and LibreOffice.
_XML_TEXT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        **{c: None for c in range(32) if c not in (9, 10, 13)},
        **dict.fromkeys(range(55296, 57344)),
        0xFFFE: None,
        0xFFFF: None,
    }
)
# Cell styles, the indices of cellXfs in _STYLES: 0 plain, 1 header, 2 date, 3 text ("@").
HEADER_STYLE, DATE_STYLE, TEXT_STYLE = 1, 2, 3
_STYLES = (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFEEF1F4"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"'
    ' applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": _STYLES,
}
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letters(index: int) -> str:
    """The column letters of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# Whether a text holds any character _XML_TEXT changes: a name seldom does, and translating every one took
# 1.4 µs a cell (a third of the nation's list); the search is a fraction of that.
_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(value: str) -> str:
    return value.translate(_XML_TEXT) if _XML_SPECIAL.search(value) else value


def _inline(ref: str, row: str, text: str, style: str = "") -> str:
    return f'<c r="{ref}{row}"{style} t="inlineStr"><is><t xml:space="preserve">{_xml(text)}</t></is></c>'


def _cell_writer(column: Column, ref: str):
    """A function (row, value) -> the XML of one non-empty cell of `column`, chosen once per sheet: the hot
    loop then makes one call per cell and tests nothing about its column."""
    if column.kind == DATE:
        # A date before 01/03/1900 has no true serial in Excel (its calendar counts a 29/02/1900): written
        # as its text rather than as a wrong or negative number.
        return lambda row, value: (
            f'<c r="{ref}{row}" s="{DATE_STYLE}"><v>{serial}</v></c>'
            if (serial := value.toordinal() - EXCEL_EPOCH) > 60
            else _inline(ref, row, value.strftime("%d/%m/%Y"))
        )
    if column.kind == IDENTIFIER:  # values are strings
        return lambda row, value: _inline(ref, row, value, f' s="{TEXT_STYLE}"')
    if column.kind == BOOL:
        return lambda row, value: f'<c r="{ref}{row}" t="inlineStr"><is><t>x</t></is></c>'
    if column.kind != TEXT:
        raise ValueError(f"unknown column kind {column.kind!r}")
    if column.labels is not None:
        names = column.labels
        return lambda row, value: _inline(ref, row, names.get(value, value))
    return lambda row, value: _inline(ref, row, str(value))


def _styled_cell_writer(column: Column, ref: str):
    """A function (row, value) -> the XML of one cell of `column` in `column.style`, an empty one too (its
    borders show)."""
    style = f' s="{column.style}"'
    if column.kind == DATE:
        return lambda row, value: (
            f'<c r="{ref}{row}"{style}/>'
            if not value
            else f'<c r="{ref}{row}"{style}><v>{serial}</v></c>'
            if (serial := value.toordinal() - EXCEL_EPOCH) > 60
            else _inline(ref, row, value.strftime("%d/%m/%Y"), style)
        )
    if column.kind == NUMBER:
        return lambda row, value: f'<c r="{ref}{row}"{style}><v>{value}</v></c>'
    if column.kind != TEXT:
        raise ValueError(f"add_rows takes text, date and number columns, not {column.kind!r}")
    return lambda row, value: (
        f'<c r="{ref}{row}"{style}/>'
        if value is None or value == ""
        else _inline(ref, row, str(value), style)
    )


def add_rows(package: bytes, *, sheet_index: int, columns: Sequence[Column], rows: Iterable[Sequence],
             after_row: int) -> bytes:  # fmt: skip
    """The .xlsx `package` with `rows` (sequences of values in the columns' order, read once, as they come)
    written into its sheet `sheet_index` (0-based, written by XlsxWriter in order) below its row
    `after_row` (1-based, its last), each cell in its column's style. The sheet's filter, when it has one,
    and the workbook's range of it reach the last row; the sheet's optional dimension is left out."""
    refs = [column_letters(index) for index in range(len(columns))]
    writers = [_styled_cell_writer(column, ref) for column, ref in zip(columns, refs, strict=True)]
    source = zipfile.ZipFile(io.BytesIO(package))
    sheet_path = f"xl/worksheets/sheet{sheet_index + 1}.xml"
    head, tail = source.read(sheet_path).decode().split("</sheetData>", 1)
    head = re.sub(r'<dimension ref="[^"]*"/>', "", head, count=1)
    output = io.BytesIO()
    number = after_row
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename == "xl/workbook.xml":
                continue  # below: it names the filter's range
            if info.filename != sheet_path:
                target.writestr(info, source.read(info))
                continue
            with target.open(sheet_path, "w", force_zip64=True) as sheet:
                sheet.write(head.encode())
                lines = []
                for number, values in enumerate(rows, start=after_row + 1):
                    row = str(number)
                    cells = "".join([writers[i](row, value) for i, value in enumerate(values)])
                    lines.append(f'<row r="{row}">{cells}</row>')
                    if len(lines) == CHUNK_SIZE:
                        sheet.write("".join(lines).encode())
                        lines = []
                filtered = re.sub(
                    r'(<autoFilter ref="[A-Z]+\d+:[A-Z]+)\d+"', rf'\g<1>{number}"', tail, count=1
                )
                sheet.write(("".join(lines) + "</sheetData>" + filtered).encode())
        names = re.sub(
            rf'(<definedName name="_xlnm._FilterDatabase" localSheetId="{sheet_index}"[^>]*>[^<]*\$)\d+<',
            rf"\g<1>{number}<",
            source.read("xl/workbook.xml").decode(),
            count=1,
        )
        target.writestr(source.getinfo("xl/workbook.xml"), names)
    return output.getvalue()


def write(output, columns: Sequence[Column], rows: Iterable[Sequence], *, sheet_name: str) -> int:
    """Write one sheet named `sheet_name` to an .xlsx at `output` (a path or a writable binary file): the
    header row of `columns`, then one row per item of `rows` (sequences of values in the columns' order),
    read once, as they come. Returns the number of rows written (without the header)."""
    refs = [column_letters(index) for index in range(len(columns))]
    writers = [_cell_writer(column, ref) for column, ref in zip(columns, refs, strict=True)]
    title = _xml(sheet_name)
    widths = "".join(
        f'<col min="{n}" max="{n}" width="{column.width + 0.71:.2f}" customWidth="1"'
        + (f' style="{TEXT_STYLE}"' if column.kind == IDENTIFIER else "")
        + "/>"
        for n, column in enumerate(columns, start=1)
    )
    header = "".join(
        _inline(ref, "1", str(column.header), f' s="{HEADER_STYLE}"')
        for column, ref in zip(columns, refs, strict=True)
    )
    number = 1
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, xml in _PACKAGE.items():
            package.writestr(name, _XML_DECLARATION + xml)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                (
                    f'{_XML_DECLARATION}<worksheet {_MAIN} {_R}><sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                    f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols>'
                    f'<sheetData><row r="1">{header}</row>'
                ).encode()
            )
            lines = []
            # The hot loop of a 200,000-row list: one precomputed writer per column, empty cells (None, "",
            # False) skipped, the XML of a chunk of rows encoded and written at once.
            for number, values in enumerate(rows, start=2):
                row = str(number)
                cells = "".join([writers[i](row, value) for i, value in enumerate(values) if value])
                lines.append(f'<row r="{row}">{cells}</row>')
                if len(lines) == CHUNK_SIZE:
                    sheet.write("".join(lines).encode())
                    lines = []
                    jobs.report(done=number - 1)  # a background export's progress bar
            last = f"{refs[-1]}{number}"
            sheet.write(("".join(lines) + f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>').encode())
        absolute = f"$A$1:${refs[-1]}${number}"
        package.writestr(
            "xl/workbook.xml",
            f"{_XML_DECLARATION}<workbook {_MAIN} {_R}><bookViews><workbookView/></bookViews><sheets>"
            f'<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets><definedNames>'
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\'{title}\'!{absolute}'
            "</definedName></definedNames></workbook>",
        )
    return number - 1


def count_rows(content: bytes, *, limit: int = 10**9) -> int:
    """About how many rows the largest sheet of the .xlsx `content` holds (its `<row>` elements, blank rows
    and header included), without parsing it: to decide cheaply whether reading it is long work, and to
    give that work's progress bar its total. 0 for what is not a readable .xlsx. Reads at most `limit`
    unpacked bytes (the importer has already refused a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            sheets = [info for info in package.infolist() if info.filename.startswith("xl/worksheets/")]
            if not sheets:
                return 0
            largest = max(sheets, key=lambda info: info.file_size)
            count, tail, read = 0, b"", 0
            with package.open(largest) as sheet:
                while read < limit and (chunk := sheet.read(1 << 20)):
                    read += len(chunk)
                    window = tail + chunk
                    count += window.count(b"<row ") + window.count(b"<row>") + window.count(b":row ")
                    count -= tail.count(b"<row ") + tail.count(b"<row>") + tail.count(b":row ")
                    tail = chunk[-8:]
            return count
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return 0
