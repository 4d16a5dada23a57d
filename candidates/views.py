"""Pages of the pipeline: the candidate list, the due list, a candidate's page, add and edit, the next stage
of one file, and the decision that admits. Scoped as the member pages (accounts.mixins): a clerk sees their
organisation, a viewer reads only (403 on every write), a record outside the scope is 404."""

from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts.mixins import (
    EditorRequiredMixin,
    ScopedFilterMixin,
    ScopedFormKwargsMixin,
    ScopedMixin,
    StaffRequiredMixin,
)
from admissions import selectors as unit_selectors
from admissions import services as admissions_services
from admissions.views import ListExportView, MemberImportCheckedFileView
from admissions.views.imports import ImportForm, discard, once, stash, stashed
from core import submissions
from core.numbers import parse_positive_int
from core.pagination import CappedPaginator
from core.submissions import with_token
from core.views import (
    FilteredRowsMixin,
    ObjectFormMixin,
    OneTimeSubmissionMixin,
    PageSizeMixin,
    ServiceFormMixin,
)
from core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from reports import attainment

from . import exports, imports, selectors, services, tasks
from .choices import Outcome, Stage
from .filtersets import CandidateFilterSet, DueFilterSet
from .forms import (
    BATCH_MAX,
    NEXT_STEP_FIELDS,
    AdmitForm,
    BatchStageForm,
    CandidateForm,
    CloseForm,
    DayOffForm,
    StageForm,
    VersionForm,
)
from .tables import CandidateTable, DueTable, batch_column

NO_NEXT_STEP_MESSAGE = _("Hồ sơ này không còn bước nào để ghi ở đây.")
NOT_OPEN_MESSAGE = _("Hồ sơ này không còn đang xem xét.")
BATCH_CHOOSE_MESSAGE = _(
    "Hãy chọn một bước trong ô “Giai đoạn” của danh sách, đánh dấu các hồ sơ cần ghi (tối đa %(max)s) rồi bấm "
    "“Ghi bước tiếp theo cho các hồ sơ đã chọn”."
)


class CandidateQuerysetMixin:
    """A page about one candidate of the user's scope (404 outside it)."""

    def get_queryset(self):
        return selectors.candidate_records(self.request.user)


class CandidateBoardView(ScopedMixin, TemplateView):
    """The pipeline board of a unit: its candidates at each stage, one row per unit directly below it (the
    grassroots organisations of a committee, the cells of an organisation), each count a link to the list
    that makes it up; a row's name opens that unit's own board."""

    template_name = "candidates/candidate_board.html"

    def get_context_data(self, **kwargs):
        chosen = self.unit_from_query()
        below, today = list(unit_selectors.units_below(chosen)), timezone.localdate()
        # Above the committees the board adds up the saved counts, brought up to date when a change waits;
        # otherwise (or with nothing to add up) it groups the files.
        board = attainment.saved_board(unit=chosen, below=below, today=today)
        if board is None and attainment.reads_saved_board(chosen, below):
            services.board_counts_refresh(unit=chosen, below=below)
            board = attainment.saved_board(unit=chosen, below=below, today=today)
        if board is None:
            board = attainment.pipeline_board(unit=chosen, below=below, today=today)
        ancestors = unit_selectors.unit_ancestors(user=self.request.user, unit=chosen)
        return super().get_context_data(board=board, chosen=chosen, ancestors=ancestors, **kwargs)


class CandidateListView(
    PageSizeMixin, ScopedMixin, ScopedFilterMixin, FilteredRowsMixin, SingleTableMixin, FilterView
):
    filterset_class = CandidateFilterSet
    table_class = CandidateTable
    template_name = "candidates/candidate_list.html"
    table_pagination = {"per_page": 25, "paginator_class": CappedPaginator}

    @property
    def batch_stage(self) -> str | None:
        """The stage an editor's list shows, when its files can take their next step together."""
        stage = self.request.GET.get("stage")
        return stage if self.request.user.can_edit and stage in NEXT_STEP_FIELDS else None

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if self.batch_stage:
            kwargs |= {"extra_columns": [("id", batch_column())], "sequence": ("id", "...")}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(batch_stage=self.batch_stage, **kwargs)


class CandidateDueView(
    PageSizeMixin, ScopedMixin, ScopedFilterMixin, FilteredRowsMixin, SingleTableMixin, FilterView
):
    """Due and overdue, per stage: what a clerk does this week."""

    filterset_class = DueFilterSet
    table_class = DueTable
    template_name = "candidates/candidate_due.html"
    table_pagination = {"per_page": 50, "paginator_class": CappedPaginator}


