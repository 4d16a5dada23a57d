"""Reads of quotas: the quota sheet of a committee and the quotas it shows."""

import datetime

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery

from ..choices import QuotaSource
from ..models import Quota, Unit, existed_during
from .units import unit_subtree


def _assigned_target(year: int) -> Subquery:
    return Subquery(
        Quota.objects.filter(unit=OuterRef("pk"), year=year, source=QuotaSource.ASSIGNED).values("target")[
            :1
        ],
        output_field=IntegerField(),
    )


def quota_sheet_rows(*, scope: Unit, year: int) -> QuerySet[Unit]:
    """Grassroots organisations under `scope` that existed during `year` or hold a quota for it, each with
    its assigned quota for the year and last year's (last year's result is reports.attainment's to count:
    annotate with attainment.result_in_year(year - 1)).
    """
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    existed = existed_during(first, last)
    has_quota = Q(quotas__year=year, quotas__source=QuotaSource.ASSIGNED)
    units = unit_subtree(scope).grassroots()
    return (
        units.filter(pk__in=units.filter(existed | has_quota).values("pk"))
        .annotate(
            target=_assigned_target(year),
            last_target=_assigned_target(year - 1),
        )
        .order_by("path")
    )


def committee_quota(*, unit: Unit, year: int) -> Quota | None:
    """The quota the superior committee assigned to `unit` itself for the year."""
    return Quota.objects.filter(unit=unit, year=year, source=QuotaSource.ASSIGNED).first()


def quota_sheet_document(*, scope: Unit, year: int) -> dict:
    """The document of a year's split (number and date), read from any grassroots quota that carries one."""
    quota = (
        Quota.objects.filter(unit__path__startswith=scope.path, year=year, source=QuotaSource.ASSIGNED)
        .exclude(unit=scope)
        .exclude(document_number="")
        .order_by("unit__path")
        .values("document_number", "document_date")
        .first()
    )
    return quota or {}
