"""Forms of the unit tree: a unit's details, its closing or merger."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VietnameseForm

from .. import selectors
from ..models import Unit
from ..text import clean_text
from .fields import UnitSearchField


class UnitForm(VietnameseForm, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["parent", "code", "name", "short_name", "level", "unit_type", "sort_order", "valid_from"]
        field_classes = {"parent": UnitSearchField}
        widgets = {"valid_from": DateInput}
        help_texts = {
            "code": _(
                "Mã riêng của đơn vị, không trùng với đơn vị nào khác: thường là mã đơn vị cấp trên, dấu chấm "
                "và số thứ tự, ví dụ TH.TP.TL.01."
            ),
            "sort_order": _(
                "Vị trí của đơn vị giữa các đơn vị cùng cấp trên, trong cây tổ chức và trong báo cáo: số nhỏ "
                "đứng trước (1, 2, 3…); các đơn vị cùng số xếp theo thứ tự tạo."
            ),
        }

    def __init__(self, *args, user, scope: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk == scope.pk:
            # The top of the user's scope stays where it is: moving it would take it out of their sight.
            del self.fields["parent"]
            return
        parent = self.fields["parent"]
        # Any unit that holds units validates here, so a parent of the wrong level gets the model's precise
        # message; the type-ahead offers only the levels the chosen level may stand under.
        parent.queryset = selectors.parent_choices(user=user, unit=self.instance)
        parent.top_depth = scope.depth
        parent.widget.kind = "parent"
        parent.widget.attrs["data-level-from"] = self["level"].auto_id
        parent.search_for(unit=self.instance.pk)
        parent.required = True

    def clean_code(self):
        """A code another unit holds is refused naming that unit (Django's text names neither), or, for a
        unit outside the user's scope, saying only that it is one."""
        code = self.cleaned_data["code"]
        taken, holder = selectors.unit_holding_code(
            user=self.user, code=clean_text(code), exclude=self.instance.pk
        )
        if taken and holder:
            raise forms.ValidationError(
                _("Mã “%(code)s” đã là mã của %(unit)s; mỗi đơn vị cần một mã riêng."),
                code="unique",
                params={"code": clean_text(code), "unit": holder},
            )
        if taken:
            raise forms.ValidationError(
                _("Mã “%(code)s” đã là mã của một đơn vị ngoài phạm vi quản lý của bạn; hãy chọn mã khác."),
                code="unique",
                params={"code": clean_text(code)},
            )
        return code


class UnitCloseForm(VietnameseForm, forms.Form):
    valid_to = forms.DateField(
        label=_("Ngày giải thể, sáp nhập"),
        widget=DateInput,
        help_text=_("Ngày cuối cùng đơn vị còn hoạt động; từ ngày hôm sau không kết nạp vào đơn vị này."),
    )
    successor = UnitSearchField(
        label=_("Đơn vị kế thừa"),
        queryset=Unit.objects.none(),
        kind="successor",
        required=False,
        empty_label=_("Không có (giải thể)"),
        help_text=_("Khi sáp nhập: đơn vị tiếp nhận tổ chức và đảng viên."),
    )

    # A merger is saved on the second submit, once the page has shown what it touches.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, unit: Unit, scope_depth: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        successor = self.fields["successor"]
        successor.queryset = selectors.successor_choices(user=user, unit=unit)
        successor.top_depth = scope_depth
        successor.search_for(unit=unit.pk)

    def needs_confirmation(self) -> bool:
        return bool(self.cleaned_data.get("successor")) and not self.cleaned_data.get("confirmed")

    def ask_confirmation(self) -> None:
        """Show the form again, the next submit confirming."""
        data = self.data.copy()
        data[self.add_prefix("confirmed")] = "True"
        self.data = data
