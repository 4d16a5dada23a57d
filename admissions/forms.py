"""Forms of the data-entry pages. They parse and show errors; rules live in the models and services."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import selectors
from .choices import MemberStatus, UnitLevel
from .models import Member, Unit, display_value
from .text import clean_text, fold

FIRST_YEAR = 2000
CHOOSE = _("— Chọn —")
# Django's Vietnamese catalogue lacks "Select a valid choice" and the blank option of a select ("- Select an
# option -"), and renders "whole number" badly; every form of the app uses these instead.
MESSAGES = {
    "required": _("Trường này là bắt buộc."),
    "invalid_choice": _("Lựa chọn không hợp lệ: hãy chọn một mục trong danh sách."),
}
TYPE_MESSAGES = {
    forms.DateField: _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 19/05/2023."),
    forms.IntegerField: _("Nhập một số nguyên."),
}
DJANGO_BLANK_LABELS = {str(BLANK_CHOICE_LABEL), "---------"}


def speak_vietnamese(field: forms.Field) -> None:
    """Give a field the app's Vietnamese messages and blank option (keeping any set on purpose)."""
    for code, message in MESSAGES.items():
        if code in field.error_messages:
            field.error_messages[code] = message
    for field_type, message in TYPE_MESSAGES.items():
        if isinstance(field, field_type):
            field.error_messages["invalid"] = message
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None and str(field.empty_label) in DJANGO_BLANK_LABELS:
            field.empty_label = CHOOSE
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] == "" and str(choices[0][1]) in DJANGO_BLANK_LABELS:
            field.choices = [("", CHOOSE), *choices[1:]]


class VietnameseForm:
    """Mixin for every form of the app: see speak_vietnamese()."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels sit above their inputs: no trailing colon
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            speak_vietnamese(field)


class DateInput(forms.DateInput):
    """A plain text box: typing 19/05/2023 works in every browser (the date formats are dd/mm/yyyy)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": _("dd/mm/yyyy"), "class": "date", **(attrs or {})})


class TargetInput(forms.TextInput):
    """A quota cell: text, not type=number, so the server (not the browser) judges and marks bad input."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"inputmode": "numeric", "class": "target", "autocomplete": "off", **(attrs or {})}
        )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to a field the form has, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def tree_label(name: str, depth: int) -> str:
    """A unit's name indented by its depth (below the top of what is offered), so a flat select reads as
    the tree."""
    return "\u00a0\u00a0" * max(depth, 0) + name


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


MEMBER_FIELDSETS = [
    (
        _("Thông tin cá nhân"),
        ["full_name", "sex", "date_of_birth", "ethnicity", "religion", "home_town", "national_id"],
    ),
    (
        _("Học vấn và nghề nghiệp"),
        [
            "occupation",
            "schooling",
            "qualification",
            "political_theory",
            "youth_union",
            "private_business_owner",
        ],
    ),
    (
        _("Kết nạp"),
        [
            "cell",
            "decision_number",
            "decision_date",
            "ceremony_date",
            "status",
            "confirmation_date",
            "struck_off_date",
            "readmission",
            "over_age_exception",
            "exception_note",
            "record_number",
            "card_number",
            "notes",
        ],
    ),
]


def member_sections(member: Member) -> list[tuple[str, list[tuple[str, str]]]]:
    """The record laid out as the form's groups, for the detail page: (legend, [(label, value)])."""
    return [
        (
            legend,
            [(capfirst(Member._meta.get_field(n).verbose_name), display_value(member, n)) for n in names],
        )
        for legend, names in MEMBER_FIELDSETS
    ]


def _unique_message(name: str) -> str:
    return next(c.violation_error_message for c in Member._meta.constraints if c.name == name)


