"""The "Biểu 2" sheet (DOMAIN.md 6.2): who the admitted members are, this period beside the same period last
year, and the change as a formula carrying its computed value."""

import datetime

from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_rowcol_to_cell

from ..attainment.figures import Breakdown
from ..formatting import round_half_up
from .formats import Formats, fraction, percent_format
from .title import COUNT_FORMAT, print_setup, report_heading

BREAKDOWN_SHEET = "Biểu 2"
SECTION_FILL = "#F3F4F6"


def write_breakdown(
    workbook, fmt: Formats, breakdown: Breakdown, *, superior: str, place: str, day: datetime.date
):
    sheet = workbook.add_worksheet(BREAKDOWN_SHEET)
    report_heading(
        sheet, fmt, widths=[56, 14, 18, 18], superior=superior, issuer=breakdown.unit.name, place=place, day=day,
        # The form's name above its title, as on the printed statistical forms.
        form_name=_("Biểu 2"),
        title=_("BIỂU 2 – THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP NĂM %(year)s") % {"year": breakdown.year},
        subtitle=_("Kỳ này: từ %(start)s đến %(end)s; cùng kỳ năm trước: từ %(lstart)s đến %(lend)s")
        % {
            "start": breakdown.period.start.strftime("%d/%m/%Y"),
            "end": breakdown.period.end.strftime("%d/%m/%Y"),
            "lstart": breakdown.last_period.start.strftime("%d/%m/%Y"),
            "lend": breakdown.last_period.end.strftime("%d/%m/%Y"),
        },
    )  # fmt: skip
    header_row = 7
    sheet.set_row(header_row, 32)
    headers = [_("Tiêu chí"), _("Kỳ này"), _("Cùng kỳ năm trước"), _("% kỳ này so với cùng kỳ")]
    for col, title in enumerate(headers):
        sheet.write_string(header_row, col, title, fmt.header())
    row = header_row + 1
    for section in breakdown.sections:
        if section.title:
            sheet.merge_range(row, 0, row, 3, str(section.title), fmt.cell(bold=True, bg_color=SECTION_FILL))
            row += 1
        for figure in section.figures:
            props = {"bold": True} if figure.indent == 0 else {"italic": True} if figure.indent == 2 else {}
            sheet.write_string(row, 0, str(figure.label), fmt.cell(indent=figure.indent, **props))
            if figure.is_average:
                for col, value in ((1, figure.this_period), (2, figure.last_period)):
                    if value is None:
                        sheet.write_blank(row, col, None, fmt.cell())
                    else:
                        sheet.write_number(
                            row, col, float(round_half_up(value, 1)), fmt.cell(num_format="0.0", **props)
                        )
                sheet.write_blank(row, 3, None, fmt.cell())
            else:
                this, last = xl_rowcol_to_cell(row, 1), xl_rowcol_to_cell(row, 2)
                count = fmt.cell(num_format=COUNT_FORMAT, **props)
                sheet.write_number(row, 1, figure.this_period, count)
                sheet.write_number(row, 2, figure.last_period, count)
                sheet.write_formula(
                    row, 3, f'=IF(N({last})>0,{this}/{last},"")',
                    fmt.cell(num_format=percent_format(figure.change), **props), fraction(figure.change),
                )  # fmt: skip
            row += 1
    print_setup(sheet, header_row)
    sheet.set_portrait()
    return sheet
