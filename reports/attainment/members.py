"""The admitted members behind a result, for the lists a report carries."""

import datetime

from admissions.models import Member, Unit

from .periods import period_of


def admitted_members(unit: Unit, year: int, *, as_of: datetime.date | None = None):
    """The members counted in `unit`'s result for the period, with their cell and grassroots organisation
    (one query), in the order committees file them: by grassroots organisation, then decision date."""
    period = period_of(year, as_of)
    return (
        Member.objects.under(unit)
        .filter(period.condition)
        .select_related("cell", "grassroots")
        .order_by("grassroots__path", "decision_date", "sort_name", "pk")
    )
