"""The import's steps: check the file (upload page) -> parse and validate (preview) -> commit (confirm).

Nothing is written until the user confirms a file with no error; then all rows go in one transaction
(services.members_bulk_create). The confirmation parses the kept file again: the parse is deterministic, so
what is written is what was previewed."""

import io
import logging
from typing import TYPE_CHECKING, BinaryIO

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core import jobs

from .. import services
from .columns import MEMBERS, Schema
from .converting import Converter, read_row
from .reading import MappingError, Reading, SkippedRow, filled, open_sheet, sheet_choices
from .results import ImportFileError, ImportResult, ImportRow, Problem
from .updating import match_recorded
from .validating import attach_errors, warn_same_person

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000


def check_file(upload: BinaryIO, *, schema: Schema = MEMBERS, mapping_asked: bool = True) -> None:
    """The checks of the file as a whole, cheaply (up to the first filled row): raises ImportFileError.
    A header whose columns need the user's choice (MappingError) is accepted when the preview asks for it
    (`mapping_asked`, the members' import), refused with its message otherwise."""
    try:
        sheet = open_sheet(upload, schema=schema)
    except MappingError:
        upload.seek(0)
        if mapping_asked:
            return
        raise
    try:
        if not any(filled(values) for _number, values in sheet.data_rows()):
            raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    finally:
        sheet.close()
        upload.seek(0)


def _parsed(upload: BinaryIO, *, user: "User", reading: Reading | None = None) -> ImportResult:
    """The members' rows of the workbook, converted and matched to the recorded members they update."""
    result = parse(upload, user=user, reading=reading)
    match_recorded(result.rows, user=user)
    return result


def parse(
    upload: BinaryIO,
    *,
    user: "User",
    reading: Reading | None = None,
    schema: Schema = MEMBERS,
    max_rows: int = MAX_ROWS,
) -> ImportResult:
    """The rows of the workbook with their cells converted as `schema` says (the members' by default, the
    candidates' for theirs); the model's validation is not run yet."""
    sheet = open_sheet(upload, reading, schema)
    converter = Converter(user, schema)
    rows: list[ImportRow] = []
    skipped: list[SkippedRow] = []
    for number, values in sheet.member_rows(skipped):
        if len(rows) >= max_rows:
            raise ImportFileError(
                _("Tệp có hơn %(count)s dòng. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"count": f"{max_rows:,}".replace(",", ".")}
            )
        rows.append(read_row(number, values, sheet.by_index, converter))
        jobs.report(done=number)  # a long file's progress bar (core.jobs), when a background job reads it
    if not rows:
        raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    converter.resolve(rows)
    columns = [column for column in schema.columns if column in sheet.by_index.values()]
    return ImportResult(
        rows=rows,
        columns=columns,
        ignored_headers=sheet.ignored_headers,
        header=sheet.header,
        skipped=skipped,
        sheet=sheet.name,
        sheets=sheet_choices(upload, sheet.name, schema) if sheet.data_sheets > 1 else [],
    )


def _batch(rows: list[ImportRow]) -> dict[str, list]:
    """The service's arguments for new members: their values and their numbers in the file."""
    return {
        # A blank optional cell is left out, so the model's default applies (Kinh, no religion, ...).
        "rows": [dict(row.values) for row in rows],
        "row_numbers": [row.number for row in rows],
    }


def _changed_fields(row: ImportRow) -> dict:
    return {field: row.values[field] for field in row.changes}


def read_members(upload: BinaryIO, *, user: "User", reading: Reading | None = None) -> ImportResult:
    """Parse and validate an uploaded workbook, read as `reading` says; nothing is written. Raises
    ImportFileError for a bad file; a header whose columns need the user's choice gives a result with no
    rows and its `mapping_error`, for the preview to ask."""
    try:
        result = _parsed(upload, user=user, reading=reading)
    except MappingError as error:
        return ImportResult(
            rows=[],
            columns=[],
            ignored_headers=[],
            header=error.header,
            mapping_error=str(error.args[0]),
            sheet=error.sheet,
            sheets=sheet_choices(upload, error.sheet) if error.data_sheets > 1 else [],
        )
    jobs.report(phase=jobs.CHECKING)
    new, updates = result.new_rows, result.update_rows
    _members, errors = services.members_build(user=user, **_batch(new))
    attach_errors(new, errors)
    attach_errors(
        updates,
        services.members_updates_check(updates=[(row.member, _changed_fields(row)) for row in updates]),
    )
    warn_same_person(new)
    return result


def commit_members(
    upload: BinaryIO,
    *,
    user: "User",
    versions: dict[int, int] | None = None,
    reading: Reading | None = None,
) -> tuple[ImportResult, int]:
    """Parse the workbook again and write every row in one transaction, or none. Returns the result and
    the number of members created or updated (0 when the result has errors: the caller shows them).
    `versions` are the versions of the updated members as the preview showed them (ImportResult.versions):
    a member changed by someone else since then refuses the file, as the member form would.

    The rows are validated once, by the service that writes them (the preview ran the same validation)."""
    try:
        result = _parsed(upload, user=user, reading=reading)
    except MappingError as error:
        raise ImportFileError(error.args[0]) from error
    if not result.can_commit:
        return result, 0
    jobs.report(phase=jobs.SAVING)
    new, updates = result.new_rows, result.update_rows
    seen = versions or {}
    try:
        created, updated = services.members_import(
            **_batch(new),
            updates=[
                (r.member, seen.get(r.member.pk, r.member.version), _changed_fields(r)) for r in updates
            ],
            update_row_numbers=[row.number for row in updates],
            user=user,
        )
    except services.MembersInvalid as invalid:  # someone recorded or changed a member meanwhile
        attach_errors([*new, *updates], invalid.errors_by_row)
        return result, 0
    except IntegrityError as error:
        logger.warning("Import refused by the database: %r", error)
        result.rows[0].errors.append(
            Problem(
                0,
                "",
                str(_("Dữ liệu vừa thay đổi trong lúc nhập (có thể trùng số CCCD). Hãy tải tệp lên lại.")),
            )
        )
        return result, 0
    result.created, result.updated = created, updated
    return result, created + updated


def commit_pending(
    *, token: object, user: "User", versions: dict[int, int] | None = None
) -> tuple[ImportResult, int]:
    """Confirm the user's pending file `token`: claim it and write its members in one transaction, so it is
    written once however many times it is confirmed. Raises services.AlreadyImported when it was written
    already (a double click, a second tab: the later one waits for the earlier and then finds it done),
    services.PendingImportGone when there is no such file; ImportFileError for an unreadable one."""
    with transaction.atomic():
        pending = services.pending_import_claim(user=user, token=token)
        result, created = commit_members(
            io.BytesIO(bytes(pending.content)), user=user, versions=versions, reading=reading_of(pending)
        )
        if created:
            services.pending_import_mark_imported(pending=pending, count=created)
    return result, created


def reading_of(pending) -> Reading:
    """How the user chose, on the preview, to read their pending file (PendingImport)."""
    return Reading(sheet=pending.sheet_name, mapping={int(k): v for k, v in (pending.mapping or {}).items()})


def read_pending(pending, *, user: "User") -> ImportResult:
    """The preview of a pending file (PendingImport), read as its owner chose on the preview."""
    return read_members(io.BytesIO(bytes(pending.content)), user=user, reading=reading_of(pending))
