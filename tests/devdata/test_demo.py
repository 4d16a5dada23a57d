"""The demo district reproduces the figures of the 20/02/2024 report (DOMAIN.md section 7)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from accounts.models import User
from admissions.choices import GRASSROOTS_LEVELS, QuotaSource
from admissions.models import Member, Quota, Unit
from devdata import demo


@pytest.fixture
def loaded(db):
    call_command("load_demo", stdout=io.StringIO())
    return Unit.objects.get(code=demo.DISTRICT_CODE)


def test_demo_2023_figures_from_the_database(loaded):
    district = loaded
    assert Quota.objects.get(unit=district, year=2023, source=QuotaSource.ASSIGNED).target == 200
    assert (
        Member.objects.filter(cell__path__startswith=district.path, decision_date__year=2023).count() == 210
    )
    grassroots = Unit.objects.filter(parent=district, level__in=GRASSROOTS_LEVELS)
    assert grassroots.count() == 25
    quotas = Quota.objects.filter(unit__in=grassroots, year=2023, source=QuotaSource.ASSIGNED)
    assert sum(quotas.values_list("target", flat=True)) == 200
    results = dict(
        Member.objects.filter(decision_date__year=2023).values_list("grassroots").annotate(n=Count("id"))
    )
    completed = [q for q in quotas if results.get(q.unit_id, 0) >= q.target]
    assert len(completed) == 20


def test_demo_has_quotas_for_2022_to_2024_and_deep_cells(loaded):
    assert set(Quota.objects.values_list("year", flat=True)) == {2022, 2023, 2024}
    assert Unit.objects.filter(depth=4).exists()
    assert Member.objects.filter(cell__depth=4).exists()
    assert Unit.objects.filter(successor__isnull=False, valid_to__isnull=False).count() == 2


def test_demo_members_are_varied(loaded):
    stats = Member.objects.aggregate(
        women=Count("id", filter=Q(sex="F")),
        minorities=Count("id", filter=~Q(ethnicity="Kinh")),
        youth=Count("id", filter=Q(youth_union=True)),
        full=Count("id", filter=Q(status="full")),
        occupations=Count("occupation", distinct=True),
    )
    assert all(stats[key] > 0 for key in ("women", "minorities", "youth", "full"))
    assert stats["occupations"] >= 8


def test_second_load_changes_nothing(loaded):
    before = (Unit.objects.count(), Quota.objects.count(), Member.objects.count(), User.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    after = (Unit.objects.count(), Quota.objects.count(), Member.objects.count(), User.objects.count())
    assert before == after


def test_load_demo_prints_the_logins(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "bantochuc" in out
    assert demo.DEMO_PASSWORD in out
