"""The downloadable template workbook: the headers (required ones in red), one example row that can never be
imported unchanged, and a sheet of the allowed values with the user's own cells."""

from collections.abc import Mapping
from typing import TYPE_CHECKING

import xlsxwriter
from django.utils.translation import gettext_lazy as _

from ..selectors import cells_visible_to
from .columns import MEMBERS, Schema

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from accounts.models import User

EXAMPLE_ROW = {
    "full_name": "Nguyễn Thị Lan",
    "sex": "Nữ",
    "date_of_birth": "15/03/1998",
    "ethnicity": "Kinh",
    "religion": "Không",
    "home_town": "Xã Tân Lập, tỉnh Phú Thọ",
    "national_id": "025198001234",
    "occupation": "Viên chức giáo dục (giáo viên)",
    "schooling": "12/12",
    "qualification": "Đại học",
    "political_theory": "Sơ cấp",
    "youth_union": "x",
    "private_business_owner": "",
    "decision_number": "125-QĐ/HU",
    "decision_date": "19/05/2023",
    "ceremony_date": "02/06/2023",
    "status": "Chính thức",
    "confirmation_date": "03/06/2024",
    "struck_off_date": "",
    "card_number": "",
    "readmission": "",
    "over_age_exception": "",
    "exception_note": "",
    "record_number": "LL-0123",
}
# Written in the example row's notes, so that a template uploaded unchanged never imports a made-up person.
EXAMPLE_NOTE = _("Dòng ví dụ: ghi đè bằng thông tin thật hoặc xóa dòng này trước khi nhập.")


def write_template(
    output: "SupportsWrite[bytes]",
    *,
    user: "User",
    schema: Schema = MEMBERS,
    example: Mapping[str, str] = EXAMPLE_ROW,
) -> None:
    """The import template of `schema` (the members' by default): the headers (required ones in red), one
    `example` row, text-formatted ID and date columns so Excel keeps leading zeros, and a sheet of allowed
    values with the user's cells."""
    cells = list(cells_visible_to(user).order_by("path").values_list("code", "name"))
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1, "bg_color": "#EEF1F4"}
    )
    required = workbook.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "valign": "vcenter",
            "border": 1,
            "bg_color": "#EEF1F4",
            "font_color": "#B3261E",
        }
    )
    as_text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet(str(_("Danh sách")))
    values_sheet_name = str(_("Giá trị hợp lệ"))
    values_sheet = workbook.add_worksheet(values_sheet_name)
    example = dict(example, cell=cells[0][0] if cells else "CB01", notes=EXAMPLE_NOTE)

    lists_column = 0
    # The TCCS column only helps to read clerks' own lists: the template names each cell by its code.
    for index, column in enumerate(column for column in schema.columns if column.kind != "grassroots"):
        text_column = column.kind in {"date", "national_id", "text", "cell"}
        sheet.set_column(index, index, 16 if column.kind != "text" else 22, as_text if text_column else None)
        sheet.write_string(0, index, column.header, required if column.required else header)
        sheet.write_string(1, index, str(example.get(column.field, "")))
        options = None
        if column.kind == "choice":
            options = [str(label) for _code, label in schema.model._meta.get_field(column.field).choices]
        elif column.kind == "bool":
            options = ["x"]
        elif column.kind == "cell":
            options = [code for code, _name in cells]
        if options:
            values_sheet.write_string(0, lists_column, column.header, header)
            if column.kind == "cell":
                values_sheet.write_string(0, lists_column + 1, str(_("Tên chi bộ")), header)
                for offset, (code, name) in enumerate(cells, start=1):
                    values_sheet.write_string(offset, lists_column, code)
                    values_sheet.write_string(offset, lists_column + 1, name)
            else:
                for offset, option in enumerate(options, start=1):
                    values_sheet.write_string(offset, lists_column, option)
            values_sheet.set_column(lists_column, lists_column + 1, 28)
            if column.kind != "cell":  # a cell may also be written by its name: no drop-down restriction
                sheet.data_validation(
                    1,
                    index,
                    5000,
                    index,
                    {
                        "validate": "list",
                        "source": f"='{values_sheet_name}'!${_letters(lists_column)}$2:${_letters(lists_column)}${len(options) + 1}",
                        "error_type": "warning",
                    },
                )
            lists_column += 2 if column.kind == "cell" else 1
    sheet.set_row(0, 45)
    sheet.freeze_panes(1, 0)
    note_row = max(len(cells), 60) + 3
    values_sheet.write_string(
        note_row,
        0,
        str(
            _(
                "Cột chữ đỏ là bắt buộc. Ngày ghi theo dạng ngày/tháng/năm (19/05/2023). Số CCCD ghi đủ 12 chữ số."
            )
        ),
    )
    workbook.close()


def _letters(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)
