"""`manage.py prune_jobs`: remove the background jobs (and their files) started more than JOB_KEEP_HOURS ago.

Starting a job prunes as well, so a quiet installation keeps nothing long either; this command is for a
daily timer (docs/deploy.md), and also prunes the task queue's own finished records (django-tasks-db)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.tasks import task_backends

from core import jobs


class Command(BaseCommand):
    help = "Xóa các công việc chạy nền (và tệp của chúng) đã quá hạn giữ. / Remove expired background jobs."

    def handle(self, *args, **options):
        removed = jobs.prune()
        self.stdout.write(f"{removed} job(s) removed.")
        if type(task_backends["default"]).__module__.startswith("django_tasks_db"):
            call_command("prune_db_task_results", min_age_days=1, verbosity=options["verbosity"])
