"""Published set-ups of quotas, entered through the app's own pages only (the quota sheet, the term target
page) as the committees' staff, then read on the report page and in the workbook: a province splitting its
quota across 22 committees with more than it received, a district judged against two sources at once, a
province judged against a term target. The figures are our own, in the published shapes."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role
from admissions.choices import QuotaSource, UnitLevel
from admissions.models import Quota
from reports.excel import SUMMARY_SHEET
from tests import factories

D = datetime.date


def sheet_url(unit, year=2024, source=QuotaSource.ASSIGNED):
    return f"{reverse('quota_sheet')}?unit={unit.pk}&year={year}&source={source}"


def report(client, unit, year=2024, **extra):
    query = {"unit": unit.pk, "year": year, "as_of": f"31/12/{year}", **extra}
    return client.get(reverse("report"), query)


def post_sheet(client, unit, cells: dict, *, own=None, source=QuotaSource.ASSIGNED, document=("", "")):
    data = {
        "document_number": document[0],
        "document_date": document[1],
        "reason": "",
        "submission_token": factories.token(),
    }
    if own is not None:
        data |= {"own": str(own), "own_document_number": "", "own_document_date": ""}
    data |= {f"unit_{u.pk}": str(target) for u, target in cells.items()}
    response = client.post(sheet_url(unit, source=source), data)
    assert response.status_code == 302, response.context["form"].errors
    return response


@pytest.fixture
def province(db):
    """A province with 22 committees directly under it, each with one grassroots cell."""
    top = factories.unit(level=UnitLevel.PROVINCE, name="Tỉnh ủy Mẫu")
    committees = [
        factories.unit(
            parent=top, level=UnitLevel.GRASSROOTS_COMMITTEE, name=f"Đảng bộ phường {n:02d}", sort_order=n
        )
        for n in range(1, 23)
    ]
    cells = [
        factories.unit(parent=c, level=UnitLevel.SUBORDINATE_CELL, name=f"Chi bộ {c.name}")
        for c in committees
    ]
    return top, committees, cells


def test_a_province_splits_1905_across_22_committees_adding_up_to_1950(client, province):
    top, committees, cells = province
    admin = factories.user("tw", role=Role.COMMITTEE_STAFF, unit=None, is_superuser=True)
    staff = factories.user("tinh", role=Role.COMMITTEE_STAFF, unit=top)
    split = [89] * 12 + [88] * 10  # 1,068 + 880 = 1,948 ... plus two more below
    split[0], split[1] = 90, 90  # 1,950 in all
    assert sum(split) == 1950
    client.force_login(admin)  # the province's own quota comes from above it: the installation's top
    post_sheet(client, top, {}, own=1905)
    client.force_login(staff)
    post_sheet(client, top, dict(zip(committees, split, strict=True)), document=("15-QĐ/TU", "10/01/2024"))
    for cell in cells[:3]:
        factories.member(cell, decision_date=D(2024, 3, 1))
    page = client.get(sheet_url(top))
    assert page.context["form"]["own"].field.disabled  # the province's staff read their own quota
    response = report(client, top)
    figures = response.context["report"]
    assert (figures.committee.quota, figures.handed_down, figures.handed_down_difference) == (1905, 1950, 45)
    assert len(figures.rows) == 22
    assert "3/1.905" in response.text
    assert "Tổng chỉ tiêu đã giao cho các đơn vị trực thuộc: 1.950" in response.text
    assert Quota.objects.filter(unit__parent=top, document_number="15-QĐ/TU").count() == 22


@pytest.fixture
def district(db):
    top = factories.unit(level=UnitLevel.PROVINCE, name="Tỉnh ủy Mẫu")
    district = factories.unit(parent=top, level=UnitLevel.SUPERIOR, name="Huyện ủy Mẫu")
    org = factories.unit(parent=district, level=UnitLevel.GRASSROOTS_CELL, name="Chi bộ xã Mẫu")
    return top, district, org


def test_a_district_is_judged_against_the_provinces_quota_and_its_own_resolution_at_once(client, district):
    top, unit, org = district
    client.force_login(factories.user("tinh", role=Role.COMMITTEE_STAFF, unit=top))
    post_sheet(client, top, {unit: 20})  # the province assigns the district 20
    client.force_login(factories.user("huyen", role=Role.COMMITTEE_STAFF, unit=unit))
    post_sheet(client, unit, {org: 18}, own=16, source=QuotaSource.CONGRESS)  # its own resolution: 16
    for n in range(25):
        factories.member(org, decision_date=D(2024, 1 + n % 12, 1 + n % 28), full_name=f"Người {n}")
    response = report(client, unit)
    by_source = {line.source: line.line for line in response.context["targets"].sources}
    assert (by_source["assigned"].rate, by_source["congress"].rate) == (125, pytest.approx(156.25))
    assert "125%" in response.text
    assert "156,25%" in response.text
    assert "Nghị quyết đại hội" in response.text
    book = client.get(reverse("report_xlsx"), {"unit": unit.pk, "year": 2024, "source": "congress"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(book))[SUMMARY_SHEET]
    labels = [row[0].value for row in sheet.iter_rows() if row[0].value]
    assert "Toàn Huyện ủy Mẫu (Nghị quyết đại hội)" in labels
    assert not any("(chỉ tiêu được giao)" in str(label) for label in labels)


def test_a_province_is_judged_against_its_term_target(client, district):
    top, _unit, org = district
    client.force_login(factories.user("tinh", role=Role.COMMITTEE_STAFF, unit=top))
    response = client.post(
        f"{reverse('term_targets')}?unit={top.pk}",
        {"source": "congress", "first_year": "2020", "last_year": "2025", "target": "1000",
         "document_number": "01-NQ/ĐH", "document_date": "15/10/2020", "submission_token": factories.token()},
    )  # fmt: skip
    assert response.status_code == 302
    for year, count in ((2020, 15), (2021, 16), (2022, 17), (2023, 18), (2024, 17), (2019, 5)):
        for n in range(count):
            factories.member(org, decision_date=D(year, 1 + n % 12, 1 + n % 28), full_name=f"Người {n}")
    response = report(client, top)
    (term,) = response.context["targets"].terms
    assert (term.result, term.target, term.still_needed, term.years_left) == (83, 1000, 917, 1)
    assert "83/1.000" in response.text
    assert "8,3%" in response.text
    assert "2020–2025" in response.text
    book = client.get(reverse("report_xlsx"), {"unit": top.pk, "year": 2024}).content
    values = openpyxl.load_workbook(io.BytesIO(book))[SUMMARY_SHEET]
    row = next(r for r in values.iter_rows() if str(r[0].value or "").startswith("Nhiệm kỳ 2020–2025"))
    assert [c.value for c in row[3:5]] == [1000, 83]
    assert row[3].number_format == "#,##0"


def test_counts_carry_the_thousands_separator_of_each_language(client, district):
    top, unit, org = district
    client.force_login(factories.user("tinh", role=Role.COMMITTEE_STAFF, unit=top))
    post_sheet(client, top, {unit: 2000})
    factories.member(org, decision_date=D(2024, 2, 1))
    from reports.attainment import Line

    line = Line(unit, 2000, 1238, 0)
    assert line.ratio == "1.238/2.000"
    response = report(client, unit)
    assert "1/2.000" in response.text
    client.cookies["django_language"] = "en"
    response = report(client, unit)
    assert "1/2,000" in response.text
    from django.utils import translation

    with translation.override("en"):
        assert line.ratio == "1,238/2,000"
    book = client.get(reverse("report_xlsx"), {"unit": top.pk, "year": 2024}).content
    sheet = openpyxl.load_workbook(io.BytesIO(book))[SUMMARY_SHEET]
    quota = next(r for r in sheet.iter_rows() if r[1].value == "Huyện ủy Mẫu")[3]
    assert (quota.value, quota.number_format) == (2000, "#,##0")


def test_biểu_2_groups_its_counts(client, district, monkeypatch):
    top, unit, _org = district
    client.force_login(factories.user("tinh", role=Role.COMMITTEE_STAFF, unit=top))
    from reports import attainment

    real = attainment.breakdown

    def with_a_large_total(*args, **kwargs):
        import dataclasses

        figures = real(*args, **kwargs)
        total = dataclasses.replace(figures.sections[0].figures[0], this_period=1238, last_period=2000)
        first = dataclasses.replace(figures.sections[0], figures=[total, *figures.sections[0].figures[1:]])
        return dataclasses.replace(figures, sections=[first, *figures.sections[1:]])

    monkeypatch.setattr(attainment, "breakdown", with_a_large_total)
    response = client.get(reverse("report_breakdown"), {"unit": unit.pk, "year": 2024})
    assert ">1.238<" in response.text
    assert ">2.000<" in response.text
