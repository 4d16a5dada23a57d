"""The yearly workbook printed as an official document: rendered to PDF by LibreOffice and read page by page.
The signer's block never splits across pages, whatever the number of rows; the document number line, the
page numbers, Biểu 2's name and year, the member list in landscape."""

import dataclasses
import io
import subprocess

import openpyxl
import pytest
from pypdf import PdfReader

from admissions import services
from admissions.choices import UnitLevel
from admissions.models import Unit
from reports.attainment import Line, Targets, admitted_member_rows, breakdown, yearly_attainment
from reports.excel import SUMMARY_SHEET, summary_workbook
from tests import factories
from tests.reports.excel.test_workbook import libreoffice

# Every count from 16 to 26 one-line rows moves the block one row at a time across the end of the first
# page (written as rows, 20 rows printed "Nơi nhận" on page 1 and its last lines on page 2); and a few
# counts mixing names that wrap to three lines.
SHORT_COUNTS = list(range(16, 27))
MIXED_COUNTS = [14, 20, 33, 34, 47]
LONG = "Đảng bộ Trường Trung học phổ thông chuyên Nguyễn Trãi và các đơn vị sự nghiệp trực thuộc"


def _workbook(tree, rows: int, *, wrapped: bool = True) -> bytes:
    report = yearly_attainment(tree["district"], 2023)
    lines = [
        Line(
            Unit(
                name=f"{LONG} {n}" if wrapped and n % 3 == 0 else f"Đảng bộ xã số {n}",
                level=UnitLevel.GRASSROOTS_COMMITTEE,
            ),
            4,
            n % 6,
            2,
        )
        for n in range(rows)
    ]
    return summary_workbook(
        report=dataclasses.replace(report, rows=lines),
        breakdown=breakdown(tree["district"], 2023),
        members=admitted_member_rows(tree["district"], 2023),
        targets=Targets([], []),
        superior="Tỉnh ủy Thử",
        place="Thử",
    )


def _print(tmp_path, books: dict) -> dict:
    """Each workbook rendered to PDF by LibreOffice (one run for all): its pages' texts and sizes."""
    program = libreoffice()
    for name, content in books.items():
        (tmp_path / f"bc-{name}.xlsx").write_bytes(content)
    subprocess.run(
        [program, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *(str(tmp_path / f"bc-{name}.xlsx") for name in books)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return {
        name: [
            (" ".join(page.extract_text().split()), page.mediabox)
            for page in PdfReader(tmp_path / f"bc-{name}.pdf").pages
        ]
        for name in books
    }


@pytest.fixture
def district(tree):
    services.quota_set(unit=tree["district"], year=2023, target=6)
    factories.member(tree["deep_cell"])
    return tree


def test_the_signers_block_prints_on_one_page_whatever_the_number_of_rows(district, tmp_path):
    books = {f"short-{rows}": _workbook(district, rows, wrapped=False) for rows in SHORT_COUNTS}
    books |= {f"mixed-{rows}": _workbook(district, rows) for rows in MIXED_COUNTS}
    printed = _print(tmp_path, books)
    for rows, pages in printed.items():
        signed = [text for text, _box in pages if "T/M BAN THƯỜNG VỤ" in text]
        assert len(signed) == 1, rows
        for line in ("Nơi nhận:", "- Như trên,", "- Lưu Văn phòng.", "(Ký, ghi rõ họ tên và đóng dấu)"):
            assert line in signed[0], (rows, line)


def test_the_printed_workbook_is_laid_out_as_an_official_document(district, tmp_path):
    content = _workbook(district, 44)
    pages = _print(tmp_path, {"44": content})["44"]
    texts = [text for text, _box in pages]
    assert "Số …-BC/…" in texts[0]
    assert [f"Trang {n}/{len(pages)}" in text for n, text in enumerate(texts, start=1)] == [True] * len(pages)
    assert any("BIỂU 2 – THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP NĂM 2023" in text for text in texts), texts
    listed = [box for text, box in pages if "DANH SÁCH ĐẢNG VIÊN MỚI KẾT NẠP" in text]
    assert listed
    assert all(box.width > box.height for box in listed)
    # The chart starts on a page of its own, after the signer's block.
    sheet = openpyxl.load_workbook(io.BytesIO(content))[SUMMARY_SHEET]
    signer = next(c.row for c in sheet["E"] if "T/M BAN THƯỜNG VỤ" in str(c.value or ""))
    chart_row = sheet._charts[0].anchor._from.row + 1  # 1-based, like the sheet's rows
    assert any(signer <= brk.id < chart_row for brk in sheet.row_breaks.brk), [
        b.id for b in sheet.row_breaks.brk
    ]
