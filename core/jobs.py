"""Background jobs: work that outlives a request, run by the worker as a task, followed by its owner.

The page that asks for the work starts a job; the task does the work inside `running()`, reports how far it
is, and finishes with where its result is:

    job = jobs.start(owner=request.user, title=_("Xuất danh sách"), task=tasks.member_export, kwargs={...})
    return redirect(job)                                      # its page: a progress bar, then the result

    @task
    def member_export(job_id: str, ...):
        with jobs.running(job_id) as job:                     # the job's failure is caught and said here
            jobs.report(phase=jobs.WRITING, total=n)          # then jobs.report(done=...) as it goes
            with jobs.output(job, "danh-sach.xlsx") as handle: ...
            jobs.finish(job, url=job.download_url)

`jobs.report()` may be called from anywhere below a running job (the importer, the xlsx writer): it does
nothing outside one, and writes at most twice a second. Inside a transaction (an import writes all its rows
in one) it writes through a connection of its own, so the progress page sees it while the transaction is
still open; progress is best effort, a write that cannot be made now is skipped.

A worker that dies mid-job takes its transaction with it (nothing is written); the job then stops reporting,
and its page says it was interrupted once it has been silent for JOB_SILENT_MINUTES (`lost()`).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import pickle
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import F, sql
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Job

if TYPE_CHECKING:
    from django.tasks import Task

logger = logging.getLogger(__name__)

# The phases a job reports; the page shows their labels.
READING, CHECKING, WRITING, SAVING = "reading", "checking", "writing", "saving"
PHASES = {
    "": _("Đang chờ đến lượt"),
    READING: _("Đang đọc tệp"),
    CHECKING: _("Đang kiểm tra từng dòng"),
    WRITING: _("Đang tạo tệp"),
    SAVING: _("Đang kiểm tra lần cuối và ghi vào dữ liệu"),
}
FAILED = _("Công việc không thành công do một lỗi của hệ thống; chưa có gì được ghi. Hãy thử lại sau.")
INTERRUPTED = _(
    "Công việc bị gián đoạn (tiến trình chạy nền đã dừng hoặc khởi động lại); chưa có gì được ghi. Hãy thử lại."
)
REPORT_EVERY = 0.5  # seconds between two progress writes of one job

_current: contextvars.ContextVar[_Reporter | None] = contextvars.ContextVar("core_jobs_current", default=None)


class JobFailed(Exception):
    """Raised in a running job to end it with this message for its owner (nothing is kept); with `url`, the
    owner is sent there with the message (e.g. back to the upload page)."""

    def __init__(self, message, *, url: str = ""):
        super().__init__(message)
        self.url = url


def start(
    *,
    owner,
    title,
    task: Task,
    kwargs: dict | None = None,
    subject: str = "",
    total: int | None = None,
    reuse_seconds: int = 0,
) -> Job:
    """A new job of `owner`, with `task` enqueued to do it (called as task(job_id, **kwargs)). With
    `reuse_seconds`, the owner's job about the same `subject` started that recently (and not failed) is
    returned instead, so a second click on a link does not do the work twice.

    The job and its task are written in one transaction (the database backend keeps the task in the same
    database), so a job never waits for a task that was not queued, nor a task for its job."""
    if reuse_seconds and subject:
        since = timezone.now() - datetime.timedelta(seconds=reuse_seconds)
        recent = Job.objects.filter(owner=owner, subject=subject, created_at__gte=since)
        if (earlier := recent.exclude(state=Job.State.FAILED).order_by("-created_at").first()) is not None:
            return earlier
    prune()
    with transaction.atomic():
        job = Job.objects.create(owner=owner, title=str(title)[:200], subject=subject, total=total)
        result = task.enqueue(str(job.pk), **(kwargs or {}))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def of(user, job_id: object) -> Job | None:
    """The job `job_id` if `user` started it (anyone else's, or a malformed id, is none)."""
    try:
        return Job.objects.defer("payload").filter(owner=user, pk=job_id).first()
    except (ValueError, DatabaseError, TypeError):
        return None


def latest(user, subject: str) -> Job | None:
    """The last job `user` started about `subject`."""
    return Job.objects.defer("payload").filter(owner=user, subject=subject).order_by("-created_at").first()


def latest_kept(user, subject: str) -> Job | None:
    """The last finished job `user` started about `subject` that kept a payload."""
    finished = Job.objects.filter(owner=user, subject=subject, payload__isnull=False)
    return finished.order_by("-created_at").first()


def lost(job: Job) -> bool:
    """Running and silent for JOB_SILENT_MINUTES: its worker is gone, and it wrote nothing."""
    silent = timezone.now() - datetime.timedelta(minutes=settings.JOB_SILENT_MINUTES)
    return job.state == Job.State.RUNNING and job.updated_at < silent


def unclaimed(job: Job) -> bool:
    """Still queued a minute after it was started: no worker is taking the queue's work."""
    return job.state == Job.State.QUEUED and job.created_at < timezone.now() - datetime.timedelta(minutes=1)


def give_up(job: Job) -> Job:
    """Mark a lost job failed (its page then says so once and for all)."""
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.FAILED, message=str(INTERRUPTED), finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


class _Reporter:
    """Writes one running job's progress, at most every REPORT_EVERY seconds (at once on a new phase)."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.fields: dict[str, Any] = {}
        self.written_at = 0.0
        self.side = None  # a connection of its own, for progress made inside a transaction

    def report(self, fields: dict) -> None:
        urgent = "phase" in fields and fields["phase"] != self.fields.get("phase")
        self.fields.update(fields)
        if urgent or time.monotonic() - self.written_at >= REPORT_EVERY:
            self.write()

    def write(self) -> None:
        self.written_at = time.monotonic()
        fields = {**self.fields, "updated_at": timezone.now()}
        if not transaction.get_connection().in_atomic_block:
            Job.objects.filter(pk=self.job_id).update(**fields)
            return
        # The transaction's own writes are seen by nobody until it commits: write through another connection.
        try:
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                if self.side.vendor == "postgresql":  # never wait on a row the transaction may hold
                    with self.side.cursor() as cursor:
                        cursor.execute("SET lock_timeout = '1s'")
            query = Job.objects.filter(pk=self.job_id).query.chain(sql.UpdateQuery)
            query.add_update_values(fields)
            statement, params = query.get_compiler(connection=self.side).as_sql()
            with self.side.cursor() as cursor:
                cursor.execute(statement, params)
        except DatabaseError as error:  # locked for now (SQLite's one writer): the next report will tell
            logger.debug("Progress of job %s not written now: %r", self.job_id, error)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def report(*, phase: str | None = None, done: int | None = None, total: int | None = None) -> None:
    """Say how far the running job is (nothing outside a job): its phase, rows done, rows in all."""
    reporter = _current.get()
    if reporter is None:
        return
    fields = {
        name: value
        for name, value in (("phase", phase), ("done", done), ("total", total))
        if value is not None
    }
    reporter.report(fields)


def counting(items: Iterable, *, total: int | None = None, every: int = 1000) -> Iterator:
    """`items`, reporting how many have been taken (the running job's progress) as they are."""
    if total is not None:
        report(total=total, done=0)
    number = 0
    for number, item in enumerate(items, start=1):
        if number % every == 0:
            report(done=number)
        yield item
    report(done=number)


@contextlib.contextmanager
def running(job_id: str) -> Iterator[Job]:
    """The job, marked running for the duration of the block. A JobFailed ends it with its message, any
    other exception with a general one (logged with its traceback); the exception goes no further, so the
    task itself succeeds and the job's page says what happened."""
    job = Job.objects.select_related("owner").defer("payload").filter(pk=job_id).first()
    if job is None or job.finished:  # removed meanwhile, or run a second time: nothing to do
        yield None
        return
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, updated_at=timezone.now())
    reporter = _Reporter(job.pk)
    token = _current.set(reporter)
    try:
        yield job
    except JobFailed as failure:
        fail(job, failure.args[0], url=failure.url)
    except Exception:
        logger.exception("Background job %s (%s) failed", job.pk, job.title)
        fail(job, FAILED)
    finally:
        _current.reset(token)
        reporter.close()


def finish(job: Job, *, url: str, message: str = "", payload: Any = None) -> None:
    """The job is done: its result is at `url` (the page its owner is sent to); `message` is said there;
    `payload` (any picklable object) is kept for that page to show (`payload_of`)."""
    _end(job, Job.State.DONE, url=url, message=message, payload=payload)


def fail(job: Job, message, *, url: str = "", payload: Any = None) -> None:
    """The job failed with `message` for its owner (nothing was written); with `url`, its owner is sent there
    (e.g. back to the preview, which shows the `payload` it kept)."""
    _end(job, Job.State.FAILED, url=url, message=message, payload=payload)
    file_path(job).unlink(missing_ok=True)


def _end(job: Job, state: str, *, url: str, message, payload: Any) -> None:
    fields = {
        "state": state,
        "result_url": url[:500],
        "message": str(message),
        "finished_at": timezone.now(),
        # Made by this app's worker and read back by its pages, never from outside: pickle is safe here.
        "payload": None
        if payload is None
        else zlib.compress(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), 1),
    }
    if state == Job.State.DONE:
        fields["done"] = Coalesce(F("total"), F("done"))
    Job.objects.filter(pk=job.pk).update(**fields)


