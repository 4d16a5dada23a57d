from decimal import Decimal

from django.utils import translation

from reports.formatting import format_decimal, format_percent


def test_percent_keeps_two_decimals_drops_trailing_zeros_and_uses_the_vietnamese_comma():
    with translation.override("vi"):
        assert format_percent(Decimal(105)) == "105%"
        assert format_percent(Decimal(125) / 120 * 100) == "104,17%"
        assert format_percent(Decimal("35.34")) == "35,34%"
        assert format_percent(Decimal("35.30")) == "35,3%"
        assert format_percent(Decimal("99.999")) == "100%"


def test_percent_uses_a_dot_in_english():
    with translation.override("en"):
        assert format_percent(Decimal(125) / 120 * 100) == "104.17%"


def test_percent_rounds_half_up_not_to_even():
    with translation.override("vi"):
        assert format_percent(Decimal("2.345")) == "2,35%"
        assert format_percent(Decimal("2.125")) == "2,13%"


def test_no_rate_is_written_as_nothing_not_as_an_error():
    assert format_percent(None) == ""
    assert format_decimal(None) == ""


def test_whole_numbers_and_zero():
    with translation.override("vi"):
        assert format_decimal(Decimal(0)) == "0"
        assert format_decimal(Decimal("27.50")) == "27,5"
