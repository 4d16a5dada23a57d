"""Writes to quotas: one unit's quota, a whole allocation sheet at once, term targets (DOMAIN.md section 3)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .. import text
from ..choices import QuotaSource
from ..models import AuditAction, AuditEntry, Quota, QuotaChange, TermTarget, Unit
from .history import audit_entry, author_name, author_of, record, snapshot

if TYPE_CHECKING:
    from accounts.models import User

REASON_FIELD = "reason"


@dataclass(frozen=True)
class QuotaCell:
    """What one cell of a sheet asks for: a quota (None: no quota) and the document that sets it."""

    target: int | None
    document_number: str = ""
    document_date: datetime.date | None = None


def _change(*, quota: Quota, before: int | None, after: int | None, reason: str, user) -> QuotaChange:
    author = author_of(user)
    return QuotaChange(
        user=author,
        user_name=author_name(author),
        unit_id=quota.unit_id,
        year=quota.year,
        source=quota.source,
        before=before,
        after=after,
        reason=reason,
    )


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
    reason: str = "",
    user: User | None = None,
) -> Quota:
    """Create or replace the quota of a unit for a year and source."""
    quota = Quota.objects.select_for_update().filter(unit=unit, year=year, source=source).first()
    before = snapshot(quota) if quota else None
    old_target = quota.target if quota else None
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
    if old_target != quota.target:
        _change(quota=quota, before=old_target, after=quota.target, reason=reason, user=user).save()
    return quota


@transaction.atomic
def quota_delete(*, quota: Quota, reason: str = "", user: User | None = None) -> None:
    record(user=user, action=AuditAction.DELETE, instance=quota, before=snapshot(quota))
    _change(quota=quota, before=quota.target, after=None, reason=reason, user=user).save()
    quota.delete()


def quota_sheet_save(
    *,
    unit: Unit,
    year: int,
    source: str = QuotaSource.ASSIGNED,
    cells: dict[Unit, QuotaCell],
    reason: str = "",
    user: User | None = None,
) -> int:
    """Save an allocation sheet at once, every cell or none; returns how many quotas changed.

    `cells` maps units (the sheet's own unit and those directly below it) to what their cell asks for; a
    cell that matches the stored quota writes nothing, so an untouched sheet writes and audits nothing.
    Changing or removing an existing quota needs a `reason`, kept in the reallocation history.

    A few set-based statements whatever the number of cells: the stored quotas read (and locked) at once,
    then one INSERT, one UPDATE and one DELETE for the quotas, one INSERT each for the history lines and
    the reallocation history. Errors of all cells are collected and raised together, keyed by unit id (the
    missing reason by "reason"), and nothing is saved.
    """
    reason = text.clean_text(reason)
    try:
        with transaction.atomic():
            return _save_sheet(year=year, source=source, cells=cells, reason=reason, user=user)
    except IntegrityError as error:  # another save created the same quota meanwhile
        raise ValidationError(
            _("Chỉ tiêu vừa được người khác thay đổi; hãy tải lại trang và nhập lại.")
        ) from error


def _save_sheet(*, year, source, cells, reason, user) -> int:
    stored = {
        q.unit_id: q
        for q in Quota.objects.select_for_update().filter(year=year, source=source, unit__in=list(cells))
    }
    errors: dict[str, list] = {}
    created, updated, removed, audit, changes = [], [], [], [], []
    reallocated = False
    for unit, cell in cells.items():
        quota = stored.get(unit.pk)
        if quota is not None:
            quota.unit = unit  # the history line names it: no query to read it again
        if cell.target is None:
            if quota is not None:
                removed.append(quota)
                audit.append(
                    audit_entry(user=user, action=AuditAction.DELETE, instance=quota, before=snapshot(quota))
                )
                changes.append(
                    _change(quota=quota, before=quota.target, after=None, reason=reason, user=user)
                )
                reallocated = True
            continue
        wanted = (cell.target, text.clean_text(cell.document_number), cell.document_date)
        if quota is not None and (quota.target, quota.document_number, quota.document_date) == wanted:
            continue
        before = snapshot(quota) if quota is not None else None
        old_target = quota.target if quota is not None else None
        quota = quota or Quota(unit=unit, year=year, source=source)
        quota.target, quota.document_number, quota.document_date = wanted
        try:
            # No query per cell: the unit is the sheet's own, uniqueness is the lock above (and the database).
            quota.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors[str(unit.pk)] = error.messages
            continue
        (updated if before else created).append(quota)
        if old_target != quota.target:
            changes.append(
                _change(quota=quota, before=old_target, after=quota.target, reason=reason, user=user)
            )
            reallocated = reallocated or old_target is not None
        if before:
            audit.append(audit_entry(user=user, action=AuditAction.UPDATE, instance=quota, before=before))
    if reallocated and not reason:
        errors[REASON_FIELD] = [_("Nhập lý do khi thay đổi hoặc bỏ chỉ tiêu đã giao.")]
    if errors:
        raise ValidationError(errors)
    if removed:
        Quota.objects.filter(pk__in=[q.pk for q in removed]).delete()
    if updated:
        Quota.objects.bulk_update(updated, ["target", "document_number", "document_date"])
    if created:
        Quota.objects.bulk_create(created)
        audit += [audit_entry(user=user, action=AuditAction.CREATE, instance=q) for q in created]
    if audit:
        AuditEntry.objects.bulk_create(audit)
    if changes:
        QuotaChange.objects.bulk_create(changes)
    return len(created) + len(updated) + len(removed)


@transaction.atomic
def term_target_set(
    *,
    unit: Unit,
    first_year: int,
    last_year: int,
    target: int,
    source: str = QuotaSource.CONGRESS,
    document_number: str = "",
    document_date: datetime.date | None = None,
    user: User | None = None,
) -> TermTarget:
    """Create or replace the target of a unit over a term (first_year to last_year, both included)."""
    term = (
        TermTarget.objects.select_for_update()
        .filter(unit=unit, first_year=first_year, last_year=last_year, source=source)
        .first()
    )
    before = snapshot(term) if term else None
    term = term or TermTarget(unit=unit, first_year=first_year, last_year=last_year, source=source)
    term.target, term.document_number, term.document_date = target, document_number, document_date
    term.full_clean()
    term.save()
    if before != snapshot(term):
        record(
            user=user,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            instance=term,
            before=before,
        )
    return term


@transaction.atomic
def term_target_delete(*, term: TermTarget, user: User | None = None) -> None:
    record(user=user, action=AuditAction.DELETE, instance=term, before=snapshot(term))
    term.delete()
