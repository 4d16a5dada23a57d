"""Long imports and exports, in the request (before issue 14b) and as background jobs (after): wall time of
each step and peak memory of the process that does the work. One step per process, so its peak is its own.

    python bench/background.py --database-url postgres://... --what import --rows 50000 --mode request|worker
    python bench/background.py --database-url postgres://... --what export --year 2025 --mode request|worker

`request`: the pages as they were: the upload, then the preview page parses, checks and renders the file
in the request; the confirmation writes it in the request; the export is written in the request (the
app's own streaming writer, bench/export_job.py's "ours"). Peak memory: this process.
`worker`: the same pages with the work sent to the worker: the upload, the confirmation and the export
link answer at once with a job; `manage.py db_worker --batch` (django-tasks-db, config.settings) then does
the work in its own process, timed and measured (its peak RSS); then the preview page shows what the job
read. The import is undone afterwards (its members carry national IDs starting with 9, bench/data.py).
Prints one JSON line.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import data  # noqa: E402


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run_worker(database_url: str) -> float:
    """Run the real worker until the queue is empty; its wall time (its peak is read from RUSAGE_CHILDREN)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - started


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def undo_import() -> None:
    from admissions.models import AuditEntry, Member

    ids = list(Member.objects.filter(national_id__startswith="9").values_list("pk", flat=True))
    AuditEntry.objects.filter(object_type="member", object_id__in=ids).delete()
    Member.objects.filter(pk__in=ids).delete()


def bench_import(args, client) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from admissions.models import Member

    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "import.xlsx"
        data.make_import_workbook(path, args.rows)
        content = path.read_bytes()
    before = Member.objects.count()
    upload, figures["upload request s"] = timed(
        lambda: client.post(reverse("member_import"), {"file": SimpleUploadedFile("bench.xlsx", content)})
    )
    assert upload.status_code == 302, upload.status_code
    if args.mode == "worker":
        figures["preview worker s"] = run_worker(args.database_url)
        figures["preview worker peak MB"] = peak_mb(resource.RUSAGE_CHILDREN)
    preview, figures["preview request s"] = timed(lambda: client.get(reverse("member_import_preview")))
    assert preview.status_code == 200, preview.status_code
    assert preview.context["result"].can_commit, preview.context["result"].errors[:3]
    post = {"token": str(preview.context["token"]), "versions": preview.context["versions"]}
    if "submission_token" in preview.context:
        post["submission_token"] = preview.context["submission_token"]
    confirm, figures["commit request s"] = timed(lambda: client.post(reverse("member_import_confirm"), post))
    assert confirm.status_code == 302, confirm.status_code
    if args.mode == "worker":
        figures["commit worker s"] = run_worker(args.database_url)
        figures["worker peak MB"] = peak_mb(resource.RUSAGE_CHILDREN)
    figures["written"] = Member.objects.count() - before
    figures["request process peak MB"] = peak_mb()
    undo_import()
    return figures


def bench_export(args, client) -> dict:
    from django.urls import reverse

    figures = {}
    response, figures["export request s"] = timed(
        lambda: client.get(reverse("member_export_xlsx"), {"year": args.year})
    )
    if args.mode == "request":
        body, seconds = timed(lambda: sum(len(chunk) for chunk in response.streaming_content))
        figures["export request s"] += seconds
        figures["bytes"] = body
    else:
        assert response.status_code == 302, response.status_code
        figures["export worker s"] = run_worker(args.database_url)
        figures["worker peak MB"] = peak_mb(resource.RUSAGE_CHILDREN)
        from core.models import Job

        job = Job.objects.latest("created_at")
        figures["rows"], figures["state"] = job.total, job.state
    figures["request process peak MB"] = peak_mb()
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--what", choices=["import", "export"], required=True)
    parser.add_argument("--mode", choices=["request", "worker"], required=True)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    data.setup_django(args.database_url)
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client then keeps each page's context (the preview's result, token)

    if args.mode == "worker":  # the tasks go to the database, for the real worker
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = Client()
    client.force_login(data.bench_user())
    baseline = peak_mb()
    figures = (bench_import if args.what == "import" else bench_export)(args, client)
    print(json.dumps({"what": args.what, "mode": args.mode, "baseline MB": baseline, **figures}))


if __name__ == "__main__":
    main()
