"""The models of the plumbing: the submission tokens already used, the background jobs."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class UsedSubmission(models.Model):
    """A form submission that has been carried out: its one-time token (rendered in the form when the page
    was served) and where its result can be seen. The token's uniqueness is the database's, so of two posts
    of one form (a double click, a retry after a timeout, a second tab) exactly one write commits; the other
    answers with this result (core.submissions)."""

    token = models.CharField(_("mã lần gửi"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    result_url = models.CharField(_("trang kết quả"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("lần gửi biểu mẫu")
        verbose_name_plural = _("lần gửi biểu mẫu")

    def __str__(self):
        return self.token


class Job(models.Model):
    """A piece of work that outlives the request that asked for it (a long import, a long export), run by the
    background worker as a task (django.tasks) and followed by its owner on its page: what it is doing
    (`phase`), how far it is (`done` of `total`), and, once finished, where its result is or why it failed.

    Only its owner sees it (core.jobs.of). Its id is its address: random, so it cannot be guessed. A file it
    made waits in JOB_FILES_DIR under that id, served only through the job's page; jobs and their files are
    removed JOB_KEEP_HOURS after they started (core.jobs.prune)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("đang chờ")
        RUNNING = "running", _("đang chạy")
        DONE = "done", _("đã xong")
        FAILED = "failed", _("không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("công việc"), max_length=200)
    # What the job is about, in its caller's terms (e.g. the pending import it previews): how a page finds it.
    subject = models.CharField(_("đối tượng"), max_length=100, blank=True, db_index=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(_("bước"), max_length=20, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), null=True, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    result_url = models.CharField(_("trang kết quả"), max_length=500, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    # A result for the page that shows it (e.g. an import's preview), as core.jobs kept it.
    payload = models.BinaryField(_("kết quả"), null=True, blank=True)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("bắt đầu lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công việc chạy nền")
        verbose_name_plural = _("công việc chạy nền")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int | None:
        """How far it is, 0–100, or None when the total is not known."""
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return None
        return min(99, self.done * 100 // self.total)
