"""Working days (ngày làm việc): the statutory deadlines of the pipeline count them, not calendar days.

A working day is a weekday that is neither one of Việt Nam's public holidays (Tết Nguyên Đán and the others,
with their compensatory days, from the `holidays` library, which follows each year's government notice) nor
one of the committee's own days off (candidates.models.DayOff), which the caller passes in.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Collection

import holidays

# Quy định 232-QĐ/TW: the superior committee decides within 60 working days of the cell's resolution (30
# more with a reason), and the ceremony follows within 30 working days of the decision.
DECISION_WORKING_DAYS = 60
DECISION_EXTENSION_MAX = 30
CEREMONY_WORKING_DAYS = 30


@functools.cache
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def public_holiday_name(day: datetime.date) -> str | None:
    """The holiday's Vietnamese name, or None on an ordinary day."""
    return holidays.country_holidays("VN", years=day.year).get(day)


def is_working_day(day: datetime.date, days_off: Collection[datetime.date] = ()) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year) and day not in days_off


def add_working_days(
    start: datetime.date, count: int, days_off: Collection[datetime.date] = ()
) -> datetime.date:
    """The `count`-th working day after `start` (the day of the resolution itself is not counted): "within
    60 working days of the resolution" ends on add_working_days(resolution, 60), that day included."""
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, days_off):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, days_off: Collection[datetime.date] = ()
) -> int:
    """How many working days after `start` up to `end` included (0 when `end` is not after `start`)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, days_off)
    return count
