"""What an import reports: the rows read, their problems (errors refuse the file, warnings only inform), and
the error that refuses a file as a whole."""

import dataclasses
from typing import TYPE_CHECKING

from .columns import Column

if TYPE_CHECKING:
    from .reading import HeaderBlock, SkippedRow


class ImportFileError(Exception):
    """The file as a whole cannot be read as a members' list; the message says why, in Vietnamese."""


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
    header: "HeaderBlock | None" = None  # which rows were the header, how each column was understood
    skipped: list["SkippedRow"] = dataclasses.field(default_factory=list)  # not members: totals, signatures

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
