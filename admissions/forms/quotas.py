"""The year picker and the quota sheet."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ChoosingForm, DateInput, VietnameseForm

from ..choices import QuotaSource
from ..models import TermTarget, Unit
from ..services import QuotaCell
from .fields import TargetInput

FIRST_YEAR = 2000


def quota_year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class YearForm(ChoosingForm, forms.Form):
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


OWN_LABELS = {
    QuotaSource.ASSIGNED: _("Chỉ tiêu cấp trên giao cho %(unit)s"),
    QuotaSource.CONGRESS: _("Chỉ tiêu theo nghị quyết đại hội của %(unit)s"),
    QuotaSource.SELF_SET: _("Chỉ tiêu theo nghị quyết, kế hoạch của %(unit)s"),
}
SPLIT_DOCUMENT_FIELDS = ("document_number", "document_date")


class QuotaSheetForm(VietnameseForm, forms.Form):
    """The allocation sheet of a unit for a year and source: its own quota (read-only unless the user may set
    it) and one input per unit directly below it.

    An empty cell means "no quota": saving removes a quota the unit had for the year. The split's document
    goes to the rows whose quota changes (or to every row when the document itself is changed); an untouched
    row keeps its own, so an untouched sheet asks for nothing to be written.
    """

    own_document_number = forms.CharField(label=_("Số văn bản (của cấp trên)"), max_length=64, required=False)
    own_document_date = forms.DateField(label=_("Ngày văn bản"), widget=DateInput, required=False)
    document_number = forms.CharField(label=_("Số văn bản phân bổ chỉ tiêu"), max_length=64, required=False)
    document_date = forms.DateField(label=_("Ngày văn bản phân bổ"), widget=DateInput, required=False)
    reason = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=255,
        required=False,
        help_text=_("Bắt buộc khi sửa hoặc bỏ chỉ tiêu đã giao (điều chỉnh giữa năm)."),
    )

    def __init__(
        self, *args, unit: Unit, source: str, own_quota, own_editable: bool, rows, prefill=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.unit, self.rows, self.own_editable = unit, list(rows), own_editable
        self.fields["own"] = _target_field(
            OWN_LABELS[source] % {"unit": unit.name}, own_quota and own_quota.target
        )
        self.fields["own"].widget.attrs["data-committee"] = "1"
        self.fields["own_document_number"].initial = own_quota.document_number if own_quota else ""
        self.fields["own_document_date"].initial = own_quota.document_date if own_quota else None
        if source != QuotaSource.ASSIGNED:
            self.fields["own_document_number"].label = _("Số nghị quyết, kế hoạch")
        for name in ("own", "own_document_number", "own_document_date"):
            self.fields[name].disabled = not own_editable
        self.order_fields(["own", "own_document_number", "own_document_date"])
        for row in self.rows:
            initial = row.last_target if prefill and row.target is None else row.target
            self.fields[self.field_name(row)] = _target_field(row.name, initial)

    @staticmethod
    def field_name(unit: Unit) -> str:
        return f"unit_{unit.pk}"

    def row_items(self):
        return [(unit, self[self.field_name(unit)]) for unit in self.rows]

    def cells(self) -> dict[Unit, QuotaCell]:
        """What the page asks for, cell by cell. A unit missing from the POST (a page opened before the
        unit was added, say) is left alone rather than read as an emptied cell."""
        data = self.cleaned_data
        cells = {}
        if self.own_editable and "own" in self.data:
            cells[self.unit] = QuotaCell(data["own"], data["own_document_number"], data["own_document_date"])
        restamp = any(name in self.changed_data for name in SPLIT_DOCUMENT_FIELDS)
        split = (data["document_number"], data["document_date"])
        for row in self.rows:
            name = self.field_name(row)
            if name not in self.data:
                continue
            target = data[name]
            if target is None:
                cells[row] = QuotaCell(None)
            elif restamp or target != row.target:
                cells[row] = QuotaCell(target, *split)
            else:
                cells[row] = QuotaCell(target, row.document_number or "", row.document_date)
        return cells

    def add_unit_errors(self, error: ValidationError) -> None:
        """The service's errors are keyed by unit id (and "reason"); show each next to its cell."""
        names = {str(unit.pk): self.field_name(unit) for unit in self.rows}
        names[str(self.unit.pk)] = "own"
        names["reason"] = "reason"
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            self.add_error(names.get(key), messages)


class TermTargetForm(VietnameseForm, forms.ModelForm):
    """A target over a term (congress resolution or multi-year plan) of one unit."""

    class Meta:
        model = TermTarget
        fields = ["source", "first_year", "last_year", "target", "document_number", "document_date"]
        widgets = {"document_date": DateInput, "target": TargetInput}

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["source"].choices = [
            (value, label) for value, label in QuotaSource.choices if value != QuotaSource.ASSIGNED
        ] + [(QuotaSource.ASSIGNED, QuotaSource.ASSIGNED.label)]

    def _post_clean(self):
        # The service validates the whole record; the form only converts what was typed.
        pass
