"""The Django admin is the installation administrator's tool: unscoped, so superusers only."""

from django.utils.translation import gettext_lazy as _


def reserve_admin_for_superusers(site) -> None:
    """Only an active superuser may open `site` (is_staff alone no longer does), and every page of it says
    that it is the unscoped administration of the whole installation. Committee staff manage accounts in
    the app (Người dùng), within their own subtree."""

    def has_permission(request):
        return request.user.is_active and request.user.is_superuser

    site.has_permission = has_permission
    site.site_header = _(
        "Quản trị hệ thống – chỉ dành cho quản trị viên cài đặt (toàn bộ dữ liệu, không giới hạn phạm vi)"
    )
    site.site_title = _("Quản trị hệ thống")
    site.index_title = _("Quản trị toàn bộ hệ thống (không giới hạn theo đơn vị)")
