"""The history of every change (lịch sử thay đổi)."""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import text
from .base import AuthoredLine
from .members import Member
from .quotas import Quota, TermTarget
from .units import Unit


class AuditAction(models.TextChoices):
    CREATE = "create", _("Thêm mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")
    # Reads worth a line too (issue 12): a list taken away as a file, a national ID shown in full.
    EXPORT = "export", _("Xuất danh sách")
    REVEAL = "reveal", _("Xem số CCCD đầy đủ")


class AuditEntry(AuthoredLine):
    """One line of a record's history (lịch sử thay đổi): who did what to which record, and when.

    Written only by admissions.services, so every create, update and delete made through the app (the
    pages, the admin, the importer) leaves a line. `changes` maps a field name to [old, new]; dates are
    ISO strings, related units their names, so a line still reads correctly after the unit is renamed
    or the record is deleted.
    """

    action = models.CharField(_("thao tác"), max_length=8, choices=AuditAction.choices)
    object_type = models.CharField(_("loại bản ghi"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("mã bản ghi"))
    object_repr = models.CharField(_("bản ghi"), max_length=255)
    changes = models.JSONField(_("nội dung thay đổi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("lịch sử thay đổi")
        verbose_name_plural = _("lịch sử thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field label, old value, new value) for display, in the model's field order."""
        model = {
            "member": Member,
            "unit": Unit,
            "quota": Quota,
            "termtarget": TermTarget,
            "user": apps.get_model(settings.AUTH_USER_MODEL),
            # The pipeline's records (candidates/), looked up by name: admissions imports no candidate.
            "candidate": apps.get_model("candidates", "Candidate"),
            "dayoff": apps.get_model("candidates", "DayOff"),
        }.get(self.object_type)
        if model is None:
            return []
        rows = []
        for field in model._meta.concrete_fields:
            if field.name in self.changes:
                old, new = self.changes[field.name]
                if field.name == "national_id":  # the history shows an ID as the lists do
                    old, new = text.mask_national_id(old) or None, text.mask_national_id(new) or None
                rows.append((capfirst(field.verbose_name), _display(field, old), _display(field, new)))
        return rows


def display_value(instance: models.Model, field_name: str) -> str:
    """A field of a record as a clerk reads it, formatted like the history (dd/mm/yyyy, labels, Có/Không)."""
    field = instance._meta.get_field(field_name)
    if field.is_relation:
        return str(getattr(instance, field_name) or "—")
    value = field.value_from_object(instance)
    return _display(field, value.isoformat() if isinstance(value, datetime.date) else value)


def _display(field, value) -> str:
    """A stored history value as a clerk reads it (labels of choices, dd/mm/yyyy, Có/Không)."""
    if value is None or value == "":
        return "—"
    if isinstance(field, models.BooleanField):
        return str(_("Có") if value else _("Không"))
    if isinstance(field, models.DateField):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
