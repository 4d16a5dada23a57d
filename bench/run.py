"""`make bench`: measure the app against its peers on PostgreSQL and print one table (see bench/README.md).

    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/ptdv_bench \
        [--tier district|province|nation --generate] [--repeat 7] [--only report,list,export,files,import,queries,pages,pipeline]

Every measurement runs its peer in the same run, interleaved (peer, ours, peer, ours ...) so that a noisy
neighbour slows both alike; each row gives the median and the spread (min–max) of the repeats.

This module is the command line and the order of the steps. The rest: bench/data.py (Django, the data, the
bench user), bench/measure.py (the measurements), bench/load.py (gunicorn and the HTTP clients),
bench/results.py (the table and bench/results/), with bench/floor.py, bench/hooks.py and bench/export_job.py.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ is on the path but not the project
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ptdv_bench"

from bench import data, measure, pipeline, results  # noqa: E402  (needs the project on the path)
from bench.results import Row  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--tier", help="label of the data; with --generate, the tier to generate")
    parser.add_argument("--generate", action="store_true", help="wipe the database and generate --tier first")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--export-rows", type=int, default=200_000)
    parser.add_argument(
        "--peer-export-rows", type=int, default=10_000, help="rows TableExport runs on (time scaled linearly)"
    )
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument("--seconds", type=float, default=3, help="length of one requests-per-second run")
    parser.add_argument("--page-repeat", type=int, default=5, help="requests per page and role (pages)")
    parser.add_argument(
        "--only", default="report,list,report_load,export,files,import,queries,pages,pipeline"
    )
    parser.add_argument(
        "--explain", action="store_true", help="also write EXPLAIN ANALYZE of the floor queries"
    )
    parser.add_argument(
        "--note", default="", help="a line recorded above the table (e.g. who else used the CPU)"
    )
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The benchmark runs on PostgreSQL: pass --database-url postgres://...")
    data.setup_django(args.database_url)
    if args.generate:
        if not args.tier:
            raise SystemExit("--generate needs --tier")
        data.generate(args.tier)
    summary = data.summary()
    tier = args.tier or data.guess_tier(summary)
    ctx = data.context()
    ctx["tier"] = tier
    only = set(args.only.split(","))
    started = time.perf_counter()
    rows: list[Row] = []
    steps = [
        ("report", lambda: measure.measure_report(ctx, args.repeat)),
        (
            "list",
            lambda: measure.measure_list(ctx, args.repeat, args.database_url, args.clients, args.seconds),
        ),
        (
            "export",
            lambda: measure.measure_export(
                ctx, args.export_repeat, args.database_url, args.export_rows, args.peer_export_rows
            ),
        ),
        (
            "files",
            lambda: measure.measure_files(ctx, args.export_repeat, args.database_url, args.export_rows),
        ),
        (
            "report_load",
            lambda: measure.measure_report_load(
                ctx, args.repeat, args.database_url, args.clients, args.seconds
            ),
        ),
        ("import", lambda: measure.measure_import(ctx, args.export_repeat, args.import_rows)),
        ("queries", lambda: measure.measure_queries(ctx, tier)),
        ("pages", lambda: measure.measure_pages(ctx, tier, args.page_repeat)),
        ("pipeline", lambda: pipeline.measure_pipeline(ctx, args.page_repeat)),
    ]
    for name, step in steps:
        if name in only:
            print(f"… {name}", file=sys.stderr, flush=True)
            rows += step()
    output = results.page(
        rows,
        tier=tier,
        summary=summary,
        year=ctx["year"],
        org=ctx["org"],
        repeat=args.repeat,
        export_repeat=args.export_repeat,
        clients=args.clients,
        seconds=args.seconds,
        elapsed=time.perf_counter() - started,
        note=args.note,
    )
    if args.explain and "report" in only:
        output += measure.explain_floor(ctx)
    results.save(tier, output)
    print(output)


if __name__ == "__main__":
    main()
