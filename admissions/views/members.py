"""Pages of the admitted members: the list and its exports, add, edit, view, delete."""

import hashlib
import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView
from django_filters.views import FilterMixin, FilterView
from django_tables2 import SingleTableMixin

from accounts.mixins import EditorRequiredMixin, ScopedFilterMixin, ScopedFormKwargsMixin, ScopedMixin
from core import jobs
from core.pagination import CappedPaginator
from core.views import FilteredRowsMixin, OneTimeSubmissionMixin, PageSizeMixin, ServiceFormMixin

from .. import exports, selectors, services, tasks
from ..filtersets import MemberFilterSet
from ..forms import MemberForm, member_sections, next_decision_number
from ..tables import MemberTable

CONFLICT_MESSAGE = _(
    "Người khác đã lưu hồ sơ này sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. Bảng dưới đây cho "
    "thấy họ đã đổi gì; những gì bạn nhập vẫn còn trong biểu mẫu, các trường bạn không sửa đã lấy giá trị mới. "
    "Kiểm tra lại rồi bấm Lưu để ghi thay đổi của bạn."
)

# What a batch of admissions shares, carried from one saved member to the next form.
BATCH_FIELDS = {"cell", "decision_number", "decision_date", "ceremony_date"}


class MemberQuerysetMixin:
    """A page about one member of the user's scope (404 outside it)."""

    def get_queryset(self):
        return selectors.member_records(self.request.user)


class MemberListView(
    PageSizeMixin, ScopedMixin, ScopedFilterMixin, FilteredRowsMixin, SingleTableMixin, FilterView
):
    """The member list: its rows are MemberFilterSet.qs, which is selectors.member_list (filters and sort)."""

    filterset_class = MemberFilterSet
    table_class = MemberTable
    template_name = "admissions/member_list.html"
    # Counts at most 5,000 rows and pages only through them (core.pagination): a national list of two
    # million members is neither counted nor offset on each page; the page asks for a narrower filter.
    table_pagination = {"per_page": 25, "paginator_class": CappedPaginator}


class MemberCreateView(
    OneTimeSubmissionMixin, EditorRequiredMixin, ScopedFormKwargsMixin, ServiceFormMixin, CreateView
):
    form_class = MemberForm
    template_name = "admissions/member_form.html"
    success_message = _("Đã thêm đảng viên %(object)s.")

    def get_initial(self):
        # "Save and add another" passes the batch back here: its cell, the next decision number, the dates.
        return {k: v for k, v in self.request.GET.items() if k in BATCH_FIELDS}

    def perform(self, form):
        return services.member_create(user=self.request.user, **form.member_fields())

    def get_success_url(self):
        if "save_and_add" not in self.request.POST:
            return reverse("member_detail", args=[self.object.pk])
        batch = {
            "cell": self.object.cell_id,
            "decision_number": next_decision_number(self.object.decision_number),
            "decision_date": self.object.decision_date.strftime("%d/%m/%Y"),
        }
        if self.object.ceremony_date:
            batch["ceremony_date"] = self.object.ceremony_date.strftime("%d/%m/%Y")
        return f"{reverse('member_add')}?{urlencode(batch)}"


class MemberUpdateView(
    OneTimeSubmissionMixin,
    EditorRequiredMixin,
    ScopedFormKwargsMixin,
    MemberQuerysetMixin,
    ServiceFormMixin,
    UpdateView,
):
    form_class = MemberForm
    template_name = "admissions/member_form.html"
    success_message = _("Đã lưu thay đổi hồ sơ %(object)s.")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object.national_id:  # the form holds the full ID to edit it: a reveal like any other
            services.member_national_id_reveal(member=self.object, user=request.user)
        return response

    def perform(self, form):
        version = form.cleaned_data["version"]
        return services.member_update(
            member=self.object, user=self.request.user, expected_version=version, **form.member_fields()
        )

    def add_service_errors(self, form, error):
        if getattr(error, "code", None) == "stale":
            # Someone saved first: show what they changed, keep the typing, offer to save over it.
            form.rebase(self.get_queryset().get(pk=self.object.pk))
            form.add_error(None, CONFLICT_MESSAGE)
            return
        super().add_service_errors(form, error)

    def get_success_url(self):
        return reverse("member_detail", args=[self.object.pk])


class MemberDetailView(ScopedMixin, MemberQuerysetMixin, DetailView):
    """A member's record; the national ID masked (last 4 digits) as everywhere, shown whole on demand."""

    template_name = "admissions/member_detail.html"
    context_object_name = "member"
    full_id = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=member_sections(self.object, full_id=self.full_id),
            full_id=self.full_id,
            history=selectors.member_history(self.object),
            **kwargs,
        )


