"""The candidate lists' tables (django-tables2), laid out as the member lists'."""

from functools import cached_property

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Candidate
from .selectors import DECIDING_STAGES


class _Stacked(tables.Table):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in self.columns:  # each cell names its column, for the phone's cards
            column.column.attrs.setdefault("td", {})["data-label"] = column.header

    def render_grassroots(self, record, value):
        return record.grassroots or "—"


class CandidateTable(_Stacked):
    """The candidate list. Its rows are written by its template straight from the record (for speed), with
    each column's header read once (`labels`)."""

    full_name = tables.LinkColumn("candidate_detail", args=[tables.A("pk")], orderable=False)
    cell = tables.Column(orderable=False)
    grassroots = tables.Column(orderable=False, verbose_name=_("Tổ chức cơ sở đảng"))
    stage = tables.Column(orderable=False)
    certificate_valid_until = tables.DateColumn(short=True, orderable=False)
    decision_due = tables.DateColumn(short=True, orderable=False)

    class Meta:
        model = Candidate
        fields = ("full_name", "cell", "grassroots", "stage", "certificate_valid_until", "decision_due")
        # Renders the rows itself, for speed: change the columns here and there together.
        template_name = "candidates/_candidate_table.html"
        attrs = {"class": "data stack-narrow"}
        empty_text = _("Không có quần chúng nào.")

    @cached_property
    def labels(self) -> dict[str, str]:
        """Each shown column's header by name, for the rows' phone labels (and "id" when the tick box is on)."""
        return {column.name: str(column.header) for column in self.columns}  # translated once, not per row


def batch_column() -> tables.CheckBoxColumn:
    """The tick box of each row when the list shows one stage to an editor: the ticked files go to the batch
    step (candidate_batch_stage) as `id`."""
    return tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"data-select-all": "id", "aria-label": _("Chọn tất cả hồ sơ trên trang")},
            "td__input": {"aria-label": _("Chọn hồ sơ này")},
        },
    )


class DueTable(_Stacked):
    full_name = tables.LinkColumn("candidate_detail", args=[tables.A("pk")], orderable=False)
    cell = tables.Column(orderable=False)
    stage = tables.Column(orderable=False)
    due = tables.DateColumn(short=True, orderable=False, verbose_name=_("Hạn"))
    what = tables.Column(accessor="pk", orderable=False, verbose_name=_("Việc cần làm"))

    class Meta:
        model = Candidate
        fields = ("full_name", "cell", "stage", "due")
        template_name = "tables/table.html"
        attrs = {"class": "data stack-narrow"}
        empty_text = _("Không có hồ sơ nào đến hạn hoặc quá hạn.")
        row_attrs = {"class": lambda record: "overdue" if record.due < timezone.localdate() else ""}

    def render_what(self, record):
        if record.stage in DECIDING_STAGES:
            late = record.due < timezone.localdate()
            return _("Quá hạn ra quyết định kết nạp") if late else _("Sắp hết hạn ra quyết định kết nạp")
        return _("Giấy chứng nhận sắp hết giá trị: chi bộ cần xét trước ngày này")
