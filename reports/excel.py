"""The yearly summary workbook (issue 5): figures in, .xlsx out. No queries of its own: every number comes
from reports/attainment.py, and this module only lays it out in the official layout (DOMAIN.md section 6).

Totals, rates and the status column are Excel formulas over the cells above, so a clerk who corrects a cell
sees them follow; each formula also carries the value computed by attainment.py, so readers that do not
recalculate (Protected View, previewers, scripts) show the same figures as the web page.
"""

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from admissions.models import Member

from .attainment.figures import Attainment, Breakdown, Status
from .formatting import round_half_up

SUMMARY_SHEET, BREAKDOWN_SHEET, LIST_SHEET = "Tổng hợp", "Biểu 2", "Danh sách"
A4 = 9
FONT = "Times New Roman"  # the font of official party documents


def percent_format(rate: Decimal | None) -> str:
    """An Excel format showing the rate as DOMAIN.md writes it: at most two decimals, no trailing zeros."""
    if rate is None:
        return "0%"
    rounded = round_half_up(rate, 2)
    if rounded == rounded.to_integral_value():
        return "0%"
    return "0.0%" if rounded * 10 == (rounded * 10).to_integral_value() else "0.00%"


def _fraction(rate: Decimal | None):
    return "" if rate is None else float(rate / 100)


