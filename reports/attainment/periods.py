"""The periods figures count: an admission counts on the day of its decision (ngày ký quyết định kết nạp).

A report "as of" a day counts decisions from 01/01 to that day; the same period last year runs from 01/01 to
the same day and month of the previous year (29/02 becomes 28/02).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class Period:
    """The days whose admission decisions a figure counts, both ends included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def of_year(cls, year: int) -> "Period":
        """The whole calendar year: the admissions a unit's yearly result counts."""
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def year_to(cls, as_of: datetime.date) -> "Period":
        return cls(datetime.date(as_of.year, 1, 1), as_of)

    def same_period_last_year(self) -> "Period":
        end = self.end
        last_day = calendar.monthrange(end.year - 1, end.month)[1]  # 29/02 -> 28/02
        return Period(
            self.start.replace(year=self.start.year - 1),
            end.replace(year=end.year - 1, day=min(end.day, last_day)),
        )

    def split_by_month(self) -> tuple[list[tuple[int, int]], list["Period"]]:
        """(the calendar months wholly inside the period, as (year, month); the days left over, as periods):
        the admissions summary holds whole months, the members the rest (today's month, as of a day)."""
        months, rest = [], []
        year, month = self.start.year, self.start.month
        while datetime.date(year, month, 1) <= self.end:
            first = datetime.date(year, month, 1)
            last = datetime.date(year, month, calendar.monthrange(year, month)[1])
            if first >= self.start and last <= self.end:
                months.append((year, month))
            else:
                rest.append(Period(max(first, self.start), min(last, self.end)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months, rest

    @property
    def condition(self) -> Q:
        return Q(decision_date__gte=self.start, decision_date__lte=self.end)


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """Today for the current year, 31/12 for a past year, 01/01 for a future one."""
    today = today or timezone.localdate()
    if year == today.year:
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)


def period_of(year: int, as_of: datetime.date | None) -> Period:
    as_of = as_of or default_as_of(year)
    if as_of.year != year:
        raise ValueError(f"as_of {as_of} is not in {year}")
    return Period.year_to(as_of)
