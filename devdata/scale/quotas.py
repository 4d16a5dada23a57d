"""Generated quotas: every organisation's and every committee's, each year."""

import datetime
import random

from admissions.choices import QuotaSource

from .tree import Org

QUOTA_COLUMNS = ["unit_id", "year", "source", "target", "document_number", "document_date", "note"]


def quota_rows(
    rng: random.Random,
    orgs: list[Org],
    committees: list[tuple[int, list[int]]],
    years: list[int],
    per_year: int,
) -> list[tuple]:
    """Each organisation's quota follows its size; each committee's own quota (from its superior) is a
    little below the sum it splits, as committees keep a buffer (DOMAIN.md section 3).

    Rows in QUOTA_COLUMNS order; each organisation's quotas are also kept on it (`Org.quotas`), since its
    admissions follow them."""
    rows = []
    total_weight = sum(org.weight for org in orgs)
    for year in years:
        own: dict[int, int] = {}
        for org in orgs:
            expected = per_year * org.weight / total_weight
            org.quotas[year] = max(1, round(expected * rng.uniform(0.85, 1.15)))
            own[org.id] = org.quotas[year]
            rows.append((org.id, year, QuotaSource.ASSIGNED, org.quotas[year], f"{40 + year % 50}-TB/HU",
                         datetime.date(year, 1, 20), ""))  # fmt: skip
        for unit_id, below in committees:
            own[unit_id] = max(1, round(sum(own[u] for u in below) * rng.uniform(0.9, 1.0)))
            rows.append((unit_id, year, QuotaSource.ASSIGNED, own[unit_id], f"{10 + year % 50}-TB/TU",
                         datetime.date(year, 1, 10), "Chỉ tiêu cấp trên giao"))  # fmt: skip
            rows.append((unit_id, year, QuotaSource.CONGRESS, round(own[unit_id] * 1.05) + 1,
                         "01-NQ/ĐH", datetime.date(year - year % 5, 10, 1), ""))  # fmt: skip
    return rows
