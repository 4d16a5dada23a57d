"""The home dashboard in a real browser, on a phone (390 px), as each role sees it: its cards stack and the
page never scrolls sideways; a count followed to its list shows as many rows; a clerk's one-click action
opens the page that does it."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role, User
from reports import attainment
from tests import factories
from tests.reports.dashboard_data import this_year_results, today, work_due

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# username: (role, unit, superuser)
ROLES = {
    "quantri.tinh": (Role.VIEWER, "province", True),  # a superuser with a unit: scoped to it like anyone
    "bantochuc.tinh": (Role.COMMITTEE_STAFF, "province", False),
    "bantochuc": (Role.COMMITTEE_STAFF, "district", False),
    "vanthu": (Role.UNIT_CLERK, "commune", False),
    "lanhdao": (Role.VIEWER, "district", False),
}


@pytest.fixture
def data(tree):
    this_year_results(tree)
    work_due(tree)
    for username, (role, unit, superuser) in ROLES.items():
        factories.user(username, role=role, unit=tree[unit], is_superuser=superuser, is_staff=superuser)
    User.objects.create_user("khongphamvi", password="x", role=Role.COMMITTEE_STAFF)
    return tree


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def listed_count(page) -> int:
    text = page.locator("p.count").inner_text()
    return int(re.search(r"Tìm thấy (\d+)", text)[1])


@pytest.mark.parametrize("username", list(ROLES))
def test_each_roles_dashboard_stacks_on_a_phone_and_a_count_opens_its_list(phone, data, username):
    role, unit_key, _ = ROLES[username]
    board = attainment.dashboard(data[unit_key], today=today())
    log_in(phone, username)
    year_card = phone.locator("section.home-year")
    expect(year_card).to_contain_text(f"Năm {today().year} – {data[unit_key].name}")
    expect(year_card).to_contain_text(board.report.committee.ratio)
    expect(year_card).to_contain_text("Cùng kỳ năm trước")
    pipeline = phone.locator("section.home-pipeline")
    expect(pipeline).to_contain_text("Cảm tình Đảng")
    # Stacked: each card below the one before, none wider than the screen.
    boxes = [
        phone.locator(f"section.{name}").bounding_box()
        for name in ("home-year", "home-work", "home-pipeline")
    ]
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
    assert all(box["x"] + box["width"] <= PHONE["width"] for box in boxes)
    assert fits_the_phone(phone)
    expect(phone.locator("section.home-week")).to_have_count(1 if role == Role.UNIT_CLERK else 0)

    # The sympathisers' count, followed, lists as many files.
    shown = int(pipeline.locator('a[data-figure="stage_sympathiser"]').inner_text())
    assert shown == next(s.count for s in board.pipeline if s.stage == "sympathiser")
    pipeline.locator('a[data-figure="stage_sympathiser"]').click()
    expect(phone.locator("h1")).to_contain_text("Quần chúng ưu tú")
    assert listed_count(phone) == shown
    assert phone.locator("table.data tbody tr").count() == shown

    # The year's result, followed, lists the members it counts.
    phone.goto("/")
    phone.locator('a[data-figure="result"]').click()
    expect(phone.locator("h1")).to_contain_text("Đảng viên mới kết nạp")
    assert listed_count(phone) == board.report.committee.result


def test_a_user_without_a_scope_gets_the_links_only(phone, data):
    log_in(phone, "khongphamvi")
    expect(phone.locator("ul.cards")).to_be_visible()
    expect(phone.locator("section.home-year")).to_have_count(0)
    assert fits_the_phone(phone)


def test_a_clerk_confirms_a_probation_from_their_week_in_one_click(phone, data):
    log_in(phone, "vanthu")
    week = phone.locator("section.home-week")
    expect(week).to_contain_text("Dự Bị Quá Hạn")
    expect(week).not_to_contain_text("Xã B")
    week.locator("li", has_text="Dự Bị Quá Hạn").get_by_role("link", name="Ghi kết quả dự bị").click()
    expect(phone.locator("h1")).to_contain_text("Dự Bị Quá Hạn")
    expect(phone).to_have_url(re.compile(r"/dang-vien/\d+/chinh-thuc/$"))
    phone.goto("/")
    # The file past its decision's deadline (the one due within 14 days may fall after Sunday).
    overdue = week.locator("li", has_text="Chi bộ đã xét (6-KNĐ)").filter(has_text="quá hạn từ ngày")
    overdue.get_by_role("link", name="Ghi bước tiếp theo").click()
    expect(phone).to_have_url(re.compile(r"/quan-chung/\d+/buoc-tiep-theo/$"))
