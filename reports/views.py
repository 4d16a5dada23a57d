from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import ScopedMixin
from accounts.models import Role
from accounts.scope import scope_of
from admissions.forms import UnitSelect
from admissions.selectors import unit_ancestors, unit_filter_labels
from candidates import selectors as candidate_selectors
from candidates import services as candidate_services
from core import xlsx

from . import attainment, charts, tasks
from .forms import ReportForm, Selection
from .tables import header_links, sort_lines

if TYPE_CHECKING:
    from admissions.models import Unit


class HomeView(TemplateView):
    """The home dashboard of the top of the user's scope (attainment.dashboard): this year's result against
    the quota, the pace, the units behind it, the pipeline and the work due, each count linking to the list
    that makes it up; a clerk also gets their things to do this week. A user without a scope gets the links
    only."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        unit = scope_of(user)
        board = attainment.dashboard(unit, today=today) if unit is not None else None
        clerk = board is not None and user.role == Role.UNIT_CLERK and user.can_edit
        if board:
            candidate_services.pipeline_counts_refresh(report=board.report)
        return super().get_context_data(
            board=board,
            report=board and board.report,
            year=today.year,
            # The year-end range and what it would take (attainment.forecast), as on the report page.
            forecast=attainment.forecast(board.report) if board else None,
            week=candidate_selectors.work_this_week(user=user, today=today) if clerk else None,
            **kwargs,
        )


class ReportSelectionMixin(ScopedMixin):
    """Reads the unit (404 outside the user's subtree), year, as-of day and quota source of a report."""

    def selection(self) -> Selection:
        self.form = ReportForm(self.request.GET or None)
        self.form.is_valid()
        return self.form.selection(self.unit_from_query())


class ReportPageMixin(ReportSelectionMixin):
    """What both report pages show above their figures: the branch above the unit, the tabs and the pickers."""

    heading = ""  # formatted with the year and the unit's name

    def get_context_data(self, **kwargs):
        chosen = self.selection()
        return super().get_context_data(
            form=self.form,
            chosen=chosen,
            heading=self.heading % {"year": chosen.year, "unit": chosen.unit.name},
            unit_picker=self.unit_picker(chosen.unit),
            ancestors=unit_ancestors(user=self.request.user, unit=chosen.unit),
            drill=self.drill_link(),
            **self.figures(chosen),
            **kwargs,
        )

    def figures(self, chosen: Selection) -> dict:
        raise NotImplementedError

    def drill_link(self) -> str:
        """The start of a link to the same report for another unit, to which its id is appended: the
        {% querystring %} tag took 0.1 ms a row copying the query string."""
        query = self.request.GET.copy()
        for name in ("unit", "sort"):
            query.pop(name, None)
        return f"?{query.urlencode()}&unit=" if query else "?unit="

    def unit_picker(self, chosen: Unit) -> str:
        """The unit select, as the lists' unit filter offers it: the top of the user's scope, opened along the
        chosen unit's branch (cells included, so a cell reached by a link stays chosen)."""
        choices = unit_filter_labels(user=self.request.user, selected=chosen)
        return UnitSelect(choices=choices).render("unit", chosen.pk)


class ReportView(ReportPageMixin, TemplateView):
    """The yearly attainment report of one unit of the user's subtree (DOMAIN.md 6.1), with its charts."""

    template_name = "reports/report.html"
    heading = _("Kết quả kết nạp đảng viên năm %(year)s – %(unit)s")

    def figures(self, chosen: Selection) -> dict:
        report = attainment.yearly_attainment(
            chosen.unit, chosen.year, as_of=chosen.as_of, source=chosen.source
        )
        candidate_services.pipeline_counts_refresh(report=report)
        return {
            "report": report,
            "forecast": attainment.forecast(report),
            "targets": attainment.targets_of(report),
            "rows": sort_lines(report.rows, chosen.sort),
            "columns": header_links(chosen.sort),
            "bars": charts.attainment_bars(report),
            "curve": charts.cumulative_curve(report),
        }


class BreakdownView(ReportPageMixin, TemplateView):
    """Biểu 2 of one unit of the user's subtree (DOMAIN.md 6.2 and 6.3): who the admitted members are."""

    template_name = "reports/breakdown.html"
    heading = _("Thống kê đảng viên mới kết nạp năm %(year)s – %(unit)s")

    def figures(self, chosen: Selection) -> dict:
        return {"breakdown": attainment.breakdown(chosen.unit, chosen.year, as_of=chosen.as_of)}


class ReportWorkbookView(ReportSelectionMixin, View):
    """The yearly summary workbook for the year, unit and as-of day chosen on the report page."""

    def get(self, request, *args, **kwargs):
        chosen = self.selection()
        if self.form.errors:  # the report page names the problem in Vietnamese
            return redirect(f"{reverse('report')}?{request.GET.urlencode()}")
        unit, year, as_of = chosen.unit, chosen.year, chosen.as_of
        report = attainment.yearly_attainment(unit, year, as_of=as_of, source=chosen.source)
        if tasks.in_background(report):  # a large scope: the worker writes it, its job's page offers it
            return redirect(
                tasks.start_workbook(request, unit=unit, year=year, as_of=as_of, source=chosen.source)
            )
        content = tasks.summary_workbook(unit, year, as_of=as_of, source=chosen.source, report=report)
        response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{tasks.workbook_name(unit, year)}"'
        return response
