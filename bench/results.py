"""What a benchmark run prints and keeps: the rows of the table, their formatting, and bench/results/.

A run ends as one Markdown page (a header saying what data and machine the figures came from, then the
table) printed to the terminal and written to bench/results/latest.md and bench/results/<tier>.md. The
query counts of each tier are kept in bench/results/queries-<tier>.json, so that the next run at the other
tier can compare with them. Nothing here touches Django: it formats figures measured elsewhere.
"""

import datetime
import json
import os
import platform
import statistics
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

HEADERS = [
    "measurement",
    "ours median",
    "spread (min – max of the repeats)",
    "peer median",
    "ratio",
    "target",
    "ok?",
]


@dataclass
class Row:
    """One line of the table. `higher_is_better` flips the ratio's meaning (requests per second)."""

    name: str
    unit: str
    ours: list[float] | None
    peer: list[float] | None
    target: str
    ok: bool | None = None
    note: str = ""
    higher_is_better: bool = False

    @staticmethod
    def median(values: list[float] | None) -> float | None:
        return statistics.median(values) if values else None

    def cells(self) -> list[str]:
        ours, peer = self.median(self.ours), self.median(self.peer)
        ratio = f"{ours / peer:.2f}" if ours is not None and peer else "–"
        ok = {True: "yes", False: "NO", None: "–"}[self.ok]
        spread = "; ".join(
            f"{who} {_spread(values, self.unit)}" for who, values in (("ours", self.ours), ("peer", self.peer))
            if values and len(values) > 1
        ) or "–"  # fmt: skip
        return [self.name, _fmt(ours, self.unit), spread, _fmt(peer, self.unit), ratio,
                self.target, ok + (f" ({self.note})" if self.note else "")]  # fmt: skip


def _fmt(value, unit):
    if value is None:
        return "not available"
    digits = 0 if unit in ("req/s", "queries", "MB") or value >= 100 else 1
    return f"{value:,.{digits}f} {unit}"


def _spread(values, unit):
    return f"{_fmt(min(values), unit)} – {_fmt(max(values), unit)}".replace(f" {unit} –", " –")


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = 0
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{model}, {os.cpu_count()} cores, {memory} GB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average at the end of the run {load}"
    )


def page(
    rows: list[Row],
    *,
    tier: str,
    summary: dict,
    year: int,
    org: int | None,
    repeat: int,
    export_repeat: int,
    clients: int,
    seconds: float,
    elapsed: float,
    note: str,
) -> str:
    """The run's Markdown page: what was measured, on which data and machine, then the table."""
    header = [
        f"# Benchmark, {tier} tier, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- data: {', '.join(f'{k} {v:,}' if isinstance(v, int) else f'{k} {v}' for k, v in summary.items())}",
        f"- report year {year}; list filtered on organisation id {org}; repeats {repeat} "
        f"(exports and import {export_repeat}); {clients} HTTP clients x {seconds:g} s per run",
        f"- machine: {machine()}",
        f"- run took {elapsed:.0f} s" + (f"; {note}" if note else ""),
        "",
        "",
    ]
    return "\n".join(header) + table(rows) + "\n"


def save(tier: str, output: str) -> None:
    """Keep the page as the latest run and as the last run of its tier."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(output)
    (RESULTS / f"{tier}.md").write_text(output)


def _save(name: str, figures: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False))


def _load(name: str) -> dict:
    """A tier's figures of its last run, empty if it never ran on this machine."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def save_query_counts(tier: str, counts: dict[str, int]) -> None:
    _save(f"queries-{tier}", counts)


def query_counts(tier: str) -> dict[str, int]:
    """The query counts of the tier's last run."""
    return _load(f"queries-{tier}")


def save_page_timings(tier: str, timings: dict[str, dict]) -> None:
    _save(f"pages-{tier}", timings)


def page_timings(tier: str) -> dict[str, dict]:
    """Each role's page times and queries at the tier's last run."""
    return _load(f"pages-{tier}")
