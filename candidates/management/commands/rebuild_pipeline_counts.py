"""manage.py rebuild_pipeline_counts: count the forecast's saved counts of the files again, for today."""

import time

from django.core.management.base import BaseCommand

from candidates.services import pipeline_counts_rebuild


class Command(BaseCommand):
    help = (
        "Count the files again for today's forecast above the committees (the counts the national and "
        "provincial dashboards read), in one transaction. Idempotent; a page brings them up to date by "
        "itself, so this is for just after midnight (the first page of the day then does not wait) or for "
        "files loaded around the services."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = pipeline_counts_rebuild()
        self.stdout.write(f"{rows} rows in {time.perf_counter() - started:.1f} s")
