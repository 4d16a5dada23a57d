"""The "Dự báo 31-12" sheet: the year-end forecast of the report's unit and of each unit under it, each figure
with the sentence that explains it (reports.attainment.forecast). Plain figures in: no query."""

import datetime

from django.utils.translation import gettext as _

from ..attainment.figures import Forecast, ForecastLine
from ..formatting import round_half_up
from .formats import Formats
from .title import COUNT_FORMAT, print_setup, report_heading

FORECAST_SHEET = "Dự báo 31-12"  # a sheet's name may not hold "/"
# STT, unit, quota, admitted, at most, expected, low, high, status, explanation
WIDTHS = [6, 40, 10, 11, 11, 11, 9, 9, 20, 80]
LAST_COL = len(WIDTHS) - 1


def write_forecast(
    workbook, fmt: Formats, forecast: Forecast, *, superior: str, place: str, day: datetime.date
):
    sheet = workbook.add_worksheet(FORECAST_SHEET)
    report_heading(
        sheet, fmt, widths=WIDTHS, superior=superior, issuer=forecast.unit.name, place=place, day=day,
        title=_("DỰ BÁO KẾT QUẢ KẾT NẠP ĐẢNG VIÊN ĐẾN 31/12/%(year)s") % {"year": forecast.year},
        subtitle=_("(Tính đến ngày %(day)s)") % {"day": forecast.as_of.strftime("%d/%m/%Y")},
    )  # fmt: skip
    header_row = 7
    sheet.set_row(header_row, 32)
    headers = [
        _("STT"),
        _("Đơn vị"),
        _("Chỉ tiêu"),
        _("Đã kết nạp"),
        _("Tối đa đến 31/12"),
        _("Dự kiến"),
        _("Từ"),
        _("Đến"),
        _("Đánh giá trong năm"),
        _("Giải thích"),
    ]
    for col, title in enumerate(headers):
        sheet.write_string(header_row, col, title, fmt.header())
    row = header_row + 1
    for number, line in enumerate(forecast.rows, start=1):
        _write_line(sheet, fmt, row, str(number), line.unit.name, line)
        row += 1
    _write_line(
        sheet, fmt, row, "", _("Toàn %(unit)s") % {"unit": forecast.unit.name}, forecast.committee, bold=True
    )
    row += 2
    if forecast.months_needed:
        sheet.merge_range(
            row, 0, row, LAST_COL,
            _("Cần kết nạp mỗi tháng còn lại (theo tỷ trọng các tháng năm trước)"), fmt(bold=True),
        )  # fmt: skip
        for need in forecast.months_needed:
            row += 1
            sheet.merge_range(row, 0, row, 1, _("Tháng %(month)s") % {"month": need.month}, fmt.cell())
            sheet.write_number(row, 2, float(round_half_up(need.needed, 1)), fmt.cell(num_format="0.0"))
    print_setup(sheet, header_row)
    return sheet


def _write_line(sheet, fmt: Formats, row: int, number: str, name: str, line: ForecastLine, bold=False):
    count = fmt.cell(num_format=COUNT_FORMAT, bold=bold)
    text = fmt.cell(text_wrap=True, bold=bold)
    sheet.write_string(row, 0, number, fmt.cell(align="center"))
    sheet.write_string(row, 1, name, text)
    for col, value in ((2, line.quota), (3, line.admitted), (4, line.upper)):
        if value is None:
            sheet.write_string(row, col, "" if col == 2 else _("chưa biết"), count)
        else:
            sheet.write_number(row, col, value, count)
    sheet.write_number(row, 5, float(round_half_up(line.expected, 1)), fmt.cell(num_format="0.0", bold=bold))
    sheet.write_number(row, 6, line.low, count)
    sheet.write_number(row, 7, line.high, count)
    sheet.write_string(row, 8, line.status_label, text)
    explained = " ".join(
        part
        for part in (
            line.status_explained,
            line.upper_explained,
            line.expected_explained,
            line.needed_explained,
        )
        if part
    )
    sheet.write_string(row, 9, explained, fmt.cell(text_wrap=True, font_size=11))
