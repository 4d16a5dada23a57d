"""Reads of quotas: the allocation sheet of a unit, who may set which quota, the history of a sheet."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import CharField, DateField, IntegerField, OuterRef, Q, QuerySet, Subquery

from accounts.scope import scope_of

from ..choices import QuotaSource
from ..models import Quota, QuotaChange, TermTarget, Unit, existed_during

if TYPE_CHECKING:
    from accounts.models import User


def _quota_column(year: int, source: str, column: str, output_field) -> Subquery:
    return Subquery(
        Quota.objects.filter(unit=OuterRef("pk"), year=year, source=source).values(column)[:1],
        output_field=output_field,
    )


def quota_sheet_rows(*, unit: Unit, year: int, source: str = QuotaSource.ASSIGNED) -> QuerySet[Unit]:
    """The units directly below `unit` that receive its quotas (DOMAIN.md 3: a province's committees, a
    committee's grassroots organisations, a grassroots committee's cells), those that existed during `year`
    or hold a quota of `source` for it, each with that quota (`target` and its document) and last year's
    (`last_target`; last year's result is reports.attainment's to count: `attainment.with_results`).

    One query whatever the number of rows: each column is a subquery probing the (unit, year, source) index.
    """
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    has_quota = Q(pk__in=Quota.objects.filter(year=year, source=source, unit__parent=unit).values("unit"))
    return (
        Unit.objects.filter(parent=unit)
        .filter(existed_during(first, last) | has_quota)
        .annotate(
            target=_quota_column(year, source, "target", IntegerField()),
            document_number=_quota_column(year, source, "document_number", CharField()),
            document_date=_quota_column(year, source, "document_date", DateField()),
            last_target=_quota_column(year - 1, source, "target", IntegerField()),
        )
        .order_by("sort_order", "path")
    )


def sheet_quota(*, unit: Unit, year: int, source: str = QuotaSource.ASSIGNED) -> Quota | None:
    """The quota of `unit` itself for the year and source (for the assigned source: set by the level above)."""
    return Quota.objects.filter(unit=unit, year=year, source=source).first()


def committee_quota(*, unit: Unit, year: int) -> Quota | None:
    """The quota the superior committee assigned to `unit` itself for the year."""
    return sheet_quota(unit=unit, year=year)


def may_set_quota(*, user: User, unit: Unit, source: str = QuotaSource.ASSIGNED) -> bool:
    """Who sets which quota (the scope rule applied to quotas): committee staff set the quotas of the units
    below their own unit; a unit's own assigned quota comes from the level above, so its own staff read it
    and only the installation's administrator (a superuser without a unit, at the top) enters the top's.
    A congress resolution or a committee's own plan is the committee's own document: its staff enter it.
    """
    scope = scope_of(user)
    if scope is None or not user.can_manage_units or not unit.is_within(scope):
        return False
    if unit.pk != scope.pk or source != QuotaSource.ASSIGNED:
        return True
    return user.is_superuser and user.unit_id is None


def quota_sheet_document(*, unit: Unit, year: int, source: str = QuotaSource.ASSIGNED) -> dict:
    """The document of a year's split (number and date): the one the first row holding a document carries.
    Never the unit's own quota's document, which the level above issued."""
    quota = (
        Quota.objects.filter(unit__parent=unit, year=year, source=source)
        .exclude(document_number="")
        .order_by("unit__sort_order", "unit__path")
        .values("document_number", "document_date")
        .first()
    )
    return quota or {}


def quota_changes(*, unit: Unit, year: int, source: str = QuotaSource.ASSIGNED, limit: int = 200):
    """The reallocation history of a sheet (the unit's own quota and those of the units directly below),
    newest first."""
    return (
        QuotaChange.objects.filter(Q(unit=unit) | Q(unit__parent=unit), year=year, source=source)
        .select_related("unit", "user")
        .order_by("-at", "-id")[:limit]
    )


def term_targets(*, unit: Unit) -> QuerySet[TermTarget]:
    """The term targets of `unit` itself, newest term first."""
    return TermTarget.objects.filter(unit=unit).order_by("-first_year", "source")


def term_targets_visible_to(user: User) -> QuerySet[TermTarget]:
    """Term targets of the units the user may see."""
    scope = scope_of(user)
    if scope is None:
        return TermTarget.objects.none()
    return TermTarget.objects.filter(unit__in=Unit.objects.subtree(scope)).select_related("unit")
