"""Reads of admitted members, already scoped to what the user may see (accounts.scope)."""

import datetime

from django.db.models import QuerySet

from accounts.scope import scope_of

from ..choices import MemberStatus
from ..models import AuditEntry, Member, Unit


def members_in_subtree(unit: Unit) -> QuerySet[Member]:
    """Members admitted into any cell under `unit` (one join on the cell's path)."""
    return Member.objects.under(unit)


def members_visible_to(user) -> QuerySet[Member]:
    """Members a user may see: those admitted into a cell of their scope (accounts.scope.scope_of)."""
    scope = scope_of(user)
    return Member.objects.none() if scope is None else members_in_subtree(scope)


# The member list --------------------------------------------------------------------------------------

# Sort keys of the member list (the `sort` query parameter, "-key" for descending) and the columns they
# order by. The list's table and the exports both read this one mapping, so an export comes out in the
# order the user sees. Names sort by `sort_name`: given name first, in Vietnamese alphabetical order.
MEMBER_SORTS: dict[str, tuple[str, ...]] = {
    "full_name": ("sort_name", "pk"),
    "sex": ("sex", "sort_name", "pk"),
    "date_of_birth": ("date_of_birth", "pk"),
    "cell": ("cell__path", "sort_name", "pk"),
    "grassroots": ("grassroots__path", "sort_name", "pk"),
    "decision_number": ("decision_number", "pk"),
    "decision_date": ("decision_date", "sort_name", "pk"),
    "status": ("status", "sort_name", "pk"),
}
MEMBER_DEFAULT_ORDER = ("-decision_date", "sort_name", "pk")


def member_ordering(sort: str | None) -> tuple[str, ...]:
    """The ORDER BY of a `sort` parameter; an unknown key falls back to the default (never an error)."""
    key = (sort or "").strip()
    descending = key.startswith("-")
    columns = MEMBER_SORTS.get(key.removeprefix("-"))
    if not columns:
        return MEMBER_DEFAULT_ORDER
    return tuple(f"-{c}" for c in columns) if descending else columns


def member_list(*, user, params) -> QuerySet[Member]:
    """The members a user sees under the list's filters (`params`: the query string), sorted as the list.

    Exports call this with request.GET to get exactly the rows and the order the page shows; an invalid
    filter value yields no rows, as on the page.
    """
    from ..filtersets import MemberFilterSet  # the filterset imports this module for its unit choices

    queryset = members_visible_to(user).select_related("cell", "grassroots")
    filterset = MemberFilterSet(params, queryset=queryset, user=user)
    if filterset.is_bound and not filterset.is_valid():
        return queryset.none()  # as FilterView (strict) shows an invalid filter: no rows, the errors
    return filterset.qs.order_by(*member_ordering(params.get("sort")))


def member_duplicates(*, full_name_folded: str, date_of_birth: datetime.date) -> QuerySet[Member]:
    """Members with the same name (without diacritics) and birth date: possibly the same person."""
    return Member.objects.filter(name_folded=full_name_folded, date_of_birth=date_of_birth).select_related(
        "cell", "grassroots"
    )


def same_person_keys(*, birth_dates) -> set[tuple[str, datetime.date]]:
    """The (folded name, birth date) of every member recorded with one of `birth_dates`, whoever's scope they
    are in: the import warns of a possible second record of the same person. Read in chunks of 2,000 dates
    (SQLite's limit on the variables of one statement)."""
    births = sorted(set(birth_dates))
    recorded: set[tuple[str, datetime.date]] = set()
    for start in range(0, len(births), 2000):
        recorded.update(
            Member.objects.filter(date_of_birth__in=births[start : start + 2000]).values_list(
                "name_folded", "date_of_birth"
            )
        )
    return recorded


def member_history(member: Member) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type="member", object_id=member.pk).select_related("user")


def probation_due(*, user, today: datetime.date) -> QuerySet[Member]:
    """Probationary members whose 12 months end this month or ended earlier and are not yet confirmed."""
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return (
        members_visible_to(user)
        .filter(status=MemberStatus.PROBATIONARY, probation_end__lt=next_month)
        .select_related("cell", "grassroots")
        .order_by("probation_end", "sort_name", "pk")
    )
