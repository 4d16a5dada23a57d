"""The data a benchmark run measures: the database, the tier's data, the bench user and the import workbook.

Django is set up here, from the --database-url of the run, so every import of Django or of the app sits
inside the functions: they run after `setup_django`.
"""

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

BENCH_USER = "bench"


def setup_django(database_url: str) -> None:
    """Django on the run's database, with the hosts the test client and the loopback servers use."""
    os.environ["DATABASE_URL"] = database_url
    # No TLS in front of the loopback servers, no collectstatic: the settings the test suite uses.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    import django

    django.setup()


def generate(tier: str) -> None:
    """Wipe the units, quotas and members and generate the tier afresh (user accounts stay)."""
    from django.core.management import call_command

    call_command("generate_scale", "--tier", tier, "--fresh")


def bench_user() -> "User":
    """The superuser every measurement runs as, so that each page sees the whole data."""
    from accounts.models import Role, User

    user, _created = User.objects.get_or_create(
        username=BENCH_USER,
        defaults={"role": Role.COMMITTEE_STAFF, "is_staff": True, "is_superuser": True},
    )
    return user


def session_cookie(user: "User") -> str:
    """A logged-in session, made the way django.contrib.auth.login makes one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def context() -> dict:
    """Ids the measurements need, chosen from the data: the last complete year, the top unit, the largest
    province-like unit below it, the busiest organisation of the year, one member."""
    from django.db.models import Count
    from django.utils import timezone

    from admissions.models import Member, Unit

    year = timezone.localdate().year - 1
    top = Unit.objects.filter(parent=None).order_by("path").first()
    if top is None:
        raise SystemExit("No data: run with --generate (or manage.py generate_scale) first.")
    # At the nation tier the root's children are provinces; below a province, superior committees.
    below = Unit.objects.filter(parent=top, level="superior")
    nested = below.filter(children__level="superior").exists()
    sub = below.annotate(n=Count("children")).order_by("-n", "id").first()
    org_id = (
        Member.objects.filter(decision_date__year=year)
        .values("grassroots")
        .annotate(n=Count("id"))
        .order_by("-n", "grassroots")
        .values_list("grassroots", flat=True)
        .first()
    )
    member = Member.objects.filter(grassroots=org_id).order_by("id").first()
    return {
        "year": year,
        "top": top,
        "sub": sub,
        "sub_label": "one province" if nested else "one superior committee",
        "org": org_id,
        "member": member.pk if member else 0,
        "unit": org_id,
        "tier": None,
    }


def summary() -> dict:
    """How much data the run measured, for the page's header."""
    from django.db import connection

    from admissions.models import Member, Quota, Unit

    summary = {
        "units": Unit.objects.count(),
        "grassroots": Unit.objects.grassroots().count(),
        "cells": Unit.objects.cells().count(),
        "quotas": Quota.objects.count(),
        "members": Member.objects.count(),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())), current_setting('server_version')"
        )
        summary["database size"], summary["PostgreSQL"] = cursor.fetchone()
    return summary


def guess_tier(summary: dict) -> str:
    """The tier whose number of organisations is nearest to the data's, when --tier is not given."""
    from devdata.scale import TIERS

    return min(TIERS, key=lambda name: abs(TIERS[name].grassroots - summary["grassroots"]))


def make_import_workbook(path, rows: int) -> None:
    """A workbook of `rows` new, valid members for cells of the data, with the importer's headers.

    ADAPT together with hooks.IMPORT_HEADERS: each header's second item names a value computed here.
    """
    import xlsxwriter

    from admissions.choices import Occupation, Religion, Schooling, Sex
    from admissions.models import Unit
    from bench import hooks
    from devdata import scale

    cells = dict(Unit.objects.cells().order_by("id").values_list("id", "code")[:2000])
    builder = scale.ScaleBuilder("district", years=1, seed=99)
    builder.build_units()  # for an organisation to generate from; its cells are replaced by real ones
    org = builder.orgs[0]
    org.cells = list(cells)
    labels = {
        "sex": dict(Sex.choices), "religion": dict(Religion.choices), "occupation": dict(Occupation.choices),
        "schooling": dict(Schooling.choices),
    }  # fmt: skip
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, [header for header, _key in hooks.IMPORT_HEADERS])
    written = 0
    for values in builder.members_of(org, builder.years[0], rows * 2):
        record = dict(zip(scale.MEMBER_COLUMNS, values, strict=True))
        if not record["national_id"]:
            continue
        # Another "province" prefix than the generated data (which stay below 100): no clash with them.
        record["national_id"] = "9" + record["national_id"][1:]
        record["cell_code"] = cells[record["cell_id"]]
        for key, names in labels.items():
            record[f"{key}_label"] = str(names[record[key]])
        values = [record[key] for _header, key in hooks.IMPORT_HEADERS]
        sheet.write_row(
            written + 1, 0, [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in values]
        )
        written += 1
        if written == rows:
            break
    workbook.close()
