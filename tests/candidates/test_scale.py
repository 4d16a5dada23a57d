"""The scale generator's pipeline: about three candidates per quota place this year, each a valid record."""

import random

import pytest
from django.db.models import Sum
from django.utils import timezone

from admissions.choices import QuotaSource
from admissions.models import Member, Quota, Unit
from admissions.selectors import grassroots_of
from candidates.choices import OPEN_STAGES
from candidates.models import Candidate
from devdata import scale


@pytest.fixture
def district(db):
    return scale.generate("district", seed=7)


def test_about_three_candidates_per_quota_place_at_every_stage(district):
    year = timezone.localdate().year
    places = Quota.objects.filter(
        unit__in=Unit.objects.grassroots(), year=year, source=QuotaSource.ASSIGNED
    ).aggregate(n=Sum("target"))["n"]
    assert Candidate.objects.count() == district.candidates == 3 * places
    assert set(Candidate.objects.values_list("stage", flat=True)) == set(OPEN_STAGES)


def test_generated_candidates_pass_the_services_rules_and_carry_their_derived_fields(district):
    sample = random.Random(3).sample(list(Candidate.objects.select_related("cell")), 60)
    for candidate in sample:
        stored = (candidate.stage, candidate.certificate_valid_until, candidate.decision_due)
        candidate.full_clean(exclude=["grassroots"])
        candidate.derive(grassroots=grassroots_of(candidate.cell), days_off=frozenset())
        assert (candidate.stage, candidate.certificate_valid_until, candidate.decision_due) == stored
        assert candidate.grassroots_id == Candidate.objects.get(pk=candidate.pk).grassroots_id


def test_a_seed_gives_the_same_members_and_as_many_candidates_again(db):
    first = scale.generate("district", seed=7)
    members = list(Member.objects.order_by("pk").values_list("full_name", "decision_date")[:300])
    assert first.members == Member.objects.count()
    again = scale.generate("district", seed=7, fresh=True)
    assert again.members == first.members
    assert list(Member.objects.order_by("pk").values_list("full_name", "decision_date")[:300]) == members
    assert Candidate.objects.count() == again.candidates
