"""Build small workbooks for the import tests (XlsxWriter, so "=1+1" can be written as text)."""

import datetime
import io

import xlsxwriter

HEADERS = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Nghề nghiệp",
    "Giáo dục phổ thông",
    "Chi bộ",
    "Số quyết định kết nạp",
    "Ngày quyết định kết nạp",
    "Ghi chú",
]


def row(cell_code, *, number=1, **overrides):
    """A valid row under HEADERS; `number` makes the name and the national ID distinct."""
    values = {
        "Họ và tên": f"Nguyễn Văn Số {number}",
        "Giới tính": "Nam",
        "Ngày sinh": datetime.date(1995, 1, 1) + datetime.timedelta(days=number % 2000),
        "Số CCCD": f"0012{number:08d}",
        "Nghề nghiệp": "Nông dân",
        "Giáo dục phổ thông": "12/12",
        "Chi bộ": cell_code,
        "Số quyết định kết nạp": f"{number}-QĐ/HU",
        "Ngày quyết định kết nạp": "19/05/2023",
        "Ghi chú": "",
    }
    values.update(overrides)
    return values


def workbook(rows, *, headers=None, title_rows=()) -> io.BytesIO:
    """An .xlsx with optional title rows, a header row and `rows` (dicts by header, or lists)."""
    headers = headers or HEADERS
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    line = 0
    for title in title_rows:
        sheet.write_string(line, 0, title)
        line += 1
    for column, header in enumerate(headers):
        sheet.write_string(line, column, header)
    for values in rows:
        line += 1
        cells = values if isinstance(values, list) else [values.get(header) for header in headers]
        for column, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    line, column, datetime.datetime.combine(value, datetime.time()), date_format
                )
            elif isinstance(value, int | float):
                sheet.write_number(line, column, value)
            else:
                sheet.write_string(line, column, value)
    book.close()
    output.seek(0)
    output.name = "danh-sach.xlsx"
    return output
