"""The everyday pages' last defects, in a real browser: keyboard-only entry of a member, the home page's
figures, the monthly chart filling its card, the member list's filters, the probation actions and the
quota inputs on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from admissions import services
from admissions.models import Member
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def clerk(tree):
    return factories.user("vanthu", role=Role.UNIT_CLERK, unit=tree["commune"])


@pytest.fixture
def sized_page(browser, live_server):
    contexts = []

    def open_page(viewport):
        context = browser.new_context(locale="vi-VN", base_url=live_server.url, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user moves through a form."""
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus")


def test_a_member_is_entered_with_the_keyboard_only(page, tree, clerk):
    log_in(page, "vanthu")
    page.goto("/dang-vien/them/")
    expect(page.locator("#id_full_name")).to_be_focused()
    keyboard = page.keyboard
    keyboard.type("Phạm Văn Bàn Phím")
    tab_to(page, "#id_sex")
    keyboard.press("ArrowDown")  # — Chọn — → Nam
    tab_to(page, "#id_date_of_birth")
    keyboard.type("02091999")  # key by key: the slashes come by themselves
    expect(page.locator("#id_date_of_birth")).to_have_value("02/09/1999")
    tab_to(page, "#id_occupation")
    keyboard.type("S")  # a closed select's own type-ahead: Sinh viên
    tab_to(page, "#id_schooling")
    keyboard.type("12/12")
    tab_to(page, "#id_cell-ts-control")
    # The type-ahead, without diacritics. Enter only once the answer to the whole of it is in: an earlier
    # answer arriving after the choice reopens the list and takes the focus from the next field
    # (tests/browser/helpers.pick_unit waits the same way).
    with page.expect_response(lambda response: "q=a1a" in response.url):
        keyboard.type("a1a")
    expect(page.locator("#id_cell-ts-dropdown .option.active")).to_contain_text("Chi bộ A1a")
    keyboard.press("Enter")
    expect(page.locator("#id_cell")).to_have_value(str(tree["deep_cell"].pk))
    expect(page.locator(".ts-wrapper:has(#id_cell-ts-control)")).not_to_have_class(re.compile(r"\bloading\b"))
    tab_to(page, "#id_decision_number")
    keyboard.type("205-QĐ/HU")
    tab_to(page, "#id_decision_date")
    keyboard.type("19/05/2023")  # typed with its slashes: not doubled
    expect(page.locator("#id_decision_date")).to_have_value("19/05/2023")
    keyboard.press("Enter")  # submits the form from the date box

    expect(page.locator(".messages")).to_contain_text("Đã thêm đảng viên Phạm Văn Bàn Phím")
    member = Member.objects.get()
    assert (member.sex, member.date_of_birth, member.occupation, member.schooling) == (
        "M",
        datetime.date(1999, 9, 2),
        "sinh_vien",
        "12/12",
    )
    assert (member.cell, member.decision_number, member.decision_date) == (
        tree["deep_cell"],
        "205-QĐ/HU",
        datetime.date(2023, 5, 19),
    )


