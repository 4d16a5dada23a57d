"""A paginator for lists that may hold millions of rows: it never counts them all, and it pages only as far
as a person reads (a list's first `cap` rows); beyond that the page asks for a narrower filter."""

import json

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Pages through the first `cap` rows of a queryset (or of django-tables2's rows of one).

    `count` is exact up to `cap` (one COUNT over at most cap + 1 rows, whatever the table holds); past it,
    `capped` is true, `count` is `cap` (the rows one can page through) and `estimate` is the database's own
    estimate of the whole, when it keeps one (PostgreSQL's planner; None elsewhere), to be shown as
    approximate. The OFFSET of the last page is then at most `cap`: never the 13 seconds of the last page
    of two million members.
    """

    cap = 5_000

    @cached_property
    def _queryset(self):
        rows = getattr(self.object_list, "data", self.object_list)  # django-tables2: BoundRows → TableData
        return getattr(rows, "data", rows)

    @cached_property
    def count(self) -> int:
        found = self._queryset.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        # The estimate is asked for whatever the list's length (a millisecond of planning), so that a list
        # issues the same queries at every size: the bench and the tests hold the queries of a page constant.
        self._planned = self._planner_estimate()
        return min(found, self.cap)

    @property
    def estimate(self) -> int | None:
        """The planner's estimate of all the rows, rounded to three significant digits (None if the database
        keeps none, or the list is not capped: then `count` is exact)."""
        if not (self.count and self.capped) or self._planned is None:
            return None
        rounding = 10 ** max(len(str(self._planned)) - 3, 0)
        return max(round(self._planned / rounding) * rounding, self.cap + 1)

    def _planner_estimate(self) -> int | None:
        """PostgreSQL's estimate of the rows of the whole list (None elsewhere, or for an empty filter)."""
        queryset = self._queryset.order_by()
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:
            return None
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        return int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])

    capped = False


class DeferredOffsetQuerySet(QuerySet):
    """A queryset whose slices past the first row skip ids only: `rows[2475:2500]` reads the ids of the page
    in the list's order (LIMIT/OFFSET over the ids alone), then those rows whole with their joins, still in
    that order. A plain OFFSET builds every skipped row with its joined cell and organisation: the 100th page
    of the nation's candidates took 51 ms against 6 ms for the ids (bench/README.md, issue 17)."""

    def __getitem__(self, k):
        if isinstance(k, slice) and (k.start or 0) > 0 and self._result_cache is None and k.step is None:
            page_ids = QuerySet.__getitem__(self.values("pk"), k)  # the plain slice, in the list's order
            return self.filter(pk__in=page_ids)
        return super().__getitem__(k)
