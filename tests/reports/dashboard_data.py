"""The data the dashboard tests share (tests/reports/test_home.py, tests/browser/test_dashboard.py): work of
every kind due as of today in xã A, and a little in xã B, built through the services."""

import datetime

from django.utils import timezone

from admissions import services
from admissions.text import add_months
from candidates.choices import Stage
from tests import factories
from tests.candidates.helpers import add_expiring_certificate, candidate, resolution_due_soon


def today() -> datetime.date:
    return timezone.localdate()


def add_probationary(cell, name: str, months_ago: int):
    """A member whose ceremony was `months_ago` months ago (12: the probation ends today)."""
    ceremony = add_months(today(), -months_ago)
    return factories.member(
        cell, full_name=name, decision_date=ceremony - datetime.timedelta(days=10), ceremony_date=ceremony
    )


def this_year_results(tree) -> None:
    """This year: the district's quota 8, xã A's 4; xã A has admitted 3 (on 1 January), the school 2; last
    year xã A admitted 1 by the same day."""
    year = today().year
    services.quota_set(unit=tree["district"], year=year, target=8)
    services.quota_set(unit=tree["commune"], year=year, target=4)
    for _ in range(3):
        factories.member(tree["deep_cell"], decision_date=datetime.date(year, 1, 1))
    for _ in range(2):
        factories.member(tree["school"], decision_date=datetime.date(year, 1, 1))
    factories.member(tree["deep_cell"], decision_date=datetime.date(year - 1, 1, 1))


def work_due(tree) -> None:
    """In xã A: 2 sympathisers, a decision overdue, one due within 14 days, a certificate running out, a
    member whose probation ended 13 months after the ceremony (overdue) and one whose probation ends today;
    in xã B a sympathiser and an overdue probation, which a clerk of xã A never sees."""
    cell = tree["deep_cell"]
    candidate(cell, full_name="Cảm Tình Một", stage=Stage.SYMPATHISER)
    candidate(cell, full_name="Cảm Tình Hai", stage=Stage.SYMPATHISER)
    candidate(cell, full_name="Quá Hạn", stage=Stage.CELL, resolution=today() - datetime.timedelta(days=130))
    candidate(cell, full_name="Sắp Đến Hạn", stage=Stage.CELL, resolution=resolution_due_soon())
    add_expiring_certificate(cell, "Sắp Hết Chứng Chỉ")
    candidate(tree["cell_b"], full_name="Xã Bê", stage=Stage.SYMPATHISER)
    add_probationary(cell, "Dự Bị Quá Hạn", 13)
    add_probationary(cell, "Dự Bị Hôm Nay", 12)
    add_probationary(tree["cell_b"], "Xã B", 14)
