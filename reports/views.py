from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import ScopedMixin
from admissions.choices import UnitLevel
from admissions.models import Unit
from admissions.selectors import unit_filter_options

from . import attainment, charts, excel
from .forms import ReportForm, Selection
from .tables import header_links, sort_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportSelectionMixin(ScopedMixin):
    """Reads the unit (404 outside the user's subtree), year, as-of day and quota source of a report."""

    def selection(self) -> Selection:
        self.form = ReportForm(self.request.GET or None)
        self.form.is_valid()
        return self.form.selection(self.unit_from_query())


class ReportView(ReportSelectionMixin, TemplateView):
    """The yearly attainment report of one unit of the user's subtree, with its breakdowns and charts."""

    template_name = "reports/report.html"

    def get_context_data(self, **kwargs):
        chosen = self.selection()
        report = attainment.yearly_attainment(
            chosen.unit, chosen.year, as_of=chosen.as_of, source=chosen.source
        )
        return super().get_context_data(
            form=self.form,
            chosen=chosen,
            report=report,
            rows=sort_lines(report.rows, chosen.sort),
            columns=header_links(chosen.sort),
            breakdown=attainment.breakdown(chosen.unit, chosen.year, as_of=chosen.as_of),
            bars=charts.attainment_bars(report),
            curve=charts.cumulative_curve(report),
            units=unit_filter_options(user=self.request.user, selected=chosen.unit.pk)
            .exclude(level=UnitLevel.SUBORDINATE_CELL)
            .only("name", "depth"),
            ancestors=self.visible_units().filter(pk__in=chosen.unit.ancestor_ids()[:-1]).only("name"),
            **kwargs,
        )


class ReportWorkbookView(ReportSelectionMixin, View):
    """The yearly summary workbook for the year, unit and as-of day chosen on the report page."""

    def get(self, request, *args, **kwargs):
        chosen = self.selection()
        if self.form.errors:  # the report page names the problem in Vietnamese
            return redirect(f"{reverse('report')}?{request.GET.urlencode()}")
        unit, year, as_of = chosen.unit, chosen.year, chosen.as_of
        content = excel.summary_workbook(
            report=attainment.yearly_attainment(unit, year, as_of=as_of, source=chosen.source),
            breakdown=attainment.breakdown(unit, year, as_of=as_of),
            members=attainment.admitted_members(unit, year, as_of=as_of),
            superior=unit.parent.name if unit.parent_id else "",
            place=place_of(unit),
        )
        response = HttpResponse(content, content_type=XLSX)
        filename = f"bao-cao-ket-nap-{year}-{slugify(unit.code) or unit.pk}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# Committees date their documents from their locality: "Tân Phong, ngày 20 tháng 02 năm 2024".
TERRITORIAL_PREFIXES = (
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng bộ xã", "Đảng bộ phường", "Đảng bộ thị trấn",
)  # fmt: skip


def place_of(unit: Unit) -> str:
    """The locality a unit's report is dated from: the nearest unit above (or itself) named after a
    territory, without its committee prefix; "" when none is (the line then keeps its dots to fill in)."""
    branch = Unit.objects.filter(pk__in=unit.ancestor_ids()).order_by("-depth").values_list("name", flat=True)
    for name in branch:
        for prefix in TERRITORIAL_PREFIXES:
            if name.startswith(prefix + " "):
                return name[len(prefix) + 1 :]
    return ""
