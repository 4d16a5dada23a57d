"""List exports of admitted members to .xlsx and .csv, streamed so memory stays flat for 200,000 rows.

The caller passes the list's own queryset (already scoped, filtered and sorted); it is read once through
`values_list(...).iterator(chunk_size=2000)`: one query with the cell and TCCS names joined, no model
instances, no per-row query. This module knows the columns (names, types, choice labels) and writes the CSV;
the workbook's XML is written by core.xlsx, a domain-free streaming writer. Text from users is always
written as text: in the workbook as inline strings, so "=1+1" or "+84…" never becomes a formula; in the CSV
with a leading apostrophe on any cell that starts with = + - @ or a tab or carriage return (OWASP's advice
against CSV injection).

Use from a view, e.g. the member list with its filterset:

    from django.http import FileResponse, StreamingHttpResponse

    # .xlsx: the sheet is streamed into a zip as the rows come, so write it to a temporary file and stream
    # that, rather than building the whole workbook in the response's memory.
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
from collections.abc import Iterator, Sequence

from django.db import connection
from django.db.models import Case, CharField, F, Func, Model, QuerySet, TextField, Value, When
from django.db.models.functions import Cast, Concat, NullIf, Right
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import bulk, xlsx

from .imports.columns import COLUMNS, Column
from .models import Member, choice_labels

XLSX_CONTENT_TYPE = xlsx.CONTENT_TYPE
CHUNK_SIZE = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# The national ID as files show it, masked by the database: "********" and its last 4 digits.
MASKED_ID_LOOKUP = "national_id_masked"
MASKED_ID = Case(
    When(
        national_id__isnull=False,
        then=Concat(Value("*" * 8), Right("national_id", 4), output_field=CharField()),
    ),
    default=Value(None),
    output_field=CharField(),
)


# The cell as the import's preview names it, and as the import reads it back: "Chi bộ thôn Đông (CB12)".
CELL_LABEL_LOOKUP = "cell_labelled"
CELL_LABEL = Concat("cell__name", Value(" ("), "cell__code", Value(")"), output_field=CharField())


@dataclasses.dataclass(frozen=True)
class ExportColumn:
    key: str
    header: object  # str or lazy str
    lookup: str  # for values_list(); may follow a relation ("cell__name")
    kind: str  # text, date, bool, choice, national_id
    width: int = 16
    model: type[Model] = Member  # whose field a choice column shows through its labels


def field_column(name: str, *, width: int = 16, model: type[Model] = Member) -> ExportColumn:
    """A column for a field of `model` (a member, a candidate), named and typed as the model says."""
    field = model._meta.get_field(name)
    if name == "national_id":
        # Files show a national ID as the lists do, its last 4 digits (the member's page shows it whole).
        return ExportColumn(
            name, capfirst(field.verbose_name), MASKED_ID_LOOKUP, "national_id", width=width, model=model
        )
    elif field.choices:
        kind = "choice"
    elif field.get_internal_type() == "DateField":
        kind = "date"
    elif field.get_internal_type() == "BooleanField":
        kind = "bool"
    else:
        kind = "text"
    header = capfirst(field.verbose_name)
    return ExportColumn(name, header, name, kind, width=width, model=model)


def relation_column(
    key: str, relation: str, attribute: str, *, width: int = 30, model: type[Model] = Member
) -> ExportColumn:
    """A column for an attribute of a related unit of `model`'s ("cell", "name"; "cell", "code")."""
    related: type[Model] = model._meta.get_field(relation).related_model
    header = capfirst(model._meta.get_field(relation).verbose_name)
    if attribute != "name":
        header = capfirst(related._meta.get_field(attribute).verbose_name)
    return ExportColumn(key, header, f"{relation}__{attribute}", "text", width=width, model=model)


