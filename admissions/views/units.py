"""Pages of the unit tree: browse it with its counts, add, edit, close or merge a unit."""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from accounts.mixins import ScopedFormKwargsMixin, ScopedMixin, StaffRequiredMixin
from core.numbers import parse_positive_int
from core.views import ObjectFormMixin, OneTimeSubmissionMixin, ServiceFormMixin
from reports import attainment

from .. import selectors, services
from ..choices import USUAL_CHILD_LEVEL, UnitLevel
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
        """ "Thêm trực thuộc" names the parent: the new unit gets the level usual under it, and inside an
        organisation its type (a commune's cells are of the commune's type)."""
        pk = parse_positive_int(self.request.GET.get("parent"))
        parent = self.visible_units().filter(pk=pk).first() if pk is not None else None
        if parent is None:
            return {}  # none named, or one the user may not see: the form starts empty
        initial = {"parent": parent.pk, "level": USUAL_CHILD_LEVEL.get(parent.level)}
        if parent.level not in (UnitLevel.PROVINCE, UnitLevel.SUPERIOR):
            initial["unit_type"] = parent.unit_type
        return initial

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
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "unit": self.object,
            "scope_depth": self.scope.depth,
        }

    def form_valid(self, form):
        if form.needs_confirmation():
            form.ask_confirmation()
            summary = selectors.unit_close_summary(self.object)
            return self.render_to_response(self.get_context_data(form=form, summary=summary))
        return super().form_valid(form)

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirmed"}
        return services.unit_close(unit=self.object, user=self.request.user, **data)


class UnitOptionsView(ScopedMixin, View):
    """The type-ahead of the unit pickers (forms.UnitSearchSelect): the valid units of the user's scope whose
    code or name holds the typed words, without diacritics, at most selectors.UNIT_OPTIONS_LIMIT of them,
    each named with the units above it. `kind` says which picker: a member's cell, a unit's parent, a
    closed unit's successor or an account's unit (`unit`: the unit being edited, whose branch is left out)."""

    def get(self, request, *args, **kwargs):
        user = request.user
        unit = self.unit_from_query() if request.GET.get("unit") else None
        kind = request.GET.get("kind")
        if kind == "cell":
            units = selectors.cell_choices(user)
        elif kind == "parent":
            units = selectors.parent_options(user=user, unit=unit, level=request.GET.get("level") or None)
        elif kind == "successor" and unit is not None:
            units = selectors.successor_choices(user=user, unit=unit)
        elif kind == "unit":  # any unit of the scope: an account's unit
            units = selectors.units_visible_to(user)
        else:
            return JsonResponse({"error": str(_("Yêu cầu không hợp lệ."))}, status=400)
        found, more = selectors.unit_search(units, query=request.GET.get("q", "")[:100])
        labels = selectors.unit_path_labels(found, top_depth=self.scope.depth)
        results = [{"value": u.pk, "text": labels[u.pk], "code": u.code} for u in found]
        return JsonResponse({"results": results, "more": more})
