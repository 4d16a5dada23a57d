"""The layer contracts of docs/ARCHITECTURE.md (pyproject.toml, [tool.importlinter]) hold, and they fire.

The second test copies the code into a temporary folder, adds a violation there and runs import-linter on the
copy: a contract that never fails would otherwise pass unnoticed.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "core", "accounts", "admissions", "candidates", "reports", "devdata")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layer_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "violation", "contract"),
    [
        # A page filtering through a model's manager instead of a selector.
        ("admissions/views/units.py", "from admissions.models import Member", "never a model's manager"),
        # A workbook writer that runs a query of its own.
        ("reports/charts.py", "from admissions.models import Member", "The workbook and chart writers"),
        # A selector that writes.
        ("admissions/selectors/units.py", "from admissions import services", "admissions: views"),
        # A read of the pipeline that writes.
        ("candidates/selectors/candidates.py", "from candidates import services", "candidates: laid out"),
        # Domain code that reaches for the demo data.
        ("reports/formatting.py", "import devdata.demo", "not domain code"),
        # The attainment figures reaching up to the report page.
        ("reports/attainment/yearly.py", "import reports.views", "reports: views"),
        # A figure that reads through a selector (whose module uses attainment's Period: a loop).
        ("reports/attainment/tree.py", "from admissions import selectors", "Figures are computed in"),
        # The forecast reading the pipeline through a selector rather than its models.
        ("reports/attainment/forecast.py", "from candidates import selectors", "Figures are computed in"),
        # Plumbing that learns the domain.
        ("core/xlsx.py", "from admissions.models import Member", "core/ is plumbing"),
        # The data-entry app rendering a report's workbook.
        ("admissions/exports.py", "from reports import excel", "never its pages or writers"),
    ],
)
def test_a_deliberate_violation_breaks_its_contract(tmp_path, module, violation, contract):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(f"{violation}  # noqa\n{target.read_text()}")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    broken = " ".join(result.stdout[result.stdout.index("Broken contracts") :].split())
    assert contract in broken, result.stdout
