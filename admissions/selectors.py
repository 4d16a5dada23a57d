"""Reads shared by views, reports and exports. Scoping by the user's unit lives here, nowhere else."""

from django.db.models import QuerySet

from .models import Member, Unit


def unit_subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    """The unit and everything under it, at any depth, in one indexed prefix query."""
    units = Unit.objects.filter(path__startswith=unit.path)
    return units if include_self else units.exclude(pk=unit.pk)


def units_visible_to(user) -> QuerySet[Unit]:
    """Units a user may see: their unit's subtree; everything for a superuser with no unit."""
    if user.is_superuser and not user.unit_id:
        return Unit.objects.all()
    if not user.unit_id:
        return Unit.objects.none()
    return unit_subtree(user.unit)


def members_in_subtree(unit: Unit) -> QuerySet[Member]:
    """Members admitted into any cell under `unit` (one join on the cell's path)."""
    return Member.objects.filter(cell__path__startswith=unit.path)


def members_visible_to(user) -> QuerySet[Member]:
    if user.is_superuser and not user.unit_id:
        return Member.objects.all()
    if not user.unit_id:
        return Member.objects.none()
    return members_in_subtree(user.unit)