class CandidateDetailView(ScopedMixin, CandidateQuerysetMixin, DetailView):
    template_name = "candidates/candidate_detail.html"
    context_object_name = "candidate"

    def get_context_data(self, **kwargs):
        candidate = self.object
        return super().get_context_data(
            timeline=candidate.timeline(),
            history=selectors.candidate_history(candidate),
            has_next_step=candidate.outcome == Outcome.IN_PROGRESS and candidate.stage in NEXT_STEP_FIELDS,
            can_admit=candidate.outcome == Outcome.IN_PROGRESS and candidate.stage == Stage.SUBMITTED,
            resume_form=with_token(VersionForm(initial={"version": candidate.version})),
            **kwargs,
        )


class CandidateCreateView(
    OneTimeSubmissionMixin, EditorRequiredMixin, ScopedFormKwargsMixin, ServiceFormMixin, CreateView
):
    form_class = CandidateForm
    template_name = "candidates/candidate_form.html"
    success_message = _("Đã thêm quần chúng %(object)s.")

    def perform(self, form):
        return services.candidate_create(user=self.request.user, **form.candidate_fields())

    def get_success_url(self):
        return reverse("candidate_detail", args=[self.object.pk])


class CandidateUpdateView(
    OneTimeSubmissionMixin,
    EditorRequiredMixin,
    ScopedFormKwargsMixin,
    CandidateQuerysetMixin,
    ServiceFormMixin,
    UpdateView,
):
    form_class = CandidateForm
    template_name = "candidates/candidate_form.html"
    success_message = _("Đã lưu thay đổi hồ sơ %(object)s.")

    def perform(self, form):
        return services.candidate_update(
            candidate=self.object,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.candidate_fields(),
        )

    def get_success_url(self):
        return reverse("candidate_detail", args=[self.object.pk])


class FileActionMixin(CandidateQuerysetMixin):
    """A form about one file that only some files take (`takes_it`): another file's page is not offered the
    form, back to the candidate's page with why; a done action goes back there too."""

    context_object_name = "candidate"
    not_taken_message = ""

    def takes_it(self, candidate) -> bool:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.takes_it(self.object):
            messages.warning(request, self.not_taken_message)
            return redirect("candidate_detail", self.object.pk)
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("candidate_detail", args=[self.object.pk])


class CandidateStageView(
    OneTimeSubmissionMixin, EditorRequiredMixin, FileActionMixin, ServiceFormMixin, UpdateView
):
    """The next step of one file (its boxes only): the course's certificate, the file, the background
    check, the cell's resolution, the committees' resolutions and the submission."""

    form_class = StageForm
    template_name = "candidates/candidate_stage.html"
    success_message = _("Đã ghi bước tiếp theo của hồ sơ %(object)s.")
    not_taken_message = NO_NEXT_STEP_MESSAGE

    def takes_it(self, candidate) -> bool:
        return candidate.outcome == Outcome.IN_PROGRESS and candidate.stage in NEXT_STEP_FIELDS

    def perform(self, form):
        if not self.takes_it(self.object):
            raise ValidationError(NO_NEXT_STEP_MESSAGE)
        return services.candidate_update(
            candidate=self.object,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.stage_fields(),
        )


class CandidateCloseView(
    OneTimeSubmissionMixin, EditorRequiredMixin, FileActionMixin, ServiceFormMixin, UpdateView
):
    """A file that stops without admission: not admitted, withdrawn, or paused with its reason."""

    form_class = CloseForm
    template_name = "candidates/candidate_close.html"
    success_message = _("Đã ghi kết quả của hồ sơ %(object)s.")
    not_taken_message = NOT_OPEN_MESSAGE

    def takes_it(self, candidate) -> bool:
        return candidate.outcome == Outcome.IN_PROGRESS

    def perform(self, form):
        data = form.cleaned_data
        return services.candidate_close(
            candidate=self.object,
            user=self.request.user,
            expected_version=data["version"],
            outcome=data["outcome"],
            day=data["outcome_date"],
            reason=data["outcome_reason"],
        )


