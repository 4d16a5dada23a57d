"""Writing many new rows at once: COPY on PostgreSQL, bulk_create elsewhere; and reading many as CSV
through COPY TO (`copy_csv`).

Django's bulk_create sends each batch as one INSERT whose values are adapted one by one (about 0.3 ms a
member of 40 columns on PostgreSQL); COPY streams the rows and takes a fraction of that. The importer and
the scale generator write through here.
"""

import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import F, Lookup, Q


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY rows (tuples of Python values, in `columns` order) into a PostgreSQL table; psycopg adapts and
    escapes each value. Returns the number of rows written."""
    count = 0
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    # psycopg's copy() is reached past Django's cursor wrapper: its errors are turned into Django's here, so
    # a unique violation is the IntegrityError callers catch, as with an INSERT.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def load_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence], batch: int = 2000
) -> int:
    """Load rows of plain values (in `columns` order) into `model`'s table, with no model instances on
    PostgreSQL (COPY) and in batches of bulk_create elsewhere. Returns the number of rows written."""
    if connection.vendor == "postgresql":
        return copy_rows(model._meta.db_table, columns, rows)
    count, objects = 0, []
    for row in rows:
        objects.append(model(**dict(zip(columns, row, strict=True))))
        if len(objects) >= batch:
            model.objects.bulk_create(objects)
            count, objects = count + len(objects), []
    if objects:
        model.objects.bulk_create(objects)
        count += len(objects)
    return count


class _AnyOf(Lookup):
    """`field = ANY(%s)`, the values sent as one array (PostgreSQL). Not registered: built by one_of()."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def one_of(field: str, values: Iterable) -> Q | Lookup:
    """Rows whose `field` is one of `values`: on PostgreSQL one array parameter, elsewhere `IN`. psycopg
    splits a statement's text at each of its placeholders before it sends it, which for thousands of them
    takes longer than PostgreSQL takes to run it (the import of 10,000 members spent 0.7 s of its write
    there); an array is one placeholder whatever its length."""
    values = list(values)
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), values)
    return Q(**{f"{field}__in": values})


def insert_all(model: type[models.Model], objects: list[models.Model], *, batch_size: int = 500) -> list:
    """Insert unsaved instances of `model` and set their primary keys, as bulk_create(objects) does (no save()
    and no signals: the caller validates and derives first; generated columns are the database's)."""
    if connection.vendor != "postgresql" or not objects:
        return model.objects.bulk_create(objects, batch_size=batch_size)
    meta = model._meta
    pk = meta.pk
    fields = [field for field in meta.concrete_fields if field is not pk and not field.generated]
    with connection.cursor() as cursor:
        # Ids drawn from the table's own sequence, as the INSERTs would have drawn them.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objects)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for instance, new_id in zip(objects, ids, strict=True):
        instance.pk = new_id
    copy_rows(
        meta.db_table,
        [pk.column, *(field.column for field in fields)],
        (
            [
                instance.pk,
                *(field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields),
            ]
            for instance in objects
        ),
    )
    for instance in objects:
        instance._state.adding = False
        instance._state.db = connection.alias
    return objects


def copy_csv(queryset: models.QuerySet, *, rows_per_chunk: int = 500) -> Iterator[str]:
    """The rows of `queryset` (a values_list of text) as CSV lines ending in "\\n", written by PostgreSQL's
    COPY TO: no row becomes Python values. NULL is an empty cell; `rows_per_chunk` lines are yielded at a
    time, as text (COPY sends one row per message, so a chunk never splits a character).

    The COPY is read to its end into a temporary file (memory up to SPOOL_BYTES) before the first chunk is
    yielded: a connection does nothing else while a COPY runs, and whoever reads the chunks may use it in
    between (a background export writes its progress): it waited on itself for ever."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter on an empty list: no row
        return
    sizes: list[int] = []
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        with connection.wrap_database_errors, connection.cursor() as cursor:
            literal = cursor.cursor.mogrify(sql, params)  # COPY takes no bound parameters
            statement = f"COPY ({literal}) TO STDOUT WITH (FORMAT csv)"
            if connection.queries_logged:  # psycopg's copy() is past Django's query log: the counts see it
                connection.queries_log.append({"sql": statement, "time": "0.000"})
            with cursor.cursor.copy(statement) as copy:
                lines: list[bytes] = []
                for row in copy:
                    lines.append(bytes(row))
                    if len(lines) >= rows_per_chunk:
                        sizes.append(spool.write(b"".join(lines)))
                        lines = []
                if lines:
                    sizes.append(spool.write(b"".join(lines)))
        spool.seek(0)
        for size in sizes:
            yield spool.read(size).decode()


SPOOL_BYTES = 16 * 1024 * 1024  # copy_csv: a longer CSV (about 80,000 members) goes to a file on disk
