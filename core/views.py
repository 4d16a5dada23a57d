"""Generic view plumbing: a form whose valid submission calls one service, a form about one object."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from .forms import add_service_errors


class ServiceFormMixin:
    """form_valid calls one service (`perform`); its ValidationError goes back onto the form, nothing saved."""

    success_message = ""

    def add_service_errors(self, form, error: ValidationError) -> None:
        add_service_errors(form, error)

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            self.add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": self.object})
        return redirect(self.get_success_url())


class ObjectFormMixin:
    """A form about one object of the user's subtree (404 outside it)."""

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class FilteredRowsMixin:
    """A list (FilterView) whose rows are its filterset's own, read through a selector (the filterset's
    `rows()`): the view passes no base queryset, so nothing here can narrow or widen what the selector
    returns, and the page and its exports stay the same rows."""

    def get_queryset(self):
        return None
