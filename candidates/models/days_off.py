"""A committee's own days off, which the pipeline's deadlines do not count as working days."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions import dates, text
from admissions.models import Unit

# A committee's day off lies in the span a unit can exist in (admissions.dates), planned ahead or past.
DAY_OFF_DATES = {"day": dates.DateRule(dates.UNIT_FLOOR, dates.UNIT_CEILING)}


class DayOff(models.Model):
    """A day a committee does not work besides the public holidays (a day off it decided, a working
    Saturday moved): the deadlines of the candidates under it skip it (candidates.workdays)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("cấp ủy"), on_delete=models.CASCADE, related_name="days_off"
    )
    day = models.DateField(_("ngày nghỉ"))
    reason = models.CharField(_("lý do"), max_length=255)

    class Meta:
        verbose_name = _("ngày nghỉ của cấp ủy")
        verbose_name_plural = _("ngày nghỉ của cấp ủy")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day"],
                name="day_off_unique",
                violation_error_message=_("Ngày này đã có trong danh sách ngày nghỉ của cấp ủy."),
            )
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.reason}"

    def clean(self):
        self.reason = text.clean_text(self.reason)
        errors = dates.date_errors(self, DAY_OFF_DATES, timezone.localdate())
        if not self.reason:
            errors.setdefault("reason", _("Ghi lý do."))
        if errors:
            raise ValidationError(errors)
