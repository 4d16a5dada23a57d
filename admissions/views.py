"""Pages for daily data entry. Views parse, call one service and respond; scoping comes from the mixins
(accounts/mixins.py) and the selectors, writes from admissions/services.py.
"""

import tempfile
from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts.mixins import EditorRequiredMixin, ScopedMixin, StaffRequiredMixin
from reports import attainment

from . import exports, selectors, services
from .choices import MemberStatus
from .filtersets import MemberFilterSet, ProbationFilterSet
from .forms import (
    MemberForm,
    MemberOutcomeForm,
    QuotaSheetForm,
    UnitCloseForm,
    UnitForm,
    YearForm,
    add_service_errors,
    decision_number_stem,
    member_sections,
)
from .tables import MemberTable, ProbationTable


class HomeView(TemplateView):
    template_name = "home.html"


class ServiceFormMixin:
    """form_valid calls one service (`perform`); its ValidationError goes back onto the form, nothing saved."""

    success_message = ""

    def add_service_errors(self, form, error: ValidationError) -> None:
        add_service_errors(form, error)

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            self.add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": self.object})
        return redirect(self.get_success_url())


class ScopedFormKwargsMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "scope": self.scope}


class ScopedFilterMixin:
    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}


class ObjectFormMixin:
    """A form about one object of the user's subtree (404 outside it)."""

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


# Members -----------------------------------------------------------------------------------------------


class MemberQuerysetMixin:
    def get_queryset(self):
        return selectors.members_visible_to(self.request.user).select_related("cell", "grassroots")


class MemberListView(ScopedMixin, ScopedFilterMixin, MemberQuerysetMixin, SingleTableMixin, FilterView):
    filterset_class = MemberFilterSet
    table_class = MemberTable
    template_name = "admissions/member_list.html"
    table_pagination = {"per_page": 25}

    def get_table_data(self):
        return self.object_list.order_by(*selectors.member_ordering(self.request.GET.get("sort")))


class MemberCreateView(EditorRequiredMixin, ScopedFormKwargsMixin, ServiceFormMixin, CreateView):
    form_class = MemberForm
    template_name = "admissions/member_form.html"
    success_message = _("Đã thêm đảng viên %(object)s.")

    def get_initial(self):
        # "Save and add another" passes the batch's cell, decision number stem and date back here.
        return {
            k: v for k, v in self.request.GET.items() if k in {"cell", "decision_number", "decision_date"}
        }

    def perform(self, form):
        return services.member_create(user=self.request.user, **form.member_fields())

    def get_success_url(self):
        if "save_and_add" not in self.request.POST:
            return reverse("member_detail", args=[self.object.pk])
        batch = {
            "cell": self.object.cell_id,
            "decision_number": decision_number_stem(self.object.decision_number),
            "decision_date": self.object.decision_date.strftime("%d/%m/%Y"),
        }
        return f"{reverse('member_add')}?{urlencode(batch)}"


class MemberUpdateView(
    EditorRequiredMixin, ScopedFormKwargsMixin, MemberQuerysetMixin, ServiceFormMixin, UpdateView
):
    form_class = MemberForm
    template_name = "admissions/member_form.html"
    success_message = _("Đã lưu thay đổi hồ sơ %(object)s.")

    def perform(self, form):
        version = form.cleaned_data["version"]
        return services.member_update(
            member=self.object, user=self.request.user, expected_version=version, **form.member_fields()
        )

    def get_success_url(self):
        return reverse("member_detail", args=[self.object.pk])


class MemberDetailView(ScopedMixin, DetailView):
    template_name = "admissions/member_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        return selectors.members_visible_to(self.request.user).select_related(
            "cell", "grassroots", "created_by", "updated_by"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=member_sections(self.object), history=selectors.member_history(self.object), **kwargs
        )


class MemberDeleteView(EditorRequiredMixin, MemberQuerysetMixin, DeleteView):
    template_name = "admissions/member_confirm_delete.html"
    context_object_name = "member"

    def form_valid(self, form):
        services.member_delete(member=self.object, user=self.request.user)
        messages.success(self.request, _("Đã xóa hồ sơ %(name)s.") % {"name": self.object.full_name})
        return redirect("member_list")


class ProbationListView(ScopedMixin, ScopedFilterMixin, SingleTableMixin, FilterView):
    filterset_class = ProbationFilterSet
    table_class = ProbationTable
    template_name = "admissions/probation_list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return selectors.probation_due(user=self.request.user, today=timezone.localdate())


class MemberConfirmView(
    EditorRequiredMixin, MemberQuerysetMixin, ObjectFormMixin, ServiceFormMixin, FormView
):
    """Record the end of probation of one member: confirmed on a date, or struck off."""

    form_class = MemberOutcomeForm
    template_name = "admissions/member_confirm.html"
    success_message = _("Đã ghi nhận kết quả dự bị của %(object)s.")

    def get_queryset(self):
        return super().get_queryset().filter(status=MemberStatus.PROBATIONARY)

    def get_initial(self):
        return {
            "outcome": MemberStatus.FULL,
            "day": self.object.probation_end,
            "version": self.object.version,
        }

    def perform(self, form):
        data = form.cleaned_data
        record = (
            services.member_confirm if data["outcome"] == MemberStatus.FULL else services.member_strike_off
        )
        day = {"confirmation_date" if record is services.member_confirm else "struck_off_date": data["day"]}
        return record(member=self.object, user=self.request.user, expected_version=data["version"], **day)

    def get_success_url(self):
        return reverse("probation_list")


