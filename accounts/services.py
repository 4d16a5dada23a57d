"""Every write to user accounts: creating, changing, deactivating, resetting a password, unlocking a login.

Like admissions.services: keyword-only arguments, full_clean() then save() in one transaction, and a line
of history (AuditEntry, object_type "user") in the same transaction, authored by the manager. A manager
may only give units of their own subtree (checked here, not only by the form's choices).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from admissions.models import AuditAction, AuditEntry, Unit
from admissions.services.history import author_name, author_of

from .models import User
from .scope import scope_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# What the history shows of an account. Never the password hash: a change of password is a marker only.
AUDITED_FIELDS = ("username", "first_name", "last_name", "role", "unit", "is_active", "must_change_password")
PASSWORD_MARK = "••••••"
# What the pages pass to user_create() and user_update().
CREATE_FIELDS = ("username", "first_name", "last_name", "role", "unit")
UPDATE_FIELDS = ("first_name", "last_name", "role", "unit", "is_active")
# No 0/O, 1/l/I: a one-time password is read off the screen and typed in by someone else.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _snapshot(user: User) -> dict:
    values = {}
    for name in AUDITED_FIELDS:
        if name == "unit":
            values[name] = str(user.unit) if user.unit_id else None
        else:
            values[name] = getattr(user, name)
    return values


def _record(*, by: User | AnonymousUser | None, user: User, action: str, before: dict, extra=None) -> None:
    after = _snapshot(user)
    changes = {name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]}
    changes.update(extra or {})
    author = author_of(by)
    AuditEntry.objects.create(
        user=author,
        user_name=author_name(author),
        action=action,
        object_type="user",
        object_id=user.pk,
        object_repr=str(user)[:255],
        changes=changes,
    )


def one_time_password() -> str:
    """A random password to hand over once; the user must change it at their next login."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        # Django's validators refuse an all-digit password; make sure it has letters of both cases and a digit.
        if (
            any(c.isdigit() for c in password)
            and any(c.isupper() for c in password)
            and any(c.islower() for c in password)
        ):
            return password


def _check_unit(manager: User, unit: Unit | None) -> None:
    scope = scope_of(manager)
    if not manager.can_manage_units or scope is None:
        raise PermissionDenied
    if unit is None:
        raise ValidationError({"unit": _("Hãy chọn đơn vị của người dùng.")})
    if not unit.path.startswith(scope.path):
        raise ValidationError({"unit": _("Chỉ được chọn đơn vị thuộc phạm vi của bạn.")})


def _check_managed(manager: User, user: User) -> None:
    """`user` is one `manager` may change (the selectors' users_managed_by rule, for a single account)."""
    scope = scope_of(manager)
    if (
        not manager.can_manage_units
        or scope is None
        or user.is_superuser
        or user.pk == manager.pk
        or user.unit_id is None
        or not user.unit.path.startswith(scope.path)
    ):
        raise PermissionDenied


@transaction.atomic
def user_create(
    *, by: User, username: str, first_name: str = "", last_name: str = "", role: str, unit: Unit | None
) -> tuple[User, str]:
    """A new account of `role` in `unit` with a one-time password, returned to be shown once."""
    _check_unit(by, unit)
    password = one_time_password()
    user = User(
        username=username, first_name=first_name, last_name=last_name, role=role, unit=unit,
        must_change_password=True,
    )  # fmt: skip
    user.set_password(password)
    user.full_clean()
    user.save()
    _record(by=by, user=user, action=AuditAction.CREATE, before={}, extra={"password": ["", PASSWORD_MARK]})
    return user, password


@transaction.atomic
def user_update(
    *, by: User, user: User, first_name: str, last_name: str, role: str, unit: Unit | None, is_active: bool
) -> User:
    """Change an account's name, role, unit or whether it may log in (deactivating keeps its history)."""
    _check_managed(by, User.objects.select_related("unit").get(pk=user.pk))
    _check_unit(by, unit)
    before = _snapshot(User.objects.select_related("unit").get(pk=user.pk))
    user.first_name, user.last_name, user.role, user.unit, user.is_active = (
        first_name, last_name, role, unit, is_active,
    )  # fmt: skip
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "role", "unit", "is_active"])
    _record(by=by, user=user, action=AuditAction.UPDATE, before=before)
    return user


@transaction.atomic
def user_reset_password(*, by: User, user: User) -> str:
    """A new one-time password for `user` (to be shown once); their next login must change it. Their lock,
    if any, is lifted: the password is new."""
    _check_managed(by, user)
    before = _snapshot(user)
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    axes_reset(username=user.username)
    _record(
        by=by, user=user, action=AuditAction.UPDATE, before=before, extra={"password": ["", PASSWORD_MARK]}
    )
    return password


@transaction.atomic
def user_unlock(*, by: User, user: User) -> int:
    """Lift the login lock of `user` (every address). Returns how many locks were lifted."""
    _check_managed(by, user)
    lifted = axes_reset(username=user.username)
    _record(
        by=by, user=user, action=AuditAction.UPDATE, before=_snapshot(user), extra={"locked": [True, False]}
    )
    return lifted


@transaction.atomic
def user_change_own_password(*, user: User, password: str) -> None:
    """The user chose a new password of their own (validated by Django's validators); a one-time password
    no longer needs changing."""
    validate_password(password, user)
    before = _snapshot(user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    _record(
        by=user, user=user, action=AuditAction.UPDATE, before=before, extra={"password": ["", PASSWORD_MARK]}
    )
