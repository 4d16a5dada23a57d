"""The forecast's saved counts of the files (reports.attainment.forecast.pipeline_counts), kept by
candidates.services.pipeline: above the organisations they are read instead of the nation's files."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from admissions.models import Unit

HEADER = 1  # the one row of PipelineSnapshot


class PipelineSnapshot(models.Model):
    """The header of the saved counts (one row): the day they were counted for, with the same day of the
    past years the forecast learns from, and the oldest cell resolution still decidable that day (which the
    days off move). A change to the tree empties `day`: everything is counted again."""

    day = models.DateField(_("ngày tính"), null=True)
    oldest = models.DateField(_("nghị quyết chi bộ cũ nhất còn được quyết định"), null=True)
    counted_at = models.DateTimeField(_("lúc tính"), null=True)

    class Meta:
        verbose_name = _("số liệu hồ sơ đã tính sẵn")
        verbose_name_plural = _("số liệu hồ sơ đã tính sẵn")

    def __str__(self):
        return f"{self.day:%d/%m/%Y}" if self.day else "-"


class PipelineCount(models.Model):
    """How many files of the organisations directly under one committee stood at one stage on one day,
    could not be decided for one reason (or can), and were decided by 31/12 of that year; the stage ""
    counts the committee's organisations that record no file."""

    day = models.DateField(_("ngày"))
    committee = models.ForeignKey(Unit, verbose_name=_("cấp ủy"), on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("bước"), max_length=16, blank=True)
    blocked = models.CharField(_("lý do không kịp"), max_length=16, blank=True)
    decided = models.BooleanField(_("đã quyết định trong năm"))
    n = models.PositiveIntegerField(_("số hồ sơ"))

    class Meta:
        verbose_name = _("số hồ sơ đã tính sẵn")
        verbose_name_plural = _("số hồ sơ đã tính sẵn")

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.committee_id} {self.stage} {self.blocked}: {self.n}"


class BoardCount(models.Model):
    """The pipeline board's counts (reports.attainment.pipeline) of the files of the organisations directly
    under one committee at one stage, on the day of the saved counts (PipelineSnapshot): how many, how many
    past their decision's deadline, how many whose course certificate runs out. The boards of the units
    above the committees add them up instead of grouping the nation's files; kept with PipelineCount."""

    committee = models.ForeignKey(Unit, verbose_name=_("cấp ủy"), on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("bước"), max_length=16)
    n = models.PositiveIntegerField(_("số hồ sơ"))
    overdue = models.PositiveIntegerField(_("quá hạn quyết định"))
    expiring = models.PositiveIntegerField(_("giấy chứng nhận sắp hết hạn"))

    class Meta:
        verbose_name = _("số hồ sơ trên bảng đã tính sẵn")
        verbose_name_plural = _("số hồ sơ trên bảng đã tính sẵn")

    def __str__(self):
        return f"{self.committee_id} {self.stage}: {self.n}"


class PipelineChange(models.Model):
    """An organisation whose files changed since they were counted: written by the candidates' services in
    the transaction of the change; the next refresh counts its committee again (the committee above it
    then, which a move of the organisation, a change to the tree, counts again in full anyway) and removes
    the line."""

    organisation = models.ForeignKey(
        Unit, verbose_name=_("tổ chức cơ sở đảng"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("thay đổi chưa tính")
        verbose_name_plural = _("thay đổi chưa tính")

    def __str__(self):
        return str(self.organisation_id)
