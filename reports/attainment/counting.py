"""THE counting rule: which admissions a unit's result holds (DOMAIN.md section 4).

An admission counts in the year of its decision date, in every unit above the cell it was admitted into.
Above the grassroots organisations it is placed by its denormalised, indexed TCCS; within one, by its cell.
A committee above the organisations reads its whole months from the admissions summary
(admissions.models.AdmissionSummary, kept by the services: `summary_read`), and the days a period leaves
over (today's month, as of a day) from its members.
"""

from django.db import models
from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from admissions.choices import GRASSROOTS_LEVELS, UnitLevel
from admissions.models import AdmissionSummary, Member, Unit

from .periods import Period

# Units whose subtree holds whole grassroots organisations: their members are placed by the organisation.
ABOVE_GRASSROOTS_LEVELS = (UnitLevel.PROVINCE, UnitLevel.SUPERIOR)


def _count(members, condition: Q) -> Func:
    """COUNT(*) of the members matching `condition`, as a scalar subquery (always one row)."""
    return Coalesce(
        Subquery(
            members.filter(condition).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        ),
        0,
    )


def _child_count(condition: Q):
    """Admissions matching `condition` under the unit of the outer query. A grassroots organisation reads the
    denormalised, indexed `Member.grassroots`; any other unit the materialised path of the cell."""
    return models.Case(
        models.When(
            level__in=GRASSROOTS_LEVELS,
            then=_count(Member.objects.filter(grassroots=OuterRef("pk")), condition),
        ),
        default=_count(Member.objects.filter(cell__path__startswith=OuterRef("path")), condition),
        output_field=IntegerField(),
    )


def result_in_year(year: int):
    """Admissions in `year` under the unit of an outer Unit query, to annotate a list of units with (the
    quota sheet's "result" column): the same count as a Line's result for a whole year. A committee above
    the organisations reads its twelve summary rows."""
    in_summary = (
        AdmissionSummary.objects.filter(unit=OuterRef("pk"), year=year)
        .order_by()
        .values("unit")
        .annotate(n=Sum("admitted"))
        .values("n")
    )
    return models.Case(
        models.When(level__in=ABOVE_GRASSROOTS_LEVELS, then=Coalesce(Subquery(in_summary), 0)),
        default=_child_count(Period.of_year(year).condition),
        output_field=IntegerField(),
    )


def with_results(units: QuerySet[Unit], *, year: int, name: str = "last_result") -> QuerySet[Unit]:
    """`units` (a list of units, such as the quota sheet's rows), each annotated with its result for `year`
    under `name`."""
    return units.annotate(**{name: result_in_year(year)})


def members_counted(unit: Unit) -> tuple[QuerySet, str]:
    """The members admitted under `unit`, and the path that places each of them in the tree.

    Above the grassroots organisations, a member is placed by the path of its denormalised, indexed
    `grassroots`: the join touches the organisations (50,000 at national scale) and reads the members through
    the (grassroots, decision date) or (decision date, grassroots) index, where joining every member to its
    cell's path (250,000 cells) took seconds. Within an organisation (its intermediate committees and cells)
    only the cell's path tells them apart, and the subtree is small.
    """
    if unit.level in ABOVE_GRASSROOTS_LEVELS:
        members = Member.objects.filter(
            grassroots__path__startswith=unit.path, grassroots__level__in=GRASSROOTS_LEVELS
        )
        return members, "grassroots__path"
    return Member.objects.under(unit), "cell__path"


def months_condition(months: list[tuple[int, int]]) -> Q:
    """The summary rows of these (year, month)s. With none, a condition no row meets (years start at 1930)."""
    by_year: dict[int, list[int]] = {}
    for year, month in months:
        by_year.setdefault(year, []).append(month)
    condition = Q(year=0)
    for year, in_year in by_year.items():
        condition |= Q(year=year, month__in=in_year)
    return condition


def days_condition(days: list[Period]) -> Q | None:
    """The members decided on these days (the parts of periods the summary's whole months leave over), or
    None when there are none."""
    condition = None
    for period in days:
        condition = period.condition if condition is None else condition | period.condition
    return condition


def summary_read(unit: Unit) -> bool:
    """Whether `unit`'s figures read the summary: a committee above the grassroots organisations has its
    rows there; an organisation and what is inside it are read from their members (a small subtree)."""
    return unit.level in ABOVE_GRASSROOTS_LEVELS
