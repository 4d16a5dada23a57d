import pytest

from core.numbers import parse_positive_int


@pytest.mark.parametrize(
    ("text", "number"), [("7", 7), (" 25 ", 25), (7, 7), ("0", 0), ("9" * 18, int("9" * 18))]
)
def test_plain_ascii_digits_are_read(text, number):
    assert parse_positive_int(text) == number


@pytest.mark.parametrize("text", ["²", "٣", "３", "-1", "+1", "1.5", "1e3", "", None, "9" * 19, "1 000"])
def test_anything_else_is_refused(text):
    assert parse_positive_int(text) is None
