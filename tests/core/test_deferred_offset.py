"""A list's page past the first reads the page's ids first (core.pagination.DeferredOffsetQuerySet): the same
rows, in the same order, as a plain OFFSET, in one query."""

import datetime

from django.db.models import QuerySet

from admissions.models import Member
from tests import factories


def test_a_later_page_holds_the_rows_of_a_plain_offset_in_their_order(tree, django_assert_num_queries):
    for number in range(12):
        factories.member(
            tree["school"],
            full_name=f"Lê Văn {chr(65 + number % 5)}",
            decision_date=datetime.date(2023, 5, 1 + number % 3),
        )
    rows = Member.objects.select_related("cell").order_by("-decision_date", "sort_name", "pk")
    plain = list(QuerySet.__getitem__(rows, slice(5, 10)))
    with django_assert_num_queries(1):
        page = list(rows[5:10])
    assert [m.pk for m in page] == [m.pk for m in plain]
    assert page[0].cell.name == "Chi bộ Trường THPT"  # still read with its joins
    assert [m.pk for m in rows[:5]] + [m.pk for m in page] + [m.pk for m in rows[10:]] == [m.pk for m in rows]
