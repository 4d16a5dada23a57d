"""The English catalogue is complete and current, checked by gettext's own tools:

- `msgfmt -c` compiles it with every check (a placeholder lost or invented in a translation is an error) and
  counts what is untranslated or fuzzy: none may be;
- `makemessages` run on a copy of the code would add no string and retire none: every user-facing string of
  the code is in the catalogue, and the catalogue holds nothing the code no longer says.

Without gettext these tests skip, except where REQUIRE_GETTEXT=1 (CI), where they fail.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SOURCES = ("config", "core", "accounts", "admissions", "candidates", "reports", "devdata", "templates")


@pytest.fixture(scope="module", autouse=True)
def gettext():
    missing = [tool for tool in ("msgfmt", "msgattrib", "xgettext", "msgmerge") if not shutil.which(tool)]
    if missing:
        message = f"gettext is not installed ({', '.join(missing)} missing): the catalogue cannot be checked."
        if os.environ.get("REQUIRE_GETTEXT") == "1":
            pytest.fail(message)
        pytest.skip(message)


def catalogue_problems(po: Path) -> list[str]:
    """What `msgfmt -c --statistics` finds wrong with a catalogue: its errors and warnings, and any
    untranslated or fuzzy entries it counts."""
    result = subprocess.run(
        ["msgfmt", "-c", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    statistics = [line for line in lines if "translated message" in line]
    found = [line for line in lines if line not in statistics]
    found += [line for line in statistics if "fuzzy" in line or "untranslated" in line]
    if result.returncode and not found:
        found.append(f"msgfmt exited with {result.returncode}")
    return found


def entries(po: Path, *flags: str) -> list[str]:
    """The msgids msgattrib selects with `flags` (e.g. --untranslated), one line each."""
    result = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(po)], capture_output=True, text=True, check=True
    )
    return [
        line
        for line in result.stdout.splitlines()
        if line.startswith(("msgid ", "#~ msgid ")) and line.strip() not in {'msgid ""', '#~ msgid ""'}
    ]


def test_the_catalogue_compiles_with_every_check_and_nothing_untranslated_or_fuzzy():
    assert catalogue_problems(CATALOGUE) == []


SAMPLE = r"""msgid ""
msgstr ""
"Project-Id-Version: ptdv\n"
"PO-Revision-Date: 2026-01-01 00:00+0700\n"
"Last-Translator: test\n"
"Language-Team: English\n"
"Language: en\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

#, python-format
msgid "Đã nhập %(count)s đảng viên mới."
msgstr "Imported %(number)s new members."

#, python-brace-format
msgid "{count} ô không hợp lệ"
msgstr "invalid entries"

#, fuzzy
msgid "Lưu"
msgstr "Save"

msgid "Xóa"
msgstr ""
"""


def test_the_check_finds_a_changed_placeholder_a_fuzzy_and_an_untranslated_entry(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(SAMPLE, encoding="utf-8")
    found = " ".join(catalogue_problems(sample))
    assert "argument 'count'" in found
    assert "1 fuzzy" in found
    assert "1 untranslated" in found


def test_makemessages_would_add_no_string_and_retire_none(tmp_path):
    for source in SOURCES:
        shutil.copytree(ROOT / source, tmp_path / source, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "-v", "0"],
        cwd=tmp_path,
        check=True,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
    )
    updated = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    assert entries(updated, "--untranslated") == [], "strings of the code missing from the catalogue"
    assert entries(updated, "--only-obsolete") == [], "catalogue entries the code no longer uses"
    assert entries(updated, "--only-fuzzy") == [], "entries makemessages matched only approximately"
