"""The "Danh sách" sheet: the members behind the result, one line each, as plain rows (names, dates and
labels already read: reports.attainment.admitted_member_rows), never model instances or a queryset."""

import dataclasses
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import xlsx
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


DATE_COLUMNS = {3, 13, 14}  # date of birth, decision, ceremony: the indices in LIST_COLUMNS


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


@dataclasses.dataclass
class ListRows:
    """The list sheet's rows, written into the closed workbook (core.xlsx.add_rows): XlsxWriter spent 10-15 µs
    on each of the 3.7 million cells of the nation's 200,000 members, 20 of the workbook's 23 seconds."""

    sheet_index: int
    header_row: int  # 1-based: the rows go below it
    columns: list
    rows: Iterable[list]

    def added_to(self, package: bytes) -> bytes:
        return xlsx.add_rows(
            package,
            sheet_index=self.sheet_index,
            columns=self.columns,
            rows=self.rows,
            after_row=self.header_row,
        )


def write_members(workbook, fmt: Formats, members: Iterable[ListedMember], *, title: str) -> ListRows:
    """The list sheet: its title and header now, and one row per admitted member from plain rows (no
    query) once the workbook is closed (`ListRows.added_to`)."""
    sheet = workbook.add_worksheet(LIST_SHEET)
    last_col = len(LIST_COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_col, title, fmt(align="center", bold=True, font_size=14))
    header_row = 2
    sheet.set_row(header_row, 32)
    for col, (label, width) in enumerate(LIST_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(header_row, col, str(label), fmt.header(font_size=11))
    # The formats the rows' cells will name, given their index in the workbook's styles now: XlsxWriter
    # numbers a format when a cell first uses it, and no cell of the rows goes through it.
    text = fmt.cell(font_size=11, text_wrap=True)._get_xf_index()
    date = fmt.cell(font_size=11, num_format="dd/mm/yyyy", align="center")._get_xf_index()
    columns = [xlsx.Column("", kind=xlsx.NUMBER, style=text)] + [
        xlsx.Column("", kind=xlsx.DATE, style=date) if col in DATE_COLUMNS else xlsx.Column("", style=text)
        for col in range(1, len(LIST_COLUMNS))
    ]
    # The filter over the header for now: add_rows extends it to the last row.
    sheet.autofilter(header_row, 0, header_row, last_col)
    print_setup(sheet, header_row)
    rows = ([number, *_values(member)] for number, member in enumerate(members, start=1))
    return ListRows(sheet_index=sheet.index, header_row=header_row + 1, columns=columns, rows=rows)
