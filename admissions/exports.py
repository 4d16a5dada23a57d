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
from collections.abc import Iterator, Sequence

import xlsxwriter
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
DEFAULT_COLUMNS = tuple(EXPORT_COLUMNS)


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


# Excel counts days from 30/12/1899: a date is that number of days shown with a date format, which is what
# write_datetime() computes too, at several times the cost per cell.
EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()


def _cell_writer(sheet, column: ExportColumn, labels: dict[str, dict[str, str]], date_format, text_format):
    """A function (row, col, value) writing one non-empty value of `column`, chosen once per export."""
    write_string, write_number = sheet.write_string, sheet.write_number
    if column.kind == "date":
        return lambda row, col, value: write_number(row, col, value.toordinal() - EXCEL_EPOCH, date_format)
    if column.kind == "choice":
        names = labels[column.key]
        return lambda row, col, value: write_string(row, col, names.get(value, value))
    if column.kind == "national_id":
        return lambda row, col, value: write_string(row, col, value, text_format)
    if column.kind == "bool":
        return lambda row, col, value: write_string(row, col, "x")
    return write_string  # text: the database returns str


def write_members_xlsx(queryset: QuerySet, output, *, columns: Sequence[str] = DEFAULT_COLUMNS) -> None:
    """Write the members of `queryset` to an .xlsx at `output` (a path or a writable binary file).

    One row per member in the queryset's order; a bold, frozen header row with a filter; dates as real dates
    shown dd/mm/yyyy; national IDs and every text as text cells, never formulas.
    """
    chosen = _chosen(columns)
    labels = _choice_labels(chosen)
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "in_memory": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(str(_("Danh sách")))
    header = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1, "bg_color": "#EEF1F4"}
    )
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    text_format = workbook.add_format({"num_format": "@"})
    for index, column in enumerate(chosen):
        sheet.set_column(index, index, column.width, text_format if column.kind == "national_id" else None)
        sheet.write_string(0, index, str(column.header), header)
    sheet.freeze_panes(1, 0)
    writers = [_cell_writer(sheet, column, labels, date_format, text_format) for column in chosen]
    number = 0
    # The hot loop of a 200,000-row export (5 million cells): one precomputed writer per column, empty
    # cells skipped (None, "", False), nothing else per cell.
    for number, values in enumerate(_rows(queryset, chosen), start=1):
        for index, value in enumerate(values):
            if value:
                writers[index](number, index, value)
    sheet.autofilter(0, 0, number, len(chosen) - 1)
    workbook.close()


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
