"""THE rule of who sees which units: a user works in the subtree of one unit, the top of their scope.

Every page, list, export, import and report scopes through `scope_of()`; the querysets built on it are in
admissions.selectors (`units_visible_to`, `members_visible_to`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from admissions.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


_UNREAD = object()  # not read yet (None is an answer: no scope)


def scope_of(user: User | AnonymousUser) -> Unit | None:
    """The unit at the top of what `user` may see and change: their own unit, whatever else they are (a
    superuser with a unit is scoped to it like anyone); for a superuser without a unit (the installation's
    administrator) the root of the tree; for anyone else nothing (they see no unit at all).

    Read once per request: the answer is kept on the user object the request carries.
    """
    key = (getattr(user, "pk", None), getattr(user, "unit_id", None), getattr(user, "is_superuser", False))
    cached_key, scope = getattr(user, "_scope_of", (None, _UNREAD))
    if scope is _UNREAD or cached_key != key:
        scope = _read_scope(user)
        user._scope_of = (key, scope)
    return scope


def _read_scope(user: User | AnonymousUser) -> Unit | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.unit_id:
        return user.unit
    if user.is_superuser:
        return Unit.objects.filter(parent__isnull=True).order_by("path").first()
    return None
