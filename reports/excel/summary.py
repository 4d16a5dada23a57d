"""The "Tổng hợp" sheet (DOMAIN.md 6.1): one line per unit under the reported one, the totals, the
committee's own line against its quota from above, the "x/y completed" footer and a bar chart.

Totals, rates and the status column are Excel formulas over the cells above, so a clerk who corrects a cell
sees them follow; each formula also carries the value attainment computed, so readers that do not
recalculate (Protected View, previewers, scripts) show the same figures as the web page.
"""

import datetime

from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from ..attainment.figures import Attainment, Status, Targets
from ..formatting import format_decimal
from .formats import Formats, fraction, percent_format
from .title import COUNT_FORMAT, print_setup, report_heading, signer_block

SUMMARY_SHEET = "Tổng hợp"
WIDTHS = [6, 48, 26, 11, 11, 11, 20]  # STT, name, type, quota, result, rate, status
LAST_COL = len(WIDTHS) - 1


def status_formula(quota_cell: str, result_cell: str) -> str:
    """The "Đánh giá" column as a formula: the rule of figures.status_of over the two cells."""
    labels = {status: str(status.label).replace('"', '""') for status in Status}
    return (
        f'=IF(N({quota_cell})<=0,"{labels[Status.NO_QUOTA]}",'
        f'IF({result_cell}>{quota_cell},"{labels[Status.EXCEEDED]}",'
        f'IF({result_cell}={quota_cell},"{labels[Status.COMPLETED]}","{labels[Status.NOT_COMPLETED]}")))'
    )


def _rate_formula(part: str, whole: str) -> str:
    return f'=IF(N({whole})>0,{part}/{whole},"")'


def write_summary(
    workbook,
    fmt: Formats,
    report: Attainment,
    *,
    superior: str,
    place: str,
    day: datetime.date,
    targets: Targets | None = None,
):
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
    last_col = LAST_COL
    report_heading(
        sheet, fmt, widths=WIDTHS, superior=superior, issuer=report.unit.name, place=place, day=day,
        title=_("BÁO CÁO KẾT QUẢ KẾT NẠP ĐẢNG VIÊN NĂM %(year)s") % {"year": report.year},
        subtitle=_("(Tính đến ngày %(day)s; đánh giá theo: %(source)s)")
        % {"day": report.period.end.strftime("%d/%m/%Y"), "source": report.source_label},
    )  # fmt: skip
    header_row = 7
    sheet.set_row(header_row, 32)
    for col, title in enumerate(headers):
        sheet.write_string(header_row, col, title, fmt.header())
    first = header_row + 1
    last = _write_lines(sheet, fmt, report, first)
    footer_row = _write_totals(sheet, fmt, report, first, last)
    targets_end = _write_targets(sheet, fmt, targets or Targets([], []), footer_row + 2)
    signer_row = targets_end + 2
    signer_end = signer_block(sheet, fmt, row=signer_row, first_col=4, last_col=last_col)
    if report.rows:  # the chart on a page of its own after the signer's block
        sheet.set_h_pagebreaks([signer_end + 1])
        sheet.insert_chart(signer_end + 2, 0, _chart(workbook, report, first, last))
    print_setup(sheet, header_row)
    return sheet


def _write_targets(sheet, fmt: Formats, targets: Targets, row: int) -> int:
    """The committee against every source's quota (when it has more than one) and its term targets, from
    `row`; returns the last row written (`row` - 2 when there is nothing to write)."""
    last = row - 2
    if len(targets.sources) > 1:
        sheet.merge_range(row, 0, row, LAST_COL, _("Đánh giá theo từng nguồn chỉ tiêu"), fmt(bold=True))
        for i, source in enumerate(targets.sources, start=1):
            line = source.line
            _target_row(sheet, fmt, row + i, source.label, line.quota, line.result, line.rate, line.status)
        last = row + len(targets.sources)
        row = last + 2
    if targets.terms:
        sheet.merge_range(row, 0, row, LAST_COL, _("Chỉ tiêu nhiệm kỳ"), fmt(bold=True))
        for i, term in enumerate(targets.terms, start=1):
            label = _(
                "Nhiệm kỳ %(first)s–%(last)s (%(source)s), tính đến %(day)s; bình quân %(pace)s/năm"
            ) % {
                "first": term.first_year,
                "last": term.last_year,
                "source": term.label,
                "day": term.as_of.strftime("%d/%m/%Y"),
                "pace": format_decimal(term.per_year, 1),
            }
            _target_row(sheet, fmt, row + i, label, term.target, term.result, term.rate, term.status)
        last = row + len(targets.terms)
    return last


