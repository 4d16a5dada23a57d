"""The yearly summary workbook put together: its three sheets, its properties, the options that keep user
text as text."""

import datetime
import io
from collections.abc import Iterable

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from ..attainment.figures import Attainment, Breakdown, Forecast, Targets
from .breakdown import write_breakdown
from .forecast import write_forecast
from .formats import Formats
from .members import write_members
from .summary import write_summary


def summary_workbook(
    *,
    report: Attainment,
    breakdown: Breakdown,
    targets: Targets | None = None,
    forecast: Forecast | None = None,
    members: Iterable,
    superior: str = "",
    place: str = "",
    issued_on: datetime.date | None = None,
) -> bytes:
    """The yearly summary workbook: "Tổng hợp" (official table, totals, chart), "Biểu 2", "Dự báo 31-12"
    (with `forecast`, reports.attainment.forecast), "Danh sách".

    `targets` (reports.attainment.targets_of) adds the committee against each source and term target.
    `members` are plain rows (reports.attainment.admitted_member_rows, or admitted_member_stream, read as
    they are written), so writing runs no query of its own.
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            # Each sheet is written row by row, each row flushed to a temporary file once the next begins,
            # so the list (200,000 rows for the nation) is written as its rows are read, in flat memory.
            # Every writer therefore fills its rows top to bottom; text goes inline rather than into the
            # shared strings: the same cells for every reader.
            "constant_memory": True,
            # Text is never read as a formula, a link or a number.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties(
        {"title": _("Báo cáo kết quả kết nạp đảng viên năm %(year)s") % {"year": report.year}}
    )
    fmt = Formats(workbook)
    day = issued_on or timezone.localdate()
    write_summary(workbook, fmt, report, superior=superior, place=place, day=day, targets=targets)
    write_breakdown(workbook, fmt, breakdown, superior=superior, place=place, day=day)
    if forecast is not None:
        write_forecast(workbook, fmt, forecast, superior=superior, place=place, day=day)
    listed = write_members(
        workbook,
        fmt,
        members,
        title=_("DANH SÁCH ĐẢNG VIÊN MỚI KẾT NẠP NĂM %(year)s – %(unit)s")
        % {"year": report.year, "unit": report.unit.name.upper()},
    )
    workbook.close()
    return listed.added_to(output.getvalue())
