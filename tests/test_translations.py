"""The English catalogue is complete: every entry translated, none fuzzy, no placeholder lost.

The .po file is read with a small parser in plain Python (no gettext library needed), so the check also
runs where msgfmt is not installed.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

# What must survive translation: %(name)s (with any format spec, e.g. %(day)02d), bare %s / %d,
# {{ var }} of templates, {name} of python-brace-format strings and HTML tags.
NAMED = re.compile(r"%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
BARE = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdifr]")
TEMPLATE_VAR = re.compile(r"\{\{\s*[\w.]+\s*\}\}")
BRACE = re.compile(r"(?<!\{)\{[A-Za-z_]\w*\}(?!\})")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural index -> text; 0 when not plural
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == ""


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file; multi-line strings are joined, obsolete (#~) entries marked."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # which string the continuation lines extend

    def finish():
        nonlocal current, target
        if current is not None and (current.msgstr or current.msgid):
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if match:
            keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = value
            elif keyword == "msgctxt":
                target = ("msgctxt", 0)
            else:
                target = (keyword, 0)
                setattr(current, keyword, value)
            continue
        if line.startswith('"') and target is not None:
            value = ast.literal_eval(line)
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += value
            elif name != "msgctxt":
                setattr(current, name, getattr(current, name) + value)
            continue
        raise ValueError(f"line {number}: cannot read {raw!r}")
    finish()
    return [entry for entry in entries if not entry.obsolete]


def placeholders(text: str, *, python_format: bool = True) -> list[str]:
    """Every placeholder and tag of a string, as a sorted list (repeats count once)."""
    text = text.replace("%%", "")
    found = set(NAMED.findall(text)) | set(TEMPLATE_VAR.findall(text))
    found |= set(BRACE.findall(text)) | set(TAG.findall(text))
    if python_format:
        found |= set(BARE.findall(NAMED.sub("", text)))
    return sorted(found)


def problems(entries: list[Entry]) -> list[str]:
    """What is wrong with a catalogue, one line per problem (empty when all is well)."""
    found = []
    for entry in entries:
        if entry.is_header:
            continue
        where = f"line {entry.line}: {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            found.append(f"{where} is marked fuzzy")
        forms = entry.msgstr or {0: ""}
        if entry.msgid_plural is not None and len(forms) < 2:
            found.append(f"{where} needs msgstr[0] and msgstr[1]")
        python_format = "python-format" in entry.flags
        for index, translation in sorted(forms.items()):
            if not translation.strip():
                found.append(
                    f"{where} has an empty msgstr[{index}]" if len(forms) > 1 else f"{where} is empty"
                )
                continue
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            wanted = placeholders(source, python_format=python_format)
            got = placeholders(translation, python_format=python_format)
            missing = sorted(set(wanted) - set(got))
            if missing:
                found.append(f"{where} lost {', '.join(missing)} in {translation!r}")
            # A placeholder the code does not supply would raise KeyError when the string is formatted.
            allowed = set(placeholders(entry.msgid, python_format=python_format))
            allowed |= set(placeholders(entry.msgid_plural or "", python_format=python_format))
            extra = sorted(set(got) - allowed)
            if extra and (python_format or "python-brace-format" in entry.flags):
                found.append(f"{where} has unknown {', '.join(extra)} in {translation!r}")
    return found


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return parse_po(CATALOGUE.read_text(encoding="utf-8"))


def test_catalogue_has_a_header_and_entries(catalogue):
    assert catalogue[0].is_header
    assert "Language: en" in catalogue[0].msgstr[0]
    assert len(catalogue) > 100


def test_every_entry_is_translated(catalogue):
    empty = [p for p in problems(catalogue) if p.endswith(" is empty") or "has an empty msgstr" in p]
    assert not empty, "Untranslated entries:\n" + "\n".join(empty)


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in catalogue if "fuzzy" in e.flags]
    assert not fuzzy, "Fuzzy entries:\n" + "\n".join(fuzzy)


def test_placeholders_and_tags_are_kept(catalogue):
    lost = [p for p in problems(catalogue) if " lost " in p or " has unknown " in p]
    assert not lost, "Placeholders changed:\n" + "\n".join(lost)


def test_plural_entries_have_both_forms(catalogue):
    short = [p for p in problems(catalogue) if "needs msgstr[0] and msgstr[1]" in p]
    assert not short, "\n".join(short)


SAMPLE = r"""
msgid ""
msgstr ""
"Language: en\n"

#, python-format
msgid "Đã nhập %(count)s đảng viên mới."
msgstr "Imported %(number)s new members."

#, fuzzy
msgid "Lưu"
msgstr "Save"

msgid ""
"Tải <a href=\"%(url)s\">tệp mẫu</a> "
"về."
msgstr ""

#, python-format
msgid "%(counter)s lỗi"
msgid_plural "%(counter)s lỗi"
msgstr[0] "%(counter)s error"
msgstr[1] ""

#, python-brace-format
msgid "{count} ô không hợp lệ"
msgstr "invalid entries: {count}"

#, python-format
msgid "đạt từ 100%% trở lên"
msgstr "100%% or more"

#~ msgid "Cũ"
#~ msgstr ""
"""


def test_the_checks_catch_each_kind_of_problem():
    entries = parse_po(SAMPLE)
    assert [e.msgid for e in entries][3] == 'Tải <a href="%(url)s">tệp mẫu</a> về.'
    found = problems(entries)
    assert len(found) == 5, found
    assert "lost %(count)s" in found[0] and "unknown %(number)s" in found[1]
    assert "fuzzy" in found[2]
    assert found[3].endswith(" is empty")
    assert "empty msgstr[1]" in found[4]


def test_placeholders_of_each_kind_are_recognised():
    assert placeholders("%(place)s, ngày %(day)02d") == ["%(day)02d", "%(place)s"]
    assert set(placeholders("Kết nạp năm {{ year }}: {gap} <strong>%s</strong> 100%%")) == {
        "%s",
        "<strong>",
        "</strong>",
        "{gap}",
        "{{ year }}",
    }
