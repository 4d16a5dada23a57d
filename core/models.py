"""The one model of the plumbing: the submission tokens already used."""

from django.conf import settings
from django.db import models
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
