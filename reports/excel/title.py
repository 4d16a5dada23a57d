"""The frame of an official document around a table (DOMAIN.md section 6): the title block (the issuing
committee on the left, the Party's name on the right, the place-and-date line), the signer's block at the
end, and the printed page (A4, the header row repeated on every page)."""

import datetime

from django.utils.translation import gettext as _

A4 = 9  # XlsxWriter's paper index


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
    sheet.merge_range(0, 0, 0, split - 1, superior.upper(), fmt(align="center"))
    sheet.merge_range(1, 0, 1, split - 1, issuer.upper(), fmt(align="center", bold=True))
    sheet.merge_range(2, 0, 2, split - 1, "*", fmt(align="center"))
    sheet.merge_range(
        0, split, 0, last_col, _("ĐẢNG CỘNG SẢN VIỆT NAM"), fmt(align="center", bold=True, underline=1)
    )
    sheet.merge_range(2, split, 2, last_col, place_and_date(place, day), fmt(align="center", italic=True))


def signer_block(sheet, fmt, *, row: int, first_col: int, last_col: int):
    """The recipients on the left ("Nơi nhận"), the Standing Committee's signature on the right."""
    sheet.write_string(row, 0, _("Nơi nhận:"), fmt(bold=True, italic=True, font_size=11))
    sheet.write_string(row + 1, 0, _("- Như trên,"), fmt(font_size=11))
    sheet.write_string(row + 2, 0, _("- Lưu Văn phòng."), fmt(font_size=11))
    sheet.merge_range(row, first_col, row, last_col, _("T/M BAN THƯỜNG VỤ"), fmt(align="center", bold=True))
    sheet.merge_range(
        row + 1, first_col, row + 1, last_col,
        _("(Ký, ghi rõ họ tên và đóng dấu)"), fmt(align="center", italic=True),
    )  # fmt: skip


def print_setup(sheet, header_row: int):
    """Landscape A4, one page wide, the header row repeated on every page and frozen on screen."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(header_row)
    sheet.fit_to_pages(1, 0)
    sheet.freeze_panes(header_row + 1, 0)