class MemberNationalIdView(EditorRequiredMixin, MemberDetailView):
    """The button "Hiện số CCCD" of a member's page (a POST, for users who may edit the member): the page
    again with the full national ID, and a line in the member's history saying who saw it."""

    full_id = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        services.member_national_id_reveal(member=self.object, user=request.user)
        return self.render_to_response(self.get_context_data(object=self.object))


class MemberDeleteView(
    OneTimeSubmissionMixin, EditorRequiredMixin, MemberQuerysetMixin, ServiceFormMixin, DeleteView
):
    template_name = "admissions/member_confirm_delete.html"
    context_object_name = "member"
    success_message = _("Đã xóa hồ sơ %(object)s.")

    def perform(self, form):
        services.member_delete(member=self.object, user=self.request.user)
        return self.object

    def get_success_url(self):
        return reverse("member_list")


class ListExportView(ScopedMixin, ScopedFilterMixin, FilteredRowsMixin, FilterMixin, View):
    """A list as a file: exactly the page's rows (scope, filters, sort), every page of them, read through
    the same filterset and selector as the page (an invalid filter gives no rows, as on the page), with a
    history line per export; a long one is written by a background job (`task`) and downloaded from its
    page. The members' list and the candidates' list say what differs: their filterset, columns, file name,
    history line and task.

    The workbook's XML is written by the app's own streaming writer into a temporary file, which is then
    streamed; the CSV goes straight from the database cursor to the client. Memory stays flat either way.
    """

    file_format = "xlsx"
    columns: tuple = ()
    full_national_ids = False
    file_stem = ""
    task = None  # the background export: a task taking (query, file_format, columns, file_stem)
    job_title = ""  # with %(rows)s

    def record(self, *, rows: int) -> None:
        """The history line of this export."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        rows_of_list = self.get_filterset(self.filterset_class).qs
        rows = rows_of_list.count()
        self.record(rows=rows)
        if rows > settings.EXPORT_BACKGROUND_ROWS:  # written by the worker, downloaded from its job's page
            return redirect(self.export_in_background(rows=rows))
        filename = f"{self.file_stem}-{timezone.localdate():%Y%m%d}.{self.file_format}"
        if self.file_format == "csv":
            return StreamingHttpResponse(
                exports.stream_csv(rows_of_list, columns=self.columns),
                content_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
        exports.write_xlsx(rows_of_list, handle, columns=self.columns)
        handle.seek(0)
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type=exports.XLSX_CONTENT_TYPE
        )

    def export_in_background(self, *, rows: int):
        """A job that writes the list under the request's filter as a file, with this view's columns,
        format and file name."""
        query = self.request.GET.urlencode()
        return jobs.start(
            owner=self.request.user,
            title=self.job_title % {"rows": f"{rows:,}".replace(",", ".")},
            task=self.task,
            kwargs={
                "query": query,
                "file_format": self.file_format,
                "columns": [getattr(column, "key", column) for column in self.columns],
                "file_stem": self.file_stem,
            },
            total=rows,
            # A second click on the link while the first export is under way follows the same job.
            subject=f"export:{self.file_stem}:{self.file_format}:{hashlib.sha256(query.encode()).hexdigest()[:40]}",
            reuse_seconds=120,
        )


class MemberExportView(ListExportView):
    """The member list as a file (ListExportView)."""

    filterset_class = MemberFilterSet
    columns = exports.DEFAULT_COLUMNS
    file_stem = "dang-vien-moi"
    task = tasks.member_export
    job_title = _("Xuất danh sách đảng viên mới (%(rows)s dòng)")

    def record(self, *, rows: int) -> None:
        services.member_list_export_record(
            user=self.request.user,
            query=self.request.GET.urlencode(),
            rows=rows,
            file_format=self.file_format,
            full_national_ids=self.full_national_ids,
        )


class MemberCorrectionExportView(EditorRequiredMixin, MemberExportView):
    """The list "for correcting and re-importing" (.xlsx): every column of the import template under the
    headers the import reads, national IDs whole, so the file can be corrected in Excel and imported back
    to change exactly the cells edited. Only for users who may edit these members (viewers get 403), and
    recorded as an export with full national IDs."""

    columns = exports.CORRECTION_COLUMNS
    full_national_ids = True
    file_stem = "dang-vien-moi-de-sua"
