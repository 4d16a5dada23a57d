from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMITTEE_STAFF = "staff", _("Cán bộ Ban Tổ chức")
    UNIT_CLERK = "clerk", _("Văn thư tổ chức cơ sở đảng")
    VIEWER = "viewer", _("Người xem báo cáo")


class User(AbstractUser):
    """A person who logs in. They see the subtree of `unit` and may do what `role` allows.

    Who sees what is accounts.scope.scope_of: the subtree of `unit`; a superuser without a unit, the whole
    tree; anyone else without a unit, nothing.
    """

    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    unit = models.ForeignKey(
        "admissions.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Người dùng chỉ xem và sửa dữ liệu của đơn vị này và các đơn vị trực thuộc."),
    )
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"),
        default=False,
        help_text=_("Mật khẩu tạm thời do cán bộ quản lý đặt: người dùng phải đổi ở lần đăng nhập tới."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def can_edit(self) -> bool:
        """May enter, change and delete members (in their subtree)."""
        return self.is_active and (self.role in {Role.COMMITTEE_STAFF, Role.UNIT_CLERK} or self.is_superuser)

    @property
    def can_manage_units(self) -> bool:
        """Units and quotas are the committee's business: its staff (or a superuser) change them."""
        return self.is_active and (self.role == Role.COMMITTEE_STAFF or self.is_superuser)
