"""Forms plumbing every page shares: Vietnamese messages, date boxes, a service's errors shown on the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

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

    # Required fields are marked before the first submit (their labels get this class; app.css adds the star).
    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels sit above their inputs: no trailing colon
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            speak_vietnamese(field)


class ChoosingForm(VietnameseForm):
    """A form that only chooses what a page shows (a list's filters, a page's year): it marks no field as
    required. Each of its selects always holds a value, so a star there would ask for nothing the user can
    leave out; stars mean "fill this in" on the forms that save."""

    required_css_class = ""


class AsciiIntegerField(forms.IntegerField):
    """A whole number in ASCII digits: Django's IntegerField takes "٢٠٢٤" or "２０２４" (int() reads any
    script's digits); a number typed or linked here is read strictly, anything else is invalid."""

    def to_python(self, value):
        if isinstance(value, str) and not value.strip().isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DateInput(forms.DateInput):
    """A plain text box: typing 19/05/2023 works in every browser (the date formats are dd/mm/yyyy)."""

    def __init__(self, attrs=None):
        # A number pad on phones (forms.js adds the slashes).
        super().__init__(
            attrs={"placeholder": _("dd/mm/yyyy"), "class": "date", "inputmode": "numeric", **(attrs or {})}
        )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to a field the form has, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
