"""Forms of the unit tree: a unit's details, its closing or merger."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VietnameseForm

from .. import selectors
from ..models import Unit
from .fields import UnitChoiceField


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
        self.fields["parent"].queryset = selectors.units_outside(user=user, unit=self.instance)
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
        self.fields["successor"].queryset = selectors.units_outside(user=user, unit=unit)
