"""The demo district's pipeline follows today: every stage, a few overdue, a certificate running out, some
admitted this year through the pipeline, and the designed 2023 figures untouched."""

import datetime

from admissions.models import Member
from candidates.choices import OPEN_STAGES, Stage
from candidates.models import Candidate
from devdata import demo

TODAY = datetime.date(2026, 12, 1)


def test_the_demo_pipeline_follows_today(db):
    _created, district = demo.load_demo(today=TODAY)
    candidates = Candidate.objects.under(district)
    assert set(candidates.values_list("stage", flat=True)) >= set(OPEN_STAGES) | {Stage.ADMITTED}
    overdue = candidates.filter(stage__in=OPEN_STAGES, decision_due__lt=TODAY)
    assert 0 < overdue.count() <= 5
    expiring = candidates.filter(
        cell_resolution_date__isnull=True,
        certificate_valid_until__range=(TODAY, TODAY + datetime.timedelta(days=90)),
    )
    assert expiring.count() == 1
    admitted = candidates.filter(stage=Stage.ADMITTED)
    assert admitted.count() >= 5
    assert set(admitted.values_list("member__decision_date__year", flat=True)) == {TODAY.year}
    assert Member.objects.filter(candidate__isnull=False).count() == admitted.count()
    latest = [c.listed_date for c in candidates] + [c.member.decision_date for c in admitted]
    assert max(latest) <= TODAY
    assert Member.objects.under(district).filter(decision_date__year=2023).count() == 210
