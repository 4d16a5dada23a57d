"""Pages of the spreadsheet import: upload, preview, confirm, and the template download.

The uploaded file is kept in the database between the preview and the confirmation (PendingImport), so any
app server can serve either step; the session remembers which one is this user's. It is parsed again on
confirmation (the parse is deterministic, so what is written is what was previewed), and claimed in the
transaction that writes the members: a second confirmation writes nothing and says so.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from accounts.mixins import EditorRequiredMixin
from core import jobs, submissions, xlsx

from .. import imports, selectors, services, tasks

SESSION_KEY = "member_import"
BACKGROUND_KEY = "member_import_in_background"  # the token of this session's file that a job reads


# The members' import keeps its file under SESSION_KEY; another import (the candidates') passes its own
# kind of file (PendingImport.kind) and the session key it keeps it under.
def stash(request, upload, *, kind: str = "member", session_key: str = SESSION_KEY):
    """Keep the upload for the preview and the confirmation (replacing any earlier one of this user)."""
    pending = services.pending_import_create(user=request.user, upload=upload, kind=kind)
    request.session[session_key] = str(pending.token)
    return pending


def stashed(request, *, kind: str = "member", session_key: str = SESSION_KEY):
    """This session's pending file, if it is still there."""
    return selectors.pending_import(user=request.user, token=request.session.get(session_key), kind=kind)


def discard(request, *, kind: str = "member", session_key: str = SESSION_KEY) -> None:
    token = request.session.pop(session_key, None)
    if token:
        services.pending_import_discard(user=request.user, token=token, kind=kind)


