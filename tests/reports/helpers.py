"""Fixtures the report tests share: a district of a chosen size, and figures whose units refuse lazy reads."""

import dataclasses
import datetime

from django.db import models

from admissions import services
from admissions.choices import UnitLevel, UnitType
from admissions.models import Unit
from reports.attainment import Attainment, Breakdown
from tests import factories

D = datetime.date


def build_district(size: int) -> Unit:
    # One tree per installation: a second district of the same test goes under the same province.
    province = Unit.objects.filter(parent__isnull=True).first() or factories.unit(
        level=UnitLevel.PROVINCE, name="Tỉnh"
    )
    district = factories.unit(parent=province, level=UnitLevel.SUPERIOR, name="Huyện")
    services.quota_set(unit=district, year=2023, target=size * 2)
    for n in range(size):
        org = factories.unit(
            parent=district, level=UnitLevel.GRASSROOTS_COMMITTEE, unit_type=UnitType.COMMUNE
        )
        cell = factories.unit(parent=org, level=UnitLevel.SUBORDINATE_CELL)
        services.quota_set(unit=org, year=2023, target=2)
        factories.member(cell, decision_date=D(2023, 1 + n % 12, 5))
        factories.member(cell, decision_date=D(2022, 1 + n % 12, 5))
    return district


def raising_units(figures: Attainment | Breakdown) -> Attainment | Breakdown:
    """`figures` with each of its units read again under FETCH_RAISE: a writer that follows a relation the
    figures did not load (unit.parent, a deferred field) raises FieldFetchBlocked instead of querying."""
    lines = [figures.committee, *figures.rows] if isinstance(figures, Attainment) else []
    pks = [figures.unit.pk, *(line.unit.pk for line in lines)]
    units = Unit.objects.fetch_mode(models.FETCH_RAISE).in_bulk(pks)
    if not lines:
        return dataclasses.replace(figures, unit=units[figures.unit.pk])
    committee, *rows = (dataclasses.replace(line, unit=units[line.unit.pk]) for line in lines)
    return dataclasses.replace(figures, unit=units[figures.unit.pk], committee=committee, rows=rows)
