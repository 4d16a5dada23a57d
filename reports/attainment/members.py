"""The admitted members behind a result, for the lists a report carries."""

import dataclasses
import datetime
from collections.abc import Iterator

from admissions.models import Member, Unit, choice_labels
from admissions.text import mask_national_id

from .figures import ListedMember
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


_FIELDS = [field.name for field in dataclasses.fields(ListedMember)]
_LOOKUPS = {"cell": "cell__name", "grassroots": "grassroots__name"}
_LABELLED = ("sex", "religion", "occupation", "schooling", "qualification", "status")


def admitted_member_rows(unit: Unit, year: int, *, as_of: datetime.date | None = None) -> list[ListedMember]:
    """The members of `admitted_members` (the same ones, in the same order) as plain rows: the list of
    admitted_member_stream."""
    return list(admitted_member_stream(unit, year, as_of=as_of))


def admitted_member_stream(
    unit: Unit, year: int, *, as_of: datetime.date | None = None
) -> Iterator[ListedMember]:
    """The members of `admitted_members` (the same ones, in the same order) as plain rows, read in one query
    of the printed values, in chunks as they are consumed: the nation's workbook writes 200,000 of them
    without holding them all. Choice codes become their labels in the active language, as
    get_FOO_display() gives them (an unknown code stays as it is)."""
    labels = {name: choice_labels(Member._meta.get_field(name)) for name in _LABELLED}
    # A file shows a national ID as the lists do: its last 4 digits.
    labels["national_id"] = _MaskedIds()
    lookups = [_LOOKUPS.get(name, name) for name in _FIELDS]
    rows = admitted_members(unit, year, as_of=as_of).values_list(*lookups).iterator(chunk_size=_CHUNK)
    for values in rows:
        yield ListedMember(
            *(
                labels[name].get(value, value) if name in labels else value
                for name, value in zip(_FIELDS, values, strict=True)
            )
        )


_CHUNK = 5000


class _MaskedIds:
    """Reads like the labels of a choice: national ID -> its masked form."""

    @staticmethod
    def get(value, _default):
        return mask_national_id(value) or None
