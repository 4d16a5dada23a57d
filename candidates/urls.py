from django.urls import path

from . import views

urlpatterns = [
    path("", views.CandidateListView.as_view(), name="candidate_list"),
    path("bang/", views.CandidateBoardView.as_view(), name="candidate_board"),
    path("ngay-nghi/", views.DaysOffView.as_view(), name="candidate_days_off"),
    path("ngay-nghi/<int:pk>/xoa/", views.DayOffDeleteView.as_view(), name="candidate_day_off_delete"),
    path("den-han/", views.CandidateDueView.as_view(), name="candidate_due"),
    path("buoc-tiep-theo/", views.CandidateBatchStageView.as_view(), name="candidate_batch_stage"),
    path("them/", views.CandidateCreateView.as_view(), name="candidate_add"),
    path("<int:pk>/", views.CandidateDetailView.as_view(), name="candidate_detail"),
    path("<int:pk>/sua/", views.CandidateUpdateView.as_view(), name="candidate_edit"),
    path("<int:pk>/buoc-tiep-theo/", views.CandidateStageView.as_view(), name="candidate_stage"),
    path("<int:pk>/ket-thuc/", views.CandidateCloseView.as_view(), name="candidate_close"),
    path("<int:pk>/tiep-tuc/", views.CandidateResumeView.as_view(), name="candidate_resume"),
    path("<int:pk>/ket-nap/", views.CandidateAdmitView.as_view(), name="candidate_admit"),
    path("xuat-excel/", views.CandidateExportView.as_view(), name="candidate_export_xlsx"),
    path("xuat-csv/", views.CandidateExportView.as_view(file_format="csv"), name="candidate_export_csv"),
    path("nhap-excel/", views.CandidateImportView.as_view(), name="candidate_import"),
    path("nhap-excel/kiem-tra/", views.CandidateImportPreviewView.as_view(), name="candidate_import_preview"),
    path("nhap-excel/ghi/", views.CandidateImportConfirmView.as_view(), name="candidate_import_confirm"),
    path(
        "nhap-excel/tep-mau/", views.CandidateImportTemplateView.as_view(), name="candidate_import_template"
    ),
    path(
        "nhap-excel/tep-da-kiem-tra/",
        views.CandidateImportCheckedFileView.as_view(),
        name="candidate_import_checked_file",
    ),
]
