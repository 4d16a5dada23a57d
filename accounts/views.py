"""The account pages: every user's own password; committee staff managing the accounts of their subtree."""

from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, View

from core.forms import add_service_errors

from . import selectors, services
from .forms import PasswordChangeForm, UserForm
from .mixins import StaffRequiredMixin


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (Django's form and checks); a one-time password must be changed here."""

    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        services.user_change_own_password(user=self.request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return redirect(self.get_success_url())


class ManagedUserMixin(StaffRequiredMixin):
    """A page about one account of the manager's subtree: 404 for any other."""

    @cached_property
    def account(self):
        return get_object_or_404(selectors.users_managed_by(self.request.user), pk=self.kwargs["pk"])


def show_one_time_password(request, account, password: str, *, created: bool):
    """The one-time password, on a page of its own that is never stored (no-store) and never shown again."""
    return render(
        request,
        "accounts/user_password.html",
        {"account": account, "password": password, "created": created},
    )


class UserListView(StaffRequiredMixin, ListView):
    template_name = "accounts/user_list.html"
    context_object_name = "accounts"
    paginate_by = 50

    def get_queryset(self):
        return selectors.users_managed_by(self.request.user)


class UserCreateView(StaffRequiredMixin, FormView):
    template_name = "accounts/user_form.html"
    form_class = UserForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "manager": self.request.user}

    def form_valid(self, form):
        try:
            account, password = services.user_create(
                by=self.request.user, **{name: form.cleaned_data[name] for name in services.CREATE_FIELDS}
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return show_one_time_password(self.request, account, password, created=True)


class UserUpdateView(ManagedUserMixin, FormView):
    template_name = "accounts/user_form.html"
    form_class = UserForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "manager": self.request.user, "instance": self.account}

    def get_context_data(self, **kwargs):
        history = selectors.user_history(self.account)
        return super().get_context_data(account=self.account, history=history, **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in services.UPDATE_FIELDS}
        try:
            services.user_update(by=self.request.user, user=self.account, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu tài khoản %(name)s.") % {"name": self.account.username})
        return redirect("user_list")


class UserResetPasswordView(ManagedUserMixin, View):
    def post(self, request, *args, **kwargs):
        password = services.user_reset_password(by=request.user, user=self.account)
        return show_one_time_password(request, self.account, password, created=False)


class UserUnlockView(ManagedUserMixin, View):
    def post(self, request, *args, **kwargs):
        services.user_unlock(by=request.user, user=self.account)
        messages.success(request, _("Đã mở khóa đăng nhập của %(name)s.") % {"name": self.account.username})
        return redirect(reverse("user_edit", args=[self.account.pk]))


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login refused by the throttle (AXES_LOCKOUT_CALLABLE): a page that says
    why in Vietnamese, what to do, and for how long (429 Too Many Requests)."""
    context = {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
