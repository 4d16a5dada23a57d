"""The year-end forecast on the report page: its section, its sentences, its scope and its query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions import services
from admissions.models import Unit
from candidates.choices import Stage
from tests import factories
from tests.candidates.helpers import candidate
from tests.reports.helpers import build_district
from tests.reports.test_views import URL, login

D = datetime.date


@pytest.fixture
def district(tree):
    """xã A: quota 4, 1 admitted, 1 file with the cell's resolution (cannot reach); xã B: quota 3, no files."""
    services.quota_set(unit=tree["district"], year=2023, target=8)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    services.quota_set(unit=tree["commune_b"], year=2023, target=3)
    factories.member(tree["deep_cell"], decision_date=D(2023, 2, 2))
    candidate(tree["deep_cell"], stage=Stage.CELL, resolution=D(2023, 6, 1))
    return tree


def test_the_report_shows_the_forecast_with_its_sentences(client, district):
    login(client, district["district"])
    text = client.get(URL, {"year": 2023, "as_of": "30/06/2023"}).text
    assert "Dự báo 31/12/2023" in text
    assert "Không đủ hồ sơ để đạt chỉ tiêu" in text  # xã A: 1 admitted + 1 file < 4
    assert (
        "Tối đa 2 từ các hồ sơ đã ghi nhận: 1 đã kết nạp, 1 hồ sơ còn có thể kết nạp trong năm (1 hồ sơ đã có nghị quyết chi bộ)."
        in text
    )
    # xã B records no file: no upper bound, no "cannot reach".
    assert "Chưa biết mức tối đa: 1 tổ chức cơ sở đảng chưa ghi nhận hồ sơ quần chúng" in text
    assert text.count("badge status-cannot_reach") == 1


def test_the_forecast_in_english(client, district):
    login(client, district["district"])
    client.cookies["django_language"] = "en"
    text = client.get(URL, {"year": 2023, "as_of": "30/06/2023"}, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Not enough files to reach the quota" in text


def test_a_commune_sees_only_its_own_forecast(client, district):
    login(client, district["commune"])
    text = client.get(URL, {"year": 2023, "as_of": "30/06/2023"}).text
    assert "Dự báo 31/12/2023" in text
    assert district["commune_b"].name not in text


def with_files(district: Unit) -> Unit:
    """A file at each of three stages in every organisation of `district`, and one closed for the year."""
    for org in Unit.objects.filter(parent=district):
        cell = org.children.get()
        candidate(cell, stage=Stage.SUBMITTED, resolution=D(2023, 5, 2), full_name="Một")
        candidate(cell, stage=Stage.BACKGROUND, resolution=D(2023, 6, 1), full_name="Hai")
        candidate(
            cell, stage=Stage.FILE, resolution=D(2023, 6, 1), date_of_birth=D(2006, 1, 1), full_name="Ba"
        )
    return district


def report_queries(client, district) -> int:
    login(client, district)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL, {"year": 2023, "as_of": "30/06/2023", "unit": district.pk})
    assert page.status_code == 200
    assert "Dự báo 31/12/2023" in page.text
    return len(queries)


@pytest.mark.django_db
def test_the_report_with_its_forecast_issues_as_many_queries_with_5_and_40_organisations(client):
    small = report_queries(client, with_files(build_district(5)))
    large = report_queries(client, with_files(build_district(40)))
    assert small == large <= 26  # the report page's 25 and the unit chosen by the query string
