"""The pipeline's pages (issue 17) against their SQL floor, as each real user of bench/roles.py.

The floor of a page is what PostgreSQL needs to produce what it shows, written by hand as bare SQL: for the
board, one grouped count of the branch's candidates per stage and per unit directly below (placed through
the candidate's TCCS above the organisations, through the cell's path inside one) and the units below; for a
list, its first page in its order and the capped count its paginator shows (core.pagination.CappedPaginator:
at most 5,001 rows counted). The page is timed through the test client, the whole body read, as
bench/measure.measure_pages does. Target: the page's median ≤ 2× the floor's + 30 ms (the fixed cost of a
request: session, user, template).
"""

import datetime

from admissions.functions import BRANCH_PATH
from bench.results import Row

CAP = 5_000  # core.pagination.CappedPaginator.cap
BOARD_STAGES = ("sympathiser", "course", "file", "background", "cell", "grassroots", "submitted", "paused")
DECIDING = ("cell", "grassroots", "submitted")
BEFORE_CELL = ("course", "file", "background")


def _scope(unit) -> tuple[str, str, dict]:
    """(join, where, params) placing a candidate under `unit` as the app's scope rule does: by the
    candidate's own copy of its cell's path (its branch directly under the top), no join."""
    if unit.parent_id is None:
        return "", "TRUE", {}
    if len(unit.path) == BRANCH_PATH:
        return "", f"SUBSTR(c.cell_path, 1, {BRANCH_PATH}) = %(path)s", {"path": unit.path}
    return "", "c.cell_path LIKE %(prefix)s", {"prefix": unit.path + "%"}


def _conditions(today: datetime.date) -> dict:
    warn = today + datetime.timedelta(days=90)  # candidates.models.CERTIFICATE_WARNING_DAYS
    return {
        "overdue": f"c.outcome = 'in_progress' AND c.stage IN {DECIDING} AND c.decision_due < %(today)s",
        "expiring": f"c.outcome = 'in_progress' AND c.stage IN {BEFORE_CELL} "
        "AND c.certificate_valid_until <= %(warn)s",
        "due": f"c.outcome = 'in_progress' AND ((c.stage IN {DECIDING} AND c.decision_due <= %(soon)s) OR "
        f"(c.stage IN {BEFORE_CELL} AND c.certificate_valid_until <= %(warn)s))",
        "params": {"today": today, "warn": warn, "soon": today + datetime.timedelta(days=14)},
    }


def board_floor(connection, unit, today: datetime.date) -> list:
    """The board's figures counted from the files (what the page adds up from its saved counts above the
    committees, and groups from the files below them), and the units below."""
    conditions = _conditions(today)
    width = (unit.depth + 2) * 10
    join, where, params = _scope(unit)
    sql = f"""
        SELECT c.stage, substr(c.cell_path, 1, {width}), count(*),
            count(*) FILTER (WHERE {conditions["overdue"]}), count(*) FILTER (WHERE {conditions["expiring"]})
        FROM candidates_candidate c {join}
        WHERE {where} AND c.stage IN {BOARD_STAGES}
        GROUP BY 1, 2
    """
    params |= conditions["params"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = cursor.fetchall()
        cursor.execute(
            "SELECT id, name, path FROM admissions_unit WHERE parent_id = %s ORDER BY path", [unit.pk]
        )
        return [counts, cursor.fetchall()]


def list_floor(connection, unit, today: datetime.date, *, where: str = "TRUE", extra: dict | None = None,
               order: str = "c.sort_name, c.id", size: int = 25, offset: int = 0) -> list:  # fmt: skip
    join, scope, params = _scope(unit)
    params |= _conditions(today)["params"] | (extra or {})
    base = f"FROM candidates_candidate c {join} WHERE {scope} AND {where}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {CAP + 1}) AS capped", params)
        count = cursor.fetchone()
        cursor.execute(
            f"""SELECT c.id, c.full_name, c.stage, c.certificate_valid_until, c.decision_due, cell.name, g.name
            FROM (SELECT c.id {base} ORDER BY {order} LIMIT {size} OFFSET {offset}) AS page
            JOIN candidates_candidate c ON c.id = page.id
            JOIN admissions_unit cell ON cell.id = c.cell_id JOIN admissions_unit g ON g.id = c.grassroots_id
            ORDER BY {order}""",
            params,
        )
        return [count, cursor.fetchall()]


def _contenders(unit, today: datetime.date):
    """(label, url, floor) of the pipeline's pages for a user whose scope is `unit`."""
    from django.db import connection
    from django.urls import reverse

    conditions = _conditions(today)
    listed = reverse("candidate_list")
    due_order = f"CASE WHEN c.stage IN {DECIDING} THEN c.decision_due ELSE c.certificate_valid_until END, c.sort_name, c.id"
    return [
        ("pipeline board", reverse("candidate_board"), lambda: board_floor(connection, unit, today)),
        ("candidate list", listed, lambda: list_floor(connection, unit, today)),
        ("candidate list, stage", f"{listed}?stage=cell",
         lambda: list_floor(connection, unit, today, where="c.stage = 'cell'")),
        ("candidate list, overdue", f"{listed}?when=overdue",
         lambda: list_floor(connection, unit, today, where=conditions["overdue"])),
        ("candidate list, certificate expiring", f"{listed}?when=certificate",
         lambda: list_floor(connection, unit, today, where=conditions["expiring"])),
        ("candidate search, name", f"{listed}?q=nguyen+van",
         lambda: list_floor(connection, unit, today, where="c.name_folded LIKE %(q)s", extra={"q": "%nguyen van%"})),
        ("candidate list, page 100", f"{listed}?page=100",
         lambda: list_floor(connection, unit, today, offset=99 * 25)),
        ("due list", reverse("candidate_due"),
         lambda: list_floor(connection, unit, today, where=conditions["due"], order=due_order, size=50)),
    ]  # fmt: skip


def measure_pipeline(ctx: dict, repeat: int) -> list[Row]:
    """Every pipeline page for every role, in turns with its floor; the same query count is the rule of
    the queries step (bench/roles.py lists these pages too)."""
    from django.test import Client
    from django.utils import timezone

    from admissions.models import Unit
    from bench import roles
    from bench.measure import _fetch, timed_ms

    today = timezone.localdate()
    rows = []
    for login in roles.logins(ctx):
        client = Client()
        client.force_login(login.user)
        unit = Unit.objects.get(pk=login.unit_id)
        for label, url, floor in _contenders(unit, today):
            status, _size = _fetch(client, url)
            floor()
            ours, base = [], []
            for _ in range(repeat):
                base.append(timed_ms(floor))
                ours.append(timed_ms(lambda u=url, c=client: _fetch(c, u)))
            ok = status == 200 and Row.median(ours) <= 2 * Row.median(base) + 30
            note = f"HTTP {status}" if status != 200 else ""
            rows.append(
                Row(f"{login.role}: {label} vs SQL floor", "ms", ours, base, "≤ 2× floor + 30 ms", ok, note)
            )
    return rows
