"""The yearly summary workbook, reopened with openpyxl: formulas with cached values, layout, print setup."""

import dataclasses
import datetime
import io
import os
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from admissions import services
from admissions.models import Member, Unit
from devdata import demo
from reports.attainment import (
    admitted_member_rows,
    admitted_members,
    breakdown,
    yearly_attainment,
)
from reports.excel import LIST_SHEET, SUMMARY_SHEET, summary_workbook
from reports.formatting import format_percent
from tests import factories
from tests.reports.helpers import build_district, raising_units

D = datetime.date
URL = reverse("report_xlsx")


def figures_2023(unit, **members):
    """The workbook's three inputs for 2023, computed (and their units re-read under FETCH_RAISE) before a
    writer runs."""
    return {
        "report": raising_units(yearly_attainment(unit, 2023)),
        "breakdown": raising_units(breakdown(unit, 2023)),
        "members": admitted_member_rows(unit, 2023),
    }


def open_both(content: bytes):
    """(workbook with formulas, workbook with the cached values)."""
    return (
        openpyxl.load_workbook(io.BytesIO(content)),
        openpyxl.load_workbook(io.BytesIO(content), data_only=True),
    )


def find_row(sheet, text: str) -> int:
    return next(
        row[0].row for row in sheet.iter_rows() if row[0].value and str(row[0].value).startswith(text)
    )


def test_demo_2023_workbook_has_the_web_reports_figures(client, db):
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="lanhdao"))
    page = client.get(reverse("report"), {"year": 2023})
    assert reverse("report_xlsx") in page.text
    response = client.get(URL, {"year": 2023})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    formulas, values = open_both(response.content)
    assert formulas.sheetnames == ["Tổng hợp", "Biểu 2", "Dự báo 31-12", "Danh sách"]
    sheet, cached = formulas[SUMMARY_SHEET], values[SUMMARY_SHEET]

    own = find_row(sheet, "Toàn Huyện ủy Tân Phong")
    assert cached[f"D{own}"].value == 200
    assert sheet[f"E{own}"].value == 210  # its own figure, not the rows' sum
    assert sheet[f"F{own}"].value.startswith("=IF(")
    assert cached[f"F{own}"].value == pytest.approx(1.05)
    assert sheet[f"F{own}"].number_format == "0%"
    assert cached[f"G{own}"].value == "Hoàn thành vượt"
    total = find_row(sheet, "Cộng các đơn vị trực thuộc")
    assert sheet[f"D{total}"].value == "=SUM(D9:D33)"
    assert cached[f"D{total}"].value == 200
    assert sheet[f"E{total}"].value == "=SUM(E9:E33)"
    assert cached[f"E{total}"].value == 210
    footer = next(row[0] for row in sheet.iter_rows() if row[0].value and "COUNTIF" in str(row[0].value))
    assert cached[footer.coordinate].value.startswith("20/25 cấp ủy cơ sở hoàn thành")

    # The same figures as the web report, row by row.
    district = Unit.objects.get(code=demo.DISTRICT_CODE)
    report = yearly_attainment(district, 2023)
    assert "210/200" in page.text
    assert format_percent(report.committee.rate) == "105%"
    for i, line in enumerate(report.rows):
        row = 9 + i
        assert cached[f"B{row}"].value == line.unit.name
        assert (cached[f"D{row}"].value, cached[f"E{row}"].value) == (line.quota, line.result)
        assert cached[f"F{row}"].value == pytest.approx(float(line.rate) / 100)
        assert cached[f"G{row}"].value == line.status.label

    biểu_2 = values["Biểu 2"]
    total_row = find_row(biểu_2, "Tổng số đảng viên mới kết nạp")
    assert biểu_2[f"B{total_row}"].value == 210
    assert biểu_2[f"C{total_row}"].value == breakdown(district, 2023).total.last_period
    assert values[LIST_SHEET].max_row == 3 + 210  # title, blank, header, one row per member
    assert values[LIST_SHEET].auto_filter.ref == "A3:R213"  # the filter reaches the last member
    assert [values[LIST_SHEET].cell(row, 1).value for row in (4, 213)] == [1, 210]


