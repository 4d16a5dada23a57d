"""Charts drawn by the app itself as inline SVG: no script, no CDN, they print, and CSP allows them
(presentation attributes such as fill= are not inline styles). Figures come from reports/attainment.py."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .attainment.figures import Attainment, Status
from .formatting import format_count, format_decimal, format_percent

STATUS_COLOURS = {
    Status.EXCEEDED: "#1a7f37",
    Status.COMPLETED: "#0b5cad",
    Status.NOT_COMPLETED: "#b3261e",
    Status.NO_QUOTA: "#8c959f",
}
INK, MUTED, GRID, TARGET = "#1f2328", "#5f6b76", "#d8dde3", "#b3261e"


def _svg(width: int, height: int, title: str, body: SafeString, kind: str, font_size: int = 12) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart {k}" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-label="{t}" font-size="{f}" font-family="sans-serif"><title>{t}</title>'
        "{b}</svg>",
        k=kind,
        w=width,
        h=height,
        t=title,
        b=body,
        f=font_size,
    )


def _nice_step(rough: float) -> int:
    """The round step (1, 2, 5, 10, 20, 50 ...) at or above `rough`, for axis ticks people read easily."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= rough:
                return factor * magnitude
        magnitude *= 10


def _month_label(month: int) -> str:
    return _("T%(month)s") % {"month": month}


def _shorten(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def attainment_bars(report: Attainment) -> SafeString:
    """One horizontal bar per unit under the reported one, its length the rate (never capped), coloured by
    status, with the 100% line drawn across."""
    label_w, bar_w, row_h, top, bottom = 250, 430, 22, 26, 8
    width = label_w + bar_w + 70
    height = top + row_h * max(len(report.rows), 1) + bottom
    rates = [row.rate for row in report.rows if row.rate is not None]
    scale = max([Decimal(100), *rates]) * Decimal("1.1")

    def x(rate: Decimal) -> str:
        return format(label_w + bar_w * rate / scale, ".1f")

    parts = []
    for i, row in enumerate(report.rows):
        y = top + i * row_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                label_w - 6,
                y + 15,
                INK,
                _shorten(row.unit.short_name or row.unit.name),
            )
        )
        if row.rate is None:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}">{}</text>',
                    label_w + 4,
                    y + 15,
                    MUTED,
                    Status.NO_QUOTA.label,
                )
            )
            continue
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="14" fill="{}"><title>{}: {} ({})</title></rect>',
                label_w,
                y + 4,
                format(bar_w * row.rate / scale, ".1f"),
                STATUS_COLOURS[row.status],
                row.unit.name,
                format_percent(row.rate),
                row.ratio,
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="{}">{}</text>',
                float(x(row.rate)) + 4,
                y + 15,
                INK,
                format_percent(row.rate),
            )
        )
    line_x = x(Decimal(100))
    parts.append(
        format_html(
            '<line x1="{x}" y1="{t}" x2="{x}" y2="{b}" stroke="{c}" stroke-width="1.5" stroke-dasharray="5 3"/>'
            '<text x="{x}" y="{ty}" text-anchor="middle" fill="{c}">100%</text>',
            x=line_x,
            t=top - 4,
            b=height - bottom,
            c=TARGET,
            ty=top - 10,
        )
    )
    return _svg(
        width, height, _("Tỷ lệ hoàn thành chỉ tiêu của từng đơn vị"), mark_safe("".join(parts)), "bars"
    )


def cumulative_curve(report: Attainment) -> SafeString:
    """Cumulative admissions month by month against the even pace (quota × month ÷ 12). As wide as the report's
    content (1,240 px at 1366), so the page draws it at about its own size: the CSS stretches it to its card."""
    left, right, top, bottom, width, height = 64, 20, 18, 54, 1200, 340
    plot_w, plot_h = width - left - right, height - top - bottom
    done = [m for m in report.months if m.cumulative is not None]
    highest = max([report.committee.quota or 0, *(m.cumulative for m in done), 1])
    step = _nice_step(highest / 4)
    ticks = list(range(0, highest + step, step))
    scale = Decimal(ticks[-1])

    def point(month: int, value) -> str:
        px = left + plot_w * (month - 0.5) / 12
        py = top + plot_h - float(Decimal(value) / scale) * plot_h
        return f"{px:.1f},{py:.1f}"

    grid_parts = []
    for tick in ticks:
        y = top + plot_h - float(Decimal(tick) / scale) * plot_h
        grid_parts.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}"/>'
                '<text x="{}" y="{ty}" text-anchor="end" fill="{}">{}</text>',
                left,
                width - right,
                GRID,
                left - 6,
                MUTED,
                format_count(tick),
                y=f"{y:.1f}",
                ty=f"{y + 4:.1f}",
            )
        )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
        (
            (
                point(m.month, 0).split(",")[0],
                height - bottom + 18,
                MUTED,
                _month_label(m.month),
            )
            for m in report.months
        ),
    )
    parts = [*grid_parts, labels]
    if report.committee.quota is not None:
        even = " ".join(point(m.month, m.even_pace) for m in report.months)
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5" stroke-dasharray="6 4"/>',
                even,
                MUTED,
            )
        )
    if done:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                " ".join(point(m.month, m.cumulative) for m in done),
                TARGET,
            )
        )
        parts.append(
            format_html_join(
                "",
                '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}</title></circle>',
                (
                    (
                        *point(m.month, m.cumulative).split(","),
                        TARGET,
                        f"{_month_label(m.month)}: {format_count(m.cumulative)}",
                    )
                    for m in done
                ),
            )
        )
    legend_y = height - 12
    parts.append(
        format_html(
            '<line x1="{l}" y1="{y}" x2="{l2}" y2="{y}" stroke="{red}" stroke-width="2.5"/>'
            '<text x="{t1}" y="{ty}" fill="{ink}">{a}</text>'
            '<line x1="{l3}" y1="{y}" x2="{l4}" y2="{y}" stroke="{muted}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            '<text x="{t2}" y="{ty}" fill="{ink}">{b}</text>',
            l=left,
            l2=left + 24,
            t1=left + 30,
            l3=left + 330,
            l4=left + 354,
            t2=left + 360,
            y=legend_y - 4,
            ty=legend_y,
            red=TARGET,
            muted=MUTED,
            ink=INK,
            a=_("Lũy kế số đảng viên được kết nạp"),
            b=_("Tiến độ đều theo chỉ tiêu (%(quota)s)")
            % {"quota": format_decimal(report.committee.quota or 0)},
        )
    )
    return _svg(
        width,
        height,
        _("Lũy kế kết nạp theo tháng so với tiến độ đều"),
        mark_safe("".join(parts)),
        "curve",
        font_size=14,
    )
