"""Pages that correct how a pending import is read, from its preview (as Odoo's import does), and give the
checked file back: choose the sheet, say which field each column is, download the workbook with its errors.

The choices are kept with the pending file (PendingImport) and checked on it first: a bad one (a field for
two columns, a required field for none, a tampered select, a sheet that is not there) is refused with a
message and changes nothing. Posting the same choice twice keeps the same choice: nothing to submit once.
"""

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from accounts.mixins import EditorRequiredMixin

from .. import exports, imports, services
from .imports import preview_in_background, stashed


class _ReadingChoiceView(EditorRequiredMixin, View):
    """A choice posted from the preview for the pending file of the form's token; back to the preview."""

    http_method_names = ["post"]
    done_message = ""

    def choose(self, request, token):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            self.choose(request, request.POST.get("token"))
        except services.PendingImportGone as gone:
            messages.error(request, gone.message)
            return redirect("member_import")
        except imports.ImportFileError as error:
            messages.error(request, error.args[0])
            return redirect("member_import_preview")
        messages.success(request, self.done_message)
        pending = stashed(request)  # read again as chosen: a long file by a new background job
        return redirect("member_import") if pending is None else preview_in_background(request, pending)


class MemberImportSheetView(_ReadingChoiceView):
    """Read the pending file from another of its sheets."""

    done_message = _("Đã đọc lại tệp từ trang tính đã chọn.")

    def choose(self, request, token):
        imports.choose_sheet(user=request.user, token=token, sheet=request.POST.get("sheet", ""))


class MemberImportMappingView(_ReadingChoiceView):
    """Read the pending file with each column taken as the preview's selects say."""

    done_message = _("Đã đọc lại tệp theo cách hiểu các cột đã chọn.")

    def choose(self, request, token):
        imports.choose_mapping(user=request.user, token=token, posted=request.POST)


class MemberImportCheckedFileView(EditorRequiredMixin, View):
    """The user's pending workbook back, with a "Lỗi" column and its faulty cells marked. Another import
    (the candidates') says which of its pending files, how it is read and where its pages are."""

    pending_kind = {}  # stashed()'s kind and session key; the members' by default
    read_pending = staticmethod(imports.read_pending)
    skipped_note = imports.checked.SKIPPED
    upload_url, preview_url = "member_import", "member_import_preview"

    def get(self, request, *args, **kwargs):
        pending = stashed(request, **self.pending_kind)
        if pending is None:
            messages.info(request, _("Chưa có tệp nào đang chờ nhập. Hãy tải tệp lên."))
            return redirect(self.upload_url)
        try:
            result = self.read_pending(pending, user=request.user)
            if result.mapping_error:
                raise imports.ImportFileError(result.mapping_error)
            output = io.BytesIO()
            imports.write_checked(
                io.BytesIO(bytes(pending.content)), result, output, skipped_note=self.skipped_note
            )
        except imports.ImportFileError as error:
            messages.error(request, error.args[0])
            return redirect(self.preview_url)
        stem = pending.file_name.rsplit(".", 1)[0] or "danh-sach"
        return HttpResponse(
            output.getvalue(),
            content_type=exports.XLSX_CONTENT_TYPE,
            headers={"Content-Disposition": content_disposition_header(True, f"{stem}-da-kiem-tra.xlsx")},
        )
