from django.urls import path

from .views import BreakdownView, ReportView, ReportWorkbookView

urlpatterns = [
    path("", ReportView.as_view(), name="report"),
    path("bieu-2/", BreakdownView.as_view(), name="report_breakdown"),
    path("excel/", ReportWorkbookView.as_view(), name="report_xlsx"),
]