class CandidateResumeView(
    OneTimeSubmissionMixin,
    EditorRequiredMixin,
    CandidateQuerysetMixin,
    ObjectFormMixin,
    ServiceFormMixin,
    FormView,
):
    """A paused file goes on where it stopped (a button on the candidate's page)."""

    form_class = VersionForm
    http_method_names = ["post"]
    success_message = _("Hồ sơ %(object)s tiếp tục được xem xét.")

    def form_invalid(self, form):
        # A one-button form has nowhere to show its errors: they go above the candidate's page.
        messages.error(self.request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("candidate_detail", self.object.pk)

    def perform(self, form):
        return services.candidate_resume(
            candidate=self.object, user=self.request.user, expected_version=form.cleaned_data["version"]
        )

    def get_success_url(self):
        return reverse("candidate_detail", args=[self.object.pk])


class CandidateBatchStageView(OneTimeSubmissionMixin, EditorRequiredMixin, ServiceFormMixin, FormView):
    """The next step of the files ticked on the list (`?stage=...&id=...&id=...`), all at one stage."""

    form_class = BatchStageForm
    template_name = "candidates/candidate_batch.html"
    success_message = _("Đã ghi bước tiếp theo cho %(object)s hồ sơ.")

    @cached_property
    def stage(self) -> str:
        return (self.request.POST if self.request.method == "POST" else self.request.GET).get("stage", "")

    @cached_property
    def candidates(self) -> list:
        """The ticked files of the user's scope (the others are not found), when the stage takes a step."""
        params = self.request.POST if self.request.method == "POST" else self.request.GET
        ids = [pk for pk in (parse_positive_int(value) for value in params.getlist("id")) if pk]
        if self.stage not in NEXT_STEP_FIELDS or not 0 < len(ids) <= BATCH_MAX:
            return []
        return list(selectors.batch_candidates(user=self.request.user, ids=ids))

    def get(self, request, *args, **kwargs):
        return self.nothing_chosen() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.nothing_chosen() or super().post(request, *args, **kwargs)

    def nothing_chosen(self):
        if not self.candidates:
            messages.warning(self.request, BATCH_CHOOSE_MESSAGE % {"max": BATCH_MAX})
            return redirect("candidate_list")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "candidates": self.candidates, "stage": self.stage}

    def get_context_data(self, **kwargs):
        return super().get_context_data(stage=Stage(self.stage), **kwargs)

    def perform(self, form):
        saved = services.candidates_advance(stage=self.stage, changes=form.changes(), user=self.request.user)
        return len(saved)

    def get_success_url(self):
        return reverse("candidate_list") + "?" + urlencode({"stage": self.stage})


