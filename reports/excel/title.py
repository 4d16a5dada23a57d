"""The frame of an official document around a table (DOMAIN.md section 6): the title block (the issuing
committee on the left, the Party's name on the right, the place-and-date line), the signer's block at the
end, and the printed page (A4, the header row repeated on every page)."""

import datetime

from django.utils.translation import gettext as _

A4 = 9  # XlsxWriter's paper index
COUNT_FORMAT = "#,##0"  # counts keep their value; Excel and LibreOffice show the locale's separator

# The signer's block is one tall row: a row never splits across printed pages, in Excel or LibreOffice,
# whatever the rows above it, where a block of rows did when the page ended among them.
SIGNER_HEIGHT = 120  # points: three lines each side and room to sign


def place_and_date(place: str, day: datetime.date) -> str:
    return _("%(place)s, ngày %(day)02d tháng %(month)02d năm %(year)s") % {
        "place": place or "……",
        "day": day.day,
        "month": day.month,
        "year": day.year,
    }


def title_block(sheet, fmt, *, last_col: int, superior: str, issuer: str, place: str, day: datetime.date):
    """Issuing committee left, the Party's name right, then the place-and-date line under it."""
    split = max(2, last_col // 2)
    # Row by row, top to bottom: the workbook flushes each row once the next is begun (constant_memory).
    sheet.merge_range(0, 0, 0, split - 1, superior.upper(), fmt(align="center"))
    sheet.merge_range(
        0, split, 0, last_col, _("ĐẢNG CỘNG SẢN VIỆT NAM"), fmt(align="center", bold=True, underline=1)
    )
    sheet.merge_range(1, 0, 1, split - 1, issuer.upper(), fmt(align="center", bold=True))
    sheet.merge_range(2, 0, 2, split - 1, "*", fmt(align="center"))
    sheet.merge_range(2, split, 2, last_col, place_and_date(place, day), fmt(align="center", italic=True))
    # The number the office writes in when the report is registered (Số 15-BC/HU).
    sheet.merge_range(3, 0, 3, split - 1, _("Số …-BC/…"), fmt(align="center"))


def report_heading(
    sheet,
    fmt,
    *,
    widths: list[int],
    superior: str,
    issuer: str,
    place: str,
    day: datetime.date,
    title: str,
    subtitle: str,
    form_name: str = "",
) -> None:
    """The top of a report sheet, rows 0-5: the columns' widths, the letterhead (title_block), the form's
    name on the right when it has one ("Biểu 2"), the title and the line under it."""
    last_col = len(widths) - 1
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    title_block(sheet, fmt, last_col=last_col, superior=superior, issuer=issuer, place=place, day=day)
    if form_name:
        sheet.merge_range(3, max(2, last_col // 2), 3, last_col, form_name, fmt(align="right", bold=True))
    sheet.merge_range(4, 0, 4, last_col, title, fmt(align="center", bold=True, font_size=14))
    sheet.merge_range(5, 0, 5, last_col, subtitle, fmt(align="center", italic=True))


def signer_block(sheet, fmt, *, row: int, first_col: int, last_col: int) -> int:
    """The recipients on the left ("Nơi nhận"), the Standing Committee's signature on the right with room
    to sign, all in one row (it never splits across pages); returns that row."""
    sheet.set_row(row, SIGNER_HEIGHT)
    left = fmt(valign="top", text_wrap=True, font_size=11)
    sheet.merge_range(row, 0, row, first_col - 2, "", left)
    sheet.write_rich_string(
        row, 0,
        fmt(bold=True, italic=True, font_size=11), _("Nơi nhận:"),
        "\n" + _("- Như trên,") + "\n" + _("- Lưu Văn phòng."),
        left,
    )  # fmt: skip
    right = fmt(align="center", valign="top", text_wrap=True)
    sheet.merge_range(row, first_col, row, last_col, "", right)
    sheet.write_rich_string(
        row, first_col,
        fmt(bold=True), _("T/M BAN THƯỜNG VỤ"),
        fmt(italic=True), "\n" + _("(Ký, ghi rõ họ tên và đóng dấu)"),
        right,
    )  # fmt: skip
    return row


def print_setup(sheet, header_row: int):
    """Landscape A4, one page wide, the header row repeated on every page and frozen on screen, the page
    number in the footer."""
    sheet.set_footer("&C" + _("Trang &P/&N"), {"margin": 0.3})
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(header_row)
    sheet.fit_to_pages(1, 0)
    sheet.freeze_panes(header_row + 1, 0)
