"""Whole numbers read from text a user or a URL sent."""

import re

_ASCII_NUMBER = re.compile(r"[0-9]{1,18}")


def parse_positive_int(value: object) -> int | None:
    """A whole number written in ASCII digits (at most 18, so it fits a database integer), or None.

    str.isdigit() and int() accept "²", "٣" or "３"; a number in a query string, a form or a file's cell
    must be plain digits, any other value is refused or ignored by the caller."""
    text = str(value).strip() if value is not None else ""
    return int(text) if _ASCII_NUMBER.fullmatch(text) else None
