"""Reads of the user management pages, scoped like everything else (accounts.scope)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from admissions.models import AuditEntry, Unit

from .models import User
from .scope import scope_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def lockouts():
    """The login locks in force (django-axes: failures up to the limit within the cool-off time)."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )


def users_managed_by(manager: User | AnonymousUser) -> QuerySet[User]:
    """The accounts `manager` may see and change: those attached to a unit of their subtree, never a
    superuser (the installation's administrators are managed in the admin) nor themselves (their own
    password has its page). Each carries `locked`: a login lock is in force for it."""
    scope = scope_of(manager)
    if scope is None or not manager.can_manage_units:
        return User.objects.none()
    return (
        User.objects.filter(unit__in=Unit.objects.subtree(scope), is_superuser=False)
        .exclude(pk=manager.pk)
        .select_related("unit")
        .annotate(locked=Exists(lockouts().filter(username=OuterRef("username"))))
        .order_by("unit__path", "username")
    )


def user_history(user: User) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type="user", object_id=user.pk).select_related("user")
