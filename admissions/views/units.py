"""Pages of the unit tree: browse it with its counts, add, edit, close or merge a unit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from accounts.mixins import ScopedFormKwargsMixin, ScopedMixin, StaffRequiredMixin
from core.views import ObjectFormMixin, OneTimeSubmissionMixin, ServiceFormMixin
from reports import attainment

from .. import selectors, services
from ..forms import UnitCloseForm, UnitForm
from .mixins import ChosenYearMixin


class UnitTreeView(ScopedMixin, ChosenYearMixin, TemplateView):
    template_name = "admissions/unit_tree.html"

    def get_context_data(self, **kwargs):
        chosen = self.unit_from_query()
        return super().get_context_data(
            chosen=chosen,
            ancestors=selectors.unit_ancestors(user=self.request.user, unit=chosen),
            units=self.units(chosen, self.year),
            can_manage=self.request.user.can_manage_units,
            scope=self.scope,
            **kwargs,
        )

    @staticmethod
    def units(chosen, year: int) -> list:
        units = selectors.unit_tree_units(chosen)
        attainment.tree_counts(unit=chosen, units=units, year=year)
        return units


class UnitQuerysetMixin:
    def get_queryset(self):
        return selectors.units_visible_to(self.request.user)

    def get_success_url(self):
        return reverse("unit_tree")


class UnitCreateView(
    OneTimeSubmissionMixin,
    StaffRequiredMixin,
    ScopedFormKwargsMixin,
    UnitQuerysetMixin,
    ServiceFormMixin,
    CreateView,
):
    form_class = UnitForm
    template_name = "admissions/unit_form.html"
    success_message = _("Đã thêm đơn vị %(object)s.")

    def get_initial(self):
        return {"parent": self.request.GET.get("parent")}

    def perform(self, form):
        return services.unit_create(user=self.request.user, **form.cleaned_data)


class UnitUpdateView(
    OneTimeSubmissionMixin,
    StaffRequiredMixin,
    ScopedFormKwargsMixin,
    UnitQuerysetMixin,
    ServiceFormMixin,
    UpdateView,
):
    form_class = UnitForm
    template_name = "admissions/unit_form.html"
    success_message = _("Đã lưu đơn vị %(object)s.")

    def perform(self, form):
        return services.unit_update(unit=self.object, user=self.request.user, **form.cleaned_data)


class UnitCloseView(
    OneTimeSubmissionMixin, StaffRequiredMixin, UnitQuerysetMixin, ObjectFormMixin, ServiceFormMixin, FormView
):
    form_class = UnitCloseForm
    template_name = "admissions/unit_close.html"
    success_message = _("Đã ghi nhận giải thể, sáp nhập đơn vị %(object)s.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "unit": self.object}

    def perform(self, form):
        return services.unit_close(unit=self.object, user=self.request.user, **form.cleaned_data)
