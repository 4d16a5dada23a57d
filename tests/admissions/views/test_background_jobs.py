"""Long imports and exports run as background jobs (core.jobs, admissions.tasks): a progress page, then the
preview, the written members or the file; one job per double click; owner only; failures write nothing.

The suite's tasks run at once (the immediate backend of config/test_settings.py); test_real_worker.py runs
the same flow through django-tasks-db's worker."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from admissions import imports, services
from admissions.models import Member, PendingImport
from core import jobs
from core.models import Job
from tests import factories
from tests.admissions.xlsx_helpers import row, workbook


@pytest.fixture
def long_files(settings):
    """Every file of more than 2 rows counts as long here (the header and 3 members are 4 rows)."""
    settings.IMPORT_BACKGROUND_ROWS = 2


def upload(client, tree, *, count=3, submission_token=None):
    content = workbook([row(tree["deep_cell"].code, number=n) for n in range(1, count + 1)]).getvalue()
    data = {"file": SimpleUploadedFile("danh-sach.xlsx", content)}
    if submission_token:
        data["submission_token"] = submission_token
    return client.post(reverse("member_import"), data)


def confirm(client, preview, **extra):
    form = preview.context
    data = {"token": str(form["token"]), "versions": form["versions"], **extra}
    return client.post(reverse("member_import_confirm"), data)


def test_a_long_file_is_read_by_a_job_then_written_by_another(as_clerk, tree, long_files):
    started = upload(as_clerk, tree)
    job = Job.objects.get()
    assert started.url == job.get_absolute_url() == reverse("job", args=[job.pk])
    assert (job.state, job.total) == ("done", 4)  # the immediate backend ran it; 4 rows with the header
    assert Member.objects.count() == 0
    shown = as_clerk.get(started.url)  # done: its page sends the clerk to the preview it read
    assert shown.url == reverse("member_import_preview")
    preview = as_clerk.get(shown.url)
    assert "Ghi vào dữ liệu (3 đảng viên)" in preview.text
    assert "Nguyễn Văn Số 2" in preview.text

    written = confirm(as_clerk, preview, submission_token=factories.token())
    commit = Job.objects.latest("created_at")
    assert written.url == commit.get_absolute_url()
    assert (commit.state, commit.done, commit.total) == ("done", 4, 4)
    assert Member.objects.count() == 3
    after = as_clerk.get(written.url, follow=True)
    assert after.redirect_chain[-1][0] == reverse("member_list")
    assert "Đã nhập 3 đảng viên mới." in after.text


def test_a_short_file_is_read_in_the_request_as_before(as_clerk, tree):
    assert upload(as_clerk, tree).url == reverse("member_import_preview")
    assert not Job.objects.exists()


def test_posting_the_upload_twice_starts_one_job(as_clerk, tree, long_files):
    sent = factories.token()
    first = upload(as_clerk, tree, submission_token=sent)
    second = upload(as_clerk, tree, submission_token=sent)
    assert Job.objects.count() == 1
    assert second.url == first.url == Job.objects.get().get_absolute_url()


def test_confirming_twice_starts_one_job_and_writes_once(as_clerk, tree, long_files):
    upload(as_clerk, tree)
    preview = as_clerk.get(reverse("member_import_preview"))
    sent = factories.token()
    first = confirm(as_clerk, preview, submission_token=sent)
    second = confirm(as_clerk, preview, submission_token=sent)
    assert second.url == first.url
    assert Job.objects.count() == 2  # the preview's and one confirmation
    assert Member.objects.count() == 3


def test_a_job_that_fails_says_so_in_vietnamese_and_writes_nothing(as_clerk, tree, long_files, monkeypatch):
    upload(as_clerk, tree)
    preview = as_clerk.get(reverse("member_import_preview"))

    def broken(**kwargs):
        Member.objects.all().delete()  # whatever it did is undone with its transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "members_import", broken)
    factories.member(tree["deep_cell"], full_name="Đã Có Từ Trước")
    response = confirm(as_clerk, preview, submission_token=factories.token())
    job = Job.objects.latest("created_at")
    assert job.state == "failed"
    page = as_clerk.get(response.url)
    assert page.status_code == 200
    assert "chưa có gì được ghi" in page.text
    assert list(Member.objects.values_list("full_name", flat=True)) == ["Đã Có Từ Trước"]


def test_a_long_file_the_job_cannot_read_is_sent_back_to_the_upload_page(
    as_clerk, tree, long_files, monkeypatch
):
    def unreadable(pending, *, user):
        raise imports.ImportFileError("Tệp bị hỏng, không đọc được.")

    monkeypatch.setattr(imports, "read_pending", unreadable)  # the job reads the file as the preview chose
    response = upload(as_clerk, tree)
    assert Job.objects.get().state == "failed"
    page = as_clerk.get(response.url, follow=True)
    assert page.redirect_chain[-1][0] == reverse("member_import")
    assert "Tệp bị hỏng, không đọc được." in page.text
    assert not PendingImport.objects.filter(imported_at__isnull=True).exists()  # dropped, as in the request
    assert Member.objects.count() == 0


def test_a_job_is_seen_by_its_owner_only(client, tree, staff, clerk):
    job = Job.objects.create(owner=staff, title="Xuất danh sách")
    client.force_login(clerk)
    for name in ("job", "job_status", "job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("job", args=[job.pk])).status_code == 200
    assert client.get("/cong-viec/not-a-uuid/").status_code == 404


def test_a_waiting_job_shows_a_progress_bar_that_works_without_javascript(as_staff, staff):
    job = Job.objects.create(owner=staff, title="Kiểm tra tệp", phase=jobs.READING, done=1234, total=50000)
    page = as_staff.get(reverse("job", args=[job.pk]))
    assert '<progress class="job-bar" max="100" value="2">' in page.text
    assert "1.234 / 50.000 dòng" in page.text
    assert "Đang đọc tệp" in page.text
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page.text
    assert "js/job_progress.js" in page.text
    assert "<script>" not in page.text  # CSP: no inline script
    assert "Chưa có tiến trình chạy nền nào nhận việc này" not in page.text
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    assert "Chưa có tiến trình chạy nền nào nhận việc này" in as_staff.get(reverse("job", args=[job.pk])).text
    status = as_staff.get(reverse("job_status", args=[job.pk])).json()
    assert status == {
        "state": "queued",
        "phase": "Đang đọc tệp",
        "done": 1234,
        "total": 50000,
        "percent": 2,
        "finished": False,
    }


def test_a_job_silent_too_long_is_reported_interrupted(as_staff, staff, settings):
    job = Job.objects.create(owner=staff, title="Ghi tệp", state="running")
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=16))
    page = as_staff.get(reverse("job", args=[job.pk]))
    assert "bị gián đoạn" in page.text
    assert Job.objects.get().state == "failed"


def test_a_long_export_is_written_by_a_job_and_downloaded_by_its_owner_only(
    client, tree, staff, clerk, settings
):
    settings.EXPORT_BACKGROUND_ROWS = 2
    for name in ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An"]:
        factories.member(tree["deep_cell"], full_name=name)
    client.force_login(staff)
    response = client.get(reverse("member_export_xlsx"), {"sort": "full_name"})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.state, job.done, job.total) == ("done", 3, 3)
    page = client.get(response.url)
    assert "Tải về dang-vien-moi-" in page.text
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="dang-vien-moi-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = [values[0] for values in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Lê Văn An", "Nguyễn Thị Ánh", "Trần Văn Bình"]
    assert not str(jobs.file_path(job)).startswith(str(settings.BASE_DIR / "static"))
    # A second click while it is kept follows the same job.
    assert client.get(reverse("member_export_xlsx"), {"sort": "full_name"}).url == response.url
    client.force_login(clerk)
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def test_a_long_export_for_correcting_keeps_its_columns_and_full_ids_in_the_job(as_staff, tree, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    factories.member(tree["deep_cell"], full_name="Trong Phạm Vi", national_id="001203000017")
    response = as_staff.get(reverse("member_export_for_import"))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    download = as_staff.get(reverse("job_download", args=[job.pk]))
    assert 'filename="dang-vien-moi-de-sua-' in download["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [cell.value for cell in sheet[1]] == [column.header for column in imports.COLUMNS]
    assert "001203000017" in [cell.value for cell in sheet[2]]


def test_a_long_csv_export_is_the_same_rows(as_clerk, tree, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    factories.member(tree["deep_cell"], full_name="Trong Phạm Vi")
    factories.member(tree["cell_b"], full_name="Xã Khác")  # outside the clerk's subtree
    response = as_clerk.get(reverse("member_export_csv"))
    job = Job.objects.get()
    lines = b"".join(as_clerk.get(reverse("job_download", args=[job.pk])).streaming_content)
    assert response.url == job.get_absolute_url()
    assert "Trong Phạm Vi" in lines.decode("utf-8-sig")
    assert "Xã Khác" not in lines.decode("utf-8-sig")


def test_a_large_yearly_workbook_is_written_by_a_job(as_staff, tree, settings):
    settings.REPORT_BACKGROUND_ROWS = 0
    factories.member(tree["deep_cell"], decision_date=datetime.date(2025, 3, 1))
    response = as_staff.get(reverse("report_xlsx"), {"year": 2025, "unit": tree["district"].pk})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.state == "done", job.message
    download = as_staff.get(reverse("job_download", args=[job.pk]))
    workbook_ = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Danh sách" in workbook_.sheetnames


def test_jobs_and_their_files_are_removed_after_the_keeping_time(staff, settings):
    job = Job.objects.create(owner=staff, title="Xuất danh sách")
    with jobs.output(job, "a.xlsx") as handle:
        handle.write(b"PK")
    assert jobs.file_path(job).is_file()
    call_command("prune_jobs", verbosity=0)
    assert Job.objects.filter(pk=job.pk).exists()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    call_command("prune_jobs", verbosity=0)
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not jobs.file_path(job).exists()


def test_viewers_cannot_start_an_import_job(client, tree, long_files):
    viewer = factories.user("v", role=Role.VIEWER, unit=tree["district"])
    client.force_login(viewer)
    assert upload(client, tree).status_code == 403
    assert not Job.objects.exists()


def test_the_progress_page_and_its_status_read_the_database_a_constant_number_of_times(as_staff, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for total in (10, 100_000):
        job = Job.objects.create(owner=staff, title="Xuất danh sách", total=total, done=total // 2)
        with CaptureQueriesContext(connection) as page, CaptureQueriesContext(connection) as status:
            as_staff.get(reverse("job", args=[job.pk]))
        with CaptureQueriesContext(connection) as status:
            as_staff.get(reverse("job_status", args=[job.pk]))
        counts.append((len(page), len(status)))
    assert counts[0] == counts[1], counts
    assert counts[0][1] <= 3, counts  # the session, the user, the job
