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
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from accounts.mixins import EditorRequiredMixin

from .. import imports, selectors, services

SESSION_KEY = "member_import"


def stash(request, upload) -> None:
    """Keep the upload for the preview and the confirmation (replacing any earlier one of this user)."""
    pending = services.pending_import_create(user=request.user, upload=upload)
    request.session[SESSION_KEY] = str(pending.token)


def stashed(request):
    """This session's pending file, if it is still there."""
    return selectors.pending_import(user=request.user, token=request.session.get(SESSION_KEY))


def discard(request) -> None:
    token = request.session.pop(SESSION_KEY, None)
    if token:
        services.pending_import_discard(user=request.user, token=token)


class MemberImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("Tệp nặng %(size)s, vượt giới hạn %(limit)s. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        try:
            imports.check_file(upload)
        except imports.ImportFileError as error:
            raise ValidationError(error.args[0]) from error
        return upload


class MemberImportView(EditorRequiredMixin, FormView):
    """Upload a workbook; a readable one is kept and the preview follows."""

    template_name = "admissions/member_import.html"
    form_class = MemberImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(max_bytes=settings.IMPORT_MAX_BYTES, **kwargs)

    def form_valid(self, form):
        stash(self.request, form.cleaned_data["file"])
        return redirect("member_import_preview")


class MemberImportPreviewView(EditorRequiredMixin, TemplateView):
    """Every row with its errors and warnings; the confirm button only when there is no error."""

    template_name = "admissions/member_import_preview.html"

    def get(self, request, *args, **kwargs):
        pending = stashed(request)
        if pending is None:
            messages.info(request, _("Chưa có tệp nào đang chờ nhập. Hãy tải tệp lên."))
            return redirect("member_import")
        try:
            result = imports.read_pending(pending, user=request.user)
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


class MemberImportTemplateView(EditorRequiredMixin, View):
    """The template workbook, with the user's own cells on its second sheet."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-dang-vien-moi.xlsx"'
        imports.write_template(response, user=request.user)
        return response
