from django.views.generic import TemplateView

from accounts.mixins import ScopedMixin
from admissions.choices import UnitLevel

from . import attainment, charts
from .forms import ReportForm
from .tables import header_links, sort_lines


class ReportView(ScopedMixin, TemplateView):
    """The yearly attainment report of one unit of the user's subtree, with its breakdowns and charts."""

    template_name = "reports/report.html"

    def get_context_data(self, **kwargs):
        form = ReportForm(self.request.GET or None)
        form.is_valid()
        chosen = form.selection(self.unit_from_query())
        report = attainment.yearly_attainment(
            chosen.unit, chosen.year, as_of=chosen.as_of, source=chosen.source
        )
        return super().get_context_data(
            form=form,
            chosen=chosen,
            report=report,
            rows=sort_lines(report.rows, chosen.sort),
            columns=header_links(chosen.sort),
            breakdown=attainment.breakdown(chosen.unit, chosen.year, as_of=chosen.as_of),
            bars=charts.attainment_bars(report),
            curve=charts.cumulative_curve(report),
            units=self.visible_units().exclude(level=UnitLevel.SUBORDINATE_CELL).only("name", "depth"),
            ancestors=self.visible_units().filter(pk__in=chosen.unit.ancestor_ids()[:-1]).only("name"),
            **kwargs,
        )
