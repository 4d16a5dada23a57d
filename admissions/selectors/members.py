"""Reads of admitted members, already scoped to what the user may see (accounts.scope)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from accounts.scope import scope_of
from reports.attainment.periods import Period

from ..choices import MAJORITY_ETHNICITY, MemberStatus
from ..models import AuditEntry, Member, Unit, probation_windows
from ..text import clean_national_id, fold

if TYPE_CHECKING:
    from accounts.models import User


def members_visible_to(user: User) -> QuerySet[Member]:
    """Members a user may see: those admitted into a cell of their scope (accounts.scope.scope_of)."""
    scope = scope_of(user)
    return Member.objects.none() if scope is None else Member.objects.under(scope)


# The member list --------------------------------------------------------------------------------------

# Sort keys of the member list (the `sort` query parameter, "-key" for descending) and the columns they
# order by. The list's table and the exports both read this one mapping, so an export comes out in the
# order the user sees. Names sort by `sort_name`: given name first, in Vietnamese alphabetical order.
MEMBER_SORTS: dict[str, tuple[str, ...]] = {
    "full_name": ("sort_name", "pk"),
    "sex": ("sex", "sort_name", "pk"),
    "date_of_birth": ("date_of_birth", "pk"),
    "cell": ("cell_path", "sort_name", "pk"),
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


def member_list(
    *, user: User, filters: Mapping[str, Any] | None = None, sort: str | None = None
) -> QuerySet[Member]:
    """THE rows of the member list: the members `user` sees under the list's filters, in the list's order.

    `filters` are the cleaned values of the list's filter form (admissions.filtersets.MemberFilterSet, whose
    `qs` is this); `sort` the list's sort key. The page and both exports read their rows here, so a file
    holds exactly what the page shows, every page of it.
    """
    members = members_visible_to(user).select_related("cell", "grassroots")
    filters = filters or {}
    if query := (filters.get("q") or "").strip():
        members = members.filter(member_search(query))
    if year := filters.get("year"):
        members = members.filter(Period.of_year(int(year)).condition)  # admitted in the year: as the report
    if start := filters.get("decided_from"):
        members = members.filter(decision_date__gte=start)
    if end := filters.get("decided_to"):
        members = members.filter(decision_date__lte=end)
    if unit := filters.get("unit"):
        members = members.under(unit)
    for field in ("status", "sex", "occupation"):
        if value := filters.get(field):
            members = members.filter(**{field: value})
    if group := filters.get("ethnic_group"):
        majority = Q(ethnicity=MAJORITY_ETHNICITY)
        members = members.filter(~majority if group == "minority" else majority)
    if youth_union := filters.get("youth_union"):
        members = members.filter(youth_union=youth_union == "yes")
    return members.order_by(*member_ordering(sort))


def member_search(query: str) -> Q:
    """The list's quick search. A run of digits (grouped with spaces, dots or dashes, or typed full-width:
    text.clean_national_id) is a national ID: all twelve digits find that one record, fewer find the IDs
    that begin with them (both read an index of the ID). Anything else is (part of) a name, matched without
    diacritics or case ("nguyen van an" finds "Nguyễn Văn An"), read on PostgreSQL through a trigram index
    (migration 0012)."""
    digits = clean_national_id(query)
    if digits.isascii() and digits.isdigit():
        return (
            Q(national_id=digits) if len(digits) >= NATIONAL_ID_DIGITS else Q(national_id__startswith=digits)
        )
    folded = fold(query)
    return name_contains(folded) if folded else Q()


# Under three letters a text has no trigram to look up: PostgreSQL then reads the whole trigram index (the
# nation's 2 million names for "vu", 0.75 s for a province) before its scope; the scope read first, it is a
# fraction of that.
TRIGRAM = 3


def name_contains(folded: str) -> Q:
    """Names (their `name_folded`, a member's or a candidate's) that contain `folded`: through the trigram
    index, or for a text too short to have a trigram, with no index (after the scope's)."""
    if len(folded) < TRIGRAM:
        return Q(GreaterThan(StrIndex("name_folded", Value(folded)), 0))
    return Q(name_folded__contains=folded)


NATIONAL_ID_DIGITS = 12


@dataclasses.dataclass(frozen=True)
class PossibleDuplicates:
    """Records of possibly the same person: those the user may see (shown in full, with a link), and whether
    there are others in another committee's data (said, never shown: no name, unit or number)."""

    visible: list[Member]
    elsewhere: bool

    def __bool__(self) -> bool:
        return bool(self.visible) or self.elsewhere


def member_duplicates(
    *, user: User, full_name_folded: str, date_of_birth: datetime.date, limit: int = 5
) -> PossibleDuplicates:
    """Members with the same name (without diacritics) and birth date: possibly the same person. The search
    crosses scopes on purpose (one person, two committees' records); what it reveals does not."""
    same = Q(name_folded=full_name_folded, date_of_birth=date_of_birth)
    mine = members_visible_to(user).filter(same)
    visible = list(mine.select_related("cell", "grassroots").order_by("-decision_date", "pk")[:limit])
    elsewhere = Member.objects.filter(same).count() > (len(visible) if len(visible) < limit else mine.count())
    return PossibleDuplicates(visible=visible, elsewhere=elsewhere)


def same_person_keys(*, birth_dates: Iterable[datetime.date]) -> set[tuple[str, datetime.date]]:
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


def member_records(user: User) -> QuerySet[Member]:
    """The user's members with what a member's pages show beside the record (its cell, its TCCS, who entered
    and who last changed it), in one query: the detail, edit and delete pages look one up here."""
    return members_visible_to(user).select_related("cell", "grassroots", "created_by", "updated_by")


def probationary_members(user: User) -> QuerySet[Member]:
    """The user's members still on probation (dự bị): those whose outcome can be recorded."""
    return (
        members_visible_to(user).filter(status=MemberStatus.PROBATIONARY).select_related("cell", "grassroots")
    )


# The probation list's windows: ended before this month (overdue), or ending this month.
PROBATION_OVERDUE, PROBATION_THIS_MONTH = "overdue", "month"


def probation_due(
    *,
    user: User,
    today: datetime.date,
    when: str | None = None,
    unit: Unit | None = None,
    until: datetime.date | None = None,
) -> QuerySet[Member]:
    """Probationary members whose 12 months end this month or ended earlier and are not yet confirmed, each
    with `overdue` (ended before this month began); `when` narrows them to the overdue ones
    (PROBATION_OVERDUE) or to this month's (PROBATION_THIS_MONTH), `unit` to a branch of the scope, `until`
    to those whose 12 months end by that day (the home page's week)."""
    due_rule, overdue = probation_windows(today)
    due = probationary_members(user).filter(due_rule)
    if when == PROBATION_OVERDUE:
        due = due.filter(overdue)
    elif when == PROBATION_THIS_MONTH:
        due = due.exclude(overdue)
    if unit is not None:
        due = due.under(unit)
    if until is not None:
        due = due.filter(probation_end__lte=until)
    return due.annotate(overdue=ExpressionWrapper(overdue, output_field=BooleanField())).order_by(
        "probation_end", "sort_name", "pk"
    )


def members_matching(
    *, user: User, national_ids: Iterable[str], record_numbers: Iterable[str]
) -> tuple[dict[str, Member], dict[str, list[Member]]]:
    """The user's members (their scope only) recorded under these national IDs, and under these record
    numbers (which are not unique: several members may share one), for an import that updates them. Read
    in chunks, so a file of 50,000 rows costs a few dozen queries."""
    members = members_visible_to(user).select_related("cell")
    by_id: dict[str, Member] = {}
    by_record: dict[str, list[Member]] = {}
    ids, records = sorted(set(national_ids)), sorted(set(record_numbers))
    for start in range(0, len(ids), _MATCH_CHUNK):
        for member in members.filter(national_id__in=ids[start : start + _MATCH_CHUNK]):
            by_id[member.national_id] = member
    for start in range(0, len(records), _MATCH_CHUNK):
        for member in members.filter(record_number__in=records[start : start + _MATCH_CHUNK]).order_by("pk"):
            by_record.setdefault(member.record_number, []).append(member)
    return by_id, by_record


_MATCH_CHUNK = 2000
