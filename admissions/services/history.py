"""The history line (AuditEntry) every write leaves, in the same transaction as the write."""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING

from django.db import models

from ..models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from accounts.models import User


def _plain(instance: models.Model, field: models.Field):
    """A field's value as stored in the history: JSON-safe, and readable without the related row."""
    if field.is_relation:
        return str(getattr(instance, field.name)) if getattr(instance, field.attname) else None
    value = getattr(instance, field.attname)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@functools.cache
def _audited_fields(model: type[models.Model]) -> list[models.Field]:
    # What people enter; derived and bookkeeping fields (editable=False) would only add noise.
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def snapshot(instance: models.Model) -> dict:
    return {field.name: _plain(instance, field) for field in _audited_fields(type(instance))}


def _blank(value: object) -> bool:
    return value is None or value == "" or value is False


def author_of(user: User | None) -> User | None:
    """Who a write is recorded against: the logged-in user, or nobody (a command, the demo loader)."""
    return user if user is not None and user.is_authenticated else None


def author_name(author: User | None) -> str:
    """The name a history line keeps of its author, in case the account is deleted later."""
    return (author.get_full_name() or author.username) if author is not None else ""


def record(
    *, user: User | None, action: str, instance: models.Model, before: dict | None = None
) -> AuditEntry:
    entry = audit_entry(user=user, action=action, instance=instance, before=before)
    entry.save()
    return entry


def audit_entry(
    *, user: User | None, action: str, instance: models.Model, before: dict | None = None
) -> AuditEntry:
    """The unsaved history line of one change (bulk writes save many at once)."""
    after = {} if action == AuditAction.DELETE else snapshot(instance)
    before = before or {}
    names = after.keys() | before.keys()
    changes = {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name) and not (_blank(before.get(name)) and _blank(after.get(name)))
    }
    author = author_of(user)
    return AuditEntry(
        user=author,
        user_name=author_name(author),
        action=action,
        object_type=instance._meta.model_name,
        object_id=instance.pk,
        object_repr=str(instance)[:255],
        changes=changes,
    )


def fresh(instance: models.Model) -> dict:
    """The row as the database holds it now (the admin hands us an instance already changed)."""
    return snapshot(type(instance)._base_manager.get(pk=instance.pk))
