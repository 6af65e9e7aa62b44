"""Reading the numbers, ordinals and dates that articles write in many ways.

Shared by every extractor, so that "2,887", "three", "4rd", "March 5, 2010" and "16 March, 2013"
mean one thing everywhere. Functions raise `ValueError` with a readable message on text that looks
like a value of the right kind but is not one ("2,8x7", "31 February"); callers add file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

_UNITS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000}

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()}

# A number written in words: "three", "twenty-five", "two hundred and six", "ten".
NUMBER_WORDS_RE = (
    r"(?:(?:" + "|".join(sorted([*_UNITS, *_TENS, *_MULTIPLIERS], key=len, reverse=True)) + r")(?:[\s-]+(?:and[\s-]+)?)?)+"
)
# A number in digits, with optional thousands separators and decimals: "2,887", "56.9".
DIGITS_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def words_to_int(text: str) -> int:
    """'two hundred and six' -> 206. Raises ValueError when a word is not a number word."""
    total, current = 0, 0
    words = [w for w in re.split(r"[\s-]+", text.strip().lower()) if w and w != "and"]
    if not words:
        raise ValueError(f"not a number: {text!r}")
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            raise ValueError(f"not a number: {text!r}")
    return total + current


def parse_count(text: str) -> int:
    """A vote count as printed: '2,887', '0', 'three'. Raises ValueError on anything else."""
    raw = text.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", raw):
        return int(raw.replace(",", ""))
    try:
        return words_to_int(raw)
    except ValueError:
        raise ValueError(f"not a count: {raw!r}") from None


def parse_number(text: str) -> Decimal:
    """A decimal number in digits or words: '56.9', '2,887', 'ten' -> Decimal."""
    raw = text.strip()
    if re.fullmatch(DIGITS_RE, raw):
        return Decimal(raw.replace(",", ""))
    try:
        return Decimal(words_to_int(raw))
    except ValueError:
        raise ValueError(f"not a number: {raw!r}") from None


def parse_percent(text: str) -> Decimal:
    """A rate as printed in a vote table: '99.31%' -> Decimal('99.31'); must lie within 0..100."""
    raw = text.strip().replace(" ", "")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)%?", raw)
    if not match:
        raise ValueError(f"not a percentage: {text.strip()!r}")
    try:
        value = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise ValueError(f"not a percentage: {text.strip()!r}") from None
    if value > 100:
        raise ValueError(f"a rate above 100%: {text.strip()!r}")
    return value


def parse_ordinal(text: str) -> int:
    """'2nd', '12th', '4rd' (a typo, read as 4), 'second' -> int."""
    raw = text.strip().lower()
    match = re.fullmatch(r"(\d+)\s*(?:st|nd|rd|th|d|)\.?", raw)
    if match:
        return int(match.group(1))
    if raw in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[raw]
    raise ValueError(f"not an ordinal: {text.strip()!r}")


def parse_year(text: str) -> int:
    raw = text.strip()
    if not re.fullmatch(r"\d{4}", raw):
        raise ValueError(f"not a year: {raw!r}")
    return int(raw)


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    if key[:3] in _MONTH_ABBR and len(key) >= 3:
        return _MONTH_ABBR[key[:3]]
    raise ValueError(f"not a month: {name!r}")


# "5 March", "5 March 2013", "16 March, 2013", "March 5", "March 5, 2010", "2013-03-05"
DATE_RE = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,9}\.?)(?:,?\s+(?P<y1>\d{4}))?"
    r"|(?P<m2>[A-Za-z]{3,9}\.?)\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?"
)


def parse_date(text: str, default_year: int | None = None) -> dt.date:
    """A date in any of the family's spellings; the year comes from `default_year` when the text
    has none. Raises ValueError for text that is no date or a date that does not exist."""
    raw = text.strip()
    match = DATE_RE.fullmatch(raw)
    if not match:
        raise ValueError(f"not a date: {raw!r}")
    if match["iso"]:
        year, month, day = (int(p) for p in raw.split("-"))
    else:
        day = int(match["d1"] or match["d2"])
        month = _month(match["m1"] or match["m2"])
        year_text = match["y1"] or match["y2"]
        if year_text:
            year = int(year_text)
        elif default_year is not None:
            year = default_year
        else:
            raise ValueError(f"a date without a year and none from context: {raw!r}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"no such date: {raw!r}") from None
