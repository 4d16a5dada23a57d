"""The SQL floor: the yearly attainment figures of a unit computed by bare SQL, run directly on PostgreSQL.

No ORM, no Python per row: what the database itself needs to produce the figures of the yearly summary
(DOMAIN.md section 6.1), against which reports.attainment is judged. One statement returns, for every
grassroots organisation under the unit, its assigned quota and its admissions in the year, and on every row
the totals a report shows: admissions in the whole subtree (every member belongs to one organisation, so
the subtree's total is the sum over its organisations), how many organisations met their quota, how many
had one, and the unit's own assigned quota (not the sum of the quotas it handed down).

The per-organisation count is a correlated subquery: an index-only scan of member_grassroots_date_idx per
organisation. Of the shapes tried (see bench/README.md) it is the fastest for a province and within noise of
a hash aggregate over the whole year for the nation.
"""

import datetime

YEARLY_ATTAINMENT = """
WITH per_org AS MATERIALIZED (
    SELECT g.id, g.path, g.name, g.unit_type, q.target,
        (SELECT count(*) FROM admissions_member m
         WHERE m.grassroots_id = g.id AND m.decision_date >= %(start)s AND m.decision_date < %(end)s
        ) AS admitted
    FROM admissions_unit g
    LEFT JOIN admissions_quota q ON q.unit_id = g.id AND q.year = %(year)s AND q.source = 'assigned'
    WHERE g.path LIKE %(prefix)s AND g.level IN ('dbcs', 'cbcs')
)
SELECT id, name, unit_type, target, admitted,
    sum(admitted) OVER () AS subtree_admitted,
    count(*) FILTER (WHERE admitted >= target) OVER () AS organisations_completed,
    count(target) OVER () AS organisations_with_quota,
    (SELECT target FROM admissions_quota
     WHERE unit_id = %(unit)s AND year = %(year)s AND source = 'assigned') AS own_quota
FROM per_org
ORDER BY path
"""

STATEMENTS = {"yearly attainment": YEARLY_ATTAINMENT}


def params(unit_id: int, path: str, year: int) -> dict:
    return {
        "unit": unit_id,
        "prefix": path + "%",
        "year": year,
        "start": datetime.date(year, 1, 1),
        "end": datetime.date(year + 1, 1, 1),
    }


def run(connection, unit_id: int, path: str, year: int) -> list:
    """Every statement, every row fetched to the client."""
    values = params(unit_id, path, year)
    with connection.cursor() as cursor:
        results = []
        for sql in STATEMENTS.values():
            cursor.execute(sql, values)
            results.append(cursor.fetchall())
    return results


def explain(connection, unit_id: int, path: str, year: int) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement, for bench/README.md and index decisions."""
    values, out = params(unit_id, path, year), []
    with connection.cursor() as cursor:
        for name, sql in STATEMENTS.items():
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, values)
            out.append(f"-- {name}\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(out)
