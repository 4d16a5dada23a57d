"""The everyday pages in a real browser: batch entry, the unit type-ahead, the phone layout of the reports,
the folding unit tree and the edit conflict."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from admissions import services
from admissions.choices import UnitLevel, UnitType
from admissions.models import Member
from tests import factories

from .conftest import log_in
from .helpers import pick_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk(tree):
    return factories.user("vanthu", role=Role.UNIT_CLERK, unit=tree["commune"])


def fill_person(page, name: str) -> None:
    page.fill("#id_full_name", name)
    page.select_option("#id_sex", "M")
    page.fill("#id_date_of_birth", "02/09/1999")
    page.select_option("#id_occupation", "nong_dan")
    page.select_option("#id_schooling", "12/12")


def test_a_batch_of_three_gets_increasing_decision_numbers_and_a_cell_typed_without_diacritics(
    page, tree, clerk
):
    factories.unit(parent=tree["commune"], name="Chi bộ thôn Đông")
    factories.unit(parent=tree["commune_b"], name="Chi bộ thôn Đông")  # outside the clerk's scope
    log_in(page, "vanthu")
    page.goto("/dang-vien/them/")
    fill_person(page, "Nguyễn Văn Một")
    pick_unit(page, "id_cell", "thon dong", "Chi bộ thôn Đông")
    page.fill("#id_decision_number", "201-QĐ/HU")
    page.fill("#id_decision_date", "19/05/2023")
    page.fill("#id_ceremony_date", "02/06/2023")
    page.get_by_role("button", name="Lưu và thêm người tiếp theo").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm đảng viên Nguyễn Văn Một")

    for name, number in [("Trần Văn Hai", "202-QĐ/HU"), ("Lê Văn Ba", "203-QĐ/HU")]:
        expect(page.locator("#id_decision_number")).to_have_value(number)
        expect(page.locator("#id_ceremony_date")).to_have_value("02/06/2023")
        expect(page.locator("#id_cell-ts-control").locator("xpath=..")).to_contain_text("Chi bộ thôn Đông")
        expect(page.locator("#id_full_name")).to_be_focused()
        fill_person(page, name)
        page.get_by_role("button", name="Lưu và thêm người tiếp theo").click()
        expect(page.locator(".messages")).to_contain_text(f"Đã thêm đảng viên {name}")

    saved = list(Member.objects.order_by("pk").values_list("decision_number", "cell__name", "ceremony_date"))
    assert saved == [
        ("201-QĐ/HU", "Chi bộ thôn Đông", datetime.date(2023, 6, 2)),
        ("202-QĐ/HU", "Chi bộ thôn Đông", datetime.date(2023, 6, 2)),
        ("203-QĐ/HU", "Chi bộ thôn Đông", datetime.date(2023, 6, 2)),
    ]
    assert set(Member.objects.values_list("cell__parent", flat=True)) == {tree["commune"].pk}


def test_look_alike_cells_are_told_apart_in_the_picker(page, tree):
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    factories.unit(parent=tree["commune"], name="Chi bộ thôn Đông")
    factories.unit(parent=tree["commune_b"], name="Chi bộ thôn Đông")
    log_in(page, "bantochuc")
    page.goto("/dang-vien/them/")
    page.locator("#id_cell-ts-control").click()
    page.locator("#id_cell-ts-control").fill("thon dong")
    options = page.locator("#id_cell-ts-dropdown .option")
    expect(options).to_have_text(["Chi bộ thôn Đông — Đảng bộ xã A", "Chi bộ thôn Đông — Đảng bộ xã B"])


def add_report_data(tree):
    """A district's figures as wide as a real one's: three-digit quotas, every status, every month, and an
    organisation's long name (in the unit picker too)."""
    long_name = factories.unit(
        parent=tree["district"],
        level=UnitLevel.GRASSROOTS_COMMITTEE,
        name="Đảng bộ Các cơ quan Đảng – Đoàn thể huyện Tân Phong",
        unit_type=UnitType.PARTY_MASS_AGENCY,
    )
    services.quota_set(unit=long_name, year=2023, target=12)
    services.quota_set(unit=tree["district"], year=2023, target=200)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    services.quota_set(unit=tree["commune_b"], year=2023, target=150)
    services.quota_set(unit=tree["school"], year=2023, target=10)
    for month in range(1, 13):
        factories.member(tree["deep_cell"], decision_date=datetime.date(2023, month, 2))
    for month in (2, 8):
        factories.member(tree["school"], decision_date=datetime.date(2023, month, 3))


