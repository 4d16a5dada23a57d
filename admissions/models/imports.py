"""A spreadsheet import between its preview and its confirmation."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def stale_before() -> datetime.datetime:
    """Files uploaded before this are stale: removed, and no longer confirmed (IMPORT_PENDING_HOURS)."""
    return timezone.now() - datetime.timedelta(hours=settings.IMPORT_PENDING_HOURS)


class PendingImportQuerySet(models.QuerySet):
    def fresh(self):
        return self.filter(created_at__gte=stale_before())

    def of(self, user, token: object, kind: str = "member"):
        """The user's file `token` of an import of `kind`; a malformed token is no file (never an error)."""
        try:
            token = uuid.UUID(str(token))
        except ValueError:
            return self.none()
        return self.filter(owner=user, token=token, kind=kind)


class PendingImport(models.Model):
    """An uploaded workbook waiting for its owner to confirm the preview (nhập từ Excel).

    Kept in the database, not on one app server's disk, so the preview and the confirmation may be served
    by different servers. The confirmation claims the row (locked, `imported_at` still empty) in the
    transaction that writes the members, so a second confirmation of the same file (a double click, a
    second tab) writes nothing and says the file was already imported. Stale rows are removed when the
    next file is uploaded (services.pending_import_create).
    """

    token = models.UUIDField(_("mã tệp"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Which import it waits for: "member" (admitted members), "candidate" (the pipeline's candidates). A file
    # is confirmed only by the import it was uploaded to.
    kind = models.CharField(_("loại tệp nhập"), max_length=16, default="member")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"))
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    imported_at = models.DateTimeField(_("thời điểm nhập"), null=True, blank=True)
    imported_count = models.PositiveIntegerField(_("số đảng viên đã nhập"), default=0)
    # How the user asked the file to be read on its preview (empty: as detected): the sheet holding the
    # members and, per column of its header (its index, as text), the field it is taken as ("" ignores it).
    # The confirmation reads the file the same way, so what is written is what was previewed.
    sheet_name = models.CharField(_("trang tính được chọn"), max_length=255, blank=True, default="")
    mapping = models.JSONField(_("cách hiểu các cột"), blank=True, default=dict)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp chờ nhập")
        verbose_name_plural = _("tệp chờ nhập")
        indexes = [models.Index(fields=["created_at"], name="pending_import_created_idx")]

    def __str__(self):
        return self.file_name