class ImportForm(forms.Form):
    """The upload of a workbook: its size, then `check` (the import's checks of the file as a whole)."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    check = staticmethod(imports.check_file)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("Tệp nặng %(size)s, vượt giới hạn %(limit)s. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        try:
            self.check(upload)
        except imports.ImportFileError as error:
            raise ValidationError(error.args[0]) from error
        return upload


class MemberImportView(EditorRequiredMixin, FormView):
    """Upload a workbook; a readable one is kept and the preview follows."""

    template_name = "admissions/member_import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            max_bytes=settings.IMPORT_MAX_BYTES, submission_token=submissions.new_token(), **kwargs
        )

    def form_valid(self, form):
        return once(
            self.request,
            lambda: preview_in_background(self.request, stash(self.request, form.cleaned_data["file"])),
        )


class MemberImportPreviewView(EditorRequiredMixin, TemplateView):
    """Every row with its errors and warnings; the confirm button only when there is no error."""

    template_name = "admissions/member_import_preview.html"

    def get_context_data(self, **kwargs):
        # A long file's confirmation starts a job: the form's one-time token makes a double click one job.
        return super().get_context_data(submission_token=submissions.new_token(), **kwargs)

    def get(self, request, *args, **kwargs):
        pending = stashed(request)
        if pending is None:
            messages.info(request, _("Chưa có tệp nào đang chờ nhập. Hãy tải tệp lên."))
            return redirect("member_import")
        result = background_preview(request, pending)
        if isinstance(result, HttpResponse):  # a long file: its job's page, until the job has read it
            return result
        try:
            result = result or imports.read_pending(pending, user=request.user)
        except imports.ImportFileError as error:
            discard(request)
            messages.error(request, error.args[0])
            return redirect("member_import")
        context = self.get_context_data(
            result=result,
            token=pending.token,
            file_name=pending.file_name,
            versions=imports.sign_versions(result.versions),
        )
        return self.render_to_response(context)


class MemberImportConfirmView(EditorRequiredMixin, View):
    """Write every row of the previewed file in one transaction, or none and back to the preview."""

    def post(self, request, *args, **kwargs):
        if read_in_background(request, request.POST.get("token")):  # a long file: a job writes it
            return once(request, lambda: commit_in_background(request))
        # The token of the form, not the session's: the file previewed is the file written.
        try:
            result, created = imports.commit_pending(
                token=request.POST.get("token"),
                user=request.user,
                versions=imports.read_versions(request.POST.get("versions")),
            )
        except services.AlreadyImported as done:
            request.session.pop(SESSION_KEY, None)
            messages.warning(request, done.message)
            return redirect(_after_import_url())
        except services.PendingImportGone as gone:
            messages.error(request, gone.message)
            return redirect("member_import")
        except imports.ImportFileError as error:
            discard(request)
            messages.error(request, error.args[0])
            return redirect("member_import")
        if not created:
            messages.error(request, _("Chưa ghi dòng nào: tệp có lỗi, xem chi tiết bên dưới."))
            return redirect("member_import_preview")
        request.session.pop(SESSION_KEY, None)
        if result.updated:
            messages.success(
                request,
                _("Đã nhập %(created)s đảng viên mới và cập nhật %(updated)s đảng viên.")
                % {"created": result.created, "updated": result.updated},
            )
        else:
            messages.success(request, _("Đã nhập %(count)s đảng viên mới.") % {"count": created})
        return redirect(_after_import_url())


def _after_import_url() -> str:
    return reverse("member_list")


# --- A long file (IMPORT_BACKGROUND_ROWS): its preview and its confirmation are background jobs -----------
def preview_in_background(request, pending) -> HttpResponse:
    """The preview page for a short file; for a long one, the page of a new job that reads it."""
    rows = xlsx.count_rows(bytes(pending.content))
    if rows <= settings.IMPORT_BACKGROUND_ROWS:
        return redirect("member_import_preview")
    job = jobs.start(
        owner=request.user,
        title=_("Kiểm tra tệp “%(name)s”") % {"name": pending.file_name},
        task=tasks.member_import_preview,
        kwargs={"token": str(pending.token)},
        subject=tasks.import_subject(pending.token),
        total=rows,
    )
    request.session[BACKGROUND_KEY] = str(pending.token)
    return redirect(job)


def read_in_background(request, token) -> bool:
    return bool(token) and request.session.get(BACKGROUND_KEY) == str(token)


def background_preview(request, pending):
    """For a file read by a job: the job's page while it runs, else what it read (None for a short file)."""
    if not read_in_background(request, pending.token):
        return None
    job = jobs.latest(request.user, tasks.import_subject(pending.token))
    if job is None:
        return None
    if not job.finished:
        return redirect(job)
    # The last reading kept: the preview's, or a confirmation's that found errors.
    result = jobs.payload_of(jobs.latest_kept(request.user, tasks.import_subject(pending.token)))
    return redirect(job) if result is None else result


def commit_in_background(request) -> HttpResponse:
    """The confirmation of a long file: a job writes it (all or nothing) and its page follows it."""
    token = request.POST.get("token")
    read = jobs.latest(request.user, tasks.import_subject(token))  # the preview's job knows the rows
    job = jobs.start(
        owner=request.user,
        title=_("Ghi tệp vào dữ liệu"),
        task=tasks.member_import_commit,
        kwargs={"token": str(token), "versions": str(request.POST.get("versions", ""))},
        subject=tasks.import_subject(token),
        total=read.total if read else None,
    )
    return redirect(job)


def once(request, start) -> HttpResponse:
    """`start()` once per one-time token of the posted form (core.submissions): a second post of the same
    form (a double click) is sent to the first one's result, so one file gives one job. A form without a
    token is started as before."""
    token = str(request.POST.get(submissions.TOKEN_FIELD, ""))[:64]
    if not token:
        return start()
    try:
        with transaction.atomic():
            claimed = submissions.claim(token, user=request.user)
            response = start()
            submissions.settle(claimed, result_url=response.url)
    except submissions.AlreadySubmitted as earlier:
        messages.info(request, submissions.ALREADY_SUBMITTED)
        return redirect(earlier.result_url or request.path)
    return response


class MemberImportTemplateView(EditorRequiredMixin, View):
    """The template workbook, with the user's own cells on its second sheet."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-dang-vien-moi.xlsx"'
        imports.write_template(response, user=request.user)
        return response
