"""The SQL floor: the yearly attainment figures of a unit computed by bare SQL, run directly on PostgreSQL.

No ORM, no Python per row: what the database itself needs to produce the figures of the yearly summary
(DOMAIN.md section 6.1), against which reports.attainment is judged. Three statements, as a report needs:
1. per grassroots organisation under the unit: its assigned quota and the admissions in the year;
2. the unit's own total: its own assigned quota and the admissions in its whole subtree;
3. how many organisations met their quota (the "x/y cấp ủy cơ sở hoàn thành" footer).
"""

import datetime

PER_ORGANISATION = """
WITH admitted AS (
    SELECT m.grassroots_id, count(*) AS admitted
    FROM admissions_member m
    JOIN admissions_unit g ON g.id = m.grassroots_id
    WHERE g.path LIKE %(prefix)s AND m.decision_date >= %(start)s AND m.decision_date < %(end)s
    GROUP BY m.grassroots_id
)
SELECT g.id, g.name, g.unit_type, q.target, coalesce(a.admitted, 0) AS admitted
FROM admissions_unit g
LEFT JOIN admissions_quota q ON q.unit_id = g.id AND q.year = %(year)s AND q.source = 'assigned'
LEFT JOIN admitted a ON a.grassroots_id = g.id
WHERE g.path LIKE %(prefix)s AND g.level IN ('dbcs', 'cbcs')
ORDER BY g.path
"""

UNIT_TOTAL = """
SELECT
    (SELECT target FROM admissions_quota
     WHERE unit_id = %(unit)s AND year = %(year)s AND source = 'assigned') AS quota,
    (SELECT count(*) FROM admissions_member m JOIN admissions_unit c ON c.id = m.cell_id
     WHERE c.path LIKE %(prefix)s AND m.decision_date >= %(start)s AND m.decision_date < %(end)s) AS admitted
"""

COMPLETED = """
SELECT count(*) FILTER (WHERE coalesce(a.admitted, 0) >= q.target), count(*)
FROM admissions_unit g
JOIN admissions_quota q ON q.unit_id = g.id AND q.year = %(year)s AND q.source = 'assigned'
LEFT JOIN (
    SELECT m.grassroots_id, count(*) AS admitted
    FROM admissions_member m
    JOIN admissions_unit g2 ON g2.id = m.grassroots_id
    WHERE g2.path LIKE %(prefix)s AND m.decision_date >= %(start)s AND m.decision_date < %(end)s
    GROUP BY m.grassroots_id
) a ON a.grassroots_id = g.id
WHERE g.path LIKE %(prefix)s AND g.level IN ('dbcs', 'cbcs')
"""

STATEMENTS = {"per organisation": PER_ORGANISATION, "unit total": UNIT_TOTAL, "completed": COMPLETED}


def params(unit_id: int, path: str, year: int) -> dict:
    return {
        "unit": unit_id,
        "prefix": path + "%",
        "year": year,
        "start": datetime.date(year, 1, 1),
        "end": datetime.date(year + 1, 1, 1),
    }


def run(connection, unit_id: int, path: str, year: int) -> list:
    """All three statements, every row fetched to the client."""
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
