"""The admissions summary: the counts of the committees above the grassroots organisations, kept by the
services so that a report reads a few hundred rows instead of the members themselves.

For every unit above the grassroots organisations (a province, a superior committee) and every month, the
admissions decided in that month anywhere in its subtree: their number, every count of Biểu 2 and the sum of
their ages; and, in a second table, their number per ethnic group. A member is counted under every
committee above its grassroots organisation (its TCCS), in the year and month of its decision date.

The rows are derived data: `admissions.services.summary` changes them in the transaction of every write to
members or units (create, change, delete, import, confirm, move or retype a unit), and
`manage.py rebuild_admission_summary` builds them again from the members. What each count counts (the
condition of each row of Biểu 2) is `reports.attainment.summary`'s, the one definition of the figures.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Occupation, Qualification, Religion, Schooling, UnitType
from .units import Unit

# The bands of age of Biểu 2 (their bounds are reports.attainment.breakdown's AGE_BANDS).
AGE_BAND_KEYS = ("18-30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", "over-60")


def summary_column(key: str) -> str:
    """The summary's column of a Biểu 2 row key ("schooling:12/12" -> "schooling_12_12")."""
    return key.replace(":", "_").replace("-", "_").replace("/", "_")


# One column per fixed row of Biểu 2 but its total (the summary's `admitted`), in the order of Biểu 2;
# tests/admissions/models/test_summary.py holds this list equal to the rows of reports.attainment.breakdown.
BREAKDOWN_COLUMNS = tuple(
    summary_column(key)
    for key in (
        "women",
        "ethnic_minority",
        "religious",
        "youth_union",
        "business_owner",
        "readmission",
        *(f"occupation:{value}" for value in Occupation.values),
        *(f"age:{band}" for band in AGE_BAND_KEYS),
        *(f"schooling:{value}" for value in Schooling.values),
        *(f"qualification:{value}" for value in Qualification.values),
        *(f"unit_type:{value}" for value in UnitType.values),
        *(f"religion:{value}" for value in Religion.values),
    )
)


class AdmissionSummary(models.Model):
    """The admissions of one month in the subtree of one committee above the grassroots organisations: how
    many (`admitted`), the sum of their ages at the decision in months (`age_months`, for the mean age) and
    the count of every row of Biểu 2 (one column each, BREAKDOWN_COLUMNS)."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    admitted = models.IntegerField(_("số đảng viên kết nạp"), default=0)
    age_months = models.BigIntegerField(_("tổng số tháng tuổi"), default=0)

    class Meta:
        verbose_name = _("tổng hợp kết nạp theo tháng")
        verbose_name_plural = _("tổng hợp kết nạp theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month"],
                name="admission_summary_unique",
                violation_error_message=_("Đơn vị đã có dòng tổng hợp của tháng này."),
            )
        ]
        # The report's and the tree's counts read this index only (PostgreSQL; elsewhere a plain index).
        indexes = [
            models.Index(
                fields=["unit", "year", "month"], include=["admitted"], name="admission_summary_count_idx"
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.month:02d}/{self.year}: {self.admitted}"


for _column in BREAKDOWN_COLUMNS:
    AdmissionSummary.add_to_class(_column, models.IntegerField(_column, default=0))


class AdmissionEthnicitySummary(models.Model):
    """The admissions of one month in the subtree of one committee above the grassroots organisations, of
    one ethnic group (the ethnicity table of Biểu 2)."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    ethnicity = models.CharField(_("dân tộc"), max_length=32)
    admitted = models.IntegerField(_("số đảng viên kết nạp"), default=0)

    class Meta:
        verbose_name = _("tổng hợp kết nạp theo dân tộc")
        verbose_name_plural = _("tổng hợp kết nạp theo dân tộc")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month", "ethnicity"],
                name="admission_ethnicity_summary_unique",
                violation_error_message=_("Đơn vị đã có dòng tổng hợp của dân tộc này trong tháng."),
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.month:02d}/{self.year} {self.ethnicity}: {self.admitted}"
