"""The demo district's quotas from 2022 to the current year and how many each organisation admits.

2023 is as designed (devdata.demo.district); the other years are drawn around it, so each organisation's
quota and result vary a little from year to year. The designed years are drawn from the demo's generator
as they always were; each later year from a generator of its own, so adding a year changes no earlier one.
"""

import datetime
import random

from admissions import services
from admissions.models import Unit

from .district import DESIGNED_YEARS, district_quota
from .tree import Placed

# Admissions to generate, per (year, grassroots unit id).
Plan = dict[tuple[int, int], int]


def set_quotas(rng: random.Random, district: Unit, orgs: list[Placed], years: list[int], seed: int) -> Plan:
    """Quotas per year; returns the number of admissions to plan per (year, unit id) for the whole year."""
    plan = {}
    for year in years:
        year_rng = rng if year in DESIGNED_YEARS else random.Random(seed + year)
        services.quota_set(
            unit=district,
            year=year,
            target=district_quota(year),
            document_number=f"{12 + year % 10}-TB/TU",
            document_date=datetime.date(year, 1, 10),
            note="Chỉ tiêu Ban Thường vụ Tỉnh ủy giao",
        )
        for org, unit, _cells in orgs:
            if year == 2023:
                quota, result = org.quota_2023, org.result_2023
            else:
                quota = max(2, org.quota_2023 + year_rng.choice([-1, 0, 0, 1]))
                result = max(0, quota + year_rng.choice([-3, -1, 0, 0, 1, 2, 3]))
            services.quota_set(
                unit=unit,
                year=year,
                target=quota,
                document_number=f"{45 + year % 10}-TB/HU",
                document_date=datetime.date(year, 1, 20),
                note="Ban Thường vụ Huyện ủy giao chỉ tiêu",
            )
            plan[year, unit.pk] = result
    return plan
