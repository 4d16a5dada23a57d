"""The "Dự báo 31-12" sheet: the forecast's figures and sentences, written from plain figures with no query."""

import dataclasses
import datetime
import io

import openpyxl
from django.db import models
from django.urls import reverse

from accounts.models import Role, User
from admissions import services
from admissions.models import Unit
from candidates.choices import Stage
from reports.attainment import breakdown, forecast, yearly_attainment
from reports.excel import FORECAST_SHEET, summary_workbook
from tests import factories
from tests.candidates.helpers import candidate

D = datetime.date
AS_OF = D(2023, 6, 30)


def raising(result):
    """The forecast with its units re-read under FETCH_RAISE: a writer following a relation not loaded raises."""
    lines = [result.committee, *result.rows]
    units = Unit.objects.fetch_mode(models.FETCH_RAISE).in_bulk([line.unit.pk for line in lines])
    committee, *rows = (dataclasses.replace(line, unit=units[line.unit.pk]) for line in lines)
    return dataclasses.replace(result, unit=units[result.unit.pk], committee=committee, rows=rows)


def district_2023(tree):
    services.quota_set(unit=tree["district"], year=2023, target=8)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    factories.member(tree["deep_cell"], decision_date=D(2023, 2, 2))
    candidate(tree["deep_cell"], stage=Stage.CELL, resolution=D(2023, 6, 1))
    return tree["district"]


def test_the_sheet_holds_each_units_forecast_and_its_sentences_with_no_query(tree, django_assert_num_queries):
    district = district_2023(tree)
    report = yearly_attainment(district, 2023, as_of=AS_OF)
    figures = {"report": report, "breakdown": breakdown(district, 2023, as_of=AS_OF), "members": []}
    result = raising(forecast(report))
    with django_assert_num_queries(0):
        content = summary_workbook(**figures, forecast=result, superior="Tỉnh ủy Thử")
    sheet = openpyxl.load_workbook(io.BytesIO(content))[FORECAST_SHEET]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=9) if row[1].value}
    commune = rows[tree["commune"].name]
    assert [cell.value for cell in commune[2:9]] == [4, 1, 2, 2, 1, 4, "Không đủ hồ sơ để đạt chỉ tiêu"]
    assert (
        "Tối đa 2 từ các hồ sơ đã ghi nhận: 1 đã kết nạp, 1 hồ sơ còn có thể kết nạp trong năm"
        in commune[9].value
    )
    assert rows[tree["commune_b"].name][4].value == "chưa biết"
    total = rows[f"Toàn {district.name}"]
    assert total[3].value == 1
    assert "DỰ BÁO KẾT QUẢ KẾT NẠP ĐẢNG VIÊN ĐẾN 31/12/2023" in sheet["A5"].value


def test_the_downloaded_workbook_has_the_forecast_sheet(client, tree):
    district = district_2023(tree)
    client.force_login(User.objects.create_user("v", password="x", role=Role.VIEWER, unit=district))
    response = client.get(reverse("report_xlsx"), {"year": 2023, "as_of": "30/06/2023"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert FORECAST_SHEET in workbook.sheetnames
