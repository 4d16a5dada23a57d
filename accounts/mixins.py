"""Who may see and change what, for the page views: the scope is accounts.scope.scope_of(), the querysets
come from admissions.selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from admissions import selectors
from core.numbers import parse_positive_int

from .scope import scope_of

if TYPE_CHECKING:
    from admissions.models import Unit


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ScopedMixin:
    """A page that shows data of the user's subtree only. Objects outside it are 404, never shown."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.scope is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def scope(self) -> Unit:
        return scope_of(self.request.user)

    def visible_units(self):
        return selectors.units_visible_to(self.request.user)

    def unit_from_query(self, param: str = "unit") -> Unit:
        """The unit named in the query string, if the user may see it (404 otherwise); else their scope."""
        value = self.request.GET.get(param)
        if not value:
            return self.scope
        pk = parse_positive_int(value)  # ASCII digits only: "²".isdigit() is true, int("²") fails
        if pk is None:
            raise Http404
        return get_object_or_404(self.visible_units(), pk=pk)


class EditorRequiredMixin(ScopedMixin):
    """A page that changes data: viewers get 403 on every method, staff and clerks pass."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_edit:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffRequiredMixin(ScopedMixin):
    """A page that changes units or quotas: committee staff only; clerks and viewers get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_manage_units:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedFormKwargsMixin:
    """A form that offers only the user's units: it gets the user and the top of their scope."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "scope": self.scope}


class ScopedFilterMixin:
    """A filterset whose unit choices are the user's units."""

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}
