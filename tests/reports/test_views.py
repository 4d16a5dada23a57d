"""The report page: pickers, scoping, bad input, figures through the page, and a constant query count."""

import datetime
import html
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from admissions import services
from admissions.choices import UnitLevel
from admissions.models import Unit
from devdata import demo
from tests import factories
from tests.reports.helpers import build_district

D = datetime.date
URL = reverse("report")
BREAKDOWN_URL = reverse("report_breakdown")


def login(client, unit, role=Role.VIEWER):
    user = User.objects.create_user(f"u{unit.pk}{role}", password="x", role=role, unit=unit)
    client.force_login(user)
    return user


@pytest.fixture
def district(tree):
    """District 6/7: xã A 4 quota 5 admitted (one in a deep cell), xã B quota 3 none, the school 2 no quota."""
    services.quota_set(unit=tree["district"], year=2023, target=6)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    services.quota_set(unit=tree["commune_b"], year=2023, target=3)
    for month in (1, 3, 5, 9, 12):
        factories.member(tree["deep_cell"], decision_date=D(2023, month, 2))
    for month in (2, 8):
        factories.member(tree["school"], decision_date=D(2023, month, 3))
    return tree


def test_demo_2023_page_shows_210_of_200_105_percent_and_20_of_25(client, db):
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="lanhdao"))
    page = client.get(URL, {"year": 2023})
    assert page.status_code == 200
    text = page.text
    assert "210/200" in text
    assert '<strong class="big status-exceeded">105%</strong>' in text
    assert "<strong>20/25</strong>" in text
    assert "Hoàn thành vượt" in text
    assert "Chưa hoàn thành" in text
    # The default year is the latest one with a quota: the demo fills every year up to today's.
    assert f"Kết quả kết nạp đảng viên năm {timezone.localdate().year}" in client.get(URL).text
    # Drilling into a grassroots organisation from its link.
    tan_lap = Unit.objects.get(code=f"{demo.DISTRICT_CODE}.TL")
    assert f"unit={tan_lap.pk}" in text
    drilled = client.get(URL, {"year": 2023, "unit": tan_lap.pk})
    assert "13/10" in drilled.text
    assert "130%" in drilled.text


def test_page_shows_the_committee_line_and_the_rows(client, district):
    login(client, district["district"])
    text = client.get(URL, {"year": 2023}).text
    assert "7/6" in text
    assert "116,67%" in text
    assert "Tổng chỉ tiêu đã giao cho các đơn vị trực thuộc: 7" in text
    assert "<strong>1/2</strong>" in text
    assert 'class="status-no_quota"' in text
    assert 'class="status-not_completed"' in text
    assert "Chưa giao chỉ tiêu" in text
    without = text.split("Đơn vị chưa kết nạp được đảng viên nào")[1].split("</ul>")[0]
    assert "Đảng bộ xã B" in without
    assert "Đảng bộ xã A" not in without


def test_page_in_english_writes_percentages_with_a_dot(client, district):
    login(client, district["district"])
    client.cookies["django_language"] = "en"
    assert "116.67%" in client.get(URL, {"year": 2023}).text


def test_as_of_day_limits_the_counts(client, district):
    login(client, district["district"])
    text = client.get(URL, {"year": 2023, "as_of": "30/06/2023"}).text
    assert "4/6" in text
    assert "Tiến độ đến ngày 30/06/2023" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "abc"}, "Năm không hợp lệ"),
        ({"year": "99999"}, "Năm không hợp lệ"),
        ({"year": "2023", "as_of": "31/02/2023"}, "Ngày tính đến không hợp lệ"),
        ({"year": "2023", "as_of": "hôm qua"}, "Ngày tính đến không hợp lệ"),
        ({"year": "2023", "as_of": "01/01/2022"}, "Ngày tính đến phải thuộc năm báo cáo 2023"),
        ({"as_of": "01/01/0001"}, "Năm không hợp lệ"),
        ({"as_of": "31/12/9999"}, "Năm không hợp lệ"),
        ({"source": "xyz"}, "Nguồn chỉ tiêu không hợp lệ"),
        ({"sort": "password"}, "Không sắp xếp được theo cột này"),
    ],
)
def test_bad_query_string_gives_a_vietnamese_message_not_an_error(client, district, query, message):
    login(client, district["district"])
    page = client.get(URL, query)
    assert page.status_code == 200
    assert message in page.text
    assert "Báo cáo dưới đây dùng giá trị mặc định" in page.text


