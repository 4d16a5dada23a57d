"""A clerk records everyone who finished one course in one go: the list filtered to that stage, the header
box ticks the page, the shared date once and each person's own certificate number."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from candidates.choices import Stage
from candidates.models import Candidate
from tests import factories
from tests.candidates.helpers import candidate

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_ticks_the_page_and_records_the_course_for_everyone(page, live_server, tree):
    factories.user("vanthu", role=Role.UNIT_CLERK, unit=tree["commune"])
    today = timezone.localdate()
    people = [candidate(tree["deep_cell"], full_name=name, stage=Stage.SYMPATHISER, resolution=today)
              for name in ("Lê An", "Lê Bình", "Lê Chi")]  # fmt: skip
    log_in(page, "vanthu")
    page.goto(f"{live_server.url}/quan-chung/?stage=sympathiser")
    page.locator("[data-select-all]").check()
    expect(page.locator('input[name="id"]:checked')).to_have_count(3)
    page.get_by_role("button", name="Ghi bước tiếp theo cho các hồ sơ đã chọn").click()
    page.fill("#id_certificate_date", today.strftime("%d/%m/%Y"))
    for someone in people:
        page.fill(f"#id_certificate_number_{someone.pk}", f"CN-{someone.pk}/2026")
    page.get_by_role("button", name="Lưu cho tất cả").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi bước tiếp theo cho 3 hồ sơ.")
    assert sorted(Candidate.objects.values_list("stage", flat=True)) == [Stage.COURSE] * 3
    assert {c.certificate_number for c in Candidate.objects.all()} == {f"CN-{p.pk}/2026" for p in people}
