"""The pending import (PendingImport): kept at upload, claimed once by the confirmation.

The confirmation calls pending_import_claim() and then writes the members inside one transaction
(admissions.imports.commit_pending): the claim locks the row, so a second confirmation of the same file
waits for the first and then finds it imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import PendingImport
from ..models.imports import stale_before

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User


class PendingImportGone(Exception):
    """The file to confirm is not there (expired, replaced by a newer upload, or never uploaded)."""

    message = _("Tệp đang chờ nhập đã hết hạn hoặc không còn. Hãy tải tệp lên lại.")


class AlreadyImported(Exception):
    """The file was confirmed already: its members are written, and will not be written twice."""

    def __init__(self, pending: PendingImport):
        self.pending = pending
        super().__init__(pending.token)

    @property
    def message(self) -> str:
        at = timezone.localtime(self.pending.imported_at)
        return _(
            "Tệp “%(name)s” đã được nhập lúc %(time)s ngày %(date)s (%(count)s đảng viên); không nhập lại lần nữa."
        ) % {
            "name": self.pending.file_name,
            "time": f"{at:%H:%M}",
            "date": f"{at:%d/%m/%Y}",
            "count": self.pending.imported_count,
        }


@transaction.atomic
def pending_import_create(*, user: User, upload: UploadedFile, kind: str = "member") -> PendingImport:
    """Keep `upload` for its preview and confirmation. The user's earlier unconfirmed file is dropped (one
    import at a time, as before), and so is every stale one; imported ones stay until stale, so a late
    second confirmation still reads "already imported"."""
    PendingImport.objects.filter(created_at__lt=stale_before()).delete()
    PendingImport.objects.filter(owner=user, kind=kind, imported_at__isnull=True).delete()
    upload.seek(0)
    pending = PendingImport(owner=user, kind=kind, file_name=upload.name[:255], content=upload.read())
    pending.full_clean(exclude=["owner", "content"])
    pending.save()
    return pending


def pending_import_discard(*, user: User, token: str, kind: str = "member") -> None:
    PendingImport.objects.of(user, token, kind).filter(imported_at__isnull=True).delete()


def pending_import_claim(*, user: User, token: str, kind: str = "member") -> PendingImport:
    """Lock the user's pending file `token` for the confirmation, inside the caller's transaction.

    A concurrent confirmation of the same file waits here until this transaction ends, then sees it
    imported (AlreadyImported) or, if nothing was written, claims it in turn. Raises PendingImportGone if
    there is no such file of this user, or it is stale."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("pending_import_claim() must run in the transaction that writes the members.")
    pending = PendingImport.objects.select_for_update().of(user, token, kind).fresh().first()
    if pending is None:
        raise PendingImportGone
    if pending.imported_at is not None:
        raise AlreadyImported(pending)
    return pending


def pending_import_mark_imported(*, pending: PendingImport, count: int) -> None:
    """The claimed file's members are written: remember when and how many, and drop the bytes."""
    pending.imported_at = timezone.now()
    pending.imported_count = count
    pending.content = b""
    pending.save(update_fields=["imported_at", "imported_count", "content"])


def pending_import_set_reading(*, pending: PendingImport, sheet_name: str, mapping: dict) -> None:
    """Keep how the owner chose, on the preview, to read their pending file: the sheet, and the field of
    each column (admissions.imports.choosing checks the choice on the file first)."""
    pending.sheet_name = sheet_name
    pending.mapping = mapping
    pending.full_clean(exclude=["owner", "content"])
    pending.save(update_fields=["sheet_name", "mapping"])
