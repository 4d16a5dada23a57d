"""Pages of the spreadsheet import: upload, preview, confirm, and the template download.

The uploaded file is kept between the preview and the confirmation under IMPORT_TEMP_DIR (default
BASE_DIR/var/imports) with a random name bound to the user's session, and parsed again on confirmation
(the parse is deterministic, so what is written is what was previewed); it is deleted afterwards.
"""

import re
import secrets
import time
from pathlib import Path

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

from .. import imports

SESSION_KEY = "member_import"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STALE_AFTER_SECONDS = 24 * 3600


def import_dir() -> Path:
    return Path(getattr(settings, "IMPORT_TEMP_DIR", settings.BASE_DIR / "var" / "imports"))


def stash(request, upload) -> None:
    """Keep the upload for the preview and the confirmation; forget any earlier one and stale leftovers."""
    discard(request)
    folder = import_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < time.time() - STALE_AFTER_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    with open(folder / f"{token}.xlsx", "wb") as kept:
        for chunk in upload.chunks():
            kept.write(chunk)
    request.session[SESSION_KEY] = {"token": token, "name": upload.name}


def stashed(request) -> tuple[str, Path] | None:
    """The token and path of this session's pending upload, if there is one."""
    token = (request.session.get(SESSION_KEY) or {}).get("token", "")
    path = import_dir() / f"{token}.xlsx"
    return (token, path) if _TOKEN.match(token) and path.is_file() else None


def discard(request) -> None:
    pending = stashed(request)
    if pending:
        pending[1].unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


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
            with open(pending[1], "rb") as upload:
                result = imports.read_members(upload, user=request.user)
        except imports.ImportFileError as error:
            discard(request)
            messages.error(request, error.args[0])
            return redirect("member_import")
        name = request.session[SESSION_KEY]["name"]
        return self.render_to_response(self.get_context_data(result=result, token=pending[0], file_name=name))


class MemberImportConfirmView(EditorRequiredMixin, View):
    """Write every row of the previewed file in one transaction, or none and back to the preview."""

    def post(self, request, *args, **kwargs):
        pending = stashed(request)
        if pending is None or request.POST.get("token") != pending[0]:
            messages.error(request, _("Tệp đang chờ nhập đã hết hạn hoặc đã được nhập. Hãy tải tệp lên lại."))
            return redirect("member_import")
        try:
            with open(pending[1], "rb") as upload:
                _result, created = imports.commit_members(upload, user=request.user)
        except imports.ImportFileError as error:
            discard(request)
            messages.error(request, error.args[0])
            return redirect("member_import")
        if not created:
            messages.error(request, _("Chưa ghi dòng nào: tệp có lỗi, xem chi tiết bên dưới."))
            return redirect("member_import_preview")
        discard(request)
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
