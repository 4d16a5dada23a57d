"""Unit pickers: the selects of units and cells every form and filter of the app uses."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseForm

from ..choices import UnitLevel
from ..text import tree_label


class TargetInput(forms.TextInput):
    """A quota cell: text, not type=number, so the server (not the browser) judges and marks bad input."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"inputmode": "numeric", "class": "target", "autocomplete": "off", **(attrs or {})}
        )


class UnitChoiceField(forms.ModelChoiceField):
    top_depth = 0  # the depth shown flush left

    def label_from_instance(self, unit):
        return tree_label(unit.name, unit.depth - self.top_depth)


class _OfferedUnits(forms.models.ModelChoiceIterator):
    """The options of a unit select drawn from another queryset than the one the field validates against."""

    def __init__(self, field, queryset):
        super().__init__(field)
        self.queryset = queryset


class UnitSelect(forms.Select):
    """A select whose options are written in Python: Django renders each option through a template, about
    0.4 ms apiece, which is most of a list page's time once the unit picker offers hundreds of units."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>{escape(label)}</option>'
            for key, label in self.choices
        )
        return mark_safe(f"<select{flatatt(attrs)}>{options}</select>")  # every part escaped above


class UnitFilterChoiceField(UnitChoiceField):
    """A unit to filter a list by: any unit of `queryset` is accepted (a link may name a cell), but the select
    offers only `offered`, so a national scope (295,000 units) does not render a select of every cell."""

    widget = UnitSelect

    def __init__(self, *args, offered=None, top_depth=0, **kwargs):
        self.offered = offered
        self.top_depth = top_depth
        super().__init__(*args, **kwargs)

    def _get_choices(self):
        # Read whenever the queryset is set (also when the form copies its fields), so the select follows.
        return super()._get_choices() if self.offered is None else _OfferedUnits(self, self.offered)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class FilterForm(VietnameseForm, forms.Form):
    """The form class of the filtersets (django-filter builds its fields on it)."""


class CellChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cell):
        label = cell.name
        if cell.level == UnitLevel.SUBORDINATE_CELL and cell.parent_id:
            label = f"{label} – {cell.parent.short_name or cell.parent.name}"
        if cell.valid_to:
            label = _("%(label)s (đã giải thể từ %(day)s)") % {
                "label": label,
                "day": cell.valid_to.strftime("%d/%m/%Y"),
            }
        return label
