"""An import of candidates from a workbook: every row created through candidate_create(), all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from .candidates import candidate_create

if TYPE_CHECKING:
    from accounts.models import User


class CandidatesInvalid(Exception):
    """Rows of an import the rules refuse: their errors by the row's index in the batch; nothing is written."""

    def __init__(self, errors_by_row: dict[int, ValidationError]):
        self.errors_by_row = errors_by_row
        super().__init__(f"{len(errors_by_row)} invalid rows")


def _by_field(error: ValidationError) -> ValidationError:
    """An error that names no field (a conflict) is the row's as a whole."""
    return error if hasattr(error, "error_dict") else ValidationError({NON_FIELD_ERRORS: error.messages})


def _create_each(rows: Sequence[dict], user: User | None) -> dict[int, ValidationError]:
    """candidate_create() for every row in turn, each in its own savepoint; the refused rows' errors. A
    later row meets the earlier ones as recorded (the same national ID twice in a file is refused)."""
    errors: dict[int, ValidationError] = {}
    for index, fields in enumerate(rows):
        try:
            with transaction.atomic():
                candidate_create(user=user, **fields)
        except ValidationError as error:
            errors[index] = _by_field(error)
    return errors


def candidates_check(*, rows: Sequence[dict], user: User | None = None) -> dict[int, ValidationError]:
    """The errors the import of `rows` would meet, by the row's index, writing nothing: every row is
    created as the confirmation would create it, with every rule of candidate_create(), and the whole
    transaction is then rolled back (the preview of an import checks exactly what the confirmation does)."""
    with transaction.atomic():
        errors = _create_each(rows, user)
        transaction.set_rollback(True)
    return errors


@transaction.atomic
def candidates_import(*, rows: Sequence[dict], user: User | None = None) -> int:
    """Create a candidate of every row through candidate_create() (its rules, its history line), or none:
    a refused row raises CandidatesInvalid and the transaction writes nothing. Returns the number created."""
    errors = _create_each(rows, user)
    if errors:
        raise CandidatesInvalid(errors)
    return len(rows)
