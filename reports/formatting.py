"""How report figures are written for people: one place, so the page, the charts and Excel agree.

Percentages keep at most two decimals, drop trailing zeros and use the decimal separator of the active
language (config/formats/): 105%, 104,17%, 35,34% in Vietnamese; 104.17% in English.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format

TWO_PLACES = Decimal("0.01")


def round_half_up(value: Decimal | int, places: int = 2) -> Decimal:
    """Round as people do on paper (2,345 -> 2,35), not as bankers do."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


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
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def format_percent(value: Decimal | int | None) -> str:
    """A rate in percent (105 -> "105%", 104.1666 -> "104,17%"); "" when there is no rate (no quota)."""
    if value is None:
        return ""
    return f"{format_decimal(value)}%"