class _Formats:
    """Cell formats made once per combination of properties (a workbook allows a limited number)."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.cache = {}

    def __call__(self, **props):
        props = {"font_name": FONT, "font_size": 12, "valign": "vcenter", **props}
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.workbook.add_format(props)
        return self.cache[key]

    def cell(self, **props):
        return self(border=1, **props)


def _place_and_date(place: str, day: datetime.date) -> str:
    return _("%(place)s, ngày %(day)02d tháng %(month)02d năm %(year)s") % {
        "place": place or "……",
        "day": day.day,
        "month": day.month,
        "year": day.year,
    }


def _title_block(sheet, fmt, *, last_col: int, superior: str, issuer: str, place: str, day: datetime.date):
    """Issuing committee left, the Party's name right, then the place-and-date line under it."""
    split = max(2, last_col // 2)
    sheet.merge_range(0, 0, 0, split - 1, superior.upper(), fmt(align="center"))
    sheet.merge_range(1, 0, 1, split - 1, issuer.upper(), fmt(align="center", bold=True))
    sheet.merge_range(2, 0, 2, split - 1, "*", fmt(align="center"))
    sheet.merge_range(
        0, split, 0, last_col, _("ĐẢNG CỘNG SẢN VIỆT NAM"), fmt(align="center", bold=True, underline=1)
    )
    sheet.merge_range(2, split, 2, last_col, _place_and_date(place, day), fmt(align="center", italic=True))


def _print_setup(sheet, header_row: int):
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(header_row)
    sheet.fit_to_pages(1, 0)
    sheet.freeze_panes(header_row + 1, 0)


def _write_summary(workbook, fmt, report: Attainment, *, superior, place, day):
    sheet = workbook.add_worksheet(SUMMARY_SHEET)
    headers = [
        _("STT"),
        _("Tên tổ chức cơ sở đảng"),
        _("Loại hình"),
        _("Chỉ tiêu"),
        _("Kết quả"),
        _("Tỷ lệ (%)"),
        _("Đánh giá"),
    ]
    for col, width in enumerate([6, 48, 26, 11, 11, 11, 20]):
        sheet.set_column(col, col, width)
    last_col = len(headers) - 1
    _title_block(
        sheet, fmt, last_col=last_col, superior=superior, issuer=report.unit.name, place=place, day=day
    )
    sheet.merge_range(
        4, 0, 4, last_col,
        _("BÁO CÁO KẾT QUẢ KẾT NẠP ĐẢNG VIÊN NĂM %(year)s") % {"year": report.year},
        fmt(align="center", bold=True, font_size=14),
    )  # fmt: skip
    sheet.merge_range(
        5, 0, 5, last_col,
        _("(Tính đến ngày %(day)s; đánh giá theo: %(source)s)")
        % {"day": report.period.end.strftime("%d/%m/%Y"), "source": report.source_label},
        fmt(align="center", italic=True),
    )  # fmt: skip
    header_row = 7
    sheet.set_row(header_row, 32)
    for col, title in enumerate(headers):
        sheet.write_string(
            header_row, col, title, fmt.cell(bold=True, align="center", text_wrap=True, bg_color="#EEF1F4")
        )
    first = header_row + 1
    for i, line in enumerate(report.rows):
        row = first + i
        quota_cell, result_cell = xl_rowcol_to_cell(row, 3), xl_rowcol_to_cell(row, 4)
        sheet.write_number(row, 0, i + 1, fmt.cell(align="center"))
        sheet.write_string(row, 1, line.unit.name, fmt.cell(text_wrap=True))
        sheet.write_string(row, 2, str(line.unit.unit_type_label), fmt.cell(text_wrap=True))
        if line.quota is None:
            sheet.write_blank(row, 3, None, fmt.cell())
        else:
            sheet.write_number(row, 3, line.quota, fmt.cell())
        sheet.write_number(row, 4, line.result, fmt.cell())
        sheet.write_formula(
            row, 5, f'=IF(N({quota_cell})>0,{result_cell}/{quota_cell},"")',
            fmt.cell(num_format=percent_format(line.rate)), _fraction(line.rate),
        )  # fmt: skip
        sheet.write_formula(
            row, 6, _status_formula(quota_cell, result_cell), fmt.cell(), str(line.status.label)
        )
    last = first + max(len(report.rows), 1) - 1
    quotas, results, rates = (xl_range(first, c, last, c) for c in (3, 4, 5))

    total_row = last + 1
    bold = {"bold": True}
    total_quota, total_result = xl_rowcol_to_cell(total_row, 3), xl_rowcol_to_cell(total_row, 4)
    sheet.merge_range(total_row, 0, total_row, 2, _("Cộng các đơn vị trực thuộc"), fmt.cell(**bold))
    # Each formula carries the value Excel will compute from the cells above, so readers that do not
    # recalculate show the same figures as the web page.
    total = report.rows_total
    sheet.write_formula(total_row, 3, f"=SUM({quotas})", fmt.cell(**bold), total.quota or 0)
    sheet.write_formula(total_row, 4, f"=SUM({results})", fmt.cell(**bold), total.result)
    sheet.write_formula(
        total_row, 5, f'=IF(N({total_quota})>0,{total_result}/{total_quota},"")',
        fmt.cell(num_format=percent_format(total.rate), **bold), _fraction(total.rate),
    )  # fmt: skip
    sheet.write_blank(total_row, 6, None, fmt.cell())

    # The committee is judged against its own quota from above, not the sum it handed down.
    own_row = total_row + 1
    c = report.committee
    own_quota, own_result = xl_rowcol_to_cell(own_row, 3), xl_rowcol_to_cell(own_row, 4)
    sheet.merge_range(
        own_row, 0, own_row, 2,
        _("Toàn %(unit)s (chỉ tiêu được giao)") % {"unit": report.unit.name}, fmt.cell(**bold),
    )  # fmt: skip
    if c.quota is None:
        sheet.write_blank(own_row, 3, None, fmt.cell(**bold))
    else:
        sheet.write_number(own_row, 3, c.quota, fmt.cell(**bold))
    # The committee's own result is every admission in its subtree, a figure of its own: not the rows' sum,
    # which leaves out units closed before the period.
    sheet.write_number(own_row, 4, c.result, fmt.cell(**bold))
    sheet.write_formula(
        own_row, 5, f'=IF(N({own_quota})>0,{own_result}/{own_quota},"")',
        fmt.cell(num_format=percent_format(c.rate), **bold), _fraction(c.rate),
    )  # fmt: skip
    sheet.write_formula(
        own_row, 6, _status_formula(own_quota, own_result), fmt.cell(**bold), str(c.status.label)
    )

    diff_row = own_row + 1
    sheet.merge_range(
        diff_row,
        0,
        diff_row,
        2,
        _("Chênh lệch: tổng chỉ tiêu đã giao trừ chỉ tiêu được giao"),
        fmt.cell(italic=True),
    )
    diff = report.handed_down_difference
    sheet.write_formula(
        diff_row, 3, f'=IF(N({own_quota})>0,{total_quota}-{own_quota},"")', fmt.cell(italic=True),
        "" if diff is None else diff,
    )  # fmt: skip
    for col in (4, 5, 6):
        sheet.write_blank(diff_row, col, None, fmt.cell())

    footer_row = diff_row + 2
    footer_text = _("cấp ủy cơ sở hoàn thành và hoàn thành vượt chỉ tiêu")
    sheet.merge_range(footer_row, 0, footer_row, last_col, "", fmt(bold=True))
    sheet.write_formula(
        footer_row, 0, f'=COUNTIF({rates},">=1")&"/"&COUNT({quotas})&" {footer_text}"',
        fmt(bold=True), f"{report.completed_label} {footer_text}",
    )  # fmt: skip

    signer_row = footer_row + 2
    sheet.write_string(signer_row, 0, _("Nơi nhận:"), fmt(bold=True, italic=True, font_size=11))
    sheet.write_string(signer_row + 1, 0, _("- Như trên,"), fmt(font_size=11))
    sheet.write_string(signer_row + 2, 0, _("- Lưu Văn phòng."), fmt(font_size=11))
    sheet.merge_range(
        signer_row, 4, signer_row, last_col, _("T/M BAN THƯỜNG VỤ"), fmt(align="center", bold=True)
    )
    sheet.merge_range(signer_row + 1, 4, signer_row + 1, last_col, _("(Ký, ghi rõ họ tên và đóng dấu)"), fmt(align="center", italic=True))  # fmt: skip

    if report.rows:
        chart = workbook.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": _("Tỷ lệ hoàn thành chỉ tiêu"),
                "categories": [SUMMARY_SHEET, first, 1, last, 1],
                "values": [SUMMARY_SHEET, first, 5, last, 5],
                "data_labels": {"value": True, "num_format": "0%"},
                "fill": {"color": "#B3261E"},
            }
        )
        chart.set_title({"name": _("Tỷ lệ hoàn thành chỉ tiêu kết nạp năm %(year)s") % {"year": report.year}})
        chart.set_x_axis({"num_format": "0%", "min": 0, "major_gridlines": {"visible": True}})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        chart.set_size({"width": 900, "height": max(320, 22 * len(report.rows) + 80)})
        sheet.insert_chart(signer_row + 7, 0, chart)
    _print_setup(sheet, header_row)
    return sheet


