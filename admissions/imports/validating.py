"""The rows' validation, as for a record typed in by hand (services.members_build runs Member.full_clean()
and derive()): its errors attached to the rows and columns of the file, and the warnings of a possible
second record of the same person."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from ..selectors import same_person_keys
from ..text import fold
from .columns import COLUMN_BY_FIELD, Column
from .results import ImportRow, Problem


def _problems_of(
    number: int, error: ValidationError, already: set[str], by_field: Mapping[str, Column]
) -> list[Problem]:
    """The problems of row `number` under the headers of their fields; `already` holds the headers whose
    cell could not be read."""
    problems = []
    for field, messages in error.message_dict.items():
        column = by_field.get(field)
        header = column.header if column else ""
        if header and header in already:
            continue  # the cell could not be read; "required" on top of that would only confuse
        if field == NON_FIELD_ERRORS or column is None:
            header = ""
        problems.extend(Problem(number, str(header), message) for message in messages)
    return problems


def attach_errors(
    rows: list[ImportRow],
    errors_by_index: dict[int, ValidationError],
    by_field: Mapping[str, Column] = COLUMN_BY_FIELD,
) -> None:
    """Add the service's validation errors (by the row's index in the batch) to the rows of the file, under
    the headers of `by_field`'s columns (the members' import's by default)."""
    for index, error in errors_by_index.items():
        row = rows[index]
        already = {problem.column for problem in row.errors}
        row.errors.extend(_problems_of(row.number, error, already, by_field))


def warn_same_person(rows: list[ImportRow]) -> None:
    """Same folded name and birth date twice in the file, or already recorded: shown, not refused."""
    keyed = [
        (row, (fold(row.values["full_name"])[:120], row.values["date_of_birth"]))
        for row in rows
        if row.values.get("full_name") and isinstance(row.values.get("date_of_birth"), datetime.date)
    ]
    recorded = same_person_keys(birth_dates={key[1] for _row, key in keyed})
    first: dict[tuple, int] = {}
    name_header = COLUMN_BY_FIELD["full_name"].header
    for row, key in keyed:
        if key in recorded:
            row.warnings.append(
                Problem(
                    row.number, name_header, str(_("Đã có đảng viên cùng họ tên và ngày sinh trong dữ liệu."))
                )
            )
        if key in first:
            row.warnings.append(
                Problem(
                    row.number,
                    name_header,
                    str(_("Cùng họ tên và ngày sinh với dòng %(row)s.") % {"row": first[key]}),
                )
            )
        else:
            first[key] = row.number
