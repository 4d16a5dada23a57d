"""Spreadsheet import of admitted members: parse -> validate -> preview -> commit.

A clerk's workbook (.xlsx) is read with openpyxl in read-only mode. Its columns are matched by header name,
diacritics, case and punctuation ignored, with the aliases clerks actually write ("Họ tên", "CCCD", "Ngày QĐ").
Each cell is converted to the field's value; each row then passes the same validation as a record typed in
by hand (services.members_build: Member.full_clean() and derive()), and every problem is reported in
Vietnamese with the row number Excel shows, the column header and what is wrong. Nothing is written until
the user confirms a file with no error; then all rows go in one transaction (services.members_bulk_create).

The modules, in the order a file goes through them:

    columns     the template's columns, their headers and aliases, how headers and choices are compared
                (Schema: what one kind of import reads; MEMBERS by default, candidates.imports has its own)
    reading     what the file really is, which sheet holds the members, where their header row is
    converting  a cell -> a field's value (dates, booleans, national IDs, choices, the cell by code or name)
    validating  the service's validation attached to rows and columns; same-person warnings
    pipeline    check_file (upload), parse (any schema), read_members (preview), commit_pending (confirm, once)
    template    the downloadable template workbook
    updating    rows that update recorded members (by national ID or record number): what they change
    choosing    the preview's corrections of how a pending file is read: its sheet, each column's field
    checked     the user's own workbook back with a "Lỗi" column and the faulty cells marked
    quotas      the quota sheet's workbook: its template and reading it back (bulk load of quotas)
    results     Problem, ImportRow, ImportResult, ImportFileError

Callers use only the names below (`from admissions import imports`).
"""

from .checked import write_checked
from .choosing import FIELD_PREFIX, choose_mapping, choose_sheet
from .columns import COLUMN_BY_FIELD, COLUMNS, MEMBERS, Column, Schema
from .pipeline import (
    MAX_ROWS,
    check_file,
    commit_members,
    commit_pending,
    parse,
    read_members,
    read_pending,
)
from .quotas import QuotaRow, read_quota_rows, write_quota_template
from .reading import Reading, SheetChoice
from .results import ImportFileError, ImportResult, ImportRow, Problem
from .template import EXAMPLE_NOTE, EXAMPLE_ROW, write_template
from .updating import read_versions, sign_versions
from .validating import attach_errors

__all__ = [
    "COLUMNS",
    "COLUMN_BY_FIELD",
    "EXAMPLE_NOTE",
    "EXAMPLE_ROW",
    "FIELD_PREFIX",
    "MAX_ROWS",
    "MEMBERS",
    "Column",
    "ImportFileError",
    "ImportResult",
    "ImportRow",
    "Problem",
    "QuotaRow",
    "Reading",
    "Schema",
    "SheetChoice",
    "attach_errors",
    "check_file",
    "choose_mapping",
    "choose_sheet",
    "commit_members",
    "commit_pending",
    "parse",
    "read_members",
    "read_pending",
    "read_quota_rows",
    "read_versions",
    "sign_versions",
    "write_checked",
    "write_quota_template",
    "write_template",
]
