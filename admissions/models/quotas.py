"""Admission quotas (DOMAIN.md section 3)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import text
from ..choices import QuotaSource
from .base import AuthoredLine, ValidatesUniqueConstraintsOnly
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


class QuotaChange(AuthoredLine):
    """One line of the reallocation history of a sheet (DOMAIN.md section 3): who changed which unit's quota
    for a year and source, from what to what, and why. A quota set for the first time has no "before"; a
    removed one no "after". Written by the services with every quota write, in the same transaction."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    source = models.CharField(_("nguồn chỉ tiêu"), max_length=16, choices=QuotaSource.choices)
    before = models.PositiveIntegerField(_("chỉ tiêu cũ"), null=True, blank=True)
    after = models.PositiveIntegerField(_("chỉ tiêu mới"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thay đổi chỉ tiêu")
        verbose_name_plural = _("lịch sử phân bổ chỉ tiêu")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["year", "source", "unit", "at"], name="quota_change_sheet_idx")]

    def __str__(self):
        return f"{self.unit} – {self.year}: {self.before} → {self.after}"


class TermTarget(ValidatesUniqueConstraintsOnly):
    """A target over several years (chỉ tiêu nhiệm kỳ), usually from a congress resolution: "kết nạp 1.000
    đảng viên nhiệm kỳ 2020–2025". Attainment over the term = admissions of the term's years ÷ the target
    (reports.attainment)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="term_targets"
    )
    first_year = models.PositiveSmallIntegerField(
        _("từ năm"), validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("đến năm"), validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("nguồn chỉ tiêu"), max_length=16, choices=QuotaSource.choices, default=QuotaSource.CONGRESS
    )
    target = models.PositiveIntegerField(
        _("chỉ tiêu cả nhiệm kỳ (đảng viên)"),
        validators=[MinValueValidator(1, _("Chỉ tiêu phải là số nguyên dương."))],
    )
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu nhiệm kỳ")
        verbose_name_plural = _("chỉ tiêu nhiệm kỳ")
        ordering = ["unit__path", "-first_year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "first_year", "last_year", "source"],
                name="one_term_target_per_unit_term_source",
                violation_error_message=_("Đơn vị này đã có chỉ tiêu của nguồn này cho nhiệm kỳ này."),
            ),
            models.CheckConstraint(
                condition=models.Q(target__gt=0),
                name="term_target_positive",
                violation_error_message=_("Chỉ tiêu phải là số nguyên dương."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    first_year__gte=1930, last_year__lte=2100, first_year__lt=models.F("last_year")
                ),
                name="term_years_plausible",
                violation_error_message=_("Nhiệm kỳ phải từ hai năm trở lên, trong khoảng 1930–2100."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.first_year}–{self.last_year}: {self.target}"

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1

    def clean(self):
        self.document_number = text.clean_text(self.document_number)
        if self.first_year and self.last_year and self.first_year >= self.last_year:
            raise ValidationError(
                {"last_year": _("Năm cuối nhiệm kỳ phải sau năm đầu (nhiệm kỳ từ hai năm trở lên).")}
            )
