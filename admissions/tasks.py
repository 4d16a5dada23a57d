"""The data-entry work that runs in the background (django.tasks, the worker of `manage.py db_worker`): a long
file's import preview and its confirmation, and a long export of the member list.

Each task gets the id of its job (core.jobs) and does what the page would have done in the request, as the
user who asked (scoped as on the page), reporting its progress through the job; its result is the job's:
the preview to show, the page to go to with a message, or the file to download. An import stays all or
nothing: the worker writes it in one transaction, and a failure (or the worker dying) writes nothing.
"""

from collections.abc import Callable, Sequence

from django.db.models import QuerySet
from django.http import QueryDict
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import jobs

from . import exports, imports, selectors, services
from .filtersets import MemberFilterSet

NOT_WRITTEN = _("Chưa ghi dòng nào: tệp có lỗi, xem chi tiết bên dưới.")


def import_subject(token: object) -> str:
    """What the jobs of one pending import are about: its preview's page finds them by it."""
    return f"member-import:{token}"


def written_message(result: imports.ImportResult, written: int) -> str:
    if result.updated:
        return _("Đã nhập %(created)s đảng viên mới và cập nhật %(updated)s đảng viên.") % {
            "created": result.created,
            "updated": result.updated,
        }
    return _("Đã nhập %(count)s đảng viên mới.") % {"count": written}


@task
def member_import_preview(job_id: str, token: str) -> None:
    """Read and check the pending file `token` (nothing is written); the preview page shows the result."""
    with jobs.running(job_id) as job:
        if job is None:
            return
        pending = selectors.pending_import(user=job.owner, token=token)
        if pending is None:
            raise jobs.JobFailed(services.PendingImportGone.message, url=reverse("member_import"))
        jobs.report(phase=jobs.READING)
        try:
            result = imports.read_pending(pending, user=job.owner)
        except imports.ImportFileError as error:
            services.pending_import_discard(user=job.owner, token=token)
            raise jobs.JobFailed(error.args[0], url=reverse("member_import")) from error
        jobs.finish(job, url=reverse("member_import_preview"), payload=result)


@task
def member_import_commit(job_id: str, token: str, versions: str) -> None:
    """Write every row of the previewed file `token` in one transaction, or none (imports.commit_pending);
    `versions` are the previewed members' versions as the preview's form carried them."""
    with jobs.running(job_id) as job:
        if job is None:
            return
        jobs.report(phase=jobs.READING)
        try:
            result, written = imports.commit_pending(
                token=token, user=job.owner, versions=imports.read_versions(versions)
            )
        except services.AlreadyImported as done:
            jobs.finish(job, url=reverse("member_list"), message=done.message)
            return
        except services.PendingImportGone as gone:
            raise jobs.JobFailed(gone.message, url=reverse("member_import")) from gone
        except imports.ImportFileError as error:
            raise jobs.JobFailed(error.args[0], url=reverse("member_import")) from error
        if not written:  # changed meanwhile: the preview shows this reading's errors
            jobs.fail(job, NOT_WRITTEN, url=reverse("member_import_preview"), payload=result)
            return
        jobs.finish(job, url=reverse("member_list"), message=written_message(result, written))


@task
def member_export(
    job_id: str,
    query: str,
    file_format: str,
    columns: list[str] | None = None,
    file_stem: str = "dang-vien-moi",
) -> None:
    """The member list under the filter `query` (the list page's query string) as a file, exactly the rows
    the page shows its owner (the same filterset and selector), in the export view's `columns`."""
    list_export(
        job_id,
        rows=lambda owner: MemberFilterSet(QueryDict(query), user=owner).qs,
        file_format=file_format,
        columns=columns or list(exports.DEFAULT_COLUMNS),
        file_stem=file_stem,
        done=_("Đã xuất %(count)s đảng viên."),
    )


def list_export(
    job_id: str,
    *,
    rows: Callable[[object], QuerySet],
    file_format: str,
    columns: Sequence,
    file_stem: str,
    done: str,
) -> None:
    """The body of a list's background export (the members', the candidates'): `rows(owner)` are the
    list's rows as its page shows them to the job's owner, written in `columns` as .csv or .xlsx to the
    job's file; `done` is the finished job's message, with %(count)s."""
    with jobs.running(job_id) as job:
        if job is None:
            return
        queryset = rows(job.owner)
        total = queryset.count()
        jobs.report(phase=jobs.WRITING, total=total, done=0)
        name = f"{file_stem}-{timezone.localdate():%Y%m%d}.{file_format}"
        with jobs.output(job, name) as handle:
            if file_format == "csv":
                lines = 500
                for number, chunk in enumerate(
                    exports.stream_csv(queryset, columns=columns, lines_per_chunk=lines)
                ):
                    handle.write(chunk.encode())
                    jobs.report(done=min(total, number * lines))
            else:
                exports.write_xlsx(queryset, handle, columns=columns)
        jobs.finish(job, url=jobs.download_url(job), message=done % {"count": f"{total:,}".replace(",", ".")})
