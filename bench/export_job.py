"""One export in a fresh process, so its peak memory is its own: prints a JSON line with the figures.

python bench/export_job.py --kind ours|peer|csv|copy --max-pk N --out FILE
python bench/export_job.py --kind workbook --unit ID --year YEAR --out FILE

ours / peer: the members' .xlsx, ours against django-tables2's TableExport; csv / copy: our CSV export of the
same rows against PostgreSQL's own COPY TO of the values it reads; workbook: the yearly workbook of a unit,
through its view, as a user of the unit's scope.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=["ours", "peer", "csv", "copy", "workbook"], required=True)
    parser.add_argument("--max-pk", type=int, default=0)
    parser.add_argument("--unit", type=int, default=0)
    parser.add_argument("--year", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from admissions.models import Member
    from bench import hooks

    members = Member.objects.filter(pk__lte=args.max_pk)
    baseline = peak_mb()
    started = time.perf_counter()
    if args.kind == "workbook":
        _workbook(args)
    elif args.kind in ("csv", "copy"):
        _csv(args, members.order_by("pk"))
    elif args.kind == "ours":
        write = hooks.our_export()
        with open(args.out, "wb") as out:
            write(members, out)
    else:
        from django_tables2.export import TableExport

        table = hooks.peer_table_class()(members.select_related("cell", "grassroots"))
        with open(args.out, "wb") as out:
            out.write(TableExport("xlsx", table).export())
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_mb(),
                "baseline_mb": baseline,
                "bytes": os.path.getsize(args.out),
            }
        )
    )


def _workbook(args) -> None:
    """The report page's "Tải Excel" as the unit's committee staff would: the view itself, its whole body."""
    from django.test import RequestFactory, override_settings

    from bench import roles
    from reports.views import ReportWorkbookView

    request = RequestFactory().get("/", {"year": args.year, "unit": args.unit})
    request.user = roles.scoped_user("workbook", args.unit)
    # Above REPORT_BACKGROUND_ROWS members the page hands the same work to the worker: it is done here.
    with override_settings(REPORT_BACKGROUND_ROWS=10**9):
        response = ReportWorkbookView.as_view()(request)
    assert response.status_code == 200, response.status_code
    with open(args.out, "wb") as out:
        out.write(response.content)


def _csv(args, members) -> None:
    """Our CSV export (what the page streams), or COPY TO of the very values it reads (its floor)."""
    from django.db import connection

    from admissions import exports

    with open(args.out, "w", encoding="utf-8") as out:
        if args.kind == "csv":
            for chunk in exports.stream_members_csv(members):
                out.write(chunk)
            return
        sql, params = exports.members_csv_values(members).query.sql_with_params()
        with connection.cursor() as cursor:
            literal = cursor.cursor.mogrify(sql, params)  # COPY takes no bound parameters
            with cursor.cursor.copy(f"COPY ({literal}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    out.write(bytes(block).decode())


if __name__ == "__main__":
    main()