class CandidateAdmitView(
    OneTimeSubmissionMixin,
    EditorRequiredMixin,
    CandidateQuerysetMixin,
    ObjectFormMixin,
    ServiceFormMixin,
    FormView,
):
    """The superior committee's decision (9-KNĐ): creates the admitted member through the service."""

    form_class = AdmitForm
    template_name = "candidates/candidate_admit.html"
    success_message = _("Đã kết nạp %(object)s: hồ sơ đảng viên mới đã được tạo.")

    def get_initial(self):
        return {"version": self.object.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidate=self.object, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.candidate_admit(
            candidate=self.object,
            user=self.request.user,
            expected_version=data["version"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            ceremony_date=data["ceremony_date"],
        )

    def get_success_url(self):
        return reverse("member_detail", args=[self.object.pk])


# --- The list's export and the import from a workbook (the members' machinery) ------------------------------
class CandidateExportView(ListExportView):
    """The candidate list as a file: the page's rows under its filters and scope, every page of them, national
    IDs masked to their last 4 digits; a history line per export (as the member list's)."""

    filterset_class = CandidateFilterSet
    columns = exports.DEFAULT_COLUMNS
    file_stem = "quan-chung-uu-tu"
    task = tasks.candidate_export
    job_title = _("Xuất danh sách quần chúng ưu tú (%(rows)s dòng)")

    def record(self, *, rows: int) -> None:
        services.candidate_list_export_record(
            user=self.request.user,
            query=self.request.GET.urlencode(),
            rows=rows,
            file_format=self.file_format,
        )


IMPORT_SESSION_KEY = "candidate_import"


class CandidateImportForm(ImportForm):
    check = staticmethod(imports.check_file)


class CandidateImportView(EditorRequiredMixin, FormView):
    """Upload a workbook of candidates; a readable one is kept and its preview follows (one upload per
    click: the form's one-time token)."""

    template_name = "candidates/candidate_import.html"
    form_class = CandidateImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            max_bytes=settings.IMPORT_MAX_BYTES, submission_token=submissions.new_token(), **kwargs
        )

    def form_valid(self, form):
        def start():
            stash(self.request, form.cleaned_data["file"], kind=imports.KIND, session_key=IMPORT_SESSION_KEY)
            return redirect("candidate_import_preview")

        return once(self.request, start)


class CandidateImportPreviewView(EditorRequiredMixin, TemplateView):
    """Every row with its errors (as the rules say them on the form); the confirm button only without any."""

    template_name = "candidates/candidate_import_preview.html"

    def get(self, request, *args, **kwargs):
        pending = stashed(request, kind=imports.KIND, session_key=IMPORT_SESSION_KEY)
        if pending is None:
            messages.info(request, _("Chưa có tệp nào đang chờ nhập. Hãy tải tệp lên."))
            return redirect("candidate_import")
        try:
            result = imports.read_pending(pending, user=request.user)
        except imports.ImportFileError as error:
            discard(request, kind=imports.KIND, session_key=IMPORT_SESSION_KEY)
            messages.error(request, error.args[0])
            return redirect("candidate_import")
        return self.render_to_response(
            self.get_context_data(
                result=result,
                token=pending.token,
                file_name=pending.file_name,
                submission_token=submissions.new_token(),
            )
        )


class CandidateImportConfirmView(EditorRequiredMixin, View):
    """Create every row of the previewed file in one transaction, or none and back to the preview; a second
    confirmation of the same file (a double click) writes nothing and says so."""

    def post(self, request, *args, **kwargs):
        try:
            # The token of the form, not the session's: the file previewed is the file written.
            _result, created = imports.commit_pending(token=request.POST.get("token"), user=request.user)
        except admissions_services.AlreadyImported as done:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.warning(request, already_imported_message(done.pending))
            return redirect("candidate_list")
        except admissions_services.PendingImportGone as gone:
            messages.error(request, gone.message)
            return redirect("candidate_import")
        except imports.ImportFileError as error:
            discard(request, kind=imports.KIND, session_key=IMPORT_SESSION_KEY)
            messages.error(request, error.args[0])
            return redirect("candidate_import")
        if not created:
            messages.error(request, _("Chưa ghi dòng nào: tệp có lỗi, xem chi tiết bên dưới."))
            return redirect("candidate_import_preview")
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(request, _("Đã nhập %(count)s quần chúng.") % {"count": created})
        return redirect("candidate_list")


def already_imported_message(pending) -> str:
    at = timezone.localtime(pending.imported_at)
    return _(
        "Tệp “%(name)s” đã được nhập lúc %(time)s ngày %(date)s (%(count)s quần chúng); không nhập lại lần nữa."
    ) % {
        "name": pending.file_name,
        "time": f"{at:%H:%M}",
        "date": f"{at:%d/%m/%Y}",
        "count": pending.imported_count,
    }


class CandidateImportTemplateView(EditorRequiredMixin, View):
    """The template workbook: the candidate's columns, an example row, the user's own cells."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-quan-chung-uu-tu.xlsx"'
        imports.write_template(response, user=request.user)
        return response


class CandidateImportCheckedFileView(MemberImportCheckedFileView):
    """The user's pending workbook of candidates back, with a "Lỗi" column and its faulty cells marked."""

    pending_kind = {"kind": imports.KIND, "session_key": IMPORT_SESSION_KEY}
    read_pending = staticmethod(imports.read_pending)
    skipped_note = imports.SKIPPED_NOTE
    upload_url, preview_url = "candidate_import", "candidate_import_preview"


class DaysOffView(OneTimeSubmissionMixin, ScopedMixin, ServiceFormMixin, FormView):
    """The committee's own days off (besides the public holidays, which count by themselves): those of the
    user's committee and of the committees above it, and, for committee staff, a form to add one. The
    deadlines of every file under the committee follow at once."""

    form_class = DayOffForm
    template_name = "candidates/days_off.html"
    success_message = _("Đã thêm ngày nghỉ %(object)s; hạn của các hồ sơ đã được tính lại.")

    def post(self, request, *args, **kwargs):
        if not request.user.can_manage_units:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.scope,
            days_off=selectors.days_off_counting_for(self.scope),
            may_edit=self.request.user.can_manage_units,
            **kwargs,
        )

    def perform(self, form):
        return services.day_off_create(unit=self.scope, user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("candidate_days_off")


class DayOffDeleteView(StaffRequiredMixin, View):
    """Removes one day off of a committee in the user's scope (POST only); the deadlines follow."""

    def post(self, request, pk):
        day_off = get_object_or_404(selectors.days_off_visible_to(request.user), pk=pk)
        services.day_off_delete(day_off=day_off, user=request.user)
        messages.success(request, _("Đã xóa ngày nghỉ %(day)s.") % {"day": f"{day_off.day:%d/%m/%Y}"})
        return redirect("candidate_days_off")
