"""What an import reports: the rows read, their problems (errors refuse the file, warnings only inform), and
the error that refuses a file as a whole."""

import dataclasses
from typing import TYPE_CHECKING

from .columns import COLUMNS, Column

if TYPE_CHECKING:
    from .reading import HeaderBlock, SheetChoice, SkippedRow


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
    # The national ID as a masked export writes it ("********1234"): its last 4 digits, never a value.
    masked_national_id: str = ""
    # A row whose national ID (or record number) is already recorded in the user's scope updates that
    # member: the member as read, and its fields that the row changes, as (before, after) for the preview.
    member: object = None
    changes: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)

    @property
    def action(self) -> str:
        """ "new", "update" (the recorded member changes) or "same" (the row says what is recorded)."""
        if self.member is None:
            return "new"
        return "update" if self.changes else "same"


# The preview lists at most this many rows and this many problems; the checked file carries them all.
PREVIEW_ROWS = 1000


def _cell(row: ImportRow, field: str, header: str) -> tuple[str, str, str]:
    errors = [problem.message for problem in row.errors if problem.column == header]
    warnings = [problem.message for problem in row.warnings if problem.column == header]
    state = "error" if errors else "warning" if warnings else ""
    return row.shown.get(field, ""), state, " ".join(errors or warnings)


@dataclasses.dataclass
class ImportResult:
    rows: list[ImportRow]
    columns: list[Column]  # the columns found in the file, in the template's order
    ignored_headers: list[str]
    header: "HeaderBlock | None" = None  # which rows were the header, how each column was understood
    skipped: list["SkippedRow"] = dataclasses.field(default_factory=list)  # not members: totals, signatures
    created: int = 0  # once written: members created and members updated
    updated: int = 0
    # The columns could not be read as understood (a required one missing...): the preview asks the user
    # to say what each column is, and nothing can be written.
    mapping_error: str = ""
    sheet: str = ""  # the sheet read
    sheets: list["SheetChoice"] = dataclasses.field(default_factory=list)  # when several look like data

    @property
    def errors(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.errors]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.warnings]

    @property
    def table(
        self,
    ) -> list[tuple[int, list[tuple[str, str, str]], int, int, str, list[tuple[str, str, str]]]]:
        """For the preview: each shown row's number, its cells as (value as written, "error" / "warning" / "",
        that cell's messages), its numbers of errors and warnings, what it does (new, update, same) and, for
        an update, each change as (column, before, after). The cell a problem names is marked, not the row."""
        fields = [column.field for column in self.columns]
        headers = {column.field: column.header for column in self.columns}
        return [
            (
                row.number,
                [_cell(row, field, headers[field]) for field in fields],
                len(row.errors),
                len(row.warnings),
                row.action,
                [
                    (headers.get(field, field), before, after)
                    for field, (before, after) in row.changes.items()
                ],
            )
            for row in self.shown_rows
        ]

    @property
    def shown_rows(self) -> list[ImportRow]:
        """The rows the preview lists, in the file's order: every row with a problem or a change first (up to
        PREVIEW_ROWS), then the other rows until PREVIEW_ROWS. A file of 50,000 rows gives a page a browser
        can show; the checked file (imports.checked) carries every row."""
        flagged = [row for row in self.rows if row.errors or row.warnings or row.changes][:PREVIEW_ROWS]
        chosen = {id(row) for row in flagged}
        rest = [row for row in self.rows if id(row) not in chosen][: PREVIEW_ROWS - len(flagged)]
        return sorted([*flagged, *rest], key=lambda row: row.number)

    @property
    def hidden_rows(self) -> int:
        """How many rows the preview does not list (shown_rows)."""
        return max(0, len(self.rows) - PREVIEW_ROWS)

    @property
    def shown_problems(self) -> list[tuple[str, Problem]]:
        """The problems the preview lists, as ("error" / "warning", problem): errors first, at most
        PREVIEW_ROWS in all (the checked file has them all)."""
        problems = [("error", p) for p in self.errors] + [("warning", p) for p in self.warnings]
        return problems[:PREVIEW_ROWS]

    @property
    def hidden_problems(self) -> int:
        return max(0, len(self.errors) + len(self.warnings) - PREVIEW_ROWS)

    @property
    def field_choices(self) -> list[Column]:
        """What a column of the file may be taken as, for the preview's selects: every import column."""
        return list(COLUMNS)

    @property
    def new_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.action == "new"]

    @property
    def update_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.action == "update"]

    @property
    def same_count(self) -> int:
        return sum(1 for row in self.rows if row.action == "same")

    @property
    def versions(self) -> dict[int, int]:
        """The version of each member the file updates, as previewed: the confirmation writes over no
        change made since (the member's optimistic lock)."""
        return {row.member.pk: row.member.version for row in self.update_rows}

    @property
    def has_writes(self) -> bool:
        return any(row.action != "same" for row in self.rows)

    @property
    def can_commit(self) -> bool:
        return self.has_writes and not any(row.errors for row in self.rows)
