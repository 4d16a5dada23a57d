"""The benchmark's command line: run as a script (how `make bench` runs it), its modules import and it
refuses a database it is not meant for."""

import subprocess
import sys
from pathlib import Path

import pytest

from bench import run

ROOT = Path(__file__).resolve().parents[2]


def test_run_as_a_script_finds_its_sibling_modules_and_lists_its_options():
    # As a script bench/ is on sys.path and the project is not: run.py must put it there before its imports.
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    for option in [
        "--database-url",
        "--tier",
        "--generate",
        "--repeat",
        "--export-repeat",
        "--only",
        "--note",
    ]:
        assert option in result.stdout
    assert "measure the app against its peers on PostgreSQL" in result.stdout


def test_a_database_other_than_postgresql_is_refused_before_anything_runs():
    with pytest.raises(SystemExit, match="runs on PostgreSQL"):
        run.main(["--database-url", "sqlite:///bench.sqlite3"])
