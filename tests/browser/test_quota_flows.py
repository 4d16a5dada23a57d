"""A province's staff enter a congress-resolution target and a term target through the pages, and the report
shows attainment against each; the quota sheet on a phone."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from admissions.models import Quota, TermTarget
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_province_enters_a_congress_target_and_a_term_target_and_the_report_judges_against_each(page, tree):
    factories.user("tinh", role=Role.COMMITTEE_STAFF, unit=tree["province"])
    for month in range(1, 9):
        factories.member(tree["deep_cell"], decision_date=datetime.date(2024, month, 3))
    for year in (2021, 2022):
        factories.member(tree["school"], decision_date=datetime.date(year, 5, 5))
    log_in(page, "tinh")
    page.goto("/chi-tieu/?year=2024")
    page.get_by_role("link", name="Nghị quyết đại hội").click()
    page.fill("#id_own", "1600")
    page.fill("#id_own_document_number", "01-NQ/ĐH")
    page.fill(f"#id_unit_{tree['district'].pk}", "1650")
    expect(page.locator("#quota-diff")).to_contain_text("vượt 50")
    page.get_by_role("button", name="Lưu toàn bộ").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu chỉ tiêu")
    assert Quota.objects.get(unit=tree["province"], source="congress").target == 1600

    page.get_by_role("link", name="Chỉ tiêu nhiệm kỳ").click()
    page.select_option("#id_source", "congress")
    page.fill("#id_first_year", "2020")
    page.fill("#id_last_year", "2025")
    page.fill("#id_target", "5000")
    page.get_by_role("button", name="Lưu chỉ tiêu nhiệm kỳ").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu chỉ tiêu nhiệm kỳ 2020–2025")
    assert TermTarget.objects.get(unit=tree["province"]).target == 5000

    page.get_by_role("link", name="Xem báo cáo kết quả").click()
    page.select_option("select[name=source]", "congress")
    page.get_by_role("button", name="Xem báo cáo").click()
    page.select_option("select[name=year]", "2024")
    page.fill("input[name=as_of]", "31/12/2024")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(page.locator(".summary .big").first).to_have_text("8/1.600")
    terms = page.locator("table.terms tbody tr")
    expect(terms).to_contain_text("2020–2025")
    expect(terms).to_contain_text("10/5.000")
    expect(terms).to_contain_text("0,2%")


def test_the_quota_sheet_keeps_its_inputs_on_a_phone_screen(browser, live_server, tree):
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    context = browser.new_context(
        locale="vi-VN", base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        log_in(page, "bantochuc")
        page.goto("/chi-tieu/?year=2024")
        for key in ("commune", "commune_b", "school"):
            box = page.locator(f"#id_unit_{tree[key].pk}").bounding_box()
            assert box["x"] >= 0, (key, box)
            assert box["x"] + box["width"] <= 390, (key, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_leaving_a_sheet_with_unsaved_changes_asks_first(page, tree):
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    log_in(page, "bantochuc")
    page.goto("/chi-tieu/?year=2024")
    page.fill(f"#id_unit_{tree['commune'].pk}", "4")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator(".mainnav").get_by_role("link", name="Đảng viên mới").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert "/chi-tieu/" in page.url
