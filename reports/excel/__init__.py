"""The yearly summary workbook (DOMAIN.md section 6): figures in, .xlsx out.

The writers get plain data (reports.attainment.figures and the member rows of
reports.attainment.admitted_member_rows) and run no query: every number comes from reports/attainment/, and
this package only lays it out in the official layout.

Modules: formats (cell formats), title (the official title and signer blocks, the printed page), summary
("Tổng hợp": the attainment table with its formulas and cached values, the chart), breakdown ("Biểu 2"),
forecast ("Dự báo 31-12": the year-end forecast with its sentences), members ("Danh sách"), workbook (the
sheets put together).
"""

from .breakdown import BREAKDOWN_SHEET
from .forecast import FORECAST_SHEET
from .members import LIST_SHEET
from .summary import SUMMARY_SHEET
from .workbook import summary_workbook

__all__ = [
    "BREAKDOWN_SHEET",
    "FORECAST_SHEET",
    "LIST_SHEET",
    "SUMMARY_SHEET",
    "summary_workbook",
]
