"""The report pickers (year, as-of day, quota source, sort), read from the query string.

Bad values never break the page: each is reported in Vietnamese and the default is used instead.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.choices import QuotaSource
from admissions.models import Unit
from core.forms import AsciiIntegerField

from . import attainment
from .tables import SORT_KEYS


@dataclass(frozen=True)
class Selection:
    unit: Unit
    year: int
    as_of: datetime.date
    source: str
    sort: str
    years: list[int]

    @property
    def period(self) -> attainment.Period:
        return attainment.Period.year_to(self.as_of)

    @property
    def last_period(self) -> attainment.Period:
        return self.period.same_period_last_year()


class ReportForm(forms.Form):
    year = AsciiIntegerField(
        label=_("Năm"),
        required=False,
        min_value=1930,
        max_value=2100,
        error_messages={
            "invalid": _("Năm không hợp lệ: nhập một năm từ 1930 đến 2100."),
            "min_value": _("Năm không hợp lệ: nhập một năm từ 1930 đến 2100."),
            "max_value": _("Năm không hợp lệ: nhập một năm từ 1930 đến 2100."),
        },
    )
    as_of = forms.DateField(
        label=_("Tính đến ngày"),
        required=False,
        error_messages={
            "invalid": _("Ngày tính đến không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 30/06/2023.")
        },
    )
    source = forms.ChoiceField(
        label=_("Nguồn chỉ tiêu"),
        choices=QuotaSource.choices,
        required=False,
        error_messages={"invalid_choice": _("Nguồn chỉ tiêu không hợp lệ.")},
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for key in SORT_KEYS] + [(f"-{key}", key) for key in SORT_KEYS],
        required=False,
        error_messages={"invalid_choice": _("Không sắp xếp được theo cột này.")},
    )

    def clean_as_of(self):
        as_of = self.cleaned_data.get("as_of")
        if as_of and not 1930 <= as_of.year <= 2100:
            raise forms.ValidationError(_("Năm không hợp lệ: nhập một năm từ 1930 đến 2100."))
        return as_of

    def clean(self):
        data = super().clean()
        year, as_of = data.get("year"), data.get("as_of")
        if year and as_of and as_of.year != year:
            self.add_error("as_of", _("Ngày tính đến phải thuộc năm báo cáo %(year)s.") % {"year": year})
        return data

    def selection(self, unit: Unit) -> Selection:
        """What to report on: the valid values given, the defaults for the rest."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        source = data.get("source") or QuotaSource.ASSIGNED
        years, default_year = attainment.report_years(unit, source=source)
        as_of = data.get("as_of")
        year = data.get("year") or (as_of.year if as_of else default_year)
        if as_of is None or as_of.year != year:
            as_of = attainment.default_as_of(year)
        if year not in years:
            years = sorted({*years, year}, reverse=True)
        return Selection(unit, year, as_of, source, data.get("sort") or "", years)
