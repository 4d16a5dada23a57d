"""Loading generated data: refusing or wiping a database that holds data, then units, quotas, members and
candidates through core.bulk.load_rows (COPY on PostgreSQL, bulk_create in batches on SQLite), timed step by step.

Bypassing the services is what makes ten years of a country load in minutes; the rows obey every rule the
services enforce, so a generated member passes full_clean().
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

from admissions import services
from admissions.models import AdmissionEthnicitySummary, AdmissionSummary, Member, Quota, Unit
from candidates import services as candidate_services
from candidates.models import Candidate
from core.bulk import load_rows

from .builder import ScaleBuilder
from .candidates import CANDIDATE_COLUMNS
from .members import MEMBER_COLUMNS
from .quotas import QUOTA_COLUMNS
from .tiers import TIERS
from .tree import UNIT_COLUMNS


@dataclass
class Summary:
    """What generate() loaded: counts per kind, the years covered and the seconds each step took."""

    tier: str
    years: list[int]
    units: int = 0
    grassroots: int = 0
    cells: int = 0
    quotas: int = 0
    members: int = 0
    candidates: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def database_has_data() -> bool:
    """Whether any unit, quota or member is there (generating on top of real data is refused)."""
    return Unit.objects.exists() or Member.objects.exists() or Quota.objects.exists()


def wipe() -> None:
    """Empty units, quotas, members and whatever refers to them; users keep their accounts, without unit."""
    user_model = apps.get_model("accounts", "User")
    user_model.objects.exclude(unit=None).update(unit=None)
    ours = {Unit, Quota, Member}
    # Every table with a key to ours, hidden relations (related_name="+": the summary, the quota changes)
    # and many-to-many tables included.
    dependants = {
        model
        for model in apps.get_models(include_auto_created=True)
        if model not in ours
        and model is not user_model
        and any(field.related_model in ours for field in model._meta.concrete_fields if field.is_relation)
    }
    tables = [m._meta.db_table for m in (*dependants, Member, Quota)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while deferred foreign-key checks of this transaction are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(map(connection.ops.quote_name, tables))}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        # Not TRUNCATE: accounts_user keeps a foreign key to units (now all NULL).
        cursor.execute(f"DELETE FROM {Unit._meta.db_table}")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def generate(
    tier: str,
    *,
    years: int = 10,
    seed: int = 1,
    fresh: bool = False,
    log: Callable[[str], None] | None = None,
) -> Summary:
    """Fill the database with a tier's data. Refuses a database that has data unless `fresh` (then wipes)."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; choose one of {', '.join(TIERS)}")
    if database_has_data() and not fresh:
        raise RuntimeError("the database already holds units, quotas or members: pass fresh=True to wipe")
    log = log or (lambda message: None)
    builder = ScaleBuilder(tier, years=years, seed=seed)
    summary = Summary(tier=tier, years=builder.years)
    postgres = connection.vendor == "postgresql"

    def step(name, action):
        started = time.perf_counter()
        result = action()
        summary.timings[name] = time.perf_counter() - started
        log(f"{name}: {summary.timings[name]:.1f} s")
        return result

    with transaction.atomic():
        if fresh:
            step("wipe", wipe)
        first_id = (Unit.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        step("build units", lambda: builder.build_units(first_id))
        summary.units = step("load units", lambda: load_rows(Unit, UNIT_COLUMNS, builder.units))
        quota_rows = step("build quotas", builder.build_quotas)
        summary.quotas = step("load quotas", lambda: load_rows(Quota, QUOTA_COLUMNS, quota_rows))
        summary.members = step(
            "generate and load members", lambda: load_rows(Member, MEMBER_COLUMNS, builder.member_rows())
        )
        summary.candidates = step(
            "generate and load candidates",
            lambda: load_rows(Candidate, CANDIDATE_COLUMNS, builder.candidate_rows()),
        )
        # Loaded around the services, so the admissions summary the reports read is built from them.
        step("build the admissions summary", services.admission_summary_rebuild)
        # The forecast's saved counts are of files loaded around the services too: counted again in full.
        candidate_services.pipeline_recount_all()
        if postgres:
            with connection.cursor() as cursor:
                for model in (Unit, Quota, Member, Candidate):
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
    if postgres:
        # Fresh statistics, and (outside a transaction) a visibility map so index-only scans skip the heap
        # as they do on a table autovacuum has visited.
        analysed = (Unit, Quota, Member, Candidate, AdmissionSummary, AdmissionEthnicitySummary)
        tables = ", ".join(m._meta.db_table for m in analysed)
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        step(command.lower(), lambda: connection.cursor().execute(f"{command} {tables}"))
    summary.grassroots = len(builder.orgs)
    summary.cells = sum(len(org.cells) for org in builder.orgs)
    return summary
