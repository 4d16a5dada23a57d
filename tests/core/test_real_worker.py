"""The real queue: a long import's jobs enqueued in the database (django-tasks-db) and run to completion by
its worker (`manage.py db_worker`, the command `make run` and the systemd unit start), not by the test
suite's immediate backend. Committed transactions, as between the app's process and the worker's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from admissions.models import Member
from core import jobs
from core.models import Job
from tests import factories
from tests.admissions.xlsx_helpers import row, workbook

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.IMPORT_BACKGROUND_ROWS = 2


def work() -> None:
    """The worker, until the queue is empty (--batch), as a deployment runs it."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_the_worker_reads_then_writes_a_long_file(client, database_queue):
    tree = factories.tree()
    clerk = factories.user("clerk", role=Role.UNIT_CLERK, unit=tree["commune"])
    client.force_login(clerk)
    content = workbook([row(tree["deep_cell"].code, number=n) for n in range(1, 4)]).getvalue()

    started = client.post(reverse("member_import"), {"file": SimpleUploadedFile("d.xlsx", content)})
    job = Job.objects.get()
    assert started.url == job.get_absolute_url()
    assert job.state == "queued"  # waiting for the worker
    assert DBTaskResult.objects.get().status == "READY"
    waiting = client.get(started.url)
    assert waiting.status_code == 200
    assert "Đang chờ đến lượt" in waiting.text

    work()
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("done", 4, 4)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    preview = client.get(client.get(started.url).url)
    assert "Ghi vào dữ liệu (3 đảng viên)" in preview.text

    confirmed = client.post(
        reverse("member_import_confirm"),
        {
            "token": str(preview.context["token"]),
            "versions": preview.context["versions"],
            "submission_token": factories.token(),
        },
    )
    assert Member.objects.count() == 0  # not before the worker has written it
    work()
    assert Member.objects.count() == 3
    done = client.get(confirmed.url, follow=True)
    assert "Đã nhập 3 đảng viên mới." in done.text


def test_progress_made_inside_a_transaction_is_seen_before_it_commits(database_queue):
    owner = factories.user("staff", role=Role.COMMITTEE_STAFF, unit=factories.tree()["district"])
    job = Job.objects.create(owner=owner, title="Ghi tệp")
    with jobs.running(str(job.pk)), transaction.atomic():
        jobs.report(phase=jobs.SAVING, done=7, total=10)
        transaction.set_rollback(True)  # the work's own writes are undone; its progress was not part of them
    job.refresh_from_db()
    assert (job.state, job.phase, job.done, job.total) == ("running", jobs.SAVING, 7, 10)
