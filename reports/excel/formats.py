"""The cell formats of the report workbooks: the font of official documents, borders, percentages."""

from decimal import Decimal

from ..formatting import round_half_up

FONT = "Times New Roman"  # the font of official party documents
HEADER_FILL = "#EEF1F4"


def percent_format(rate: Decimal | None) -> str:
    """An Excel format showing the rate as DOMAIN.md writes it: at most two decimals, no trailing zeros."""
    if rate is None:
        return "0%"
    rounded = round_half_up(rate, 2)
    if rounded == rounded.to_integral_value():
        return "0%"
    return "0.0%" if rounded * 10 == (rounded * 10).to_integral_value() else "0.00%"


def fraction(rate: Decimal | None):
    """A rate in percent as the fraction a percentage cell holds; "" (no value) when there is no rate."""
    return "" if rate is None else float(rate / 100)


class Formats:
    """Cell formats made once per combination of properties (a workbook allows a limited number)."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.cache = {}

    def __call__(self, **props):
        props = {"font_name": FONT, "font_size": 12, "valign": "vcenter", **props}
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.workbook.add_format(props)
        return self.cache[key]

    def cell(self, **props):
        """A cell of a table: bordered."""
        return self(border=1, **props)

    def header(self, **props):
        """A column heading of a table: bold, centred, wrapped, shaded."""
        return self.cell(bold=True, align="center", text_wrap=True, bg_color=HEADER_FILL, **props)
