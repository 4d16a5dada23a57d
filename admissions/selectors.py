"""Reads shared by views, reports and exports. Scoping by the user's unit lives here, nowhere else."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr

from .choices import MemberStatus, QuotaSource
from .models import PATH_STEP, AuditEntry, Member, Quota, Unit, existed_during


def unit_subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    """The unit and everything under it, at any depth, in one indexed prefix query."""
    units = Unit.objects.filter(path__startswith=unit.path)
    return units if include_self else units.exclude(pk=unit.pk)


def units_visible_to(user) -> QuerySet[Unit]:
    """Units a user may see: their unit's subtree; everything for a superuser with no unit."""
    if user.is_superuser and not user.unit_id:
        return Unit.objects.all()
    if not user.unit_id:
        return Unit.objects.none()
    return unit_subtree(user.unit)


def scope_depth(user) -> int:
    """The depth of the top of the user's scope (their unit, or the root for a superuser): the unit pickers
    indent from it."""
    return user.unit.depth if user.unit_id else 0


# How many levels under the top of a user's scope the unit filters always offer (a district's committee: its
# organisations; the whole country: its provinces). Below them the filter opens along the chosen branch.
UNIT_FILTER_DEPTH = 1


def unit_filter_options(*, user, selected: Unit | int | None = None) -> QuerySet[Unit]:
    """The units a list's unit filter offers: a tree opened along the chosen branch. The top of the user's
    scope and the levels under it down to UNIT_FILTER_DEPTH; with a unit chosen, also the units above it,
    beside it and directly under it, so choosing a unit opens the next level.

    A few dozen options at any scale: a select of every organisation of a province (1,000 and more) cost
    about 10 ms a page to write and was no way to find one."""
    units = units_visible_to(user)
    offered = Q(depth__lte=scope_depth(user) + UNIT_FILTER_DEPTH)
    if selected is not None and not isinstance(selected, Unit):
        selected = units.filter(pk=selected).only("path", "parent_id").first()
    if selected is not None:
        offered |= (
            Q(pk__in=selected.ancestor_ids()) | Q(parent_id=selected.pk) | Q(parent_id=selected.parent_id)
        )
    return units.filter(offered).order_by("path")


def members_in_subtree(unit: Unit) -> QuerySet[Member]:
    """Members admitted into any cell under `unit` (one join on the cell's path)."""
    return Member.objects.filter(cell__path__startswith=unit.path)


def members_visible_to(user) -> QuerySet[Member]:
    if user.is_superuser and not user.unit_id:
        return Member.objects.all()
    if not user.unit_id:
        return Member.objects.none()
    return members_in_subtree(user.unit)


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
    from .filtersets import MemberFilterSet  # the filterset imports this module for its unit choices

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


# Units and quotas --------------------------------------------------------------------------------------


# How many levels under the chosen unit the unit tree page shows (its children and grandchildren): the page
# stays one screen at any scale, and the user drills down by choosing a shown unit.
UNIT_TREE_DEPTH = 2


def unit_tree(*, unit: Unit, year: int) -> list[Unit]:
    """`unit` and its subtree down to UNIT_TREE_DEPTH levels below it, in tree order, each with the members
    admitted anywhere in its own subtree: `members_total` (all years) and `members_in_year`.

    A correlated count per row (members whose cell path starts with the row's path) took minutes at a
    province and never finished at national scale. Instead one query groups the chosen unit's members by the
    first characters of their cell's path, down to the deepest level shown (the path of the cell's ancestor
    there, or the cell's own path when it is higher up); each group is then added to every shown unit whose
    path begins it. So the page runs the same few queries, one pass over the members, whatever the size of
    the tree.
    """
    # Report figures have one definition, in reports/attainment.py (imported here: it imports this module).
    from reports.attainment import Period

    in_year = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31)).condition
    deepest = unit.depth + UNIT_TREE_DEPTH
    grouped = (
        members_in_subtree(unit)
        .order_by()
        .values(ancestor=Substr("cell__path", 1, (deepest + 1) * PATH_STEP))
        .annotate(total=Count("pk"), in_year=Count("pk", filter=in_year))
    )
    counts: dict[str, tuple[int, int]] = {}
    for row in grouped:
        for depth in range(unit.depth, min(deepest, len(row["ancestor"]) // PATH_STEP - 1) + 1):
            ancestor = row["ancestor"][: (depth + 1) * PATH_STEP]
            total, in_year_count = counts.get(ancestor, (0, 0))
            counts[ancestor] = (total + row["total"], in_year_count + row["in_year"])
    units = list(
        unit_subtree(unit)
        .filter(depth__lte=unit.depth + UNIT_TREE_DEPTH)
        .select_related("successor")
        .order_by("path")
    )
    for shown in units:
        shown.members_total, shown.members_in_year = counts.get(shown.path, (0, 0))
        shown.depth_below = shown.depth - unit.depth  # the indent on the page
    return units


def unit_ancestors(*, user, unit: Unit) -> QuerySet[Unit]:
    """The units above `unit` that the user may see, from the top of their scope down (a breadcrumb)."""
    return units_visible_to(user).filter(pk__in=unit.ancestor_ids()).exclude(pk=unit.pk).order_by("path")


def _assigned_target(year: int) -> Subquery:
    return Subquery(
        Quota.objects.filter(unit=OuterRef("pk"), year=year, source=QuotaSource.ASSIGNED).values("target")[
            :1
        ],
        output_field=IntegerField(),
    )


def quota_sheet_rows(*, scope: Unit, year: int) -> QuerySet[Unit]:
    """Grassroots organisations under `scope` that existed during `year` or hold a quota for it, each with
    its assigned quota for the year, and last year's quota and result.
    """
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    existed = existed_during(first, last)
    has_quota = Q(quotas__year=year, quotas__source=QuotaSource.ASSIGNED)
    # Report figures have one definition, in reports/attainment.py (imported here: it imports this module).
    from reports.attainment import result_in_year

    units = unit_subtree(scope).grassroots()
    return (
        units.filter(pk__in=units.filter(existed | has_quota).values("pk"))
        .annotate(
            target=_assigned_target(year),
            last_target=_assigned_target(year - 1),
            last_result=result_in_year(year - 1),
        )
        .order_by("path")
    )


def committee_quota(*, unit: Unit, year: int) -> Quota | None:
    """The quota the superior committee assigned to `unit` itself for the year."""
    return Quota.objects.filter(unit=unit, year=year, source=QuotaSource.ASSIGNED).first()


def quota_sheet_document(*, scope: Unit, year: int) -> dict:
    """The document of a year's split (number and date), read from any grassroots quota that carries one."""
    quota = (
        Quota.objects.filter(unit__path__startswith=scope.path, year=year, source=QuotaSource.ASSIGNED)
        .exclude(unit=scope)
        .exclude(document_number="")
        .order_by("unit__path")
        .values("document_number", "document_date")
        .first()
    )
    return quota or {}