@pytest.mark.parametrize("url", ["/bao-cao/?year=2023", "/bao-cao/bieu-2/?year=2023"])
def test_the_reports_on_a_phone_scroll_their_tables_not_the_page(browser, live_server, tree, url):
    factories.user("lanhdao", role=Role.VIEWER, unit=tree["district"])
    add_report_data(tree)
    context = browser.new_context(
        locale="vi-VN", base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        log_in(page, "lanhdao")
        page.goto(url)
        expect(page.locator("h1")).to_contain_text("2023")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # The pickers stack, each as wide as the page's content.
        boxes = [page.locator(f".report-pickers label:nth-of-type({n})").bounding_box() for n in (1, 2)]
        assert boxes[1]["y"] > boxes[0]["y"]
        assert boxes[0]["width"] > 300
    finally:
        context.close()


def test_the_unit_tree_folds_and_filters_without_diacritics(page, tree):
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    log_in(page, "bantochuc")
    page.goto("/don-vi/")
    middle = page.locator("tr", has_text="Đảng bộ bộ phận A1")
    cell_b = page.locator("tr", has_text="Chi bộ B1")
    expect(middle).to_be_visible()
    fold = page.get_by_role("button", name="Các đơn vị trực thuộc Đảng bộ xã A")
    expect(fold).to_have_attribute("aria-expanded", "true")
    fold.click()
    expect(fold).to_have_attribute("aria-expanded", "false")
    expect(middle).to_be_hidden()
    expect(cell_b).to_be_visible()
    fold.click()
    expect(middle).to_be_visible()

    page.get_by_role("button", name="Thu gọn tất cả").click()
    expect(middle).to_be_hidden()
    expect(cell_b).to_be_hidden()
    page.get_by_label("Lọc các đơn vị đang hiển thị").fill("bo phan a1")
    expect(middle).to_be_visible()
    expect(page.locator("tr", has_text="Đảng bộ xã A").first).to_be_visible()  # its place in the tree
    expect(cell_b).to_be_hidden()
    expect(page.locator("tr", has_text="Chi bộ Trường THPT")).to_be_hidden()


def test_an_edit_conflict_shows_their_change_and_keeps_the_typing(page, tree, clerk):
    member = factories.member(tree["deep_cell"], home_town="Quê cũ", date_of_birth=datetime.date(1998, 1, 1))
    log_in(page, "vanthu")
    page.goto(f"/dang-vien/{member.pk}/sua/")
    page.fill("#id_home_town", "Quê tôi nhập")
    page.fill("#id_notes", "Ghi chú tôi nhập")
    # Someone else saves first.
    services.member_update(member=member, home_town="Quê họ sửa", ethnicity="Tày", expected_version=1)
    page.get_by_role("button", name="Lưu", exact=True).click()

    expect(page.locator(".alert-error")).to_contain_text("Người khác đã lưu hồ sơ này")
    conflict = page.locator("table.conflict")
    expect(conflict.locator("tr", has_text="Quê quán")).to_contain_text("Quê cũ")
    expect(conflict.locator("tr", has_text="Quê quán")).to_contain_text("Quê họ sửa")
    expect(conflict.locator("tr", has_text="Quê quán")).to_contain_text("Quê tôi nhập")
    expect(conflict.locator("tr", has_text="Dân tộc")).to_contain_text("Tày")
    expect(page.locator("#id_home_town")).to_have_value("Quê tôi nhập")
    expect(page.locator("#id_notes")).to_have_value("Ghi chú tôi nhập")
    expect(page.locator("#id_ethnicity")).to_have_value("Tày")

    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu thay đổi")
    member.refresh_from_db()
    assert (member.home_town, member.notes, member.ethnicity) == ("Quê tôi nhập", "Ghi chú tôi nhập", "Tày")
