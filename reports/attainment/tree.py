"""The counts of the unit tree page: admissions in each shown unit's subtree, all years and one year."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from admissions.choices import GRASSROOTS_LEVELS
from admissions.models import PATH_STEP, AdmissionSummary, Member, Unit

from .counting import summary_read
from .periods import Period


def tree_counts(*, unit: Unit, units: list[Unit], year: int) -> None:
    """Set `members_total` (all years) and `members_in_year` on each of `units` (a part of `unit`'s subtree,
    as admissions.selectors.unit_tree_units lists it): the admissions anywhere in each one's own subtree,
    counted by the rule of every figure (the cell's path places an admission, the decision date dates it).

    Two queries whatever the size of the tree. The committees above the organisations add up their rows of
    the admissions summary (twelve a year each). The organisations and the units inside them are counted
    from their members: one query groups the members of the shown organisations by the first characters
    of their cell's path, down to the deepest level shown (the path of the cell's ancestor there, or the
    cell's own path when it is higher up); each group is then added to every shown unit whose path begins
    it. A correlated count per row took minutes at a province; recounting the members of the whole nation
    for its committees took 1.4 s.
    """
    committees = [shown.pk for shown in units if summary_read(shown)]
    summed = (
        AdmissionSummary.objects.filter(unit__in=committees)
        .values("unit")
        .annotate(total=Sum("admitted"), in_year=Sum("admitted", filter=Q(year=year)))
        .order_by()
    )
    from_summary = {row["unit"]: (row["total"], row["in_year"] or 0) for row in summed}

    in_year = Period.of_year(year).condition
    deepest = max((shown.depth for shown in units), default=unit.depth)
    if summary_read(unit):
        # The organisations shown, by id. With none (the top of the nation shows committees only) the query
        # still runs, for no id (0 is none), so the page's count of queries does not depend on the tree.
        orgs = [shown.pk for shown in units if shown.level in GRASSROOTS_LEVELS] or [0]
        members = Member.objects.filter(grassroots__in=orgs)
    else:
        members = Member.objects.under(unit)
    grouped = (
        members.order_by()
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
        if summary_read(shown):
            shown.members_total, shown.members_in_year = from_summary.get(shown.pk, (0, 0))
        else:
            shown.members_total, shown.members_in_year = counts.get(shown.path, (0, 0))
