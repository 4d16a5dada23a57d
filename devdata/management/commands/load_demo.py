from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from devdata import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: huyện Tân Phong với 25 tổ chức cơ sở đảng (chạy lại không nhân đôi dữ liệu)."

    def handle(self, *args, **options):
        created, district = demo.load_demo()
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Đã nạp dữ liệu mẫu: %(count)s đảng viên mới.") % {"count": demo.demo_member_count()}
                )
            )
        else:
            self.stdout.write(_("Dữ liệu mẫu đã có sẵn, không nạp lại."))
        rows = demo.ensure_demo_users(district)
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(_("Tài khoản dùng thử (mật khẩu: %(pw)s):") % {"pw": demo.DEMO_PASSWORD})
        )
        for username, role, unit in rows:
            self.stdout.write(f"  {username:<15} {role} – {unit}")
