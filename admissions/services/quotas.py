"""Writes to quotas: one unit's quota, and a whole sheet at once (DOMAIN.md section 3)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from ..choices import QuotaSource
from ..models import AuditAction, Quota, Unit
from .history import record, snapshot

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def quota_set(
    *,
    unit: Unit,
    year: int,
    target: int,
    source: str = QuotaSource.ASSIGNED,
    document_number: str = "",
    document_date: datetime.date | None = None,
    note: str = "",
    user: User | None = None,
) -> Quota:
    """Create or replace the quota of a unit for a year and source."""
    quota = Quota.objects.select_for_update().filter(unit=unit, year=year, source=source).first()
    before = snapshot(quota) if quota else None
    quota = quota or Quota(unit=unit, year=year, source=source)
    quota.target = target
    quota.document_number = document_number
    quota.document_date = document_date
    quota.note = note
    quota.full_clean()
    quota.save()
    if before != snapshot(quota):
        action = AuditAction.UPDATE if before else AuditAction.CREATE
        record(user=user, action=action, instance=quota, before=before)
    return quota


@transaction.atomic
def quota_delete(*, quota: Quota, user: User | None = None) -> None:
    record(user=user, action=AuditAction.DELETE, instance=quota, before=snapshot(quota))
    quota.delete()


@transaction.atomic
def quota_sheet_save(
    *,
    year: int,
    committee: Unit,
    targets: dict[Unit, int | None],
    document_number: str = "",
    document_date: datetime.date | None = None,
    user: User | None = None,
) -> None:
    """Save a year's quota sheet at once, every cell or none: `targets` maps units to their assigned quota,
    `committee`'s own (assigned from above; its document is kept) and its split across the grassroots
    organisations (which get the split's document).

    None means "no quota" and removes an existing one (the unit then shows as "chưa giao chỉ tiêu").
    Unchanged cells are left alone. Errors of all cells are collected and raised together, keyed by unit
    id, so the transaction is rolled back and nothing is saved.
    """
    existing = {
        q.unit_id: q
        for q in Quota.objects.select_for_update().filter(
            year=year, source=QuotaSource.ASSIGNED, unit__in=list(targets)
        )
    }
    errors: dict[str, list] = {}

    def save_cell(unit: Unit, target: int | None, **document) -> None:
        quota = existing.get(unit.pk)
        try:
            if target is None:
                if quota:
                    quota_delete(quota=quota, user=user)
                return
            if quota is not None:
                kept = {"document_number": quota.document_number, "document_date": quota.document_date}
                document = {**kept, "note": quota.note, **document}
                if quota.target == target and all(getattr(quota, k) == v for k, v in document.items()):
                    return
            quota_set(unit=unit, year=year, target=target, user=user, **document)
        except ValidationError as error:
            errors[str(unit.pk)] = error.messages

    split_document = {"document_number": document_number, "document_date": document_date}
    for unit, target in targets.items():
        save_cell(unit, target, **({} if unit == committee else split_document))
    if errors:
        raise ValidationError(errors)
