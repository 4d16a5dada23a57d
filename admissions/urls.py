from django.urls import path

urlpatterns: list = []

# Spreadsheet import (admissions/import_views.py).
from .import_views import (  # noqa: E402
    MemberImportConfirmView,
    MemberImportPreviewView,
    MemberImportTemplateView,
    MemberImportView,
)

urlpatterns += [
    path("dang-vien-moi/nhap-excel/", MemberImportView.as_view(), name="member_import"),
    path(
        "dang-vien-moi/nhap-excel/xem-truoc/", MemberImportPreviewView.as_view(), name="member_import_preview"
    ),
    path("dang-vien-moi/nhap-excel/ghi/", MemberImportConfirmView.as_view(), name="member_import_confirm"),
    path(
        "dang-vien-moi/nhap-excel/tep-mau/", MemberImportTemplateView.as_view(), name="member_import_template"
    ),
]
