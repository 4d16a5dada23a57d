"""The three sizes of generated data: a district, a province, the whole country."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    """How many units of each kind a tier has, and how many members it admits a year."""

    provinces: int  # 0: the root is the province itself; otherwise a national root above them
    superiors: int  # superior committees (districts, sector committees) in all
    grassroots: int  # TCCS in all
    cells: int  # units where members are admitted (CBCS + subordinate cells)
    admissions_per_year: int


TIERS = {
    "district": Tier(provinces=0, superiors=1, grassroots=25, cells=300, admissions_per_year=200),
    "province": Tier(provinces=0, superiors=25, grassroots=1_000, cells=10_000, admissions_per_year=6_000),
    "nation": Tier(
        provinces=34, superiors=700, grassroots=50_000, cells=250_000, admissions_per_year=200_000
    ),
}
