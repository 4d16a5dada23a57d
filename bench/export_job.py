"""One export in a fresh process, so its peak memory is its own: prints a JSON line with the figures.

python bench/export_job.py --kind ours|peer --max-pk N --out FILE
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
    parser.add_argument("--kind", choices=["ours", "peer"], required=True)
    parser.add_argument("--max-pk", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from admissions.models import Member
    from bench import hooks

    members = Member.objects.filter(pk__lte=args.max_pk)
    baseline = peak_mb()
    started = time.perf_counter()
    if args.kind == "ours":
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


if __name__ == "__main__":
    main()