class MemberForm(VietnameseForm, forms.ModelForm):
    """A member's record, in the three groups of the paper form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        required=False, label=_("Tôi đã kiểm tra: đây là một người khác, vẫn lưu hồ sơ này.")
    )

    class Meta:
        model = Member
        fields = [name for _legend, names in MEMBER_FIELDSETS for name in names]
        field_classes = {"cell": CellChoiceField}
        widgets = {
            "date_of_birth": DateInput,
            "decision_date": DateInput,
            "ceremony_date": DateInput,
            "confirmation_date": DateInput,
            "struck_off_date": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }

    def __init__(self, *args, user, scope: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.duplicates: list[Member] = []
        self.fields["cell"].queryset = (
            selectors.units_visible_to(user).cells().select_related("parent").order_by("path")
        )
        if self.instance.pk:
            del self.fields["confirm_duplicate"]
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]

    def clean_national_id(self):
        # The database constraint would report this above the form; the clerk should see it on the field.
        value = clean_text(self.cleaned_data.get("national_id")) or None
        if value and Member.objects.exclude(pk=self.instance.pk).filter(national_id=value).exists():
            raise ValidationError(_unique_message("member_national_id_unique"), code="unique")
        return value

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in MEMBER_FIELDSETS]

    def clean(self):
        cleaned = super().clean()
        name, born = cleaned.get("full_name"), cleaned.get("date_of_birth")
        if self.instance.pk or not name or not born or cleaned.get("confirm_duplicate"):
            return cleaned
        self.duplicates = list(
            selectors.member_duplicates(full_name_folded=fold(name), date_of_birth=born)[:5]
        )
        for member in self.duplicates:
            member.visible = member.cell.is_within(self.scope)
        if self.duplicates:
            raise ValidationError(
                _(
                    "Đã có hồ sơ cùng họ tên và ngày sinh (xem bên dưới). Nếu đây là một người khác, "
                    "đánh dấu ô xác nhận rồi bấm Lưu lần nữa."
                ),
                code="possible_duplicate",
            )
        return cleaned

    def member_fields(self) -> dict:
        """The cleaned values a service takes (without the form's own bookkeeping fields)."""
        return {name: value for name, value in self.cleaned_data.items() if name in self._meta.fields}


def decision_number_stem(number: str) -> str:
    """What a batch of decisions shares: "123-QĐ/HU" -> "-QĐ/HU" (the running number removed)."""
    return re.sub(r"\d+", "", number, count=1).strip()


class MemberOutcomeForm(VietnameseForm, forms.Form):
    """End of probation: confirmed as a full member, or struck off."""

    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[(MemberStatus.FULL, _("Công nhận chính thức")), (MemberStatus.STRUCK_OFF, _("Xóa tên"))],
        widget=forms.RadioSelect,
    )
    day = forms.DateField(label=_("Ngày quyết định"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class UnitForm(VietnameseForm, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["parent", "code", "name", "short_name", "level", "unit_type", "sort_order", "valid_from"]
        field_classes = {"parent": UnitChoiceField}
        widgets = {"valid_from": DateInput}

    def __init__(self, *args, user, scope: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk == scope.pk:
            # The top of the user's scope stays where it is: moving it would take it out of their sight.
            del self.fields["parent"]
            return
        units = selectors.units_visible_to(user).order_by("path")
        if self.instance.pk:
            units = units.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = units
        self.fields["parent"].required = True


class UnitCloseForm(VietnameseForm, forms.Form):
    valid_to = forms.DateField(
        label=_("Ngày giải thể, sáp nhập"),
        widget=DateInput,
        help_text=_("Ngày cuối cùng đơn vị còn hoạt động; từ ngày hôm sau không kết nạp vào đơn vị này."),
    )
    successor = UnitChoiceField(
        label=_("Đơn vị kế thừa"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Không có (giải thể)"),
        help_text=_("Khi sáp nhập: đơn vị tiếp nhận tổ chức và đảng viên."),
    )

    def __init__(self, *args, user, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            selectors.units_visible_to(user).exclude(path__startswith=unit.path).order_by("path")
        )


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
