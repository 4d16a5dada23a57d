"""Keeping the admissions summary (models.AdmissionSummary, AdmissionEthnicitySummary) equal to the members.

Every write that changes what a member counts for (its decision date, cell, sex, ethnicity, … ; its
creation or deletion; a unit's move, which changes the committees above its members, or a change of an
organisation's type, a row of Biểu 2) runs inside `summary_kept(members)`: the members' share of the
summary is read before and after the write, and the difference is added, in the same transaction, to the
rows of the committees concerned. New members are added with `summary_add`. The additions are upserts that
add to the stored values (`INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n`), in the order of their
keys, so two writers at once never lose a count nor deadlock on each other's rows.

`admission_summary_rebuild()` (manage.py rebuild_admission_summary, and the migration that created the
tables) builds both tables again from the members, with the same queries.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import QuerySet

from core.bulk import load_rows, one_of

from ..models import BREAKDOWN_COLUMNS, PATH_STEP, AdmissionEthnicitySummary, AdmissionSummary, Member

SUMMARY_KEY = ("unit_id", "year", "month")
SUMMARY_COLUMNS = ("admitted", "age_months", *BREAKDOWN_COLUMNS)
ETHNICITY_KEY = ("unit_id", "year", "month", "ethnicity")
ETHNICITY_COLUMNS = ("admitted",)
_IDS_PER_QUERY = 5000
_CHUNK = 200  # rows per upsert statement: 200 × 62 parameters stays under SQLite's limit


def _committees(path: str) -> list[int]:
    """The committee whose path this is and every unit above it (ids read from the path, no query)."""
    return [int(path[i : i + PATH_STEP]) for i in range(0, len(path), PATH_STEP)]


@dataclass
class Placed:
    """Summary rows (key -> values) of some members, placed in every committee above their organisations."""

    summary: dict[tuple, list[int]] = field(default_factory=dict)
    ethnicity: dict[tuple, list[int]] = field(default_factory=dict)

    def minus(self, other: Placed) -> Placed:
        return Placed(_difference(self.summary, other.summary), _difference(self.ethnicity, other.ethnicity))


def _difference(after: dict, before: dict) -> dict:
    width = len(next(iter((after or before).values()), []))
    changed = {}
    for key in after.keys() | before.keys():
        values = [
            a - b for a, b in zip(after.get(key, [0] * width), before.get(key, [0] * width), strict=True)
        ]
        if any(values):
            changed[key] = values
    return changed


def _add_to(rows: dict, key: tuple, values: list[int]) -> None:
    found = rows.get(key)
    rows[key] = values.copy() if found is None else [a + b for a, b in zip(found, values, strict=True)]


def _placed(members: QuerySet[Member]) -> Placed:
    # reports.attainment defines what each count counts (the conditions of Biểu 2's rows).
    from reports.attainment.summary import ethnicity_contributions, summary_contributions

    placed = Placed()
    for row in summary_contributions(members):
        values = [row["admitted"], int(row["age_months_total"]), *(row[name] for name in BREAKDOWN_COLUMNS)]
        for unit_id in _committees(row["committee_path"]):
            _add_to(placed.summary, (unit_id, int(row["year"]), int(row["month"])), values)
    for row in ethnicity_contributions(members):
        for unit_id in _committees(row["committee_path"]):
            key = (unit_id, int(row["year"]), int(row["month"]), row["ethnicity"])
            _add_to(placed.ethnicity, key, [row["admitted"]])
    return placed


def _upsert(model, key: tuple[str, ...], columns: tuple[str, ...], rows: dict[tuple, list[int]]) -> None:
    """Add `rows` (key -> values) to `model`'s table: a missing row is inserted, an existing one has the
    values added to its own, in one statement (PostgreSQL) or one per chunk, in key order (concurrent
    writers lock in the same order); the rows left with no admission are deleted."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = [quote(name) for name in (*key, *columns)]
    add = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in columns)
    ordered = sorted(rows.items())
    conflict = f"ON CONFLICT ({', '.join(quote(k) for k in key)}) DO UPDATE SET {add}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement, one array per column (unnest keeps their order): thousands of rows of 62
            # placeholders each cost psycopg more to prepare than PostgreSQL to run (core.bulk.one_of).
            types = [model._meta.get_field(name).db_type(connection) for name in (*key, *columns)]
            arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(names)}) SELECT * FROM unnest({arrays}) {conflict}",
                [list(column) for column in zip(*((*k, *values) for k, values in ordered), strict=True)],
            )
        else:
            row = "(" + ", ".join(["%s"] * len(names)) + ")"
            for start in range(0, len(ordered), _CHUNK):
                chunk = ordered[start : start + _CHUNK]
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES {', '.join([row] * len(chunk))} "
                    f"{conflict}",
                    [value for k, values in chunk for value in (*k, *values)],
                )
    emptied = {k[0] for k, values in rows.items() if values[0] < 0}
    if emptied:
        model.objects.filter(unit_id__in=emptied, admitted__lte=0).delete()


def _apply(placed: Placed) -> None:
    _upsert(AdmissionSummary, SUMMARY_KEY, SUMMARY_COLUMNS, placed.summary)
    _upsert(AdmissionEthnicitySummary, ETHNICITY_KEY, ETHNICITY_COLUMNS, placed.ethnicity)


def summary_add(*, member_ids: list[int]) -> None:
    """Count the members of `member_ids` (just saved) in the summary: a few thousand ids per query."""
    placed = Placed()
    for start in range(0, len(member_ids), _IDS_PER_QUERY):
        some = _placed(Member.objects.filter(one_of("pk", member_ids[start : start + _IDS_PER_QUERY])))
        for key, values in some.summary.items():
            _add_to(placed.summary, key, values)
        for key, values in some.ethnicity.items():
            _add_to(placed.ethnicity, key, values)
    _apply(placed)


@contextlib.contextmanager
def summary_kept(members: Callable[[], QuerySet[Member]]) -> Iterator[None]:
    """Keep the summary right across a write to the members that `members()` selects (called before and
    after the write: a unit's subtree is read by its path, old then new). Inside a transaction."""
    before = _placed(members())
    yield
    _apply(_placed(members()).minus(before))


@transaction.atomic
def admission_summary_rebuild() -> tuple[int, int]:
    """Build the summary again from every member, in one grouped query per table; returns the number of rows
    of each. Idempotent: the rows are replaced."""
    placed = _placed(Member.objects.all())
    AdmissionSummary.objects.all().delete()
    AdmissionEthnicitySummary.objects.all().delete()
    summary = load_rows(
        AdmissionSummary,
        [*SUMMARY_KEY, *SUMMARY_COLUMNS],
        ([*key, *values] for key, values in placed.summary.items() if values[0]),
    )
    ethnicity = load_rows(
        AdmissionEthnicitySummary,
        [*ETHNICITY_KEY, *ETHNICITY_COLUMNS],
        ([*key, *values] for key, values in placed.ethnicity.items() if values[0]),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner's statistics of the new rows
            cursor.execute(
                f"ANALYZE {AdmissionSummary._meta.db_table}, {AdmissionEthnicitySummary._meta.db_table}"
            )
    return summary, ethnicity
