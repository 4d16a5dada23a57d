"""The forms of the account pages: a user's own password, and committee staff managing accounts."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from admissions import selectors
from admissions.forms import UnitSearchField
from core.forms import VietnameseForm

from .models import User


class LoginForm(AuthenticationForm):
    """Django's login form with a short message of our own: its stock text is three lines long on a phone
    and names the username field "Tên đăng nhập" in Django's own words."""

    error_messages = {
        "invalid_login": _("Sai tên đăng nhập hoặc mật khẩu."),
        "inactive": _("Tài khoản này đã bị khóa; hãy liên hệ Ban Tổ chức."),
    }


class PasswordChangeForm(VietnameseForm, DjangoPasswordChangeForm):
    """Django's own form (old password, the new one twice, the password validators), in the app's look."""


class UserForm(VietnameseForm, forms.ModelForm):
    """An account as committee staff see it: the unit is one of their subtree only."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "role", "unit", "is_active"]
        # Chosen by type-ahead among the units of the manager's subtree: a national scope has 294,721 of
        # them, which a select would write into the page (admissions.forms.UnitSearchField).
        field_classes = {"unit": UnitSearchField}
        labels = {
            "username": _("Tên đăng nhập"),
            "first_name": _("Tên"),
            "last_name": _("Họ và tên đệm"),
            "is_active": _("Được đăng nhập"),
        }
        help_texts = {
            "is_active": _(
                "Bỏ chọn để khóa tài khoản (người đã nghỉ, chuyển công tác); lịch sử vẫn giữ nguyên."
            ),
        }

    def __init__(self, *args, manager: User, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.queryset = selectors.units_visible_to(manager).order_by("path")
        unit.required = True
        unit.widget.kind = "unit"
        unit.top_depth = selectors.scope_depth(manager)
        if self.instance.pk is None:
            del self.fields["is_active"]
        else:
            self.fields["username"].disabled = True
