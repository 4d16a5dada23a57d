"""The SVG charts carry the figures of reports/attainment/, computed beforehand: drawing runs no query."""

import datetime
import re

from admissions import services
from reports.attainment import yearly_attainment
from reports.charts import attainment_bars, cumulative_curve
from tests import factories
from tests.reports.helpers import raising_units

D = datetime.date


def report_2023(tree, as_of=None):
    services.quota_set(unit=tree["district"], year=2023, target=6)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    services.quota_set(unit=tree["commune_b"], year=2023, target=3)
    for month in (1, 3, 5, 9, 12):
        factories.member(tree["deep_cell"], decision_date=D(2023, month, 2))
    # Units re-read under FETCH_RAISE: a chart following a relation not loaded (unit.parent) raises.
    return raising_units(yearly_attainment(tree["district"], 2023, as_of=as_of))


def test_one_bar_per_unit_with_a_quota_and_the_100_percent_line(tree, django_assert_num_queries):
    report = report_2023(tree)
    with django_assert_num_queries(0):
        svg = str(attainment_bars(report))
    bars = re.findall(r'<rect x="(\d+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert len(bars) == 2  # xã A 125%, xã B 0%; the school has no quota
    line_x = float(re.search(r'<line x1="([\d.]+)"', svg).group(1))
    start = float(bars[0][0])
    # The 125% bar reaches past the 100% line by a quarter of the line's distance: not capped.
    assert abs(start + float(bars[0][1]) - (start + (line_x - start) * 1.25)) < 0.5
    assert float(bars[1][1]) == 0
    assert "125%" in svg
    assert "100%" in svg
    assert "Chưa giao chỉ tiêu" in svg


def test_cumulative_curve_stops_at_the_as_of_month_and_shows_the_even_pace(tree, django_assert_num_queries):
    report = report_2023(tree, as_of=D(2023, 6, 30))
    with django_assert_num_queries(0):
        svg = str(cumulative_curve(report))
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert len(lines) == 2
    even, cumulative = (points.split(" ") for points in lines)
    assert len(even) == 12
    assert len(cumulative) == 6
    assert "T6: 3" in svg


def test_charts_are_escaped_and_use_no_inline_style(tree):
    tree["commune"].name = '<b onclick="x">A</b>'
    tree["commune"].short_name = ""
    tree["commune"].save()
    svg = str(attainment_bars(report_2023(tree)))
    assert "<b " not in svg
    assert "&lt;b" in svg
    assert "style=" not in svg


def test_chart_labels_are_written_as_the_table_writes_them(client, tree):
    """4 of 3 is 133,33% in the table and on its bar (one formatting function, reports.formatting), in
    Vietnamese and in English; the curve's axis groups thousands as the table does."""
    from django.urls import reverse
    from django.utils import translation

    from accounts.models import Role

    services.quota_set(unit=tree["district"], year=2023, target=1000)
    services.quota_set(unit=tree["commune"], year=2023, target=3)
    for month in (1, 2, 3, 4):
        factories.member(tree["deep_cell"], decision_date=D(2023, month, 2))
    report = yearly_attainment(tree["district"], 2023)
    svg = str(attainment_bars(report))
    assert re.search(r">133,33%</text>", svg)
    assert "<title>Đảng bộ xã A: 133,33% (4/3)</title>" in svg
    curve = str(cumulative_curve(report))
    assert ">1.000</text>" in curve
    with translation.override("en"):
        assert re.search(r">133.33%</text>", str(attainment_bars(report)))
        assert ">1,000</text>" in str(cumulative_curve(report))

    client.force_login(factories.user("v", role=Role.VIEWER, unit=tree["district"]))
    page = client.get(reverse("report"), {"year": 2023}).text
    assert '<td class="num">133,33%</td>' in page
    assert ">133,33%</text>" in page
