"""axe-core over every page, as each role sees it: no serious or critical violation. The axe script ships
inside axe-playwright-python (nothing is downloaded); it runs in the page through Playwright."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import Role
from admissions import services
from candidates import services as candidates_services
from candidates.choices import Stage
from tests import factories
from tests.candidates.helpers import candidate

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


@pytest.fixture
def data(tree):
    services.quota_set(unit=tree["district"], year=2023, target=6)
    services.quota_set(unit=tree["commune"], year=2023, target=4)
    member = factories.member(
        tree["deep_cell"], decision_date=datetime.date(2023, 5, 2), ceremony_date=datetime.date(2023, 5, 20)
    )
    services.member_update(member=member, home_town="Hà Nam")  # a line of history on its page
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    factories.user("vanthu", role=Role.UNIT_CLERK, unit=tree["commune"])
    factories.user("lanhdao", role=Role.VIEWER, unit=tree["district"])
    # A file at the grassroots committee's resolution: its page, next step and decision all open.
    someone = candidate(tree["deep_cell"], stage=Stage.GRASSROOTS)
    candidates_services.candidate_update(candidate=someone, notes="Đã gặp gia đình")
    return {"member": member, "candidate": someone, **tree}


def pages_of(role: str, data) -> list[str]:
    member, cell, someone = data["member"].pk, data["cell_b"].pk, data["candidate"].pk
    seen_by_all = [
        "/quan-chung/",
        "/quan-chung/den-han/",
        f"/quan-chung/{someone}/",
        "/",
        "/dang-vien/",
        f"/dang-vien/{member}/",
        "/dang-vien/du-bi/",
        "/don-vi/",
        "/bao-cao/?year=2023",
        "/bao-cao/bieu-2/?year=2023",
    ]
    editors = [
        "/dang-vien/them/",
        f"/dang-vien/{member}/sua/",
        f"/dang-vien/{member}/xoa/",
        f"/dang-vien/{member}/chinh-thuc/",
        "/dang-vien/nhap-excel/",
        "/quan-chung/them/",
        f"/quan-chung/{someone}/sua/",
        f"/quan-chung/{someone}/buoc-tiep-theo/",
        f"/quan-chung/{someone}/ket-nap/",
    ]
    staff = ["/don-vi/them/", f"/don-vi/{cell}/sua/", f"/don-vi/{cell}/giai-the/", "/chi-tieu/?year=2023"]
    return {
        "bantochuc": seen_by_all + editors + staff,
        "vanthu": seen_by_all + editors,
        "lanhdao": seen_by_all,
    }[role]


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_the_login_page_has_no_serious_violation(page, data):
    page.goto("/dang-nhap/")
    assert blocking_violations(page) == []


@pytest.mark.parametrize("role", ["bantochuc", "vanthu", "lanhdao"])
@pytest.mark.parametrize("width", [1366, 390])
def test_every_page_of_a_role_has_no_serious_violation(browser, live_server, data, role, width):
    context = browser.new_context(
        locale="vi-VN", base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, role)
        found, titles = [], []
        for url in pages_of(role, data):
            response = page.goto(url)
            assert response.status == 200, url
            page.wait_for_load_state("networkidle")
            found += blocking_violations(page)
            titles.append((url, page.title()))
        assert found == [], "\n".join(found)
        # Every page is titled as the others are: what it is, then the app's name (the home page: the name).
        assert [
            url for url, title in titles if url != "/" and not title.endswith(" – Phát triển đảng viên")
        ] == []
    finally:
        context.close()
