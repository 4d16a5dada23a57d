from django.urls import path

from .views import JobDownloadView, JobStatusView, JobView

urlpatterns = [
    path("<uuid:pk>/", JobView.as_view(), name="job"),
    path("<uuid:pk>/trang-thai/", JobStatusView.as_view(), name="job_status"),
    path("<uuid:pk>/tai-ve/", JobDownloadView.as_view(), name="job_download"),
]
