"""A commune clerk's own list, as such lists are kept (tests/admissions/clerk_list.py builds it), imported:
every valid row is read, every invalid one flagged on its row and column, the rest skipped."""

import io
import unicodedata

import openpyxl
import pytest

from accounts.models import Role, User
from admissions import imports
from admissions.models import Member
from tests.admissions import xlsx_helpers
from tests.admissions.clerk_list import INVALID, clerk_workbook, make_commune


@pytest.fixture
def commune(db):
    return make_commune()


def test_the_clerks_own_list_reads_every_valid_row_flags_every_invalid_one_and_skips_the_rest(commune):
    upload, valid, not_members = clerk_workbook()
    result = imports.read_members(upload, user=commune["clerk"])

    assert (result.header.first_row, result.header.last_row) == (4, 5)
    assert [
        (row, column) for row, column, _message in ((p.row, p.column, p.message) for p in result.errors)
    ] == [(row, column) for row, (column, _bad) in sorted(INVALID.items())]
    assert all(len(row.errors) <= 1 for row in result.rows)
    assert [row.number for row in result.rows if not row.errors] == valid
    assert [row.number for row in result.skipped] == not_members
    assert not result.warnings
    assert len(valid) == 21


def test_the_header_block_is_understood_column_by_column(commune):
    upload, _valid, _skipped = clerk_workbook()
    header = imports.read_members(upload, user=commune["clerk"]).header
    understood = {item.written: item.column.field if item.column else None for item in header.columns}
    assert understood["Quyết định kết nạp › Số QĐ"] == "decision_number"
    assert understood["Quyết định kết nạp › Ngày QĐ kết nạp"] == "decision_date"
    assert understood["Trình độ học vấn"] == "schooling"
    assert understood["STT"] is None
    assert [item.letter for item in header.columns][:3] == ["A", "B", "C"]


def test_once_the_invalid_rows_are_corrected_the_list_imports_as_the_clerk_wrote_it(commune):
    upload, _valid, _skipped = clerk_workbook()
    book = openpyxl.load_workbook(upload)
    sheet = book.worksheets[0]
    for row_number in INVALID:  # cleared, not deleted, so that the other rows keep their numbers
        for cell in sheet[row_number]:
            cell.value = None
    fixed = io.BytesIO()
    book.save(fixed)
    fixed.seek(0)
    result, created = imports.commit_members(fixed, user=commune["clerk"])
    assert created == 21, [(p.row, p.column, p.message) for p in result.errors]
    a_xoo = Member.objects.filter(cell=commune["cells"]["Chi bộ thôn A Xòo"])
    assert a_xoo.exists()
    names = list(Member.objects.values_list("full_name", flat=True))
    assert all("  " not in name and unicodedata.is_normalized("NFC", name) for name in names)
    assert Member.objects.filter(national_id="201203000001").exists()
    assert not Member.objects.filter(full_name__icontains="Bí").exists()  # the signer is not a member


@pytest.fixture
def district_clerk(commune):
    district = commune["commune"].parent
    return User.objects.create_user("batxat", password=None, role=Role.UNIT_CLERK, unit=district)


def test_a_tccs_column_tells_cells_of_the_same_name_apart(commune, district_clerk):
    headers = [*xlsx_helpers.HEADERS, "Tổ chức cơ sở đảng"]
    rows = [
        xlsx_helpers.row("Thôn Đông", number=1, **{"Tổ chức cơ sở đảng": "Tân Lập"}),
        xlsx_helpers.row("Chi bộ thôn Đông", number=2, **{"Tổ chức cơ sở đảng": "Đảng bộ xã Phú Mỹ"}),
    ]
    result = imports.read_members(xlsx_helpers.workbook(rows, headers=headers), user=district_clerk)
    assert not result.errors
    cells = [row.values["cell"] for row in result.rows]
    assert [cell.parent.name for cell in cells] == ["Đảng bộ xã Tân Lập", "Đảng bộ xã Phú Mỹ"]
    assert "grassroots" not in result.rows[0].values  # it only told the cells apart


def test_without_a_tccs_column_a_shared_name_lists_each_cell_once_with_its_tccs(commune, district_clerk):
    result = imports.read_members(xlsx_helpers.workbook([xlsx_helpers.row("thôn Đông")]), user=district_clerk)
    [problem] = result.errors
    assert problem.column == "Chi bộ"
    assert "Chi bộ thôn Đông – Đảng bộ xã Tân Lập (mã " in problem.message
    assert "Chi bộ thôn Đông – Đảng bộ xã Phú Mỹ (mã " in problem.message
    assert "Chi bộ Chi bộ" not in problem.message