def test_workbook_layout_merges_formats_print_setup_and_chart(tree, django_assert_num_queries):
    services.quota_set(unit=tree["district"], year=2023, target=6)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    for month in (1, 3, 5, 9, 12):
        factories.member(tree["deep_cell"], decision_date=D(2023, month, 2))
    figures = figures_2023(tree["district"]) | {"members": []}
    with django_assert_num_queries(0):
        content = summary_workbook(**figures, superior="Tỉnh ủy Thử", issued_on=D(2024, 2, 20))
    formulas, values = open_both(content)
    sheet = formulas[SUMMARY_SHEET]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:C1", "A2:C2", "D1:G1", "D3:G3", "A5:G5", "A6:G6"} <= merged
    assert sheet["D1"].value == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert sheet["A2"].value == "HUYỆN ỦY THỬ"
    assert sheet["D3"].value.endswith("ngày 20 tháng 02 năm 2024")
    assert sheet["A5"].value == "BÁO CÁO KẾT QUẢ KẾT NẠP ĐẢNG VIÊN NĂM 2023"
    assert [c.value for c in sheet[8]] == [
        "STT",
        "Tên tổ chức cơ sở đảng",
        "Loại hình",
        "Chỉ tiêu",
        "Kết quả",
        "Tỷ lệ (%)",
        "Đánh giá",
    ]
    assert sheet["B8"].font.b
    assert sheet["B8"].border.left.style == "thin"
    assert sheet.column_dimensions["B"].width > 40
    # xã A 5/4 = 125%; xã B has no quota: no rate, "chưa giao chỉ tiêu"; the school likewise.
    assert values[SUMMARY_SHEET]["F9"].value == pytest.approx(1.25)
    assert sheet["F9"].number_format == "0%"
    assert values[SUMMARY_SHEET]["F10"].value in ("", None)
    assert values[SUMMARY_SHEET]["G10"].value == "Chưa giao chỉ tiêu"
    assert sheet.freeze_panes == "A9"
    assert sheet.print_title_rows == "$8:$8"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert len(sheet._charts) == 1
    own = find_row(sheet, "Toàn Huyện ủy Thử")
    assert values[SUMMARY_SHEET][f"F{own}"].value == pytest.approx(5 / 6)
    assert sheet[f"F{own}"].number_format == "0.00%"


def test_member_list_writes_text_as_text(tree, django_assert_num_queries):
    factories.member(tree["cell_b"], full_name="=HYPERLINK(1)", national_id="001234567890")
    figures = figures_2023(tree["district"])
    with django_assert_num_queries(0):
        content = summary_workbook(**figures)
    sheet = openpyxl.load_workbook(io.BytesIO(content))[LIST_SHEET]
    assert sheet["B4"].value == "=HYPERLINK(1)"
    assert sheet["B4"].data_type == "s"
    assert sheet["G4"].value == "********7890"  # masked as on every list
    assert sheet["N4"].value == datetime.datetime.combine(
        datetime.date(2023, 5, 19), datetime.time()
    )  # a date, no time of day
    assert sheet["N4"].number_format == "dd/mm/yyyy"
    assert sheet["O4"].value is None  # no ceremony recorded: an empty cell, with the list's borders
    assert sheet["O4"].border.left.style == sheet["B4"].border.left.style == "thin"
    assert sheet["B4"].alignment.wrap_text
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "A4"


def test_bad_query_sends_back_to_the_report_page_with_its_message(client, tree):
    client.force_login(User.objects.create_user("v", password="x", role=Role.VIEWER, unit=tree["district"]))
    response = client.get(URL, {"year": "abc"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("report"))
    assert "Năm không hợp lệ" in client.get(response.url).text


def test_workbook_outside_the_users_subtree_is_not_found(client, tree):
    client.force_login(User.objects.create_user("v", password="x", role=Role.VIEWER, unit=tree["commune"]))
    assert client.get(URL, {"unit": tree["commune_b"].pk}).status_code == 404


def workbook_queries(client, district) -> int:
    client.force_login(User.objects.create_user(f"v{district.pk}", password="x", unit=district))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"year": 2023}).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_workbook_query_count_is_the_same_with_5_and_60_grassroots_organisations(client):
    assert workbook_queries(client, build_district(5)) == workbook_queries(client, build_district(60))


def _without_cached_values(content: bytes) -> bytes:
    """The workbook with every formula's stored value removed, so a reader must calculate it."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", data.decode())
                data = re.sub(r'(<c [^>]*?) t="str"', r"\1", text).encode()
            out.writestr(item, data)
    return target.getvalue()


def libreoffice() -> str:
    """The LibreOffice program; the test skips without it, except in CI (REQUIRE_LIBREOFFICE=1) where that
    fails, as the browser tests do with REQUIRE_BROWSER."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if not program:
        message = "LibreOffice (soffice or libreoffice) is missing: the recalculation test cannot run."
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return program


