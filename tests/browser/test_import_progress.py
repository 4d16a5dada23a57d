"""A long import in a real browser: the upload lands on the job's progress page, which follows the
background worker (the real one of django-tasks-db, run here by the test between the clerk's steps) and
shows the preview, then the written members, when the worker is done."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Role
from admissions.models import Member
from core.models import Job
from tests import factories
from tests.admissions.xlsx_helpers import row, workbook

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 1500


def work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.IMPORT_BACKGROUND_ROWS = 100


def test_a_long_import_shows_its_progress_then_its_preview_then_its_result(
    page, tree, database_queue, tmp_path
):
    factories.user("vanthu", role=Role.UNIT_CLERK, unit=tree["commune"])
    path = tmp_path / "danh-sach-dai.xlsx"
    path.write_bytes(workbook([row(tree["deep_cell"].code, number=n) for n in range(1, ROWS + 1)]).getvalue())
    log_in(page, "vanthu")
    page.goto("/dang-vien/nhap-excel/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()

    page.wait_for_url("**/cong-viec/**")
    expect(page.locator(".job-phase")).to_have_text("Đang chờ đến lượt")
    expect(page.locator("progress.job-bar")).to_be_visible()
    expect(page.locator(".job-count")).to_contain_text(f"0 / {ROWS + 1:,} dòng".replace(",", "."))
    # The bar follows the job without a reload: the progress a worker reports shows on the open page.
    Job.objects.filter(state="queued").update(state="running", phase="reading", done=700)
    expect(page.locator(".job-count")).to_contain_text(f"700 / {ROWS + 1:,} dòng".replace(",", "."))
    expect(page.locator(".job-phase")).to_have_text("Đang đọc tệp")
    assert page.locator("progress.job-bar").evaluate("bar => bar.value") > 0
    Job.objects.filter(state="running").update(state="queued", phase="", done=0)
    work()  # the worker reads the file; the page's script sees the job finish and shows the preview
    page.wait_for_url("**/xem-truoc/")
    expect(page.locator(".import-confirm")).to_contain_text(f"Ghi vào dữ liệu ({ROWS} đảng viên)")
    assert Member.objects.count() == 0

    page.get_by_role("button", name="Ghi vào dữ liệu").click()
    page.wait_for_url("**/cong-viec/**")
    expect(page.locator(".job-phase")).to_have_text("Đang chờ đến lượt")
    work()  # the worker writes every row in one transaction
    page.wait_for_url("**/dang-vien/")
    expect(page.locator(".messages")).to_contain_text(f"Đã nhập {ROWS} đảng viên mới.")
    assert Member.objects.count() == ROWS
