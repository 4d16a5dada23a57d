"""The demo district's units, created through the services: the province, the district, its 25 grassroots
organisations and their cells (with the army's intermediate level and the merge of two Tân Hòa villages).

No randomness here: the tree is the same on every load.
"""

import datetime

from admissions import services
from admissions.choices import UnitLevel, UnitType
from admissions.models import Unit

from .district import (
    ARMY_INTERMEDIATE,
    DISTRICT_CODE,
    MERGE_DAY,
    MERGED_CELLS,
    MERGED_INTO,
    ORGS,
    PROVINCE_CODE,
    Org,
)

# An organisation as designed, its unit, and the cells its members join (the unit itself for a single cell).
Placed = tuple[Org, Unit, list[Unit]]


def build_tree() -> tuple[Unit, Unit, list[Placed]]:
    """Create the province, the district and every organisation with its cells; returns
    (province, district, organisations in ORGS order)."""
    province = services.unit_create(
        code=PROVINCE_CODE,
        name="Tỉnh ủy Thanh Hà",
        short_name="Tỉnh ủy",
        level=UnitLevel.PROVINCE,
        unit_type=UnitType.OTHER,
    )
    district = services.unit_create(
        parent=province,
        code=DISTRICT_CODE,
        name="Huyện ủy Tân Phong",
        short_name="Huyện ủy Tân Phong",
        level=UnitLevel.SUPERIOR,
        unit_type=UnitType.OTHER,
    )
    orgs = []
    for order, org in enumerate(ORGS, start=1):
        unit = services.unit_create(
            parent=district,
            code=f"{DISTRICT_CODE}.{org.key}",
            name=org.name,
            short_name=org.short,
            level=org.level,
            unit_type=org.unit_type,
            sort_order=order,
            valid_from=datetime.date(1976, 1, 1),
        )
        cells = _cells_of(unit, org)
        orgs.append((org, unit, cells))
    return province, district, orgs


def _cells_of(unit: Unit, org: Org) -> list[Unit]:
    """Create the cells under an organisation's unit; a single-cell organisation is its own cell."""
    if unit.level == UnitLevel.GRASSROOTS_CELL:
        return [unit]
    cells = []
    names = list(org.cells)
    if org.key == "QS":
        for i, (mid_name, cell_names) in enumerate(ARMY_INTERMEDIATE.items(), start=1):
            mid = services.unit_create(
                parent=unit,
                code=f"{unit.code}.B{i}",
                name=mid_name,
                level=UnitLevel.INTERMEDIATE,
                unit_type=unit.unit_type,
                sort_order=i,
            )
            cells += [
                _subordinate_cell(mid, f"{mid.code}.{j:02d}", name, j)
                for j, name in enumerate(cell_names, start=1)
            ]
        return cells
    for j, name in enumerate(names, start=1):
        closing = org.key == "TH" and name in MERGED_CELLS
        valid_to = MERGE_DAY - datetime.timedelta(days=1) if closing else None
        cells.append(_subordinate_cell(unit, f"{unit.code}.{j:02d}", name, j, valid_to=valid_to))
    if org.key == "TH":
        order = len(names) + 1
        merged = _subordinate_cell(unit, f"{unit.code}.{order:02d}", MERGED_INTO, order, valid_from=MERGE_DAY)
        for old in cells:
            if old.name in MERGED_CELLS:
                services.unit_close(unit=old, valid_to=old.valid_to, successor=merged)
        cells.append(merged)
    return cells


def _subordinate_cell(
    parent: Unit, code: str, name: str, order: int, **validity: datetime.date | None
) -> Unit:
    """A cell under an organisation (or its intermediate committee), of the organisation's type."""
    return services.unit_create(
        parent=parent,
        code=code,
        name=name,
        level=UnitLevel.SUBORDINATE_CELL,
        unit_type=parent.unit_type,
        sort_order=order,
        **validity,
    )
