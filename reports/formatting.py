"""How report figures are written for people: one place, so the page, the charts and Excel agree.

Percentages keep at most two decimals, drop trailing zeros and use the decimal separator of the active
language (config/formats/): 105%, 104,17%, 35,34% in Vietnamese; 104.17% in English.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.formats import get_format

TWO_PLACES = Decimal("0.01")


def round_half_up(value: Decimal | int, places: int = 2) -> Decimal:
    """Round as people do on paper (2,345 -> 2,35), not as bankers do."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_count(value: int | None) -> str:
    """A count with the active language's thousands separator: 1.238 in Vietnamese, 1,238 in English; ""
    for no value. Always grouped (USE_THOUSAND_SEPARATOR stays off, so years print as 2024)."""
    if value is None:
        return ""
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        grouping=get_format("NUMBER_GROUPING"),
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def format_ratio(result: int, quota: int | None) -> str:
    """ "1.238/2.000" (result/quota), or just the result when there is no quota."""
    return format_count(result) if quota is None else f"{format_count(result)}/{format_count(quota)}"


def format_decimal(value: Decimal | int | None, places: int = 2) -> str:
    """A number with at most `places` decimals, trailing zeros dropped; "" for no value."""
    if value is None:
        return ""
    rounded = round_half_up(value, places)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    whole, _dot, decimals = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = format_count(int(whole.lstrip("-")))
    return f"{sign}{grouped}{get_format('DECIMAL_SEPARATOR') + decimals if decimals else ''}"


def format_percent(value: Decimal | int | None) -> str:
    """A rate in percent (105 -> "105%", 104.1666 -> "104,17%"); "" when there is no rate (no quota)."""
    if value is None:
        return ""
    return f"{format_decimal(value)}%"
