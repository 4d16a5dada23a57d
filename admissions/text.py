"""Vietnamese text and calendar helpers shared by models, forms, importers and reports."""

import calendar
import datetime
import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_LINE_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# What never belongs in a name or a note: control characters (C0, DEL, C1) other than white space, the
# Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of every plane: U+FFFE, U+FFFF …),
# lone surrogates, and the invisible format characters (category Cf: bidi overrides such as U+202E, zero
# widths U+200B–U+200D, the BOM U+FEFF, soft hyphen…) which make two equal-looking names differ or show
# a name backwards. None of them is written in Vietnamese; XML cannot carry some of them at all.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf")
    + "]"
)


def strip_invisible(value: str) -> str:
    """The text without control, noncharacter, surrogate and invisible format characters."""
    return _INVISIBLE.sub("", value)


def clean_text(value: str | None) -> str:
    """The one-line text people type, made safe and comparable: NFC-normalised (keeps Vietnamese
    diacritics), control, noncharacter and invisible format characters removed, white space collapsed
    to single spaces and trimmed.

    Text pasted from Word or typed with an old keyboard driver often arrives decomposed (NFD): the same
    name would otherwise compare unequal to itself; a zero-width space or a right-to-left override pasted
    from a chat makes a name look equal to another one, or print backwards, while it is not.
    """
    if value is None:
        return ""
    text = strip_invisible(unicodedata.normalize("NFC", str(value)))
    return _SPACES.sub(" ", text).strip()


def clean_multiline(value: str | None) -> str:
    """clean_text for free text of several lines (notes): the line breaks stay, at most one empty line in a
    row, spaces collapsed inside each line."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = strip_invisible(text)
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# A national ID (số CCCD): exactly twelve ASCII digits. Full-width digits (typed with an East Asian input
# method) are the same digits and become ASCII through NFKC; other scripts' digits (Arabic-Indic ٠١٢…)
# are refused, not converted: Python's \d and int() accept them, and one ID written in two scripts would
# pass the uniqueness rule twice.
NATIONAL_ID_PATTERN = r"^[0-9]{12}$"
_NATIONAL_ID = re.compile(r"[0-9]{12}")
_ID_SEPARATORS = re.compile(r"[\s.\-]")


def clean_national_id(value: str | None) -> str:
    """The national ID as it is stored: NFKC (full-width digits to ASCII), invisible characters and the
    separators clerks group digits with ("001 203 004 005", "001.203.004.005") removed. Whether the result
    is twelve ASCII digits is for is_national_id() to say."""
    if value is None:
        return ""
    text = strip_invisible(unicodedata.normalize("NFKC", str(value)))
    return _ID_SEPARATORS.sub("", text)


def is_national_id(value: str) -> bool:
    return _NATIONAL_ID.fullmatch(value) is not None


def mask_national_id(value: str | None) -> str:
    """A national ID as lists, files and the history show it: its last 4 digits ("********4005")."""
    if not value:
        return ""
    return "*" * max(len(value) - 4, 0) + value[-4:]


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
