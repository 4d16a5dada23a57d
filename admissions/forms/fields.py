"""Unit pickers: the selects of units and cells every form and filter of the app uses."""

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms import ChoosingForm
from core.numbers import parse_positive_int

from .. import selectors
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

    def __iter__(self):
        # A few dozen units (selectors.unit_filter_options), read in one query: Django's iterator() would
        # open a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips a page).
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in list(self.queryset):
            yield self.choice(unit)


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


class FilterForm(ChoosingForm, forms.Form):
    """The form class of the filtersets (django-filter builds its fields on it)."""


class _ChosenUnitOnly(forms.models.ModelChoiceIterator):
    """The options of a searched unit picker as the page carries them: the blank one and the chosen unit,
    never the scope's units (a national scope has 250,000 cells)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)

    def __len__(self):
        return 1

    def chosen(self, value) -> tuple[str, str] | None:
        """(value, label) of the chosen unit if it is a valid choice, labelled with the units above it."""
        key = parse_positive_int(
            getattr(value, "pk", value)
        )  # "²".isdigit() is true, the database refuses it
        if key is None:
            return None
        unit = self.field.queryset.select_related(None).filter(pk=key).first()
        if unit is None:
            return None
        return str(unit.pk), selectors.unit_path_labels([unit], top_depth=self.field.top_depth)[unit.pk]


class UnitSearchSelect(forms.Select):
    """A unit picker that holds at any scale: the page writes only the chosen unit; in the browser
    (static/js/unit_picker.js, Tom Select) typing asks the server for the matching valid units
    (`unit_options`, limited to selectors.UNIT_OPTIONS_LIMIT), each named with the units above it."""

    def __init__(self, attrs=None, *, kind: str = "cell"):
        super().__init__(attrs)
        self.kind = kind
        self.search_params: dict[str, str] = {}

    def render(self, name, value, attrs=None, renderer=None):
        url = (
            reverse("unit_options")
            + "?"
            + "&".join(
                f"{key}={escape(str(val))}" for key, val in {"kind": self.kind, **self.search_params}.items()
            )
        )
        attrs = self.build_attrs(
            self.attrs,
            {
                **(attrs or {}),
                "name": name,
                "data-unit-search": url,
                "data-placeholder": _("Gõ tên hoặc mã đơn vị để tìm…"),
                "data-no-results": _("Không tìm thấy đơn vị phù hợp."),
            },
        )
        options = [*self.choices]
        chosen = self.choices.chosen(value) if hasattr(self.choices, "chosen") else None
        if chosen:
            options.append(chosen)
        html = "".join(
            f'<option value="{escape(key)}"{" selected" if chosen and key == chosen[0] else ""}>{escape(label)}</option>'
            for key, label in options
        )
        return mark_safe(f"<select{flatatt(attrs)}>{html}</select>")  # every part escaped above


class UnitSearchField(forms.ModelChoiceField):
    """A unit chosen by type-ahead: any unit of `queryset` (the valid choices, from a selector) is accepted,
    the page carries none but the chosen one (UnitSearchSelect)."""

    widget = UnitSearchSelect

    def __init__(self, *args, kind: str = "cell", top_depth: int = 0, **kwargs):
        self.top_depth = top_depth
        super().__init__(*args, **kwargs)
        self.widget.kind = kind

    def search_for(self, **params) -> None:
        """Extra query parameters the type-ahead sends (the unit being edited, so its branch is left out)."""
        self.widget.search_params = {key: str(value) for key, value in params.items() if value is not None}

    def _get_choices(self):
        return _ChosenUnitOnly(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)
