"""Filters of the member lists: they declare and parse; the rows are the selectors' (member_list for the
list page and both its exports, probation_due for the probation list)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.numbers import parse_positive_int

from . import selectors
from .choices import MemberStatus, Occupation, Sex
from .forms import FIRST_YEAR, FilterForm, UnitFilterChoiceField
from .models import Member, Unit

ALL = _("Tất cả")


def year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit of the user's scope; the list's selector keeps the members of its whole branch."""

    field_class = UnitFilterChoiceField


class ScopedFilterSet(django_filters.FilterSet):
    """The filters of a list of the user's members. It declares and parses them (any unit outside the
    user's scope is invalid); the rows are its selector's (`rows()`), which writes each filter's rule once,
    so a list, its exports and its counts cannot disagree. An invalid filter shows no rows, and its errors.
    """

    unit = UnitFilter(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=ALL)

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["unit"].queryset = selectors.units_visible_to(user).order_by("path")
        self.filters["unit"].extra["offered"] = selectors.unit_filter_options(
            user=user, selected=parse_positive_int((data or {}).get("unit"))
        )
        self.filters["unit"].extra["top_depth"] = selectors.scope_depth(user)

    def rows(self, filters: dict):
        """The list's rows under the cleaned `filters` ({} when none are given)."""
        raise NotImplementedError

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            valid = not self.is_bound or self.is_valid()
            rows = self.rows(self.form.cleaned_data if self.is_bound and valid else {})
            self._qs = rows if valid else rows.none()
        return self._qs


class MemberFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm nhanh"),
        widget=forms.TextInput(attrs={"placeholder": _("Họ tên (có dấu hoặc không) hoặc số CCCD")}),
    )
    year = django_filters.ChoiceFilter(
        label=_("Năm kết nạp"),
        choices=year_choices,
        empty_label=ALL,
    )
    # A range of decision dates: the period of a figure (this year so far, the same period last year), so a
    # count on the home page links to exactly the members it counts.
    decided_from = django_filters.DateFilter(label=_("Quyết định kết nạp từ ngày"), widget=DateInput())
    decided_to = django_filters.DateFilter(label=_("đến ngày"), widget=DateInput())
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=MemberStatus.choices, empty_label=ALL)
    sex = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Sex.choices, empty_label=ALL)
    occupation = django_filters.ChoiceFilter(
        label=_("Nghề nghiệp"), choices=Occupation.choices, empty_label=ALL
    )
    ethnic_group = django_filters.ChoiceFilter(
        label=_("Dân tộc"),
        choices=[("minority", _("Dân tộc thiểu số")), ("majority", _("Dân tộc Kinh"))],
        empty_label=ALL,
    )
    youth_union = django_filters.ChoiceFilter(
        label=_("Đoàn viên"),
        choices=[("yes", _("Là đoàn viên")), ("no", _("Không là đoàn viên"))],
        empty_label=ALL,
    )

    class Meta:
        model = Member
        form = FilterForm
        fields = [
            "q",
            "year",
            "decided_from",
            "decided_to",
            "unit",
            "status",
            "sex",
            "occupation",
            "ethnic_group",
            "youth_union",
        ]

    def rows(self, filters: dict):
        return selectors.member_list(user=self.user, filters=filters, sort=(self.data or {}).get("sort"))


class ProbationFilterSet(ScopedFilterSet):
    """The probation list: all due, only those overdue (12 months ended before this month), or this month's."""

    when = django_filters.ChoiceFilter(
        label=_("Thời hạn"),
        choices=[
            (selectors.PROBATION_OVERDUE, _("Quá hạn")),
            (selectors.PROBATION_THIS_MONTH, _("Đến hạn trong tháng này")),
        ],
        empty_label=_("Quá hạn và đến hạn trong tháng"),
    )

    class Meta:
        model = Member
        form = FilterForm
        fields = ["when", "unit"]

    def rows(self, filters: dict):
        return selectors.probation_due(
            user=self.user, today=timezone.localdate(), when=filters.get("when"), unit=filters.get("unit")
        )