def test_an_answer_arriving_after_the_choice_neither_reopens_the_list_nor_changes_the_unit(page, tree, clerk):
    held = []

    def hold_the_answer_to_a1a(route):
        if "q=a1a" in route.request.url:
            held.append(route)  # answered only after the choice
        else:
            route.continue_()

    page.route("**/don-vi/tim/**", hold_the_answer_to_a1a)
    log_in(page, "vanthu")
    page.goto("/dang-vien/them/")
    page.locator("#id_cell-ts-control").click()
    with page.expect_response(lambda response: "q=a1" in response.url and "q=a1a" not in response.url):
        page.keyboard.type("a1")
    expect(page.locator("#id_cell-ts-dropdown .option.active")).to_contain_text("Chi bộ A1a")
    page.keyboard.type("a")  # "a1a": its answer is held
    for _ in range(50):  # the request is sent after the picker's throttle
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the picker asked for a1a"
    page.keyboard.press("Enter")  # the unit of the answer to "a1", on screen
    expect(page.locator("#id_cell")).to_have_value(str(tree["deep_cell"].pk))
    expect(page.locator("#id_cell-ts-dropdown")).to_be_hidden()
    with page.expect_response(lambda response: "q=a1a" in response.url):
        held.pop().continue_()
    page.wait_for_timeout(300)  # the late answer has been handled
    expect(page.locator("#id_cell-ts-dropdown")).to_be_hidden()
    expect(page.locator("#id_cell")).to_have_value(str(tree["deep_cell"].pk))
    tab_to(page, "#id_decision_number")
    page.keyboard.type("205-QĐ/HU")
    expect(page.locator("#id_decision_number")).to_have_value("205-QĐ/HU")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_the_home_page_shows_this_years_result_quota_and_rate(sized_page, tree, clerk, viewport):
    year = timezone.localdate().year
    services.quota_set(unit=tree["commune"], year=year, target=3)
    for _ in range(2):
        factories.member(tree["deep_cell"], decision_date=datetime.date(year, 1, 1))
    page = sized_page(viewport)
    log_in(page, "vanthu")
    figures = page.locator("section.home-year")
    expect(figures).to_contain_text(f"Năm {year} – Đảng bộ xã A")
    expect(figures).to_contain_text("2/3")
    expect(figures).to_contain_text("66,67%")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_the_monthly_chart_fills_its_card(sized_page, tree):
    factories.user("lanhdao", role=Role.VIEWER, unit=tree["district"])
    services.quota_set(unit=tree["district"], year=2023, target=12)
    factories.member(tree["deep_cell"], decision_date=datetime.date(2023, 3, 2))
    page = sized_page(LAPTOP)
    log_in(page, "lanhdao")
    page.goto("/bao-cao/?year=2023")
    card = page.locator("figure.chart-box:has(svg.curve)")
    inner = card.evaluate("e => e.clientWidth - parseFloat(getComputedStyle(e).paddingLeft) * 2")
    assert card.locator("svg").bounding_box()["width"] >= inner - 2


def test_the_member_list_filters_show_their_whole_hint_and_line_up(sized_page, tree, clerk):
    member = factories.member(tree["deep_cell"], ceremony_date=datetime.date(2023, 6, 1))
    services.member_end_probation(
        member=member, outcome="full", day=datetime.date(2024, 6, 2), expected_version=member.version
    )
    for viewport in (LAPTOP, PHONE):
        page = sized_page(viewport)
        log_in(page, "vanthu")
        page.goto("/dang-vien/")
        search = page.locator("#id_q")
        hint_fits = search.evaluate(
            "e => { const c = document.createElement('canvas').getContext('2d');"
            " const s = getComputedStyle(e); c.font = s.font;"
            " return c.measureText(e.placeholder).width <= e.clientWidth - parseFloat(s.paddingLeft)"
            " - parseFloat(s.paddingRight); }"
        )
        assert hint_fits, viewport
        if viewport is LAPTOP:  # the labels of one row of filters share one line
            tops = {
                round(page.locator(f"label[for=id_{name}]").bounding_box()["y"])
                for name in ("q", "year", "unit")
            }
            assert len(tops) == 1, tops
        else:  # stacked: the search box takes only its own height
            gap = page.locator("label[for=id_year]").bounding_box()["y"] - (
                search.bounding_box()["y"] + search.bounding_box()["height"]
            )
            assert gap < 30
        badge = page.locator("table.data .badge", has_text="Chính thức")
        assert badge.bounding_box()["height"] < 30  # one line
        expect(page.locator("table.data thead")).to_contain_text("Tuổi khi kết nạp")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_on_a_phone_the_probation_actions_and_the_quota_inputs_are_on_screen(sized_page, tree, clerk):
    factories.member(tree["deep_cell"], ceremony_date=datetime.date(2023, 6, 1))
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    page = sized_page(PHONE)
    log_in(page, "vanthu")
    page.goto("/dang-vien/du-bi/")
    action = page.get_by_role("link", name="Ghi nhận kết quả")
    box = action.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    action.click()
    expect(page.locator("h1")).to_contain_text("Nguyễn Văn An")

    staff = sized_page(PHONE)
    log_in(staff, "bantochuc")
    staff.goto("/chi-tieu/?year=2024")
    for key in ("commune", "commune_b", "school"):
        box = staff.locator(f"#id_unit_{tree[key].pk}").bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], key
