"""manage.py rebuild_admission_summary: build the admissions summary again from the members."""

import time

from django.core.management.base import BaseCommand

from admissions.services.summary import admission_summary_rebuild


class Command(BaseCommand):
    help = (
        "Build the admissions summary (the counts the reports read) again from the members, in one "
        "transaction. Idempotent; the services keep it right after every write, so this is for data loaded "
        "around them (a restore, the scale generator) or a check."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        summary, ethnicity = admission_summary_rebuild()
        self.stdout.write(
            f"{summary} summary rows, {ethnicity} ethnicity rows in {time.perf_counter() - started:.1f} s"
        )