def _target_row(sheet, fmt: Formats, row: int, label: str, target: int, result: int, rate, status) -> None:
    """One target beside the table's columns: its label, the target, the result, the rate, the status."""
    count = fmt.cell(num_format=COUNT_FORMAT)
    sheet.merge_range(row, 0, row, 2, str(label), fmt.cell(text_wrap=True, font_size=11))
    sheet.write_number(row, 3, target, count)
    sheet.write_number(row, 4, result, count)
    sheet.write_number(row, 5, fraction(rate), fmt.cell(num_format=percent_format(rate)))
    sheet.write_string(row, 6, str(status.label), fmt.cell())


def _write_lines(sheet, fmt: Formats, report: Attainment, first: int) -> int:
    """One line per unit from row `first`; returns the last row of the block (`first` when it is empty)."""
    for i, line in enumerate(report.rows):
        row = first + i
        quota_cell, result_cell = xl_rowcol_to_cell(row, 3), xl_rowcol_to_cell(row, 4)
        sheet.write_number(row, 0, i + 1, fmt.cell(align="center"))
        sheet.write_string(row, 1, line.unit.name, fmt.cell(text_wrap=True))
        sheet.write_string(row, 2, str(line.unit.unit_type_label), fmt.cell(text_wrap=True))
        count = fmt.cell(num_format=COUNT_FORMAT)
        if line.quota is None:
            sheet.write_blank(row, 3, None, count)
        else:
            sheet.write_number(row, 3, line.quota, count)
        sheet.write_number(row, 4, line.result, count)
        sheet.write_formula(
            row, 5, _rate_formula(result_cell, quota_cell),
            fmt.cell(num_format=percent_format(line.rate)), fraction(line.rate),
        )  # fmt: skip
        sheet.write_formula(
            row, 6, status_formula(quota_cell, result_cell), fmt.cell(), str(line.status.label)
        )
    return first + max(len(report.rows), 1) - 1


def _write_totals(sheet, fmt: Formats, report: Attainment, first: int, last: int) -> int:
    """The rows' total, the committee's own line, the difference of quotas and the footer under the lines;
    returns the footer's row."""
    last_col = LAST_COL
    quotas, results, rates = (xl_range(first, c, last, c) for c in (3, 4, 5))

    total_row = last + 1
    bold = {"bold": True}
    count = fmt.cell(num_format=COUNT_FORMAT, **bold)
    total_quota, total_result = xl_rowcol_to_cell(total_row, 3), xl_rowcol_to_cell(total_row, 4)
    sheet.merge_range(total_row, 0, total_row, 2, _("Cộng các đơn vị trực thuộc"), fmt.cell(**bold))
    # Each formula carries the value Excel will compute from the cells above, so readers that do not
    # recalculate show the same figures as the web page.
    total = report.rows_total
    sheet.write_formula(total_row, 3, f"=SUM({quotas})", count, total.quota or 0)
    sheet.write_formula(total_row, 4, f"=SUM({results})", count, total.result)
    sheet.write_formula(
        total_row, 5, _rate_formula(total_result, total_quota),
        fmt.cell(num_format=percent_format(total.rate), **bold), fraction(total.rate),
    )  # fmt: skip
    sheet.write_blank(total_row, 6, None, fmt.cell())

    # The committee is judged against its own quota from above, not the sum it handed down.
    own_row = total_row + 1
    c = report.committee
    own_quota, own_result = xl_rowcol_to_cell(own_row, 3), xl_rowcol_to_cell(own_row, 4)
    sheet.merge_range(
        own_row, 0, own_row, 2,
        _("Toàn %(unit)s (%(source)s)") % {"unit": report.unit.name, "source": report.source_label},
        fmt.cell(**bold),
    )  # fmt: skip
    if c.quota is None:
        sheet.write_blank(own_row, 3, None, count)
    else:
        sheet.write_number(own_row, 3, c.quota, count)
    # The committee's own result is every admission in its subtree, a figure of its own: not the rows' sum,
    # which leaves out units closed before the period.
    sheet.write_number(own_row, 4, c.result, count)
    sheet.write_formula(
        own_row, 5, _rate_formula(own_result, own_quota),
        fmt.cell(num_format=percent_format(c.rate), **bold), fraction(c.rate),
    )  # fmt: skip
    sheet.write_formula(
        own_row, 6, status_formula(own_quota, own_result), fmt.cell(**bold), str(c.status.label)
    )

    diff_row = own_row + 1
    sheet.merge_range(
        diff_row, 0, diff_row, 2,
        _("Chênh lệch: tổng chỉ tiêu đã giao trừ chỉ tiêu được giao"), fmt.cell(italic=True),
    )  # fmt: skip
    diff = report.handed_down_difference
    sheet.write_formula(
        diff_row, 3, f'=IF(N({own_quota})>0,{total_quota}-{own_quota},"")',
        fmt.cell(italic=True, num_format="+#,##0;-#,##0;0"),
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
    return footer_row


def _chart(workbook, report: Attainment, first: int, last: int):
    """Each unit's rate as a bar, over the cells of the rate column."""
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
    return chart
