import datetime as dt
from decimal import Decimal

import pytest

from npc_kg.numbers import (is_month, parse_count, parse_date, parse_number, parse_ordinal, parse_percent,
                           words_to_int)


@pytest.mark.parametrize("text, value", [("2,887", 2887), ("0", 0), ("three", 3), ("twenty-five", 25),
                                         ("two hundred and six", 206), ("1,234,567", 1234567)])
def test_counts(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["2,8x7", "abc", "2.5", "-3", "28,87"])
def test_bad_counts(text):
    with pytest.raises(ValueError):
        parse_count(text)


def test_number_words():
    assert words_to_int("ten") == 10
    assert parse_number("56.9") == Decimal("56.9")
    assert parse_number("ten") == Decimal(10)


@pytest.mark.parametrize("text, value", [("99.31%", "99.31"), ("100%", "100"), ("0%", "0"), (" 86.37 % ", "86.37")])
def test_percent(text, value):
    assert parse_percent(text) == Decimal(value)


@pytest.mark.parametrize("text", ["101%", "abc%", "%", "9x%"])
def test_bad_percent(text):
    with pytest.raises(ValueError):
        parse_percent(text)


@pytest.mark.parametrize("text, value", [("2nd", 2), ("12th", 12), ("4rd", 4), ("1st", 1), ("second", 2)])
def test_ordinals(text, value):
    assert parse_ordinal(text) == value


@pytest.mark.parametrize("text, value", [
    ("5 March", dt.date(2014, 3, 5)),
    ("5 March 2013", dt.date(2013, 3, 5)),
    ("March 5, 2010", dt.date(2010, 3, 5)),
    ("16 March, 2013", dt.date(2013, 3, 16)),
    ("March 5", dt.date(2014, 3, 5)),
    ("2013-03-05", dt.date(2013, 3, 5)),
])
def test_dates(text, value):
    assert parse_date(text, 2014) == value


@pytest.mark.parametrize("text", ["31 February", "30 February 2013", "5 Marchember", "yesterday"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        parse_date(text, 2014)


def test_date_without_year_needs_context():
    with pytest.raises(ValueError, match="year"):
        parse_date("5 March")


@pytest.mark.parametrize("name", ["March", "march", "Oct", "Oct.", "Sept", "May"])
def test_is_month_accepts_what_parse_date_reads(name):
    assert is_month(name)
    assert parse_date(f"5 {name} 2013").day == 5


@pytest.mark.parametrize("name", ["Octopus", "Marchember", "Mar..", "deputies", "At", ""])
def test_is_month_refuses_other_words(name):
    assert not is_month(name)
