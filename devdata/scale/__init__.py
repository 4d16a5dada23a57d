"""Random but realistic data at the scale of a district, a province or the whole country, for benchmarks.

Fast by construction: ids and materialised paths are computed in Python (never one service call per unit),
names and their derived keys come from a pool computed once, and rows reach PostgreSQL through COPY
(bulk_create in batches on SQLite). The data obey every rule the services enforce, so a generated member
passes full_clean().

tiers    the three sizes          tree     units, organisations, committees
quotas   every unit's quotas      members  the admitted members
builder  all of it in memory      load     into the database: generate(), wipe()
"""

from .builder import ScaleBuilder
from .load import Summary, database_has_data, generate, wipe
from .members import MEMBER_COLUMNS
from .quotas import QUOTA_COLUMNS
from .tiers import TIERS, Tier
from .tree import UNIT_COLUMNS, Org, UnitRow

__all__ = [
    "MEMBER_COLUMNS",
    "QUOTA_COLUMNS",
    "TIERS",
    "UNIT_COLUMNS",
    "Org",
    "ScaleBuilder",
    "Summary",
    "Tier",
    "UnitRow",
    "database_has_data",
    "generate",
    "wipe",
]