EXPORT_COLUMNS = {
    column.key: column
    for column in [
        field_column("full_name", width=26),
        field_column("sex", width=8),
        field_column("date_of_birth", width=12),
        field_column("ethnicity", width=10),
        field_column("religion", width=12),
        field_column("home_town", width=28),
        field_column("national_id", width=15),
        field_column("occupation", width=28),
        field_column("schooling", width=10),
        field_column("qualification", width=16),
        field_column("political_theory", width=16),
        field_column("youth_union", width=10),
        field_column("private_business_owner", width=10),
        relation_column("cell", "cell", "name"),
        relation_column("cell_code", "cell", "code", width=12),
        relation_column("grassroots", "grassroots", "name"),
        field_column("decision_number", width=14),
        field_column("decision_date", width=12),
        field_column("ceremony_date", width=12),
        field_column("probation_end", width=12),
        field_column("confirmation_date", width=12),
        field_column("status", width=12),
        field_column("readmission", width=10),
        field_column("record_number", width=12),
        field_column("card_number", width=12),
        field_column("notes", width=30),
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


def _import_column(column: Column) -> ExportColumn:
    """The export-for-correction's column of one of the import's columns, under the import's own header."""
    if column.kind == "cell":
        return ExportColumn("cell_labelled", column.header, CELL_LABEL_LOOKUP, "text", width=36)
    if column.kind == "national_id":  # whole: this export is for editors, and each one is recorded
        return ExportColumn("national_id_full", column.header, "national_id", "national_id", width=15)
    known = EXPORT_COLUMNS.get(column.field)
    return dataclasses.replace(known or field_column(column.field), header=column.header)


_IMPORT_COLUMNS = [_import_column(column) for column in COLUMNS]
EXPORT_COLUMNS.update({column.key: column for column in _IMPORT_COLUMNS})
# The export "for correcting and re-importing": every column of the import template, in its order, under
# the headers the import reads, the cell by its name and code, the national ID whole. Re-imported untouched,
# it changes nothing; a cell changed in Excel changes that field of that member (imports.updating).
CORRECTION_COLUMNS = tuple(column.key for column in _IMPORT_COLUMNS)


def _chosen(columns: Sequence[str | ExportColumn]) -> list[ExportColumn]:
    """The export's columns: the members' by their keys, or another list's own ExportColumns as they are."""
    return [column if isinstance(column, ExportColumn) else EXPORT_COLUMNS[column] for column in columns]


def _rows(queryset: QuerySet, chosen: list[ExportColumn]) -> Iterator[tuple]:
    """The queryset's rows, in its own order, as tuples of the chosen lookups (one query, streamed)."""
    return _values(queryset, chosen).iterator(chunk_size=CHUNK_SIZE)


def _values(queryset: QuerySet, chosen: list[ExportColumn]) -> QuerySet:
    return _annotated(queryset, chosen).values_list(*[column.lookup for column in chosen])


def _annotated(queryset: QuerySet, chosen: list[ExportColumn]) -> QuerySet:
    """`queryset` with the values some columns compute (the masked national ID, the cell's label)."""
    lookups = {column.lookup for column in chosen}
    if MASKED_ID_LOOKUP in lookups:
        queryset = queryset.annotate(**{MASKED_ID_LOOKUP: MASKED_ID})
    if CELL_LABEL_LOOKUP in lookups:
        queryset = queryset.annotate(**{CELL_LABEL_LOOKUP: CELL_LABEL})
    return queryset


def members_csv_values(queryset: QuerySet, *, columns: Sequence[str] = DEFAULT_COLUMNS) -> QuerySet:
    """The values an export of `queryset` reads from the database, as one query (its floor in bench/)."""
    return _values(queryset, _chosen(columns))


def _choice_labels(chosen: list[ExportColumn]) -> dict[str, dict[str, str]]:
    """Each choice column's labels, translated once per export rather than once per cell."""
    return {
        column.key: choice_labels(column.model._meta.get_field(column.lookup))
        for column in chosen
        if column.kind == "choice"
    }


def _text(column: ExportColumn, value, labels: dict[str, dict[str, str]]) -> str:
    if column.kind == "choice":
        return labels[column.key].get(value, value)
    if column.kind == "bool":
        return "x" if value else ""
    if column.kind == "date":
        return value.strftime("%d/%m/%Y")
    return str(value)


# The workbook's kind of each kind of export column: a choice is text shown through its labels, a national
# ID text in Excel's text format (its leading zeros kept).
_XLSX_KINDS = {
    "text": xlsx.TEXT,
    "choice": xlsx.TEXT,
    "date": xlsx.DATE,
    "bool": xlsx.BOOL,
    "national_id": xlsx.IDENTIFIER,
}


def _xlsx_column(column: ExportColumn, labels: dict[str, dict[str, str]]) -> xlsx.Column:
    return xlsx.Column(str(column.header), column.width, _XLSX_KINDS[column.kind], labels.get(column.key))


def write_xlsx(queryset: QuerySet, output, *, columns: Sequence[str | ExportColumn] = DEFAULT_COLUMNS) -> int:
    """Write the rows of `queryset` (members, or candidates with their own `columns`) to an .xlsx at `output` (a path or a writable binary file).

    One row per member in the queryset's order; a bold, frozen header row with a filter; dates as real dates
    shown dd/mm/yyyy; national IDs and every text as text cells (inline strings), never formulas.

    Written by core.xlsx, streamed into the zip as the rows come from the database: about 1 µs a cell where
    a general writer (XlsxWriter) spends 10–15 µs, 60–80 s for the 5 million cells of 200,000 members.
    Memory stays flat: one chunk of rows at a time. Returns the number of rows written.
    """
    chosen = _chosen(columns)
    labels = _choice_labels(chosen)
    sheet_columns = [_xlsx_column(column, labels) for column in chosen]
    return xlsx.write(output, sheet_columns, _rows(queryset, chosen), sheet_name=str(_("Danh sách")))


# The CSV's cells written by PostgreSQL (`_database_text`), as `_text` and `_neutralised` write them: a
# formula trigger at the start of a text gets an apostrophe in front.
_TRIGGER_PATTERN = "^([" + "".join(t for t in FORMULA_TRIGGERS if t != "-") + "-])"


def _database_text(column: ExportColumn, labels: dict[str, dict[str, str]]):
    value = F(column.lookup)
    if column.kind == "date":
        return Func(value, Value("DD/MM/YYYY"), function="to_char", output_field=TextField())
    if column.kind == "bool":
        return Case(When(**{column.lookup: True}, then=Value("x")), default=None, output_field=TextField())
    text = Cast(value, TextField())
    if column.kind == "choice":
        shown = [
            When(**{column.lookup: code}, then=Value(label)) for code, label in labels[column.key].items()
        ]
        text = Case(*shown, default=text, output_field=TextField())
    neutralised = Func(text, Value(_TRIGGER_PATTERN), Value("'\\1"), function="regexp_replace")
    return NullIf(neutralised, Value(""), output_field=TextField())  # an empty text, an empty cell


def _database_texts(queryset: QuerySet, chosen: list[ExportColumn], labels) -> QuerySet:
    """The rows of `queryset` as the CSV's cells, every one computed by the database."""
    texts = {f"csv_{index}": _database_text(column, labels) for index, column in enumerate(chosen)}
    return _annotated(queryset, chosen).annotate(**texts).values_list(*texts)


class _Echo:
    """csv.writer writes into this and gets the line back, so lines can be yielded as they are made."""

    def write(self, value: str) -> str:
        return value


def _neutralised(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def stream_csv(
    queryset: QuerySet, *, columns: Sequence[str | ExportColumn] = DEFAULT_COLUMNS, lines_per_chunk: int = 500
) -> Iterator[str]:
    """CSV text of the rows of `queryset` (members, or candidates with their own `columns`) for a
    StreamingHttpResponse: UTF-8 with a byte-order mark (so Excel reads the Vietnamese right), lines ending
    in "\\n", dates dd/mm/yyyy, user text that could start a formula prefixed with an apostrophe. Yields a
    few hundred lines at a time. Written by PostgreSQL itself there (COPY TO), by Python elsewhere."""
    chosen = _chosen(columns)
    labels = _choice_labels(chosen)
    yield "\ufeff" + _csv_writer().writerow([str(column.header) for column in chosen])
    # COPY TO writes the same text (tests/admissions/test_exports.py compares them): turning 200,000 rows
    # into Python values and back took 4.5 times the COPY of the same values (bench/).
    lines = copied_lines if connection.vendor == "postgresql" else written_lines
    yield from lines(queryset, chosen, labels, lines_per_chunk)


def _csv_writer():
    return csv.writer(_Echo(), lineterminator="\n")


def copied_lines(
    queryset: QuerySet, chosen: list[ExportColumn], labels, lines_per_chunk: int
) -> Iterator[str]:
    """The CSV's lines, written by PostgreSQL (COPY TO)."""
    return bulk.copy_csv(_database_texts(queryset, chosen, labels), rows_per_chunk=lines_per_chunk)


def written_lines(
    queryset: QuerySet, chosen: list[ExportColumn], labels, lines_per_chunk: int
) -> Iterator[str]:
    """The CSV's lines, written by Python's csv module from the rows' values."""
    writer, lines = _csv_writer(), []
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


# The members' list's names for the writers (the list export, its background job, bench/).
write_members_xlsx = write_xlsx
stream_members_csv = stream_csv
