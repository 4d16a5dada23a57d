"""The quota sheet: a committee's own quota and its split for a year."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from accounts.mixins import StaffRequiredMixin
from core.views import ServiceFormMixin
from reports import attainment

from .. import selectors, services
from ..forms import QuotaSheetForm
from .mixins import ChosenYearMixin


class QuotaSheetView(StaffRequiredMixin, ChosenYearMixin, ServiceFormMixin, FormView):
    """A year's quota split: the committee's own quota from above, one cell per grassroots organisation."""

    form_class = QuotaSheetForm
    template_name = "admissions/quota_sheet.html"
    success_message = _("Đã lưu chỉ tiêu năm %(object)s.")

    def get_form_kwargs(self):
        quota = selectors.committee_quota(unit=self.scope, year=self.year)
        rows = attainment.with_results(
            selectors.quota_sheet_rows(scope=self.scope, year=self.year), year=self.year - 1
        )
        return {
            **super().get_form_kwargs(),
            "committee": self.scope,
            "committee_target": quota.target if quota else None,
            "rows": rows,
        }

    def get_initial(self):
        return selectors.quota_sheet_document(scope=self.scope, year=self.year)

    def add_service_errors(self, form, error: ValidationError) -> None:
        form.add_unit_errors(error)  # the service names units by id: mark each unit's own cell

    def form_invalid(self, form):
        messages.error(self.request, _("Chưa lưu: có ô không hợp lệ (tô đỏ). Không chỉ tiêu nào được lưu."))
        return super().form_invalid(form)

    def perform(self, form):
        data = form.cleaned_data
        services.quota_sheet_save(
            year=self.year,
            committee=self.scope,
            targets=form.targets(),
            document_number=data["document_number"],
            document_date=data["document_date"],
            user=self.request.user,
        )
        return self.year

    def get_success_url(self):
        return f"{reverse('quota_sheet')}?{urlencode({'year': self.year})}"
