"""The demo district reproduces the figures of the 20/02/2024 report (DOMAIN.md section 7) and follows
today's date: every year up to the current one, the current one up to today."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.urls import reverse

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


# A fixed "today" for the tests of the demo's dates: they must not depend on the wall clock.
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def loaded_on_today(db):
    _created, district = demo.load_demo(today=TODAY)
    demo.ensure_demo_users(district)
    return district


def test_demo_has_deep_cells(loaded):
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


def test_demo_follows_today_and_keeps_the_designed_2023_figures(loaded_on_today, client):
    district = loaded_on_today
    assert set(Quota.objects.values_list("year", flat=True)) == {2022, 2023, 2024, 2025, 2026}
    assert Quota.objects.get(unit=district, year=2023, source=QuotaSource.ASSIGNED).target == 200
    assert Member.objects.under(district).filter(decision_date__year=2023).count() == 210
    client.force_login(User.objects.get(username="lanhdao"))
    text = client.get(reverse("report"), {"year": 2023}).text
    assert "210/200" in text
    assert '<strong class="big status-exceeded">105%</strong>' in text
    assert "<strong>20/25</strong>" in text

    # The current year is in progress up to today.
    this_year = Member.objects.filter(decision_date__year=TODAY.year)
    assert this_year.count() > 150  # most of a year's 200 decisions are taken by December
    assert this_year.aggregate(last=Max("decision_date"))["last"] <= TODAY
    assert Quota.objects.filter(year=TODAY.year, unit__level__in=GRASSROOTS_LEVELS).count() == 25
    last = Member.objects.aggregate(
        decision=Max("decision_date"),
        ceremony=Max("ceremony_date"),
        confirmation=Max("confirmation_date"),
        struck_off=Max("struck_off_date"),
    )
    assert all(day <= TODAY for day in last.values())

    # Probation outcomes follow today: most running probations started within the last 12 months, a few
    # are overdue (waiting for their confirmation), not all as when the demo stopped in 2024.
    probationary = Member.objects.filter(status="probationary")
    running = probationary.filter(probation_end__gte=TODAY).count()
    overdue = probationary.filter(probation_end__lt=TODAY).count()
    assert running > 100
    assert 0 < overdue < running / 3
    assert not Member.objects.filter(status="full", probation_end__gt=TODAY).exists()
