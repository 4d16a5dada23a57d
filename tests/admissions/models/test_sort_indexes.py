"""Every sort the member list offers reads an index in its own order: at the nation tier a sort without one
makes the database sort two million rows for the first page (6 to 23 s, bench/README.md)."""

import pytest

from admissions.models import Member
from admissions.selectors.members import MEMBER_DEFAULT_ORDER, MEMBER_SORTS


def indexed_orders() -> list[tuple[str, ...]]:
    orders = [tuple(index.fields) for index in Member._meta.indexes if not index.opclasses]
    orders += [(field.name,) for field in Member._meta.fields if field.db_index]
    return orders


def columns(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.removeprefix("-").replace("pk", "id") for name in order)


# Columns with so many values that an index on them alone serves the sort: the database reads it in order
# and sorts only the ties of one value (a day's decisions, one name).
NEARLY_UNIQUE = {"decision_date", "sort_name"}


@pytest.mark.parametrize("key", [key for key, order in MEMBER_SORTS.items() if "__" not in "".join(order)])
def test_each_sort_of_the_member_list_has_an_index_in_its_order(key):
    wanted = columns(MEMBER_SORTS[key])
    needed = wanted[:1] if wanted[0] in NEARLY_UNIQUE else wanted
    assert any(index[: len(needed)] == needed for index in indexed_orders()), (
        f"no index reads the member list sorted by {key}: {wanted}"
    )


def test_the_default_order_reads_the_decision_date_index():
    assert any(index[0] == columns(MEMBER_DEFAULT_ORDER)[0] for index in indexed_orders())
