from django.urls import path

from . import views

urlpatterns = [
    path("dang-vien/", views.MemberListView.as_view(), name="member_list"),
    path("dang-vien/xuat-excel/", views.MemberExportView.as_view(), name="member_export_xlsx"),
    path(
        "dang-vien/xuat-de-sua/", views.MemberCorrectionExportView.as_view(), name="member_export_for_import"
    ),
    path("dang-vien/xuat-csv/", views.MemberExportView.as_view(file_format="csv"), name="member_export_csv"),
    path("dang-vien/them/", views.MemberCreateView.as_view(), name="member_add"),
    path("dang-vien/<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("dang-vien/<int:pk>/cccd/", views.MemberNationalIdView.as_view(), name="member_national_id"),
    path("dang-vien/<int:pk>/sua/", views.MemberUpdateView.as_view(), name="member_edit"),
    path("dang-vien/<int:pk>/xoa/", views.MemberDeleteView.as_view(), name="member_delete"),
    path("dang-vien/du-bi/", views.ProbationListView.as_view(), name="probation_list"),
    path("dang-vien/<int:pk>/chinh-thuc/", views.MemberConfirmView.as_view(), name="member_confirm"),
    path("don-vi/", views.UnitTreeView.as_view(), name="unit_tree"),
    path("don-vi/tim/", views.UnitOptionsView.as_view(), name="unit_options"),
    path("don-vi/them/", views.UnitCreateView.as_view(), name="unit_add"),
    path("don-vi/<int:pk>/sua/", views.UnitUpdateView.as_view(), name="unit_edit"),
    path("don-vi/<int:pk>/giai-the/", views.UnitCloseView.as_view(), name="unit_close"),
    path("chi-tieu/", views.QuotaSheetView.as_view(), name="quota_sheet"),
    path("chi-tieu/nhap-excel/", views.QuotaImportView.as_view(), name="quota_import"),
    path(
        "chi-tieu/nhap-excel/tep-mau/", views.QuotaImportTemplateView.as_view(), name="quota_import_template"
    ),
    path("chi-tieu/nhiem-ky/", views.TermTargetView.as_view(), name="term_targets"),
    path("chi-tieu/nhiem-ky/<int:pk>/xoa/", views.TermTargetDeleteView.as_view(), name="term_target_delete"),
    path("dang-vien/nhap-excel/", views.MemberImportView.as_view(), name="member_import"),
    path(
        "dang-vien/nhap-excel/xem-truoc/",
        views.MemberImportPreviewView.as_view(),
        name="member_import_preview",
    ),
    path(
        "dang-vien/nhap-excel/ghi/",
        views.MemberImportConfirmView.as_view(),
        name="member_import_confirm",
    ),
    path(
        "dang-vien/nhap-excel/trang-tinh/", views.MemberImportSheetView.as_view(), name="member_import_sheet"
    ),
    path("dang-vien/nhap-excel/cot/", views.MemberImportMappingView.as_view(), name="member_import_mapping"),
    path(
        "dang-vien/nhap-excel/tep-da-kiem-tra/",
        views.MemberImportCheckedFileView.as_view(),
        name="member_import_checked_file",
    ),
    path(
        "dang-vien/nhap-excel/tep-mau/",
        views.MemberImportTemplateView.as_view(),
        name="member_import_template",
    ),
]
