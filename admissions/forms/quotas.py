"""The year picker and the quota sheet."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VietnameseForm

from ..models import Unit
from .fields import TargetInput

FIRST_YEAR = 2000


def quota_year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class YearForm(VietnameseForm, forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), choices=quota_year_choices, coerce=int)


def _target_field(label, initial) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        initial=initial,
        required=False,
        min_value=1,
        max_value=1_000_000,
        widget=TargetInput,
        error_messages={
            "invalid": _("Nhập một số nguyên dương hoặc để trống."),
            "min_value": _("Chỉ tiêu phải là số nguyên dương (để trống nếu không giao)."),
            "max_value": _("Chỉ tiêu quá lớn."),
        },
    )


class QuotaSheetForm(VietnameseForm, forms.Form):
    """One input per grassroots organisation (its assigned quota), plus the committee's own at the top.

    An empty cell means "no quota": saving removes a quota the unit had for the year.
    """

    document_number = forms.CharField(label=_("Số văn bản giao chỉ tiêu"), max_length=64, required=False)
    document_date = forms.DateField(label=_("Ngày văn bản"), widget=DateInput, required=False)

    def __init__(self, *args, committee: Unit, committee_target, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee, self.rows = committee, list(rows)
        self.fields["committee"] = _target_field(
            _("Chỉ tiêu cấp trên giao cho %(unit)s") % {"unit": committee.name}, committee_target
        )
        self.fields["committee"].widget.attrs["data-committee"] = "1"
        for unit in self.rows:
            self.fields[self.field_name(unit)] = _target_field(unit.name, unit.target)

    @staticmethod
    def field_name(unit: Unit) -> str:
        return f"unit_{unit.pk}"

    def row_items(self):
        return [(unit, self[self.field_name(unit)]) for unit in self.rows]

    def targets(self) -> dict[Unit, int | None]:
        """The cells the page sent, the committee's own quota included. A unit missing from the POST (a page opened before the unit was added,
        say) is left alone rather than read as an emptied cell.
        """
        names = {self.committee: "committee"} | {unit: self.field_name(unit) for unit in self.rows}
        return {unit: self.cleaned_data[name] for unit, name in names.items() if name in self.data}

    def add_unit_errors(self, error: ValidationError) -> None:
        """The service's errors are keyed by unit id; show each next to its cell."""
        names = {str(unit.pk): self.field_name(unit) for unit in self.rows}
        names[str(self.committee.pk)] = "committee"
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            self.add_error(names.get(key), messages)
