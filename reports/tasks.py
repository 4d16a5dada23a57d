"""The yearly summary workbook, written in the request for a small scope and by the background worker
(django.tasks, `manage.py db_worker`) for a large one, with a progress page and a download (core.jobs)."""

import datetime

from django.conf import settings
from django.tasks import task
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from admissions.selectors import letterhead, units_visible_to
from core import jobs

from . import attainment, excel


def workbook_name(unit, year: int) -> str:
    return f"bao-cao-ket-nap-{year}-{slugify(unit.code) or unit.pk}.xlsx"


def in_background(report: attainment.Attainment) -> bool:
    """A workbook listing more members than REPORT_BACKGROUND_ROWS is too long to write in a request."""
    return report.committee.result > settings.REPORT_BACKGROUND_ROWS


def summary_workbook(unit, year: int, *, as_of: datetime.date, source: str, report=None) -> bytes:
    """The yearly summary workbook of `unit` (excel.summary_workbook) with every figure it shows."""
    superior, place = letterhead(unit)
    report = report or attainment.yearly_attainment(unit, year, as_of=as_of, source=source)
    # Streamed: read in chunks as the sheet is written (the nation's 200,000 rows never sit in memory).
    members = attainment.admitted_member_stream(unit, year, as_of=as_of)
    return excel.summary_workbook(
        report=report,
        targets=attainment.targets_of(report),
        forecast=attainment.forecast(report),
        breakdown=attainment.breakdown(unit, year, as_of=as_of),
        members=jobs.counting(members, total=report.committee.result),
        superior=superior,
        place=place,
    )


def start_workbook(request, *, unit, year: int, as_of: datetime.date, source: str):
    """A job that writes the workbook (report_workbook below); its page follows it, then offers the file."""
    return jobs.start(
        owner=request.user,
        title=_("Báo cáo kết nạp năm %(year)s – %(unit)s (tệp Excel)") % {"year": year, "unit": unit.name},
        task=report_workbook,
        kwargs={"unit_id": unit.pk, "year": year, "as_of": as_of.isoformat(), "source": source},
        # A second click on the link while the first workbook is being written follows the same job.
        subject=f"report-workbook:{unit.pk}:{year}:{as_of.isoformat()}:{source}"[:100],
        reuse_seconds=120,
    )


@task
def report_workbook(job_id: str, unit_id: int, year: int, as_of: str, source: str) -> None:
    with jobs.running(job_id) as job:
        if job is None:
            return
        unit = units_visible_to(job.owner).filter(pk=unit_id).first()  # still in the owner's scope
        if unit is None:
            raise jobs.JobFailed(_("Đơn vị không còn trong phạm vi của bạn."))
        jobs.report(phase=jobs.WRITING)
        content = summary_workbook(unit, year, as_of=datetime.date.fromisoformat(as_of), source=source)
        with jobs.output(job, workbook_name(unit, year)) as handle:
            handle.write(content)
        jobs.finish(job, url=jobs.download_url(job))
