"""Loading the demo district: the tree, then the quotas, the members and the year's pipeline of candidates,
in one transaction.

One random generator with a fixed seed runs through the quotas and the members in that order, so every
load gives the same data.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from admissions.models import Member, Unit

from .candidates import CANDIDATE_SEED, CandidateMaker
from .district import DISTRICT_CODE, demo_years
from .members import MemberMaker
from .quotas import set_quotas
from .tree import build_tree

SEED = 20240220


def load_demo(today: datetime.date | None = None) -> tuple[bool, Unit]:
    """Build the demo district unless it is there already, with the years up to `today`'s (by default the
    real today). Returns (created, district)."""
    existing = Unit.objects.filter(code=DISTRICT_CODE).first()
    if existing:
        return False, existing
    today = today or timezone.localdate()
    years = demo_years(today)
    with transaction.atomic():
        rng = random.Random(SEED)
        _province, district, orgs = build_tree()
        plan = set_quotas(rng, district, orgs, years, seed=SEED)
        members = MemberMaker(rng, today)
        members.admit(orgs, plan, years)
        # The pipeline draws from a generator of its own: the members above stay exactly as designed.
        planned = {unit.pk: plan[today.year, unit.pk] for _org, unit, _cells in orgs}
        CandidateMaker(random.Random(CANDIDATE_SEED), today, members).develop(orgs, planned)
    return True, district


def demo_member_count() -> int:
    """How many members the demo district holds (all years, every status)."""
    return Member.objects.under(Unit.objects.get(code=DISTRICT_CODE)).count()