def _status_formula(quota_cell: str, result_cell: str) -> str:
    labels = {status: str(status.label).replace('"', '""') for status in Status}
    return (
        f'=IF(N({quota_cell})<=0,"{labels[Status.NO_QUOTA]}",'
        f'IF({result_cell}>{quota_cell},"{labels[Status.EXCEEDED]}",'
        f'IF({result_cell}={quota_cell},"{labels[Status.COMPLETED]}","{labels[Status.NOT_COMPLETED]}")))'
    )


def _write_breakdown(workbook, fmt, breakdown: Breakdown, *, superior, place, day):
    sheet = workbook.add_worksheet(BREAKDOWN_SHEET)
    for col, width in enumerate([56, 14, 18, 18]):
        sheet.set_column(col, col, width)
    _title_block(sheet, fmt, last_col=3, superior=superior, issuer=breakdown.unit.name, place=place, day=day)
    sheet.merge_range(
        4, 0, 4, 3, _("THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP"), fmt(align="center", bold=True, font_size=14)
    )
    sheet.merge_range(
        5, 0, 5, 3,
        _("Kỳ này: từ %(start)s đến %(end)s; cùng kỳ năm trước: từ %(lstart)s đến %(lend)s")
        % {
            "start": breakdown.period.start.strftime("%d/%m/%Y"),
            "end": breakdown.period.end.strftime("%d/%m/%Y"),
            "lstart": breakdown.last_period.start.strftime("%d/%m/%Y"),
            "lend": breakdown.last_period.end.strftime("%d/%m/%Y"),
        },
        fmt(align="center", italic=True),
    )  # fmt: skip
    header_row = 7
    sheet.set_row(header_row, 32)
    headers = [_("Tiêu chí"), _("Kỳ này"), _("Cùng kỳ năm trước"), _("% kỳ này so với cùng kỳ")]
    for col, title in enumerate(headers):
        sheet.write_string(
            header_row, col, title, fmt.cell(bold=True, align="center", text_wrap=True, bg_color="#EEF1F4")
        )
    row = header_row + 1
    for section in breakdown.sections:
        if section.title:
            sheet.merge_range(row, 0, row, 3, str(section.title), fmt.cell(bold=True, bg_color="#F3F4F6"))
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
                sheet.write_number(row, 1, figure.this_period, fmt.cell(**props))
                sheet.write_number(row, 2, figure.last_period, fmt.cell(**props))
                sheet.write_formula(
                    row, 3, f'=IF(N({last})>0,{this}/{last},"")',
                    fmt.cell(num_format=percent_format(figure.change), **props), _fraction(figure.change),
                )  # fmt: skip
            row += 1
    _print_setup(sheet, header_row)
    sheet.set_portrait()
    return sheet


