"""Admission quotas (DOMAIN.md section 3)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import text
from ..choices import QuotaSource
from .base import ValidatesUniqueConstraintsOnly
from .units import Unit


class Quota(ValidatesUniqueConstraintsOnly):
    """An admission quota (chỉ tiêu kết nạp) of a unit for a year.

    Attainment is judged by default against the quota assigned by the superior committee
    (QuotaSource.ASSIGNED); a congress resolution or a self-set plan may add other targets.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="quotas")
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("nguồn chỉ tiêu"), max_length=16, choices=QuotaSource.choices, default=QuotaSource.ASSIGNED
    )
    target = models.PositiveIntegerField(
        _("chỉ tiêu (đảng viên)"),
        validators=[MinValueValidator(1, _("Chỉ tiêu phải là số nguyên dương."))],
    )
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu kết nạp")
        verbose_name_plural = _("chỉ tiêu kết nạp")
        ordering = ["-year", "unit__path", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "source"],
                name="one_quota_per_unit_year_source",
                violation_error_message=_("Đơn vị này đã có chỉ tiêu của nguồn này trong năm."),
            ),
            models.CheckConstraint(
                condition=models.Q(target__gt=0),
                name="quota_target_positive",
                violation_error_message=_("Chỉ tiêu phải là số nguyên dương."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1930, year__lte=2100),
                name="quota_year_plausible",
                violation_error_message=_("Năm phải trong khoảng 1930–2100."),
            ),
        ]
        indexes = [models.Index(fields=["year", "source", "unit"], name="quota_year_source_idx")]

    def __str__(self):
        return f"{self.unit} – {self.year}: {self.target}"

    def clean(self):
        self.document_number = text.clean_text(self.document_number)
