"""Generic view plumbing: a form whose valid submission calls one service, a form about one object, the
pages of a background job."""

from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from . import jobs, submissions
from .forms import add_service_errors
from .numbers import parse_positive_int


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


class ObjectFormMixin:
    """A form about one object of the user's subtree (404 outside it)."""

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class FilteredRowsMixin:
    """A list (FilterView) whose rows are its filterset's own, read through a selector (the filterset's
    `rows()`): the view passes no base queryset, so nothing here can narrow or widen what the selector
    returns, and the page and its exports stay the same rows."""

    def get_queryset(self):
        return None


class PageSizeMixin:
    """A paginated list (django-tables2) whose page size is one it offers: `?per_page=` in ASCII digits and
    in `page_sizes`, anything else the default (`table_pagination["per_page"]`). django-tables2 would read
    it with int(), which takes "-1" (an error), "٣" or 50,000 (one page of every row); the table is told to
    look for a parameter no request sends, and the size is chosen here."""

    page_sizes = (25, 50, 100)

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "per_page_field": "per_page_read_by_the_view"}

    def get_table_pagination(self, table):
        pagination = dict(super().get_table_pagination(table))
        if (size := parse_positive_int(self.request.GET.get("per_page"))) in self.page_sizes:
            pagination["per_page"] = size
        return pagination


class OneTimeSubmissionMixin:
    """A form view whose write happens once per rendered form (core.submissions): put it before the view's
    other classes. The form gets a hidden one-time token; form_valid() (the view's own: a service call and a
    redirect) runs in one transaction with the token's claim, which is kept only when it redirects (the
    write succeeded). A post whose token is already used, one after the other or at the same moment, writes
    nothing and is sent to the first post's result with a plain message."""

    def get_form(self, form_class=None):
        return submissions.with_token(super().get_form(form_class))

    def post(self, request, *args, **kwargs):
        earlier = submissions.used(str(request.POST.get(submissions.TOKEN_FIELD, ""))[:64])
        if earlier is not None:
            return self.already_submitted(earlier.result_url)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                # Taken out of the cleaned data: a view passes the form's fields on to its service.
                token = form.cleaned_data.pop(submissions.TOKEN_FIELD)
                claimed = submissions.claim(token, user=self.request.user)
                self.submission_claimed = True  # errors from here on are this post's own
                response = super().form_valid(form)
                if response.status_code in (301, 302, 303):
                    submissions.settle(claimed, result_url=response.url)
                else:  # the form came back with errors: nothing was written, the token stays unused
                    transaction.set_rollback(True)
        except submissions.AlreadySubmitted as earlier:
            return self.already_submitted(earlier.result_url)
        return response

    def form_invalid(self, form):
        # The same post sent twice: the first may have committed while this one was being validated, and its
        # record now makes this one look wrong (a duplicate person, a national ID taken). Say what happened.
        earlier = None
        if not getattr(self, "submission_claimed", False):
            earlier = submissions.used(str(form.data.get(submissions.TOKEN_FIELD, ""))[:64])
        if earlier is not None:
            return self.already_submitted(earlier.result_url)
        return super().form_invalid(form)

    def already_submitted(self, result_url: str):
        messages.info(self.request, submissions.ALREADY_SUBMITTED)
        return redirect(result_url or self.request.path)


class JobMixin:
    """A page about one background job of the user's own (404 for anyone else's: core.jobs.of)."""

    @cached_property
    def job(self):
        job = jobs.of(self.request.user, self.kwargs["pk"])
        if job is None:
            raise Http404
        return jobs.give_up(job) if jobs.lost(job) else job


class JobView(JobMixin, TemplateView):
    """A job's progress (a bar that static/js/job_progress.js moves; without JavaScript the page reloads
    itself), then its result: the page it made (with its message), its file to download, or why it failed."""

    template_name = "core/job.html"

    def get(self, request, *args, **kwargs):
        job = self.job
        if job.finished and not job.file_name and job.result_url:  # its result is a page: go there
            if job.message:
                say = messages.success if job.state == job.State.DONE else messages.error
                say(request, job.message)
            return redirect(job.result_url)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            job=self.job,
            phase=jobs.PHASES.get(self.job.phase, ""),
            keep_hours=settings.JOB_KEEP_HOURS,
            unclaimed=jobs.unclaimed(self.job),
            **kwargs,
        )


class JobStatusView(JobMixin, View):
    """The job's progress for the page's script, as JSON."""

    def get(self, request, *args, **kwargs):
        job = self.job
        return JsonResponse(
            {
                "state": job.state,
                "phase": str(jobs.PHASES.get(job.phase, "")),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "finished": job.finished,
            },
            headers={"Cache-Control": "no-store"},
        )


class JobDownloadView(JobMixin, View):
    """The file a finished job made, to its owner only, while it is kept (JOB_KEEP_HOURS)."""

    def get(self, request, *args, **kwargs):
        job = self.job
        path = jobs.file_path(job)
        if job.state != job.State.DONE or not job.file_name or not path.is_file():
            raise Http404
        return FileResponse(open(path, "rb"), as_attachment=True, filename=job.file_name)
