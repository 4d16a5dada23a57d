from django.urls import path

from .views import ReportView, ReportWorkbookView

urlpatterns = [
    path("", ReportView.as_view(), name="report"),
    path("excel/", ReportWorkbookView.as_view(), name="report_xlsx"),
]
