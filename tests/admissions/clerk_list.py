"""Builds a commune clerk's own list, laid out as such lists are kept: a title block, a two-level merged header, a
row of column numbers, dates as Excel dates and as text in five forms, IDs typed as numbers, names with
double spaces and decomposed Unicode, blank rows, a totals row, a signature block and a notes sheet."""

import datetime
import io
import unicodedata

import openpyxl

from accounts.models import Role, User
from admissions.choices import UnitLevel
from tests import factories

HEADERS = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Tôn giáo", "Số CCCD", "Nghề nghiệp",
    "Trình độ học vấn", "Chi bộ", "Quyết định kết nạp", None, "Ngày lễ kết nạp",
]  # fmt: skip
DATE_FORMS = [
    "{d:02d}/{m:02d}/{y}",
    "{d}/{m}/{y}",
    "{d:02d}-{m:02d}-{y}",
    "{d:02d}.{m:02d}.{y}",
    "{y}-{m:02d}-{d:02d}",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang"]


def make_commune() -> dict:
    """A commune of three cells, and its clerk; a cell of the same name in a neighbouring commune."""
    province = factories.unit(level=UnitLevel.PROVINCE, name="Tỉnh ủy Lào Cai")
    district = factories.unit(parent=province, level=UnitLevel.SUPERIOR, name="Huyện ủy Bát Xát")
    commune = factories.unit(parent=district, level=UnitLevel.GRASSROOTS_COMMITTEE, name="Đảng bộ xã Tân Lập")
    cells = {
        name: factories.unit(parent=commune, level=UnitLevel.SUBORDINATE_CELL, name=name)
        for name in ("Chi bộ thôn A Xòo", "Chi bộ thôn Đông", "Chi bộ Trường Tiểu học")
    }
    # A cell of the same name in another commune, outside the clerk's scope: no ambiguity for them.
    other = factories.unit(parent=district, level=UnitLevel.GRASSROOTS_COMMITTEE, name="Đảng bộ xã Phú Mỹ")
    factories.unit(parent=other, level=UnitLevel.SUBORDINATE_CELL, name="Chi bộ thôn Đông")
    clerk = User.objects.create_user("tanlap", password=None, role=Role.UNIT_CLERK, unit=commune)
    return {"commune": commune, "cells": cells, "clerk": clerk}


def member_row(number: int, **overrides) -> list:
    """A valid member, as the clerk types one: the cell without "Chi bộ", dates in turning forms."""
    birth = datetime.date(1990 + number % 10, 1 + number % 12, 1 + number % 27)
    decision = datetime.date(2026, 1 + number % 9, 2 + number % 20)
    form = DATE_FORMS[number % len(DATE_FORMS)]
    written_birth = birth if number % 6 == 0 else form.format(d=birth.day, m=birth.month, y=birth.year)
    name = f"{SURNAMES[number % 10]}  Văn {GIVEN[number % 5]} {chr(65 + number)}"  # a double space
    if number % 3 == 0:
        name = unicodedata.normalize("NFD", name)  # as some keyboards and converters write it
    values = {
        "STT": number,
        "Họ và tên": name,
        "Ngày sinh": written_birth,
        "Giới tính": "Nam" if number % 2 else "Nữ",
        "Dân tộc": "Kinh" if number % 4 else "Dao",
        "Tôn giáo": "Không",
        "Số CCCD": 201_203_000_000 + number,  # typed as a number
        "Nghề nghiệp": "Nông dân",
        "Trình độ học vấn": "12/12",
        "Chi bộ": ["Thôn A Xòo", "Đông", "chi bo truong tieu hoc"][number % 3],
        "Số QĐ": f"{100 + number}-QĐ/HU",
        "Ngày QĐ kết nạp": decision if number % 2 else decision.strftime("%d/%m/%Y"),
        "Ngày lễ kết nạp": (decision + datetime.timedelta(days=20)).strftime("%d/%m/%Y"),
    }
    values.update(overrides)
    keys = [*HEADERS[:10], "Số QĐ", "Ngày QĐ kết nạp", "Ngày lễ kết nạp"]
    return [values[key] for key in keys]


# Row number in the sheet (data start at row 7) -> (column as the import names it, the bad cell)
INVALID = {
    9: ("Ngày sinh", {"Ngày sinh": "31/02/1995"}),
    11: ("Giới tính", {"Giới tính": None}),
    13: ("Số CCCD", {"Số CCCD": "12345"}),
    16: ("Giáo dục phổ thông", {"Trình độ học vấn": "lớp 13"}),
    19: ("Chi bộ", {"Chi bộ": "Thôn Không Có"}),
    22: ("Ngày quyết định kết nạp", {"Ngày QĐ kết nạp": "15/13/2026"}),
    25: ("Nghề nghiệp", {"Nghề nghiệp": "Phi hành gia"}),
    28: ("Họ và tên", {"Họ và tên": None}),
    31: ("Số quyết định kết nạp", {"Số QĐ": None}),
}


def clerk_workbook(renamed: dict[str, str] | None = None) -> tuple[io.BytesIO, list[int], list[int]]:
    """The workbook, the rows holding valid members and the rows that are not members; `renamed` writes
    some headers of the upper header row otherwise (as a clerk may name a column)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DS kết nạp 2026"
    sheet.append(
        ["ĐẢNG BỘ HUYỆN BÁT XÁT", None, None, None, None, None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"]
    )
    sheet.append(
        [
            "ĐẢNG ỦY XÃ TÂN LẬP",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "Tân Lập, ngày 20 tháng 11 năm 2026",
        ]
    )
    sheet.append(["DANH SÁCH ĐẢNG VIÊN MỚI KẾT NẠP NĂM 2026"])
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("J1:M1")
    sheet.merge_cells("A3:M3")
    sheet.append([(renamed or {}).get(header, header) for header in HEADERS])  # row 4
    sheet.append([None] * 10 + ["Số QĐ", "Ngày QĐ kết nạp", None])  # row 5
    for column in "ABCDEFGHIJM":
        sheet.merge_cells(f"{column}4:{column}5")
    sheet.merge_cells("K4:L4")
    sheet.append([f"({n})" for n in range(1, 14)])  # row 6
    valid, number, row_number = [], 0, 7
    while number < 30:
        number += 1
        if number in (8, 20):  # blank rows where the clerk left a gap
            sheet.append([])
            row_number += 1
        bad = INVALID.get(row_number)
        sheet.append(member_row(number, **(bad[1] if bad else {})))
        if not bad:
            valid.append(row_number)
        row_number += 1
    not_members = []
    for line in (
        ["Tổng cộng: 30 đồng chí"],
        [],
        [None] * 9 + ["Tân Lập, ngày 20 tháng 11 năm 2026"],
        [None, "NGƯỜI LẬP BIỂU"] + [None] * 7 + ["T/M ĐẢNG ỦY"],
        [None] * 9 + ["BÍ THƯ"],
        [],
        [None, "Trần Thị Lập"] + [None] * 7 + ["Nguyễn Văn Bí"],
        ["Ghi chú: danh sách gồm cả đảng viên kết nạp lại."],
    ):
        sheet.append(line)
        if line:
            not_members.append(row_number)
        row_number += 1
    notes = book.create_sheet("Ghi chú")
    notes.append(["Danh sách lập theo Hướng dẫn 12-HD/BTCTW."])
    notes.append(["Người lập: Trần Thị Lập"])
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output, valid, not_members
