"""Loading the demo district: the tree, then the quotas, then the members, in one transaction.

One random generator with a fixed seed runs through the quotas and the members in that order, so every
load gives the same data.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from admissions.models import Member, Unit

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
        MemberMaker(rng, today).admit(orgs, plan, years)
    return True, district


def demo_member_count() -> int:
    """How many members the demo district holds (all years, every status)."""
    return Member.objects.under(Unit.objects.get(code=DISTRICT_CODE)).count()