# Units -------------------------------------------------------------------------------------------------


def _year_from(request) -> int:
    """The year chosen in the query string; a bad value falls back to this year with a message."""
    form = YearForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["year"]
    if "year" in request.GET:
        messages.warning(request, _("Năm không hợp lệ; đang hiển thị năm nay."))
    return timezone.localdate().year


class UnitTreeView(ScopedMixin, TemplateView):
    template_name = "admissions/unit_tree.html"

    def get_context_data(self, **kwargs):
        year = _year_from(self.request)
        chosen = self.unit_from_query()
        return super().get_context_data(
            year=year,
            year_form=YearForm(initial={"year": year}),
            chosen=chosen,
            ancestors=selectors.unit_ancestors(user=self.request.user, unit=chosen),
            units=self.units(chosen, year),
            can_manage=self.request.user.can_manage_units,
            scope=self.scope,
            **kwargs,
        )


    @staticmethod
    def units(chosen, year: int) -> list:
        units = selectors.unit_tree_units(chosen)
        attainment.tree_counts(unit=chosen, units=units, year=year)
        return units


class UnitQuerysetMixin:
    def get_queryset(self):
        return selectors.units_visible_to(self.request.user)

    def get_success_url(self):
        return reverse("unit_tree")


class UnitCreateView(
    StaffRequiredMixin, ScopedFormKwargsMixin, UnitQuerysetMixin, ServiceFormMixin, CreateView
):
    form_class = UnitForm
    template_name = "admissions/unit_form.html"
    success_message = _("Đã thêm đơn vị %(object)s.")

    def get_initial(self):
        return {"parent": self.request.GET.get("parent")}

    def perform(self, form):
        return services.unit_create(user=self.request.user, **form.cleaned_data)


class UnitUpdateView(
    StaffRequiredMixin, ScopedFormKwargsMixin, UnitQuerysetMixin, ServiceFormMixin, UpdateView
):
    form_class = UnitForm
    template_name = "admissions/unit_form.html"
    success_message = _("Đã lưu đơn vị %(object)s.")

    def perform(self, form):
        return services.unit_update(unit=self.object, user=self.request.user, **form.cleaned_data)


class UnitCloseView(StaffRequiredMixin, UnitQuerysetMixin, ObjectFormMixin, ServiceFormMixin, FormView):
    form_class = UnitCloseForm
    template_name = "admissions/unit_close.html"
    success_message = _("Đã ghi nhận giải thể, sáp nhập đơn vị %(object)s.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "unit": self.object}

    def perform(self, form):
        return services.unit_close(unit=self.object, user=self.request.user, **form.cleaned_data)


# Quotas ------------------------------------------------------------------------------------------------


class QuotaSheetView(StaffRequiredMixin, ServiceFormMixin, FormView):
    """A year's quota split: the committee's own quota from above, one cell per grassroots organisation."""

    form_class = QuotaSheetForm
    template_name = "admissions/quota_sheet.html"
    success_message = _("Đã lưu chỉ tiêu năm %(object)s.")

    @cached_property
    def year(self) -> int:
        return _year_from(self.request)

    def get_form_kwargs(self):
        quota = selectors.committee_quota(unit=self.scope, year=self.year)
        rows = selectors.quota_sheet_rows(scope=self.scope, year=self.year).annotate(
            last_result=attainment.result_in_year(self.year - 1)
        )
        return {
            **super().get_form_kwargs(),
            "committee": self.scope,
            "committee_target": quota.target if quota else None,
            "rows": rows,
        }

    def get_initial(self):
        return selectors.quota_sheet_document(scope=self.scope, year=self.year)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            year=self.year, year_form=YearForm(initial={"year": self.year}), **kwargs
        )

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


class MemberExportView(ScopedMixin, View):
    """The member list as a file: exactly the page's rows (scope, filters, sort), every page of them.

    The workbook is written to a temporary file in XlsxWriter's constant-memory mode and streamed from
    there; the CSV goes straight from the database cursor to the client. Memory stays flat either way.
    """

    file_format = "xlsx"

    def get(self, request, *args, **kwargs):
        members = selectors.member_list(user=request.user, params=request.GET)
        filename = f"dang-vien-moi-{timezone.localdate():%Y%m%d}.{self.file_format}"
        if self.file_format == "csv":
            return StreamingHttpResponse(
                exports.stream_members_csv(members),
                content_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
        exports.write_members_xlsx(members, handle)
        handle.seek(0)
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type=exports.XLSX_CONTENT_TYPE
        )
