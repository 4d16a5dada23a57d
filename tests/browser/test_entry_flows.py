"""The main data-entry flows in a real browser."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from admissions.models import Member, Quota
from tests import factories

from .conftest import log_in
from .helpers import pick_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk(tree):
    return factories.user("vanthu", role=Role.UNIT_CLERK, unit=tree["commune"])


def test_clerk_adds_a_member_and_finds_it_by_a_search_without_diacritics(page, tree, clerk):
    log_in(page, "vanthu")
    page.locator(".mainnav").get_by_role("link", name="Đảng viên mới").click()
    page.get_by_role("link", name="Thêm đảng viên").click()
    page.fill("#id_full_name", "Nguyễn Thị Ánh Tuyết")
    page.select_option("#id_sex", "F")
    page.fill("#id_date_of_birth", "02/09/1999")
    page.select_option("#id_occupation", "giao_vien")
    page.select_option("#id_schooling", "12/12")
    pick_unit(page, "id_cell", "a1a", "Chi bộ A1a — Đảng bộ bộ phận A1")
    page.fill("#id_decision_number", "123-QĐ/HU")
    page.fill("#id_decision_date", "19/05/2023")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm đảng viên Nguyễn Thị Ánh Tuyết")
    expect(page.locator("h1")).to_contain_text("Nguyễn Thị Ánh Tuyết")
    expect(page.locator(".history")).to_contain_text("Thêm mới")

    page.locator(".mainnav").get_by_role("link", name="Đảng viên mới").click()
    expect(page.locator("table.data")).to_contain_text("Nguyễn Thị Ánh Tuyết")
    page.fill("#id_q", "nguyen thi anh tuyet")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    expect(page.locator("table.data")).to_contain_text("19/05/2023")
    assert Member.objects.get().name_folded == "nguyen thi anh tuyet"


def test_clerk_cannot_open_another_units_member(page, tree, clerk):
    other = factories.member(tree["cell_b"], full_name="Hồ Sơ Xã Khác")
    log_in(page, "vanthu")
    response = page.goto(f"/dang-vien/{other.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    expect(page.locator("body")).not_to_contain_text("Hồ Sơ Xã Khác")


def test_quota_sheet_with_an_invalid_cell_saves_nothing_then_saves_when_fixed(page, tree):
    # The province's staff set the district's own quota and its split on the district's sheet.
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["province"])
    log_in(page, "bantochuc")
    page.goto(f"/chi-tieu/?unit={tree['district'].pk}&year=2024")
    cells = {key: f"#id_unit_{tree[key].pk}" for key in ("commune", "commune_b", "school")}
    page.fill("#id_own", "10")
    page.fill(cells["commune"], "4")
    page.fill(cells["commune_b"], "3")
    page.fill(cells["school"], "ba")
    expect(page.locator("#quota-diff")).to_contain_text("1 ô không hợp lệ")
    page.get_by_role("button", name="Lưu toàn bộ").click()
    expect(page.locator(".messages")).to_contain_text("Chưa lưu")
    expect(page.locator("tr.invalid")).to_have_count(1)
    expect(page.locator(cells["commune"])).to_have_value("4")
    assert not Quota.objects.exists()

    page.fill(cells["school"], "3")
    expect(page.locator("#quota-total")).to_have_text("10")
    expect(page.locator("#quota-diff")).to_contain_text("khớp")
    page.get_by_role("button", name="Lưu toàn bộ").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu chỉ tiêu: 4 ô thay đổi")
    saved = {q.unit_id: q.target for q in Quota.objects.filter(year=2024)}
    assert saved == {
        tree["district"].pk: 10,
        tree["commune"].pk: 4,
        tree["commune_b"].pk: 3,
        tree["school"].pk: 3,
    }
    page.fill(cells["school"], "5")
    expect(page.locator("#quota-diff")).to_contain_text("vượt 2")
