from urllib.parse import urlencode

from django import template
from django.urls import reverse

from reports.formatting import format_count, format_decimal, format_percent, format_ratio

register = template.Library()


@register.filter
def percent(value):
    """105 -> "105%", 104.1666 -> "104,17%" (comma in Vietnamese, dot in English)."""
    return format_percent(value)


@register.filter
def decimal(value, places=2):
    return format_decimal(value, int(places))


@register.filter
def count(value):
    """1238 -> "1.238" in Vietnamese, "1,238" in English; nothing for no value."""
    return format_count(value)


@register.filter
def ratio(line):
    """A line's result over its quota: "1.238/2.000", or the result alone without a quota."""
    return format_ratio(line.result, line.quota)


@register.filter
def signed(value):
    """+3, −2, 0 (grouped: +1.050); nothing for no value."""
    if value is None:
        return ""
    return f"+{format_count(value)}" if value > 0 else f"−{format_count(-value)}" if value < 0 else "0"


@register.filter
def magnitude(value):
    """A shortfall written without its sign, after a word that says it is one ("còn thiếu 6")."""
    return "" if value is None else format_count(abs(value))


@register.simple_tag
def members_of(unit, period) -> str:
    """The member list that makes up a result of `unit` in `period` (attainment's counting rule: the
    members of its subtree decided from the period's first day to its last), for a count to link to."""
    query = urlencode(
        {"unit": unit.pk, "decided_from": period.start.isoformat(), "decided_to": period.end.isoformat()}
    )
    return f"{reverse('member_list')}?{query}"