def test_unit_outside_the_users_subtree_is_not_found(client, district):
    login(client, district["commune"], role=Role.UNIT_CLERK)
    assert client.get(URL, {"unit": district["commune_b"].pk}).status_code == 404
    assert client.get(URL, {"unit": "abc"}).status_code == 404
    page = client.get(URL, {"unit": district["middle"].pk, "year": 2023})
    assert page.status_code == 200
    assert "Chi bộ A1a" in page.text
    assert "Đảng bộ xã B" not in page.text


def test_user_without_unit_is_refused(client, db):
    client.force_login(User.objects.create_user("nobody", password="x"))
    assert client.get(URL).status_code == 403


def test_table_sorts_on_the_server(client, district):
    login(client, district["district"])

    def order(sort):
        text = client.get(URL, {"year": 2023, "sort": sort}).text
        body = text.split('<table class="attainment">')[1].split("</tbody>")[0]
        return re.findall(r"unit=\d+\">([^<]+)</a>", body)

    assert order("rate") == ["Chi bộ Trường THPT", "Đảng bộ xã B", "Đảng bộ xã A"]
    assert order("-rate") == ["Đảng bộ xã A", "Đảng bộ xã B", "Chi bộ Trường THPT"]
    assert order("-result")[0] == "Đảng bộ xã A"
    # Drilling into a unit starts from the tree's order again; the other choices are kept.
    sorted_page = client.get(URL, {"year": 2023, "as_of": "30/06/2023", "sort": "rate"}).text
    assert f'href="?year=2023&amp;as_of=30%2F06%2F2023&amp;unit={district["commune"].pk}"' in sorted_page
    assert "sort=rate&amp;unit=" not in sorted_page


def test_page_has_charts_and_no_inline_styles(client, district):
    login(client, district["district"])
    text = client.get(URL, {"year": 2023}).text
    assert text.count("<svg") == 2
    assert "style=" not in text
    assert "<script" not in text


def test_breakdown_has_its_own_page_reached_by_a_tab_that_keeps_the_choices(client, district):
    login(client, district["district"])
    report = client.get(URL, {"year": 2023, "as_of": "30/06/2023", "sort": "rate"}).text
    # The attainment page does not compute Biểu 2; its tab leads there with the same unit, year and day.
    assert "Tuổi bình quân" not in report
    tab = f'href="{BREAKDOWN_URL}?year=2023&amp;as_of=30%2F06%2F2023"'
    assert tab in report
    page = client.get(BREAKDOWN_URL, {"year": 2023, "as_of": "30/06/2023"})
    text = page.text
    assert page.status_code == 200
    assert "Thống kê đảng viên mới kết nạp năm 2023" in text
    assert "Trong đó: giáo viên" in text
    assert "Từ 18 đến 30 tuổi" in text
    assert "Tuổi bình quân" in text
    assert "Số liệu từ 01/01/2023 đến 30/06/2023" in text
    assert 'aria-current="page">Biểu 2' in text
    # Without choices the tabs are plain links.
    plain = client.get(URL).text
    assert f'href="{BREAKDOWN_URL}"' in plain
    assert f'href="{URL}"' in plain


def test_breakdown_tab_keeps_the_quota_source_chosen_on_the_other_tab(client, district):
    login(client, district["district"])
    text = client.get(BREAKDOWN_URL, {"year": 2023, "source": "congress"}).text
    assert '<input type="hidden" name="source" value="congress">' in text
    assert f'href="{URL}?year=2023&amp;source=congress"' in text


