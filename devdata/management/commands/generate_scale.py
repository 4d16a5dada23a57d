import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from devdata import scale


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu ngẫu nhiên quy mô huyện, tỉnh hoặc toàn quốc để đo hiệu năng "
        "(chỉ dùng cho cơ sở dữ liệu thử, không dùng cho dữ liệu thật)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=sorted(scale.TIERS), required=True)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--fresh", action="store_true", help="Xóa toàn bộ đơn vị, chỉ tiêu và đảng viên trước khi sinh."
        )

    def handle(self, *args, tier, years, seed, fresh, **options):
        if years < 1:
            raise CommandError(_("--years phải từ 1 trở lên."))
        if scale.database_has_data() and not fresh:
            raise CommandError(
                _("Cơ sở dữ liệu đã có đơn vị, chỉ tiêu hoặc đảng viên: thêm --fresh để xóa và sinh lại.")
            )
        started = time.perf_counter()
        summary = scale.generate(tier, years=years, seed=seed, fresh=fresh, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"{tier} on {connection.vendor}: {summary.units:,} units ({summary.grassroots:,} grassroots, "
                f"{summary.cells:,} cells), {summary.quotas:,} quotas, {summary.members:,} members, "
                f"{summary.candidates:,} candidates, "
                f"years {summary.years[0]}–{summary.years[-1]}, in {time.perf_counter() - started:.1f} s"
            )
        )
