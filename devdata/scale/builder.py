"""A tier's data built in memory, in the order they load: units, then quotas, members and candidates.

One random generator runs through the three steps in that order, so a seed always gives the same data.
"""

import datetime
import random
from collections.abc import Iterator

from django.utils import timezone

from .candidates import CandidateRows
from .members import MemberRows
from .quotas import quota_rows
from .tiers import TIERS
from .tree import Org, TreeBuilder, UnitRow


class ScaleBuilder:
    """The tier's units, organisations, committees, quotas and members for the last `years` years up to
    `today` (pro rata in the current year)."""

    def __init__(self, tier: str, *, years: int = 10, seed: int = 1, today: datetime.date | None = None):
        self.tier_name = tier
        self.tier = TIERS[tier]
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.years = list(range(self.today.year - years + 1, self.today.year + 1))
        self.units: list[UnitRow] = []
        self.orgs: list[Org] = []
        self.committees: list[tuple[int, list[int]]] = []  # (unit id, child committee or org ids), bottom up
        self._members = MemberRows(self.rng, self.today)
        # The pipeline draws from a generator of its own: the members of a seed stay the same.
        self._candidates = CandidateRows(random.Random(seed * 1_000_003 + 17), self.today)

    def build_units(self, first_id: int = 1) -> None:
        """The unit tree, ids from `first_id` on (rows in UNIT_COLUMNS order in `units`)."""
        tree = TreeBuilder(self.rng, self.tier)
        tree.build(first_id)
        self.units += tree.units
        self.orgs += tree.orgs
        self.committees += tree.committees

    def build_quotas(self) -> list[tuple]:
        """Every organisation's and committee's quotas, each year, as rows in QUOTA_COLUMNS order."""
        return quota_rows(self.rng, self.orgs, self.committees, self.years, self.tier.admissions_per_year)

    def member_rows(self) -> Iterator[tuple]:
        """Every organisation's admissions, year by year, as rows in MEMBER_COLUMNS order."""
        return self._members.rows(self.years, self.orgs)

    def candidate_rows(self) -> Iterator[tuple]:
        """The current year's pipeline, about three candidates per quota place, in CANDIDATE_COLUMNS order."""
        return self._candidates.rows(self.orgs)

    def members_of(self, org: Org, year: int, n: int) -> Iterator[tuple]:
        """`n` members admitted into the organisation's cells in `year`, as rows in MEMBER_COLUMNS order."""
        return self._members.members_of(org, year, n)
