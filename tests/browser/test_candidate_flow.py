"""A clerk takes one candidate from sympathiser to admitted through the pipeline's pages, in a real browser,
and the year's result in the report goes up by one."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from admissions.models import Member
from candidates.models import Candidate
from reports.attainment.yearly import yearly_attainment
from tests import factories

from .conftest import log_in
from .helpers import pick_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def result_of(unit) -> int:
    return yearly_attainment(unit, 2026, as_of=datetime.date(2026, 12, 31)).committee.result


def next_step(page, boxes: dict[str, str], stage: str) -> None:
    page.get_by_role("link", name="Ghi bước tiếp theo").click()
    for box, value in boxes.items():
        page.fill(f"#id_{box}", value)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi bước tiếp theo")
    expect(page.locator("h1 .badge")).to_have_text(stage)


def test_a_clerk_takes_a_candidate_from_sympathiser_to_admitted(page, tree):
    factories.user("vanthu", role=Role.UNIT_CLERK, unit=tree["commune"])
    before = result_of(tree["commune"])
    log_in(page, "vanthu")
    page.locator(".mainnav").get_by_role("link", name="Quần chúng ưu tú").click()
    page.get_by_role("link", name="Thêm quần chúng").click()
    page.fill("#id_full_name", "Phạm Thị Hồng Nhung")
    page.select_option("#id_sex", "F")
    page.fill("#id_date_of_birth", "02/09/1999")
    page.select_option("#id_occupation", "giao_vien")
    page.select_option("#id_schooling", "12/12")
    pick_unit(page, "id_cell", "a1a", "Chi bộ A1a — Đảng bộ bộ phận A1")
    page.fill("#id_listed_date", "05/01/2026")
    page.fill("#id_mentor_name", "Lê Văn Cường")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm quần chúng Phạm Thị Hồng Nhung")
    expect(page.locator("h1 .badge")).to_have_text("Cảm tình Đảng")

    next_step(
        page,
        {"certificate_number": "CN-12/2026", "certificate_date": "02/03/2026"},
        "Đã học lớp nhận thức về Đảng",
    )
    next_step(
        page,
        {
            "application_date": "01/06/2026",
            "personal_history_date": "01/06/2026",
            "introduction_date": "01/06/2026",
            "introducer_name": "Lê Văn Cường",
            "introducer_since": "01/01/2024",
            "second_introducer_name": "Trần Văn Dũng",
            "second_introducer_since": "01/03/2024",
            "mass_opinions_date": "10/06/2026",
        },
        "Đủ hồ sơ",
    )
    next_step(
        page,
        {"background_check_date": "01/09/2026", "background_check_conclusion": "Đủ tiêu chuẩn"},
        "Đã thẩm tra lý lịch",
    )
    next_step(
        page,
        {
            "cell_resolution_number": "05-NQ/CB",
            "cell_resolution_date": "01/10/2026",
            "cell_full_members": "9",
            "cell_present": "8",
            "cell_in_favour": "6",
        },
        "Chi bộ đã xét (6-KNĐ)",
    )
    next_step(
        page,
        {
            "grassroots_resolution_number": "20-NQ/ĐU",
            "grassroots_resolution_date": "15/10/2026",
            "submitted_date": "20/10/2026",
        },
        "Đã trình cấp ủy cấp trên",
    )
    expect(page.locator(".timeline li")).to_have_count(10)

    page.get_by_role("link", name="Kết nạp (9-KNĐ)").click()
    page.fill("#id_decision_number", "88-QĐ/HU")
    page.fill("#id_decision_date", "20/11/2026")
    page.get_by_role("button", name="Kết nạp", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã kết nạp Phạm Thị Hồng Nhung")
    expect(page.locator("h1")).to_contain_text("Phạm Thị Hồng Nhung")

    member = Member.objects.get()
    assert Candidate.objects.get().member == member
    assert member.decision_number == "88-QĐ/HU"
    assert result_of(tree["commune"]) == before + 1
