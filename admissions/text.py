"""Vietnamese text and calendar helpers shared by models, forms, importers and reports."""

import calendar
import datetime
import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean_text(value: str | None) -> str:
    """Trim, collapse internal runs of white space, and NFC-normalise (keeps Vietnamese diacritics).

    Text pasted from Word or typed with an old keyboard driver often arrives decomposed (NFD): the same
    name would otherwise compare unequal to itself.
    """
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def fold(value: str | None) -> str:
    """Lower case without diacritics, for search: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    text = clean_text(value).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


# The Vietnamese alphabet in its dictionary order: ă, â follow a; đ follows d; ê, ô, ơ, ư likewise.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: f"{index + 10:02d}" for index, letter in enumerate(_ALPHABET)}
# Tone marks order the same letters after each other: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SHAPE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


@functools.lru_cache(maxsize=8192)  # names share few syllables (Nguyễn, Văn, Thị…): most are keyed once
def _word_key(word: str) -> tuple[str, str]:
    primary, tones = [], []
    for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", word.lower())):
        base = cluster[0]
        marks = cluster[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _SHAPE_MARKS))
        primary.append(_LETTER_RANK.get(letter, "01" if not letter.isdigit() else f"0{letter}"[-2:]))
        tones.append(next((_TONES[m] for m in marks if m in _TONES), "0"))
    return "".join(primary), "".join(tones)


def vietnamese_sort_key(full_name: str) -> str:
    """A digits-only key that sorts names as Vietnamese lists do: by given name, then family and middle names.

    Digits only, so every database collation orders it the same way.
    """
    words = clean_text(full_name).split(" ")
    ordered = [*words[-1:], *words[:-1]] if words != [""] else []
    keys = [_word_key(word) for word in ordered]
    primary = "00".join(key[0] for key in keys)
    tones = "0".join(key[1] for key in keys)
    return f"{primary}000{tones}"[:250]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day-of-month `months` later, clamped to the month's last day (31/01 + 1 -> 28 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def age_in_months(born: datetime.date, on: datetime.date) -> int:
    """Full months of age on a day: 18 years are complete on the 18th birthday itself, not the day before."""
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if add_months(born, months) > on:
        months -= 1
    return months


def tree_label(name: str, depth: int) -> str:
    """A unit's name indented by its depth (below the top of what is offered), so a flat select reads as
    the tree."""
    return "\u00a0\u00a0" * max(depth, 0) + name
