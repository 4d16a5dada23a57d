"""Probation: the members due for confirmation, and recording each one's outcome."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts.mixins import EditorRequiredMixin, ScopedFilterMixin, ScopedMixin
from core.views import (
    FilteredRowsMixin,
    ObjectFormMixin,
    OneTimeSubmissionMixin,
    PageSizeMixin,
    ServiceFormMixin,
)

from .. import selectors, services
from ..choices import MemberStatus
from ..filtersets import ProbationFilterSet
from ..forms import MemberOutcomeForm
from ..tables import ProbationTable


class ProbationListView(
    PageSizeMixin, ScopedMixin, ScopedFilterMixin, FilteredRowsMixin, SingleTableMixin, FilterView
):
    """Probation due or overdue: the rows are ProbationFilterSet.qs, which is selectors.probation_due."""

    filterset_class = ProbationFilterSet
    table_class = ProbationTable
    template_name = "admissions/probation_list.html"
    table_pagination = {"per_page": 50}

    def get_table_kwargs(self):
        # A viewer records no outcome: no column of empty cells for them.
        return {} if self.request.user.can_edit else {"exclude": ("actions",)}


class MemberConfirmView(
    OneTimeSubmissionMixin, EditorRequiredMixin, ObjectFormMixin, ServiceFormMixin, FormView
):
    """Record the end of probation of one member: confirmed on a date, or struck off."""

    form_class = MemberOutcomeForm
    template_name = "admissions/member_confirm.html"
    success_message = _("Đã ghi nhận kết quả dự bị của %(object)s.")

    def get_queryset(self):
        return selectors.probationary_members(self.request.user)

    def get_context_data(self, **kwargs):
        end = self.object.probation_end
        return super().get_context_data(overdue=end is not None and end < timezone.localdate(), **kwargs)

    def get_initial(self):
        return {
            "outcome": MemberStatus.FULL,
            "day": self.object.probation_end,
            "version": self.object.version,
        }

    def perform(self, form):
        data = form.cleaned_data
        return services.member_end_probation(
            member=self.object,
            outcome=data["outcome"],
            day=data["day"],
            user=self.request.user,
            expected_version=data["version"],
        )

    def get_success_url(self):
        return reverse("probation_list")
