"""Pages of the pipeline: the candidate list, the due list, a candidate's page, add and edit, the next stage
of one file, and the decision that admits. Scoped as the member pages (accounts.mixins): a clerk sees their
organisation, a viewer reads only (403 on every write), a record outside the scope is 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts.mixins import EditorRequiredMixin, ScopedFilterMixin, ScopedFormKwargsMixin, ScopedMixin
from admissions import selectors as unit_selectors
from core.pagination import CappedPaginator
from core.views import (
    FilteredRowsMixin,
    ObjectFormMixin,
    OneTimeSubmissionMixin,
    PageSizeMixin,
    ServiceFormMixin,
)
from reports import attainment

from . import selectors, services
from .choices import Outcome, Stage
from .filtersets import CandidateFilterSet, DueFilterSet
from .forms import NEXT_STEP_FIELDS, AdmitForm, CandidateForm, StageForm
from .tables import CandidateTable, DueTable

NO_NEXT_STEP_MESSAGE = _("Hồ sơ này không còn bước nào để ghi ở đây.")


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
        board = attainment.pipeline_board(
            unit=chosen, below=unit_selectors.units_below(chosen), today=timezone.localdate()
        )
        ancestors = unit_selectors.unit_ancestors(user=self.request.user, unit=chosen)
        return super().get_context_data(board=board, chosen=chosen, ancestors=ancestors, **kwargs)


class CandidateListView(
    PageSizeMixin, ScopedMixin, ScopedFilterMixin, FilteredRowsMixin, SingleTableMixin, FilterView
):
    filterset_class = CandidateFilterSet
    table_class = CandidateTable
    template_name = "candidates/candidate_list.html"
    table_pagination = {"per_page": 25, "paginator_class": CappedPaginator}


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


class CandidateStageView(
    OneTimeSubmissionMixin, EditorRequiredMixin, CandidateQuerysetMixin, ServiceFormMixin, UpdateView
):
    """The next step of one file (its boxes only): the course's certificate, the file, the background
    check, the cell's resolution, the committees' resolutions and the submission."""

    form_class = StageForm
    template_name = "candidates/candidate_stage.html"
    context_object_name = "candidate"
    success_message = _("Đã ghi bước tiếp theo của hồ sơ %(object)s.")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.outcome != Outcome.IN_PROGRESS or self.object.stage not in NEXT_STEP_FIELDS:
            messages.warning(request, NO_NEXT_STEP_MESSAGE)
            return redirect("candidate_detail", self.object.pk)
        return super().get(request, *args, **kwargs)

    def perform(self, form):
        if self.object.outcome != Outcome.IN_PROGRESS or self.object.stage not in NEXT_STEP_FIELDS:
            raise ValidationError(NO_NEXT_STEP_MESSAGE)
        return services.candidate_update(
            candidate=self.object,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.stage_fields(),
        )

    def get_success_url(self):
        return reverse("candidate_detail", args=[self.object.pk])


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
