"""The "Danh sách" sheet: the members behind the result, one line each, as plain rows (names, dates and
labels already read: reports.attainment.admitted_member_rows), never model instances or a queryset."""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.attainment.figures import ListedMember

from .formats import Formats
from .title import print_setup

LIST_SHEET = "Danh sách"
# Widths in characters, wrapped: the whole row fits an A4 landscape page at about 80% (9 pt text printed),
# where the unwrapped widths printed at 4 pt.
LIST_COLUMNS = [
    (gettext_lazy("STT"), 5),
    (gettext_lazy("Họ và tên"), 18),
    (gettext_lazy("Giới tính"), 6),
    (gettext_lazy("Ngày sinh"), 10.5),
    (gettext_lazy("Dân tộc"), 7),
    (gettext_lazy("Tôn giáo"), 8),
    (gettext_lazy("Số CCCD"), 13),
    (gettext_lazy("Nghề nghiệp"), 13),
    (gettext_lazy("Giáo dục phổ thông"), 8),
    (gettext_lazy("Chuyên môn, nghiệp vụ"), 10),
    (gettext_lazy("Chi bộ"), 15),
    (gettext_lazy("Tổ chức cơ sở đảng"), 16),
    (gettext_lazy("Số quyết định"), 10),
    (gettext_lazy("Ngày quyết định"), 10.5),
    (gettext_lazy("Ngày lễ kết nạp"), 10.5),
    (gettext_lazy("Kết nạp lại"), 6),
    (gettext_lazy("Số lý lịch"), 9),
    (gettext_lazy("Trạng thái"), 9),
]


def _values(member) -> list:
    """The cells of one line after its number, in the order of LIST_COLUMNS."""
    return [
        member.full_name,
        member.sex,
        member.date_of_birth,
        member.ethnicity,
        member.religion,
        member.national_id,
        member.occupation,
        member.schooling,
        member.qualification,
        member.cell,
        member.grassroots,
        member.decision_number,
        member.decision_date,
        member.ceremony_date,
        _("Có") if member.readmission else "",
        member.record_number,
        member.status,
    ]


def write_members(workbook, fmt: Formats, members: Iterable[ListedMember], *, title: str):
    """The list sheet: one row per admitted member, from plain rows (no query)."""
    sheet = workbook.add_worksheet(LIST_SHEET)
    last_col = len(LIST_COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_col, title, fmt(align="center", bold=True, font_size=14))
    header_row = 2
    sheet.set_row(header_row, 32)
    for col, (label, width) in enumerate(LIST_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(header_row, col, str(label), fmt.header(font_size=11))
    text = fmt.cell(font_size=11, text_wrap=True)
    date = fmt.cell(font_size=11, num_format="dd/mm/yyyy", align="center")
    row = header_row
    for number, member in enumerate(members, start=1):
        row = header_row + number
        sheet.write_number(row, 0, number, text)
        # User text is always written as a string: a name starting with "=" never becomes a formula.
        for col, value in enumerate(_values(member), start=1):
            if isinstance(value, datetime.date):
                sheet.write_datetime(row, col, datetime.datetime.combine(value, datetime.time()), date)
            elif value is None or value == "":
                sheet.write_blank(row, col, None, text)
            else:
                sheet.write_string(row, col, str(value), text)
    sheet.autofilter(header_row, 0, max(row, header_row), last_col)
    print_setup(sheet, header_row)
    return sheet
