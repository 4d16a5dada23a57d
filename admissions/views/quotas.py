"""The allocation sheet of a unit (its own quota and the split across the units directly below it) and the
term targets of a unit."""

from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from accounts.mixins import StaffRequiredMixin
from core import submissions, xlsx
from core.views import OneTimeSubmissionMixin, ServiceFormMixin
from reports import attainment

from .. import imports, selectors, services
from ..choices import QuotaSource
from ..forms import QuotaSheetForm, TermTargetForm
from .mixins import ChosenYearMixin


class SourceForm(forms.Form):
    source = forms.ChoiceField(choices=QuotaSource.choices)


class SheetUnitMixin(StaffRequiredMixin):
    """The unit a quota page is about (`?unit=`, 404 outside the user's scope) and the source (`?source=`)."""

    @cached_property
    def unit(self):
        return self.unit_from_query()

    @cached_property
    def source(self) -> str:
        form = SourceForm(self.request.GET)
        if form.is_valid():
            return form.cleaned_data["source"]
        if "source" in self.request.GET:
            messages.warning(
                self.request, _("Nguồn chỉ tiêu không hợp lệ; đang hiển thị chỉ tiêu cấp trên giao.")
            )
        return QuotaSource.ASSIGNED

    def sheet_url(self, unit=None, year=None, source=None) -> str:
        query = {"unit": (unit or self.unit).pk, "year": year or self.year, "source": source or self.source}
        return f"{reverse('quota_sheet')}?{urlencode(query)}"


class QuotaSheetView(OneTimeSubmissionMixin, SheetUnitMixin, ChosenYearMixin, ServiceFormMixin, FormView):
    """A year's allocation sheet of one unit for one source: its own quota, one cell per unit directly below."""

    form_class = QuotaSheetForm
    template_name = "admissions/quota_sheet.html"
    success_message = _("Đã lưu chỉ tiêu: %(object)s ô thay đổi.")

    def get_form_kwargs(self):
        rows = selectors.quota_sheet_rows(unit=self.unit, year=self.year, source=self.source)
        return {
            **super().get_form_kwargs(),
            "unit": self.unit,
            "source": self.source,
            "own_quota": selectors.sheet_quota(unit=self.unit, year=self.year, source=self.source),
            "own_editable": selectors.may_set_quota(
                user=self.request.user, unit=self.unit, source=self.source
            ),
            "rows": attainment.with_results(rows, year=self.year - 1),
            "prefill": self.request.method == "GET" and self.request.GET.get("copy") == "1",
        }

    def get_initial(self):
        return selectors.quota_sheet_document(unit=self.unit, year=self.year, source=self.source)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.unit,
            source=self.source,
            source_label=QuotaSource(self.source).label,
            sources=[(value, label, self.sheet_url(source=value)) for value, label in QuotaSource.choices],
            ancestors=selectors.unit_ancestors(user=self.request.user, unit=self.unit),
            sheet_link=self.sheet_url,
            drill=f"{reverse('quota_sheet')}?{urlencode({'year': self.year, 'source': self.source})}&unit=",
            copy_link=f"{self.sheet_url()}&copy=1",
            history=selectors.quota_changes(unit=self.unit, year=self.year, source=self.source),
            **kwargs,
        )

    def add_service_errors(self, form, error: ValidationError) -> None:
        form.add_unit_errors(error)  # the service names units by id: mark each unit's own cell

    def form_invalid(self, form):
        messages.error(self.request, _("Chưa lưu: có ô không hợp lệ (tô đỏ). Không chỉ tiêu nào được lưu."))
        return super().form_invalid(form)

    def perform(self, form):
        return services.quota_sheet_save(
            unit=self.unit,
            year=self.year,
            source=self.source,
            cells=form.cells(),
            reason=form.cleaned_data["reason"],
            user=self.request.user,
        )

    def get_success_url(self):
        return self.sheet_url()


