"""The tables of the member lists (django-tables2). Sorting reads selectors.MEMBER_SORTS, as the exports do."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Member
from .selectors import MEMBER_SORTS


def _column(column_class=tables.Column, *, name: str, **kwargs):
    return column_class(order_by=MEMBER_SORTS.get(name), orderable=name in MEMBER_SORTS, **kwargs)


class MemberTable(tables.Table):
    full_name = _column(tables.LinkColumn, name="full_name", viewname="member_detail", args=[tables.A("pk")])
    sex = _column(name="sex")
    date_of_birth = _column(tables.DateColumn, name="date_of_birth", short=True)
    age = tables.Column(accessor="age_months", verbose_name=_("Tuổi khi kết nạp"), orderable=False)
    cell = _column(name="cell")
    grassroots = _column(name="grassroots", verbose_name=_("Tổ chức cơ sở đảng"))
    decision_number = _column(name="decision_number", verbose_name=_("Số quyết định"))
    decision_date = _column(
        tables.DateColumn, name="decision_date", short=True, verbose_name=_("Ngày quyết định")
    )
    status = _column(name="status")

    class Meta:
        model = Member
        fields = (
            "full_name",
            "sex",
            "date_of_birth",
            "age",
            "cell",
            "grassroots",
            "decision_number",
            "decision_date",
            "status",
        )
        # Renders the rows itself, for speed: change the columns here and there together.
        template_name = "admissions/_member_table.html"
        attrs = {"class": "data"}
        empty_text = _("Không có đảng viên nào khớp với điều kiện lọc.")
        order_by = None


class ProbationTable(tables.Table):
    full_name = tables.LinkColumn("member_detail", args=[tables.A("pk")], orderable=False)
    cell = tables.Column(orderable=False)
    grassroots = tables.Column(orderable=False, verbose_name=_("Tổ chức cơ sở đảng"))
    ceremony_date = tables.DateColumn(short=True, orderable=False)
    probation_end = tables.DateColumn(short=True, orderable=False)
    due = tables.Column(accessor="probation_end", verbose_name=_("Tình trạng"), orderable=False)
    actions = tables.TemplateColumn(
        template_name="admissions/_probation_actions.html", verbose_name=_("Ghi nhận"), orderable=False
    )

    class Meta:
        model = Member
        fields = ("full_name", "cell", "grassroots", "ceremony_date", "probation_end")
        template_name = "tables/table.html"
        # On a phone each row is a card of labelled lines (app.css), its action on screen, not past the edge.
        attrs = {"class": "data stack-narrow"}
        empty_text = _("Không có đảng viên dự bị nào đến hạn hoặc quá hạn công nhận chính thức.")
        # `overdue` is selectors.probation_due's: probation ended before this month began.
        row_attrs = {"class": lambda record: "overdue" if record.overdue else ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in self.columns:  # each cell names its column, for the phone's cards
            column.column.attrs.setdefault("td", {})["data-label"] = column.header

    def render_grassroots(self, record, value):
        # A grassroots cell (CBCS) is its own TCCS: named, not "—".
        return record.grassroots or "—"

    def render_due(self, record):
        return _("Quá hạn") if record.overdue else _("Đến hạn trong tháng")
