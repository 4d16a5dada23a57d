"""The user's corrections of how a pending file is read, made on its preview (as Odoo's import does): which
sheet holds the members, and which field each column is. Checked on the file before they are kept; a bad
choice is refused with a message and changes nothing. The confirmation reads the file the same way."""

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .. import selectors, services
from .columns import COLUMN_BY_FIELD
from .reading import MappingError, Reading, open_sheet
from .results import ImportFileError

if TYPE_CHECKING:
    from accounts.models import User

# The preview's select of the column at index i is named "column-<i>".
FIELD_PREFIX = "column-"
TAMPERED = _("Lựa chọn cột không hợp lệ. Hãy chọn lại trong danh sách của từng cột.")


def _pending(user: "User", token: object):
    pending = selectors.pending_import(user=user, token=token)
    if pending is None:
        raise services.PendingImportGone
    return pending


def _check(pending, reading: Reading, *, mapping_needed_is_fine: bool) -> None:
    try:
        sheet = open_sheet(io.BytesIO(bytes(pending.content)), reading)
    except MappingError:
        if not mapping_needed_is_fine:
            raise
        return
    sheet.close()


def choose_sheet(*, user: "User", token: object, sheet: str) -> None:
    """Read the pending file `token` from its sheet named `sheet`; each column is understood by its header
    again (a mapping chosen on another sheet does not apply). A sheet whose columns need the user's choice
    is accepted (the preview then asks); one with no header at all, or no such sheet, raises
    ImportFileError. Raises services.PendingImportGone when the file is not this user's pending one."""
    pending = _pending(user, token)
    sheet = str(sheet or "")[:255]
    if not sheet:
        raise ImportFileError(_("Hãy chọn một trang tính."))
    _check(pending, Reading(sheet=sheet), mapping_needed_is_fine=True)
    services.pending_import_set_reading(pending=pending, sheet_name=sheet, mapping={})


def mapping_from(posted: Mapping[str, str]) -> dict[int, str]:
    """The preview's selects (column-<index> -> a field, or "" for none) as a mapping; anything else in
    them raises ImportFileError."""
    mapping = {}
    for key, value in posted.items():
        if not key.startswith(FIELD_PREFIX):
            continue
        index = key.removeprefix(FIELD_PREFIX)
        if not (index.isascii() and index.isdigit() and len(index) <= 4) or (
            value and value not in COLUMN_BY_FIELD
        ):
            raise ImportFileError(TAMPERED)
        mapping[int(index)] = value
    if not mapping:
        raise ImportFileError(TAMPERED)
    return mapping


def choose_mapping(*, user: "User", token: object, posted: Mapping[str, str]) -> None:
    """Read the pending file `token` with each column taken as the preview's selects say. Refused, with
    nothing kept, when a field is chosen for two columns, a required field for none, or the selects were
    tampered with (ImportFileError); services.PendingImportGone when the file is not this user's."""
    pending = _pending(user, token)
    reading = Reading(sheet=pending.sheet_name, mapping=mapping_from(posted))
    _check(pending, reading, mapping_needed_is_fine=False)
    services.pending_import_set_reading(
        pending=pending,
        sheet_name=pending.sheet_name,
        mapping={str(k): v for k, v in reading.mapping.items()},
    )
