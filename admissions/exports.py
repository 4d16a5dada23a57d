"""List exports of admitted members to .xlsx and .csv, streamed so memory stays flat for 200,000 rows.

The caller passes the list's own queryset (already scoped, filtered and sorted); it is read once through
`values_list(...).iterator(chunk_size=2000)`: one query with the cell and TCCS names joined, no model
instances, no per-row query. Text from users is always written as text: in the workbook with
write_string(), so "=1+1" or "+84…" never becomes a formula; in the CSV with a leading apostrophe on any
cell that starts with = + - @ or a tab or carriage return (OWASP's advice against CSV injection).

Use from a view, e.g. the member list with its filterset:

    from django.http import FileResponse, StreamingHttpResponse

    # .xlsx: XlsxWriter keeps the rows in temporary files (constant_memory), so write to a temporary file
    # and stream that, rather than building the whole workbook in the response's memory.
    handle = tempfile.TemporaryFile()
    exports.write_members_xlsx(filterset.qs, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename="dang-vien-moi.xlsx")

    # .csv: straight from the database cursor to the client.
    return StreamingHttpResponse(
        exports.stream_members_csv(filterset.qs),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="dang-vien-moi.csv"'},
    )

A CSV opened by double-click in Excel loses the leading zeros of national IDs (Excel reads them as
numbers); the .xlsx keeps them (text cells), so offer the .xlsx first.
"""

import csv
import dataclasses
import datetime
import zipfile
from collections.abc import Iterator, Sequence

from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Member

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclasses.dataclass(frozen=True)
class ExportColumn:
    key: str
    header: object  # str or lazy str
    lookup: str  # for values_list(); may follow a relation ("cell__name")
    kind: str  # text, date, bool, choice, national_id
    width: int = 16
    labels: dict | None = None  # choice code -> label


def _field_column(name: str, *, width: int = 16) -> ExportColumn:
    """A column for a field of Member, named and typed as the model says."""
    field = Member._meta.get_field(name)
    if name == "national_id":
        kind = "national_id"
    elif field.choices:
        kind = "choice"
    elif field.get_internal_type() == "DateField":
        kind = "date"
    elif field.get_internal_type() == "BooleanField":
        kind = "bool"
    else:
        kind = "text"
    labels = dict(field.choices) if field.choices else None
    header = capfirst(field.verbose_name)
    return ExportColumn(name, header, name, kind, width=width, labels=labels)


def _relation_column(key: str, relation: str, attribute: str, *, width: int = 30) -> ExportColumn:
    related: type[Model] = Member._meta.get_field(relation).related_model
    header = capfirst(Member._meta.get_field(relation).verbose_name)
    if attribute != "name":
        header = capfirst(related._meta.get_field(attribute).verbose_name)
    return ExportColumn(key, header, f"{relation}__{attribute}", "text", width=width)


EXPORT_COLUMNS = {
    column.key: column
    for column in [
        _field_column("full_name", width=26),
        _field_column("sex", width=8),
        _field_column("date_of_birth", width=12),
        _field_column("ethnicity", width=10),
        _field_column("religion", width=12),
        _field_column("home_town", width=28),
        _field_column("national_id", width=15),
        _field_column("occupation", width=28),
        _field_column("schooling", width=10),
        _field_column("qualification", width=16),
        _field_column("political_theory", width=16),
        _field_column("youth_union", width=10),
        _field_column("private_business_owner", width=10),
        _relation_column("cell", "cell", "name"),
        _relation_column("cell_code", "cell", "code", width=12),
        _relation_column("grassroots", "grassroots", "name"),
        _field_column("decision_number", width=14),
        _field_column("decision_date", width=12),
        _field_column("ceremony_date", width=12),
        _field_column("probation_end", width=12),
        _field_column("confirmation_date", width=12),
        _field_column("status", width=12),
        _field_column("readmission", width=10),
        _field_column("record_number", width=12),
        _field_column("card_number", width=12),
        _field_column("notes", width=30),
    ]
}
ALL_COLUMNS = tuple(EXPORT_COLUMNS)
# What a committee files about its new members (the list export's columns): who they are, where and when
# they were admitted, and where they stand. The other columns stay available through `columns=`; all 26
# for 200,000 members are 5.2 million cells, more than the 20 s an export may take here (bench/README.md).
DEFAULT_COLUMNS = (
    "full_name",
    "sex",
    "date_of_birth",
    "ethnicity",
    "religion",
    "national_id",
    "occupation",
    "schooling",
    "qualification",
    "cell",
    "grassroots",
    "decision_number",
    "decision_date",
    "ceremony_date",
    "status",
)


def _chosen(columns: Sequence[str]) -> list[ExportColumn]:
    return [EXPORT_COLUMNS[key] for key in columns]


def _rows(queryset: QuerySet, chosen: list[ExportColumn]) -> Iterator[tuple]:
    """The queryset's rows, in its own order, as tuples of the chosen lookups (one query, streamed)."""
    return queryset.values_list(*(column.lookup for column in chosen)).iterator(chunk_size=CHUNK_SIZE)