class TermTargetView(OneTimeSubmissionMixin, SheetUnitMixin, ServiceFormMixin, FormView):
    """The term targets of one unit (a congress term or a multi-year plan), and a form to add or replace one."""

    form_class = TermTargetForm
    template_name = "admissions/term_targets.html"
    success_message = _("Đã lưu chỉ tiêu nhiệm kỳ %(object)s.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.unit,
            terms=selectors.term_targets(unit=self.unit),
            may_edit=selectors.may_set_quota(
                user=self.request.user, unit=self.unit, source=QuotaSource.CONGRESS
            ),
            ancestors=selectors.unit_ancestors(user=self.request.user, unit=self.unit),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not selectors.may_set_quota(user=request.user, unit=self.unit, source=QuotaSource.CONGRESS):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        term = services.term_target_set(unit=self.unit, user=self.request.user, **form.cleaned_data)
        return f"{term.first_year}–{term.last_year}"

    def get_success_url(self):
        return f"{reverse('term_targets')}?{urlencode({'unit': self.unit.pk})}"


class TermTargetDeleteView(StaffRequiredMixin, View):
    """Removes one term target of a unit in the user's scope (POST only)."""

    def post(self, request, pk):
        term = get_object_or_404(selectors.term_targets_visible_to(request.user), pk=pk)
        if not selectors.may_set_quota(user=request.user, unit=term.unit, source=QuotaSource.CONGRESS):
            raise PermissionDenied
        services.term_target_delete(term=term, user=request.user)
        messages.success(request, _("Đã xóa chỉ tiêu nhiệm kỳ."))
        return redirect(f"{reverse('term_targets')}?{urlencode({'unit': term.unit_id})}")


class QuotaImportForm(forms.Form):
    workbook = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))
    document_number = forms.CharField(label=_("Số văn bản phân bổ chỉ tiêu"), max_length=64, required=False)
    document_date = forms.CharField(label=_("Ngày văn bản phân bổ"), max_length=10, required=False)


class QuotaImportView(SheetUnitMixin, ChosenYearMixin, FormView):
    """Bulk load of an allocation sheet from the template workbook: upload, preview with each row's errors,
    then the cells go to the quota sheet's own save (all or nothing) from the preview's form."""

    form_class = QuotaImportForm
    template_name = "admissions/quota_import.html"

    def sheet_rows(self):
        return selectors.quota_sheet_rows(unit=self.unit, year=self.year, source=self.source)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.unit,
            source=self.source,
            source_label=QuotaSource(self.source).label,
            sheet_link=self.sheet_url(),
            template_link=f"{reverse('quota_import_template')}?{urlencode(self.query())}",
            **kwargs,
        )

    def query(self) -> dict:
        return {"unit": self.unit.pk, "year": self.year, "source": self.source}

    def form_valid(self, form):
        try:
            rows = imports.read_quota_rows(
                form.cleaned_data["workbook"], year=self.year, rows=self.sheet_rows()
            )
        except imports.ImportFileError as error:
            form.add_error("workbook", str(error))
            return self.form_invalid(form)
        bad = [row for row in rows if row.errors]
        return self.render_to_response(
            self.get_context_data(
                form=form,
                rows=rows,
                bad=bad,
                document=form.cleaned_data,
                # The cells go to the quota sheet's save, which takes one post per rendered form.
                token_field=submissions.TOKEN_FIELD,
                token=submissions.new_token(),
            )
        )


class QuotaImportTemplateView(SheetUnitMixin, ChosenYearMixin, View):
    """The template workbook of a sheet: its rows with last year's quota and this year's as it stands."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type=xlsx.CONTENT_TYPE)
        imports.write_quota_template(
            response,
            unit=self.unit,
            year=self.year,
            source_label=str(QuotaSource(self.source).label),
            rows=selectors.quota_sheet_rows(unit=self.unit, year=self.year, source=self.source),
        )
        name = f"chi-tieu-{self.year}-{slugify(self.unit.code) or self.unit.pk}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
