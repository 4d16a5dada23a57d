"""SQL functions of the admissions data, for queries and migrations that compute in the database."""

from django.db.models import CharField, Func, IntegerField

# On SQLite a date is stored as 'YYYY-MM-DD' text: its parts are read as digits.
SQLITE_DIGITS = {"year": (1, 4), "month": (6, 2), "day": (9, 2)}


class AgeInMonths(Func):
    """SQL twin of admissions.text.age_in_months(born, on): full months of age, complete on the birthday itself
    and, for one born on the 29th to 31st, on the last day of a shorter month.

    Member.age_months is a column the database generates with it, on both backends (tests hold it equal to the
    Python rule at month ends). Migration 0005 refers to this class: a different rule needs a new function
    and a migration of its own, not an edit here.
    """

    output_field = IntegerField()
    arity = 2

    @staticmethod
    def part(column: str, name: str, vendor: str) -> str:
        if vendor == "sqlite":
            start, length = SQLITE_DIGITS[name]
            return f"CAST(SUBSTR({column}, {start}, {length}) AS INTEGER)"
        return f"CAST(EXTRACT({name.upper()} FROM {column}) AS INTEGER)"

    def as_sql(self, compiler, connection, **extra_context):
        (born, born_params), (on, on_params) = (compiler.compile(e) for e in self.get_source_expressions())
        if born_params or on_params:
            raise ValueError("AgeInMonths takes date columns")
        y, m, d = (self.part(on, name, connection.vendor) for name in ("year", "month", "day"))
        by, bm, bd = (self.part(born, name, connection.vendor) for name in ("year", "month", "day"))
        leap = f"(({y} / 4) * 4 = {y} AND ({y} / 100) * 100 <> {y} OR ({y} / 400) * 400 = {y})"
        last_day = f"CASE WHEN {m} IN (4, 6, 9, 11) THEN 30 WHEN {m} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END ELSE 31 END"
        not_yet = f"CASE WHEN {d} < {bd} AND {d} < {last_day} THEN 1 ELSE 0 END"
        return f"(({y} - {by}) * 12 + {m} - {bm} - {not_yet})", []


# The characters of a path down to a unit directly under the top of the tree (two levels of
# admissions.models.units.PATH_STEP digits): the branch a record belongs to.
BRANCH_PATH = 20


class Branch(Func):
    """The branch of a record: the first BRANCH_PATH characters of its copy of its cell's path.

    The numbers are written in the SQL, not sent as parameters: SQLite uses an index on an expression only
    for a query that spells it with the same literals, and PostgreSQL only for the same function (the
    indexes of migrations admissions 0018 and candidates 0003 are on this expression).
    """

    function = "SUBSTR"
    template = f"%(function)s(%(expressions)s, 1, {BRANCH_PATH})"
    output_field = CharField()
    arity = 1
