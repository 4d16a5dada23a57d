from django import template

from reports.formatting import format_decimal, format_percent

register = template.Library()


@register.filter
def percent(value):
    """105 -> "105%", 104.1666 -> "104,17%" (comma in Vietnamese, dot in English)."""
    return format_percent(value)


@register.filter
def decimal(value, places=2):
    return format_decimal(value, int(places))


@register.filter
def signed(value):
    """+3, −2, 0; nothing for no value."""
    if value is None:
        return ""
    return f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "0"


@register.filter
def magnitude(value):
    """A shortfall written without its sign, after a word that says it is one ("còn thiếu 6")."""
    return "" if value is None else abs(value)
