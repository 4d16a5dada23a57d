"""Many members at once (the spreadsheet import): the same checks as member_create(), with the batch's cells,
their grassroots organisations and the national IDs already recorded each read once, not once per row."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core import bulk

from ..models import AuditAction, AuditEntry, Member, Unit
from ..selectors import grassroots_by_cell
from .history import audit_entry, author_of
from .members import member_update
from .summary import summary_add

if TYPE_CHECKING:
    from accounts.models import User


_BULK_CHUNK = 2000


class MembersInvalid(ValidationError):
    """Some rows of a batch failed validation; `errors_by_row` maps each failed row's index to its errors."""

    def __init__(self, errors_by_row: dict[int, ValidationError]):
        self.errors_by_row = errors_by_row
        super().__init__(
            _("Có %(count)s dòng không hợp lệ, chưa ghi dòng nào.") % {"count": len(errors_by_row)}
        )


def _national_ids_recorded(national_ids: list[str]) -> set[str]:
    recorded = set()
    for start in range(0, len(national_ids), _BULK_CHUNK):
        chunk = national_ids[start : start + _BULK_CHUNK]
        recorded.update(
            Member.objects.filter(bulk.one_of("national_id", chunk)).values_list("national_id", flat=True)
        )
    return recorded


def _member_checked(member: Member, cells: dict[int, Unit]) -> dict[str, list]:
    """Run member_create()'s validation on one unsaved member; the cell comes from `cells` (no query)."""
    problems: dict[str, list] = {}
    cell_field = Member._meta.get_field("cell")
    if member.cell_id is None:
        problems["cell"] = [ValidationError(cell_field.error_messages["blank"], code="blank")]
    elif member.cell_id not in cells:
        problems["cell"] = [ValidationError(_("Chi bộ này không tồn tại."), code="invalid")]
        member.cell = None
    else:
        member.cell = cells[member.cell_id]
    try:
        # The cell was checked above; the national ID's uniqueness is checked for the whole batch below.
        # Member has no unique=True field besides its id, so validate_unique() would find nothing to check.
        member.full_clean(
            exclude=["grassroots", "cell", "created_by", "updated_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        problems = error.update_error_dict(problems)
    return problems


def members_build(
    *, rows: Sequence[dict], user: User | None = None, row_numbers: Sequence[int] | None = None
) -> tuple[list[Member], dict[int, ValidationError]]:
    """Build and validate members in memory, writing nothing: full_clean() and derive() as in member_create(),
    plus the national ID's uniqueness against the database and within the batch.

    Returns the unsaved members and the errors of the failed rows by index. `row_numbers` names the rows in
    messages (e.g. the spreadsheet's row numbers); by default they are counted from 1.
    """
    author = author_of(user)
    row_numbers = row_numbers or range(1, len(rows) + 1)
    members = [Member(**fields) for fields in rows]
    cells = Unit.objects.in_bulk({member.cell_id for member in members if member.cell_id})
    grassroots = grassroots_by_cell(cells.values())
    problems: dict[int, dict[str, list]] = {}
    for index, member in enumerate(members):
        member.created_by = member.updated_by = author
        found = _member_checked(member, cells)
        if found:
            problems[index] = found
        else:
            member.derive(grassroots=grassroots.get(member.cell_id))

    recorded = _national_ids_recorded([m.national_id for m in members if m.national_id])
    unique = next(c for c in Member._meta.constraints if c.name == "member_national_id_unique")
    first_row: dict[str, int] = {}
    for index, member in enumerate(members):
        if not member.national_id:
            continue
        if member.national_id in recorded:
            message = unique.get_violation_error_message()
        elif member.national_id in first_row:
            message = _("Số CCCD này trùng với dòng %(row)s.") % {"row": first_row[member.national_id]}
        else:
            first_row[member.national_id] = row_numbers[index]
            continue
        problems.setdefault(index, {}).setdefault("national_id", []).append(
            ValidationError(message, code="unique")
        )
    return members, {index: ValidationError(found) for index, found in sorted(problems.items())}


@transaction.atomic
def members_bulk_create(
    *, rows: Sequence[dict], user: User | None = None, row_numbers: Sequence[int] | None = None
) -> list[Member]:
    """Create every member of `rows` or none: any invalid row raises MembersInvalid and nothing is written."""
    members, errors = members_build(rows=rows, user=user, row_numbers=row_numbers)
    if errors:
        raise MembersInvalid(errors)
    try:
        with transaction.atomic():  # a savepoint, so the batch can be checked again after a refusal
            created = bulk.insert_all(Member, members)
    except IntegrityError:
        # Someone recorded one of these national IDs after the check above: checked again, the row says so
        # (and if the check still finds nothing, the caller hears of the database's refusal as it is).
        _members, errors = members_build(rows=rows, user=user, row_numbers=row_numbers)
        if errors:
            raise MembersInvalid(errors) from None
        raise
    summary_add(member_ids=[member.pk for member in created])
    # An imported record has its history line like one entered by hand.
    bulk.insert_all(
        AuditEntry,
        [audit_entry(user=user, action=AuditAction.CREATE, instance=member) for member in created],
    )
    return created


def members_updates_check(*, updates: Sequence[tuple[Member, dict]]) -> dict[int, ValidationError]:
    """Validate changes to recorded members without writing them: each member with its new `fields` applied
    (on a copy) passes the same checks as member_update(). Returns the errors of the failed ones by index."""
    cells = Unit.objects.in_bulk({f["cell"].pk for _m, f in updates if isinstance(f.get("cell"), Unit)})
    errors: dict[int, ValidationError] = {}
    for index, (member, fields) in enumerate(updates):
        candidate = copy.copy(member)
        for name, value in fields.items():
            setattr(candidate, name, value)
        if candidate.cell_id in cells:
            candidate.cell = cells[candidate.cell_id]
        try:
            candidate.full_clean(exclude=["grassroots", "created_by", "updated_by"])
        except ValidationError as error:
            errors[index] = error
    return errors


@transaction.atomic
def members_import(
    *,
    rows: Sequence[dict],
    row_numbers: Sequence[int],
    updates: Sequence[tuple[Member, int, dict]],
    update_row_numbers: Sequence[int],
    user: User | None = None,
) -> tuple[int, int]:
    """One import, all or nothing: create the new members of `rows`, and change each recorded member of
    `updates` (member, the version the user previewed, its changed fields) through member_update(), with
    its optimistic lock and history line. A row that fails rolls everything back and raises MembersInvalid,
    its errors keyed by the row's index among the new rows, then among the updates (after the new rows)."""
    created = members_bulk_create(user=user, rows=rows, row_numbers=row_numbers) if rows else []
    for index, (member, version, fields) in enumerate(updates):
        try:
            member_update(member=member, user=user, expected_version=version, **fields)
        except ValidationError as error:
            # The stale-version refusal names no field: it is the row's, as a whole.
            by_field = (
                error if hasattr(error, "error_dict") else ValidationError({NON_FIELD_ERRORS: error.messages})
            )
            raise MembersInvalid({len(rows) + index: by_field}) from error
    return len(created), len(updates)