LIST_COLUMNS = [
    (gettext_lazy("STT"), 6),
    (gettext_lazy("Họ và tên"), 26),
    (gettext_lazy("Giới tính"), 9),
    (gettext_lazy("Ngày sinh"), 12),
    (gettext_lazy("Dân tộc"), 10),
    (gettext_lazy("Tôn giáo"), 12),
    (gettext_lazy("Số CCCD"), 15),
    (gettext_lazy("Nghề nghiệp"), 24),
    (gettext_lazy("Giáo dục phổ thông"), 11),
    (gettext_lazy("Chuyên môn, nghiệp vụ"), 16),
    (gettext_lazy("Chi bộ"), 30),
    (gettext_lazy("Tổ chức cơ sở đảng"), 34),
    (gettext_lazy("Số quyết định"), 14),
    (gettext_lazy("Ngày quyết định"), 12),
    (gettext_lazy("Ngày lễ kết nạp"), 12),
    (gettext_lazy("Kết nạp lại"), 9),
    (gettext_lazy("Số lý lịch"), 14),
    (gettext_lazy("Trạng thái"), 12),
]


def _write_members(workbook, fmt, members: Iterable[Member], *, title: str):
    sheet = workbook.add_worksheet(LIST_SHEET)
    last_col = len(LIST_COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_col, title, fmt(align="center", bold=True, font_size=14))
    header_row = 2
    sheet.set_row(header_row, 32)
    for col, (label, width) in enumerate(LIST_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(
            header_row,
            col,
            str(label),
            fmt.cell(bold=True, align="center", text_wrap=True, bg_color="#EEF1F4", font_size=11),
        )
    text, date = fmt.cell(font_size=11), fmt.cell(font_size=11, num_format="dd/mm/yyyy", align="center")
    row = header_row
    for number, member in enumerate(members, start=1):
        row = header_row + number
        # User text is always written as a string: a name starting with "=" never becomes a formula.
        values = [
            member.full_name,
            member.get_sex_display(),
            member.date_of_birth,
            member.ethnicity,
            member.get_religion_display(),
            member.national_id or "",
            member.get_occupation_display(),
            member.get_schooling_display(),
            member.get_qualification_display(),
            member.cell.name,
            member.grassroots.name,
            member.decision_number,
            member.decision_date,
            member.ceremony_date,
            _("Có") if member.readmission else "",
            member.record_number,
            member.get_status_display(),
        ]
        sheet.write_number(row, 0, number, text)
        for col, value in enumerate(values, start=1):
            if isinstance(value, datetime.date):
                sheet.write_datetime(row, col, datetime.datetime.combine(value, datetime.time()), date)
            elif value is None or value == "":
                sheet.write_blank(row, col, None, text)
            else:
                sheet.write_string(row, col, str(value), text)
    sheet.autofilter(header_row, 0, max(row, header_row), last_col)
    _print_setup(sheet, header_row)
    return sheet


def summary_workbook(
    *,
    report: Attainment,
    breakdown: Breakdown,
    members: Iterable[Member],
    superior: str = "",
    place: str = "",
    issued_on: datetime.date | None = None,
) -> bytes:
    """The yearly summary workbook: "Tổng hợp" (official table, totals, chart), "Biểu 2", "Danh sách"."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties(
        {"title": _("Báo cáo kết quả kết nạp đảng viên năm %(year)s") % {"year": report.year}}
    )
    fmt = _Formats(workbook)
    day = issued_on or timezone.localdate()
    _write_summary(workbook, fmt, report, superior=superior, place=place, day=day)
    _write_breakdown(workbook, fmt, breakdown, superior=superior, place=place, day=day)
    _write_members(
        workbook,
        fmt,
        members,
        title=_("DANH SÁCH ĐẢNG VIÊN MỚI KẾT NẠP NĂM %(year)s – %(unit)s")
        % {"year": report.year, "unit": report.unit.name.upper()},
    )
    workbook.close()
    return output.getvalue()