def test_libreoffice_opens_the_workbook_and_recalculates_the_same_values(tree, tmp_path):
    program = libreoffice()
    services.quota_set(unit=tree["district"], year=2023, target=6)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    services.quota_set(unit=tree["commune_b"], year=2023, target=3)
    for month in (1, 3, 5, 9, 12):
        factories.member(tree["deep_cell"], decision_date=D(2023, month, 2))
    factories.member(tree["school"], decision_date=D(2023, 2, 3))
    content = summary_workbook(**figures_2023(tree["district"]))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bao-cao.xlsx").write_bytes(_without_cached_values(content))
    subprocess.run(
        [program, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx",
         "--outdir", str(tmp_path), str(tmp_path / "in" / "bao-cao.xlsx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    formulas, ours = open_both(content)
    theirs = openpyxl.load_workbook(tmp_path / "bao-cao.xlsx", data_only=True)
    checked = 0
    for name in formulas.sheetnames:
        for row in formulas[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    mine, recalculated = (
                        ours[name][cell.coordinate].value,
                        theirs[name][cell.coordinate].value,
                    )
                    if isinstance(mine, float):
                        assert recalculated == pytest.approx(mine), (name, cell.coordinate)
                    else:
                        assert (mine or "") == (recalculated or ""), (name, cell.coordinate)
                    checked += 1
    assert checked > 20


def test_total_row_carries_the_sum_of_its_rows_and_the_committee_row_its_own_result(
    db, django_assert_num_queries
):
    """Should a row be missing (say a unit left out of the table), the total row still equals its cells
    and the committee row still shows the committee's own figures."""
    from admissions.choices import UnitLevel

    district = factories.unit(level=UnitLevel.SUPERIOR, name="Huyện ủy Thử")
    open_org = factories.unit(parent=district, level=UnitLevel.GRASSROOTS_CELL, name="Chi bộ Mở")
    closed_org = factories.unit(parent=district, level=UnitLevel.GRASSROOTS_CELL, name="Chi bộ Đóng")
    services.quota_set(unit=district, year=2023, target=3)
    services.quota_set(unit=open_org, year=2023, target=2)
    factories.member(open_org, decision_date=datetime.date(2023, 3, 1))
    factories.member(closed_org, decision_date=datetime.date(2023, 1, 2), full_name="Lê Văn Cũ")
    services.unit_close(unit=closed_org, valid_to=datetime.date(2023, 1, 2))
    report = yearly_attainment(district, 2023, as_of=datetime.date(2023, 12, 31))
    report = dataclasses.replace(report, rows=[row for row in report.rows if row.unit == open_org])
    report, figures = raising_units(report), raising_units(breakdown(district, 2023))
    with django_assert_num_queries(0):
        content = summary_workbook(report=report, breakdown=figures, members=[], superior="")
    formulas, values = open_both(content)
    sheet, cached = formulas[SUMMARY_SHEET], values[SUMMARY_SHEET]
    total, own = find_row(sheet, "Cộng các đơn vị trực thuộc"), find_row(sheet, "Toàn Huyện ủy Thử")
    assert (cached[f"D{total}"].value, cached[f"E{total}"].value) == (2, 1)
    assert (cached[f"D{own}"].value, cached[f"E{own}"].value) == (3, 2)


def test_writing_the_workbook_runs_no_query_and_follows_no_relation_not_loaded(
    tree, django_assert_num_queries
):
    """The writers get plain figures and member rows: with every figure computed beforehand (units re-read
    under FETCH_RAISE), writing the three sheets issues no query, and any lazy access would raise."""
    services.quota_set(unit=tree["district"], year=2023, target=6)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    for month in (1, 5, 9):
        factories.member(tree["deep_cell"], decision_date=D(2023, month, 2))
    factories.member(tree["school"], decision_date=D(2023, 2, 3), readmission=True)
    figures = figures_2023(tree["district"])
    assert len(figures["report"].rows) > 1
    assert len(figures["members"]) == 4
    with django_assert_num_queries(0):
        content = summary_workbook(**figures, superior="Tỉnh ủy Thử", place="Tân Phong")
    sheets = openpyxl.load_workbook(io.BytesIO(content))
    assert sheets[LIST_SHEET].max_row == 3 + 4
    assert sheets[SUMMARY_SHEET]["B9"].value == tree["commune"].name


def test_member_rows_are_the_admitted_members_in_their_order_read_in_one_query(
    tree, django_assert_num_queries
):
    factories.member(tree["cell_b"], full_name="Lê Thị Hoa", sex="F", decision_date=D(2023, 3, 1))
    factories.member(
        tree["deep_cell"], full_name="Trần Văn An", decision_date=D(2023, 7, 1), readmission=True
    )
    factories.member(tree["deep_cell"], full_name="Ngoài Năm", decision_date=D(2022, 7, 1))
    with django_assert_num_queries(1):
        rows = admitted_member_rows(tree["district"], 2023)
    members = list(admitted_members(tree["district"], 2023))
    assert [row.full_name for row in rows] == [member.full_name for member in members]
    for row, member in zip(rows, members, strict=True):
        assert (row.cell, row.grassroots) == (member.cell.name, member.grassroots.name)
        assert (row.sex, row.occupation, row.status) == (
            member.get_sex_display(),
            member.get_occupation_display(),
            member.get_status_display(),
        )
        assert (row.decision_date, row.readmission) == (member.decision_date, member.readmission)
    assert Member.objects.count() == 3
    assert len(rows) == 2