def test_unit_picker_keeps_a_cell_reached_by_a_link(client, district):
    login(client, district["commune"])
    text = client.get(URL, {"year": 2023, "unit": district["deep_cell"].pk}).text
    picker = text.split('<select name="unit">')[1].split("</select>")[0]
    assert f'<option value="{district["deep_cell"].pk}" selected>' in picker
    assert "Đảng bộ bộ phận A1" in picker
    assert "Đảng bộ xã B" not in picker


def test_breakdown_page_takes_the_unit_and_rejects_one_outside_the_subtree(client, district):
    login(client, district["commune"])
    assert client.get(BREAKDOWN_URL, {"year": 2023}).status_code == 200
    assert client.get(BREAKDOWN_URL, {"year": 2023, "unit": district["district"].pk}).status_code == 404
    bad = client.get(BREAKDOWN_URL, {"year": "abc"})
    assert bad.status_code == 200
    assert "Năm không hợp lệ" in bad.text


def page_queries(client, district, url) -> int:
    login(client, district)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"year": 2023})
    assert page.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [URL, BREAKDOWN_URL])
def test_query_count_is_the_same_with_5_and_60_grassroots_organisations(client, url):
    small = page_queries(client, build_district(5), url)
    large = page_queries(client, build_district(60), url)
    assert small == large
    # The report adds its year-end forecast (attainment.forecast): the days off, the files of the year and of
    # two past years, the organisations without a file, two reads of past years' admissions; each of the
    # three reads of the summary first reads the ids of the organisations directly under the committee.
    assert small <= (25 if url == URL else 13)


def test_drilling_into_a_unit_whose_children_have_no_quota(client, district):
    login(client, district["district"])
    text = client.get(URL, {"year": 2023, "unit": district["commune"].pk}).text
    assert "Chưa giao chỉ tiêu cho đơn vị trực thuộc nào trong năm này." in text
    assert "Còn thiếu" not in text
    assert "0/0" not in text
    assert text.count("<svg") == 1  # the monthly curve only: no bars without quotas
    shortfall = client.get(URL, {"year": 2023, "as_of": "30/06/2023"}).text
    assert "Còn thiếu 2 đảng viên." in shortfall


def test_the_workbook_is_dated_from_the_committees_locality(db):
    from admissions.selectors import place_of
    from tests import factories

    district = factories.unit(level=UnitLevel.SUPERIOR, name="Huyện ủy Tân Phong")
    school = factories.unit(parent=district, level=UnitLevel.GRASSROOTS_CELL, name="Chi bộ Trường THPT A")
    commune = factories.unit(parent=district, level=UnitLevel.GRASSROOTS_COMMITTEE, name="Đảng bộ xã Tân Lập")
    assert (place_of(district), place_of(school), place_of(commune)) == ("Tân Phong", "Tân Phong", "Tân Lập")


DRILL = re.compile(r'data-figure="(?P<name>\w+)" href="(?P<href>[^"]+)"')


@pytest.mark.parametrize("as_of", ["30/06/2023", "31/12/2023"])
def test_every_count_of_the_report_links_to_a_list_of_as_many_members(client, district, as_of):
    login(client, district["district"])
    page = client.get(URL, {"year": 2023, "as_of": as_of})
    report, forecast = page.context["report"], page.context["forecast"]
    figures = {
        "result": report.committee.result,
        "pace_result": report.pace.result,
        "last_year": report.committee.last_year,
        "committee_last_year": report.committee.last_year,
    }
    figures |= {f"result_{row.unit.pk}": row.result for row in report.rows}
    figures |= {f"last_year_{row.unit.pk}": row.last_year for row in report.rows}
    figures |= {f"admitted_{row.unit.pk}": row.admitted for row in forecast.rows}
    links = {match["name"]: html.unescape(match["href"]) for match in DRILL.finditer(page.text)}
    assert set(links) == set(figures)
    assert figures["result"] == (3 + 1 if as_of == "30/06/2023" else 7)
    for name, href in links.items():
        listed = client.get(href)
        assert listed.status_code == 200, href
        assert listed.context["table"].paginator.count == figures[name], (name, href)