def payload_of(job: Job | None) -> Any:
    """What finish() kept for the job's result page, or None."""
    if job is None or not job.payload:
        return None
    return pickle.loads(zlib.decompress(bytes(job.payload)))  # written by _end(), see there


def file_path(job: Job) -> Path:
    """Where the job's file is kept: under its random id, in the private JOB_FILES_DIR."""
    return Path(settings.JOB_FILES_DIR) / f"{job.pk}.bin"


@contextlib.contextmanager
def output(job: Job, file_name: str) -> Iterator:
    """A binary file to write the job's result into, kept for its owner to download as `file_name`. Written
    under a temporary name and renamed when complete, so a half-written file is never served."""
    path = file_path(job)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_suffix(".part")
    try:
        with open(partial, "wb") as handle:
            yield handle
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    Job.objects.filter(pk=job.pk).update(file_name=file_name[:255])
    job.file_name = file_name


def download_url(job: Job) -> str:
    return reverse("job_download", args=[job.pk])


def prune(*, now: datetime.datetime | None = None) -> int:
    """Remove the jobs started more than JOB_KEEP_HOURS ago, their files, and any file no job owns.
    Returns the number of jobs removed."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.JOB_KEEP_HOURS)
    old = Job.objects.filter(created_at__lt=cutoff)
    for job in old.only("pk"):
        file_path(job).unlink(missing_ok=True)
    removed, _by_model = old.delete()
    folder = Path(settings.JOB_FILES_DIR)
    if folder.is_dir():
        kept = {str(pk) for pk in Job.objects.values_list("pk", flat=True)}
        for path in folder.iterdir():
            stale = path.stat().st_mtime < cutoff.timestamp()
            if path.stem not in kept and (stale or path.suffix == ".bin"):
                path.unlink(missing_ok=True)
    return removed
