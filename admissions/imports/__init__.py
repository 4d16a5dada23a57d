"""Spreadsheet import of admitted members (parse -> validate -> preview -> commit); the entry points."""

from .converting import (
    COLUMNS,
    EXAMPLE_NOTE,
    MAX_ROWS,
    ImportFileError,
    ImportResult,
    ImportRow,
    Problem,
    check_file,
    commit_members,
    read_members,
    write_template,
)

__all__ = [
    "COLUMNS",
    "EXAMPLE_NOTE",
    "MAX_ROWS",
    "ImportFileError",
    "ImportResult",
    "ImportRow",
    "Problem",
    "check_file",
    "commit_members",
    "read_members",
    "write_template",
]
