"""The counts of the unit tree page: admissions in each shown unit's subtree, all years and one year."""

from django.db.models import Count
from django.db.models.functions import Substr

from admissions.models import PATH_STEP, Member, Unit

from .periods import Period


def tree_counts(*, unit: Unit, units: list[Unit], year: int) -> None:
    """Set `members_total` (all years) and `members_in_year` on each of `units` (a part of `unit`'s subtree,
    as admissions.selectors.unit_tree_units lists it): the admissions anywhere in each one's own subtree,
    counted by the rule of every figure (the cell's path places an admission, the decision date dates it).

    A correlated count per row (members whose cell path starts with the row's path) took minutes at a
    province and never finished at national scale. Instead one query groups the chosen unit's members by the
    first characters of their cell's path, down to the deepest level shown (the path of the cell's ancestor
    there, or the cell's own path when it is higher up); each group is then added to every shown unit whose
    path begins it. So the page runs the same few queries, one pass over the members, whatever the size of
    the tree.
    """
    in_year = Period.of_year(year).condition
    deepest = max((shown.depth for shown in units), default=unit.depth)
    grouped = (
        Member.objects.under(unit)
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
    for shown in units:
        shown.members_total, shown.members_in_year = counts.get(shown.path, (0, 0))
