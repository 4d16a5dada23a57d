"""The SQL floor: the yearly attainment figures of a unit computed by bare SQL, run directly on PostgreSQL.

No ORM, no Python per row: what the database itself needs to produce the figures of the yearly summary
(DOMAIN.md section 6.1), against which reports.attainment is judged. One statement returns, for every
grassroots organisation under the unit, its assigned quota and its admissions in the year, and on every row
the totals a report shows: admissions in the whole subtree (every member belongs to one organisation, so
the subtree's total is the sum over its organisations), how many organisations met their quota, how many
had one, and the unit's own assigned quota (not the sum of the quotas it handed down).

`run_breakdown` is the floor of Biểu 2 (DOMAIN.md 6.2): the same figures in one bare SQL pass.

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


def _age_band(low: int | None, high: int | None) -> str:
    """Full years low..high on the stored age in months; over 60 means a month past the 60th birthday."""
    from admissions.models import MAX_AGE_MONTHS

    lowest = (
        "TRUE"
        if low is None
        else f"m.age_months > {MAX_AGE_MONTHS}"
        if low > 60
        else f"m.age_months >= {low * 12}"
    )
    highest = (
        "TRUE"
        if high is None
        else f"m.age_months <= {MAX_AGE_MONTHS}"
        if high == 60
        else f"m.age_months < {(high + 1) * 12}"
    )
    return f"{lowest} AND {highest}"


def _breakdown_conditions() -> list[str]:
    """One SQL condition per row of Biểu 2 (DOMAIN.md 6.2 and 6.3), written out by hand from the choices."""
    from admissions.choices import Occupation as O
    from admissions.choices import Qualification, Religion, Schooling, UnitType
    from reports.attainment import AGE_BANDS  # the bands' limits in years

    def one_of(column, values):
        return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"

    conditions = [
        "TRUE", "m.sex = 'F'", "m.ethnicity <> 'Kinh'", "m.religion <> 'none'", "m.youth_union",
        "m.private_business_owner", "m.readmission",
        *(one_of("m.occupation", group) for group in (
            [O.STATE_CADRE], [O.COMMUNE_CADRE], [O.TEACHER, O.PUBLIC_EMPLOYEE], [O.TEACHER], [O.ENTERPRISE],
            [O.FARMER], [O.ARMED_FORCES], [O.STUDENT], [O.PUPIL], [O.OTHER],
        )),
        *(_age_band(low, high) for _key, _label, low, high in AGE_BANDS),
        *(f"m.schooling = '{value}'" for value in Schooling.values),
        *(f"m.qualification = '{value}'" for value in Qualification.values),
        *(f"g.unit_type = '{value}'" for value in UnitType.values),
        *(f"m.religion = '{value}'" for value in Religion.values),
    ]  # fmt: skip
    return conditions


def _breakdown() -> str:
    periods = {
        "this": "m.decision_date BETWEEN %(start)s AND %(last_day)s",
        "last": "m.decision_date BETWEEN %(last_start)s AND %(last_end)s",
    }
    counts = [
        f"count(*) FILTER (WHERE {period} AND {condition})"
        for condition in _breakdown_conditions()
        for period in periods.values()
    ]
    ages = [f"sum(m.age_months) FILTER (WHERE {period})" for period in periods.values()]
    return f"""
SELECT m.ethnicity, {", ".join(counts + ages)}
FROM admissions_member m JOIN admissions_unit g ON g.id = m.grassroots_id
WHERE g.path LIKE %(prefix)s AND g.level IN ('dbcs', 'cbcs')
    AND m.decision_date BETWEEN %(last_start)s AND %(last_day)s
GROUP BY m.ethnicity
"""


STATEMENTS = {"yearly attainment": YEARLY_ATTAINMENT}


def params(unit_id: int, path: str, year: int) -> dict:
    return {
        "unit": unit_id,
        "prefix": path + "%",
        "year": year,
        "start": datetime.date(year, 1, 1),
        "end": datetime.date(year + 1, 1, 1),
        "last_day": datetime.date(year, 12, 31),
        "last_start": datetime.date(year - 1, 1, 1),
        "last_end": datetime.date(year - 1, 12, 31),
    }


def run(connection, unit_id: int, path: str, year: int, *, statements=None) -> list:
    """Every statement (the yearly attainment's unless told), every row fetched to the client."""
    values = params(unit_id, path, year)
    with connection.cursor() as cursor:
        results = []
        for sql in (statements or STATEMENTS).values():
            cursor.execute(sql, values)
            results.append(cursor.fetchall())
    return results


def run_breakdown(connection, unit_id: int, path: str, year: int) -> list:
    """The floor of Biểu 2: every row's count for the year and the year before, and the ages' sums, grouped
    by ethnicity, in one pass over the members of the two years (the grassroots organisation's type comes
    from the join that places a member in the subtree)."""
    return run(connection, unit_id, path, year, statements={"breakdown": _breakdown()})


def explain(connection, unit_id: int, path: str, year: int) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement, for bench/README.md and index decisions."""
    values, out = params(unit_id, path, year), []
    with connection.cursor() as cursor:
        for name, sql in {**STATEMENTS, "breakdown": _breakdown()}.items():
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, values)
            out.append(f"-- {name}\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(out)
