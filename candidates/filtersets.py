"""Filters of the candidate lists: they declare and parse; the rows are the selectors' (candidate_list,
candidates_due), as the member lists' (admissions.filtersets.ScopedFilterSet)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.filtersets import ALL, ScopedFilterSet
from admissions.forms import FilterForm

from . import selectors
from .choices import OPEN_STAGES, Stage
from .models import Candidate


class CandidateFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm nhanh"),
        widget=forms.TextInput(attrs={"placeholder": _("Họ tên (có dấu hoặc không) hoặc số CCCD")}),
    )
    stage = django_filters.ChoiceFilter(label=_("Giai đoạn"), choices=Stage.choices, empty_label=ALL)
    when = django_filters.ChoiceFilter(
        label=_("Cần chú ý"),
        choices=[
            (selectors.OVERDUE, _("Quá hạn ra quyết định kết nạp")),
            (selectors.DUE_SOON, _("Đến hạn ra quyết định kết nạp trong 14 ngày")),
            (selectors.CERTIFICATE_EXPIRING, _("Giấy chứng nhận sắp hết giá trị")),
        ],
        empty_label=ALL,
    )

    class Meta:
        model = Candidate
        form = FilterForm
        fields = ["q", "stage", "unit", "when"]

    def rows(self, filters: dict):
        return selectors.candidate_list(user=self.user, filters=filters, today=timezone.localdate())


class DueFilterSet(ScopedFilterSet):
    stage = django_filters.ChoiceFilter(
        label=_("Giai đoạn"), choices=[(s.value, s.label) for s in OPEN_STAGES], empty_label=ALL
    )

    class Meta:
        model = Candidate
        form = FilterForm
        fields = ["stage", "unit"]

    def rows(self, filters: dict):
        return selectors.candidates_due(user=self.user, today=timezone.localdate(), filters=filters)