def _choice_labels(chosen: list[ExportColumn]) -> dict[str, dict[str, str]]:
    """Each choice column's labels, translated once per export rather than once per cell."""
    return {column.key: {k: str(v) for k, v in column.labels.items()} for column in chosen if column.labels}


def _text(column: ExportColumn, value, labels: dict[str, dict[str, str]]) -> str:
    if column.kind == "choice":
        return labels[column.key].get(value, value)
    if column.kind == "bool":
        return "x" if value else ""
    if column.kind == "date":
        return value.strftime("%d/%m/%Y")
    return str(value)


# Excel counts days from 30/12/1899: a date is that number of days shown with a date format.
EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()
# XML escapes, and the control characters XML 1.0 cannot carry at all (dropped).
_XML_TEXT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: None for c in range(32) if c not in (9, 10, 13)}}
)
# Cell styles, the indices of cellXfs in _STYLES: 0 plain, 1 header, 2 date, 3 text ("@").
HEADER, DATE, TEXT = 1, 2, 3
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


def _letters(index: int) -> str:
    """The column letters of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xml(value: str) -> str:
    return value.translate(_XML_TEXT)


def _inline(ref: str, row: str, text: str, style: str = "") -> str:
    return f'<c r="{ref}{row}"{style} t="inlineStr"><is><t xml:space="preserve">{_xml(text)}</t></is></c>'


def _cell_writer(column: ExportColumn, ref: str, labels: dict[str, dict[str, str]]):
    """A function (row, value) -> the XML of one non-empty cell of `column`, chosen once per export."""
    if column.kind == "date":
        return lambda row, value: f'<c r="{ref}{row}" s="{DATE}"><v>{value.toordinal() - EXCEL_EPOCH}</v></c>'
    if column.kind == "choice":
        names = labels[column.key]
        return lambda row, value: _inline(ref, row, names.get(value, value))
    if column.kind == "national_id":
        return lambda row, value: _inline(ref, row, value, f' s="{TEXT}"')
    if column.kind == "bool":
        return lambda row, value: f'<c r="{ref}{row}" t="inlineStr"><is><t>x</t></is></c>'
    return lambda row, value: _inline(ref, row, str(value))


def write_members_xlsx(queryset: QuerySet, output, *, columns: Sequence[str] = DEFAULT_COLUMNS) -> None:
    """Write the members of `queryset` to an .xlsx at `output` (a path or a writable binary file).

    One row per member in the queryset's order; a bold, frozen header row with a filter; dates as real dates
    shown dd/mm/yyyy; national IDs and every text as text cells (inline strings), never formulas.

    The sheet's XML is written here, streamed into the zip as the rows come from the database: a general
    writer (XlsxWriter) spends 10–15 µs on each cell, 60–80 s for the 5 million cells of 200,000 members,
    where this loop spends about 1 µs. Memory stays flat: one chunk of rows at a time.
    """
    chosen = _chosen(columns)
    labels = _choice_labels(chosen)
    refs = [_letters(index) for index in range(len(chosen))]
    writers = [_cell_writer(column, ref, labels) for column, ref in zip(chosen, refs, strict=True)]
    title = _xml(str(_("Danh sách")))
    widths = "".join(
        f'<col min="{n}" max="{n}" width="{column.width + 0.71:.2f}" customWidth="1"'
        + (f' style="{TEXT}"' if column.kind == "national_id" else "")
        + "/>"
        for n, column in enumerate(chosen, start=1)
    )
    header = "".join(
        _inline(ref, "1", str(column.header), f' s="{HEADER}"')
        for column, ref in zip(chosen, refs, strict=True)
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
            # The hot loop of a 200,000-row export: one precomputed writer per column, empty cells (None,
            # "", False) skipped, the XML of a chunk of rows encoded and written at once.
            for number, values in enumerate(_rows(queryset, chosen), start=2):
                row = str(number)
                cells = "".join([writers[i](row, value) for i, value in enumerate(values) if value])
                lines.append(f'<row r="{row}">{cells}</row>')
                if len(lines) == CHUNK_SIZE:
                    sheet.write("".join(lines).encode())
                    lines = []
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


class _Echo:
    """csv.writer writes into this and gets the line back, so lines can be yielded as they are made."""

    def write(self, value: str) -> str:
        return value


def _neutralised(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def stream_members_csv(
    queryset: QuerySet, *, columns: Sequence[str] = DEFAULT_COLUMNS, lines_per_chunk: int = 500
) -> Iterator[str]:
    """CSV text of the members of `queryset` for a StreamingHttpResponse: UTF-8 with a byte-order mark (so
    Excel reads the Vietnamese right), dates dd/mm/yyyy, user text that could start a formula prefixed with
    an apostrophe. Yields a few hundred lines at a time."""
    chosen = _chosen(columns)
    labels = _choice_labels(chosen)
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(column.header) for column in chosen])
    lines = []
    for values in _rows(queryset, chosen):
        cells = [
            "" if value is None else _neutralised(_text(column, value, labels))
            for column, value in zip(chosen, values, strict=True)
        ]
        lines.append(writer.writerow(cells))
        if len(lines) >= lines_per_chunk:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
