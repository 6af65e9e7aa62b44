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
# The number words that stand for one value alone ("three", "forty"): "a", "an", "no" and "none"
# are counts only where a pattern asks for a count.
CARDINAL_WORDS = {w: n for w, n in {**_UNITS, **_TENS}.items() if w not in ("a", "an", "no", "none")}

ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
# Every spelling of a month `parse_date` reads: full names and standard abbreviations.
_MONTH_NAMES = {**MONTHS, **{m[:3]: i for m, i in MONTHS.items()}, "sept": 9}

# Digits are ASCII only ([0-9], never \d): "٣" or "３" is not a number the articles write, and
# reading it as one would publish a figure nobody wrote.
_DIGIT = "[0-9]"
_NUMBER_WORD = "(?:" + "|".join(sorted([*_UNITS, *_TENS, *_MULTIPLIERS], key=len, reverse=True)) + ")"
# A number written in words: "three", "twenty-five", "two hundred and six", "ten". At most nine words
# (real numbers need fewer), so that a long run of number words is read in linear time: an unbounded
# repetition would be tried again from every word of the run.
NUMBER_WORDS_RE = rf"{_NUMBER_WORD}(?:[\s-]+(?:and[\s-]+)?{_NUMBER_WORD}){{0,8}}"
# A number in digits, with optional thousands separators and decimals: "2,887", "56.9". Never part
# of a longer run of digits ("2 887", "28,87", a digit glued before or after), which is no number
# the articles mean: such a run is left unread rather than read as its last or first group. At most
# eighteen digits before the point, so that what prose yields fits in 64 bits (a longer run is
# garbage, also unread) and every int() of it is cheap.
_GLUE = r"[ \u00a0\u202f.,]"
DIGITS_RE = (rf"(?<!{_DIGIT})(?<!{_DIGIT}{_GLUE})"
             rf"(?:{_DIGIT}{{1,3}}(?:,{_DIGIT}{{3}}){{1,5}}|{_DIGIT}{{1,18}})(?:\.{_DIGIT}{{1,12}})?"
             rf"(?!{_DIGIT}|{_GLUE}{_DIGIT})")
# Table counts are bounded: any vote of the family counts fewer than 3,000 deputies (the shapes
# report a larger one as a violation), and a "count" beyond this is no misprint of a vote but garbage
# that would overflow the shapes' 64-bit sums and silently switch their checks off.
MAX_COUNT = 10**9
# Session and congress ordinals: the 14th NPC sits in 2023-2027; three digits leave room for the
# benchmarks' synthetic congresses (the 100th and beyond), and anything longer is damage.
MAX_ORDINAL = 999


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


_COUNT_DIGITS_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
# One number word below a hundred, as a table might spell a small count: "eight", "twenty-five".
_COUNT_WORD_RE = re.compile(
    "(?:" + "|".join(sorted(_TENS, key=len, reverse=True)) + ")(?:-(?:" + "|".join(
        sorted((w for w, n in _UNITS.items() if 1 <= n <= 9 and len(w) > 2), key=len, reverse=True)) + "))?"
    "|" + "|".join(sorted((w for w in _UNITS if len(w) > 2 and w != "none"), key=len, reverse=True)))


def parse_count(text: str) -> int:
    """A vote count as prose prints it: '2,887', '0', 'three', 'two hundred and six'. Raises
    ValueError on anything else."""
    raw = text.strip()
    if _COUNT_DIGITS_RE.fullmatch(raw):
        return int(raw.replace(",", ""))
    try:
        return words_to_int(raw)
    except ValueError:
        raise ValueError(f"not a count: {raw!r}") from None


def parse_table_count(text: str) -> int:
    """A count in a vote table cell: ASCII digits, grouped by commas in threes ('2,887'), or one
    number word below a hundred ('eight', 'twenty-five'), at most MAX_COUNT. Stricter than prose:
    a cell holds one value, so 'one two', 'an' or 'none' are damage, not a spelling of a count
    (an unknown count is an empty cell), and neither are '2 887', '٣' or '３'."""
    raw = text.strip()
    if _COUNT_DIGITS_RE.fullmatch(raw):
        digits = raw.replace(",", "").lstrip("0") or "0"
        if len(digits) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
            raise ValueError(f"a count beyond {MAX_COUNT:,}, no vote of any assembly: {_short(raw)}")
        return int(digits)
    if _COUNT_WORD_RE.fullmatch(raw.lower()):
        return words_to_int(raw)
    raise ValueError(f"not a count: {_short(raw)}")


def _short(text: str) -> str:
    """A value quoted in an error message, cut short: a damaged cell may be a megabyte long."""
    return repr(text) if len(text) <= 60 else repr(text[:60]) + "..."


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
    """A rate as printed in a vote table: '99.31%' or '99.31 per cent' -> Decimal('99.31'); must lie
    within 0..100."""
    raw = text.strip().replace(" ", "")
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(?:%|percent|per-cent|pct\.?)?", raw, re.IGNORECASE)
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
    """'2nd', '12th', '4rd' (a typo, read as 4), 'second' -> int, within 1..MAX_ORDINAL (a
    congress or a session: larger is damage, and would be minted into IRIs)."""
    raw = text.strip().lower()
    match = re.fullmatch(r"([0-9]+)\s?(?:st|nd|rd|th|d|)\.?", raw)
    if match:
        digits = match.group(1).lstrip("0") or "0"
        value = int(digits) if len(digits) <= 3 else MAX_ORDINAL + 1
    elif raw in ORDINAL_WORDS:
        value = ORDINAL_WORDS[raw]
    else:
        raise ValueError(f"not an ordinal: {_short(text.strip())}")
    if not 1 <= value <= MAX_ORDINAL:
        raise ValueError(f"an ordinal outside 1..{MAX_ORDINAL}: {_short(text.strip())}")
    return value


def parse_year(text: str) -> int:
    raw = text.strip()
    if not re.fullmatch(r"[0-9]{4}", raw):
        raise ValueError(f"not a year: {raw!r}")
    return int(raw)


def is_month(name: str) -> bool:
    """Whether `name` is a month as `parse_date` reads one ('March', 'Oct.', 'sept'): lets a caller
    skip a DATE_RE match such as 'At 3' or '5 deputies' without parsing it."""
    return name.lower().removesuffix(".") in _MONTH_NAMES


def _month(name: str) -> int:
    """A month's full name or its standard abbreviation ('Oct', 'Oct.', 'Sept'); nothing else that
    merely starts like one ('Octopus', 'Marchember')."""
    month = _MONTH_NAMES.get(name.lower().removesuffix("."))
    if month is None:
        raise ValueError(f"not a month: {name!r}")
    return month


# "5 March", "5 March 2013", "16 March, 2013", "March 5", "March 5, 2010", "2013-03-05"
DATE_RE = re.compile(
    r"(?P<iso>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"|(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,9}\.?)(?:,?\s+(?P<y1>[0-9]{4}))?"
    r"|(?P<m2>[A-Za-z]{3,9}\.?)\s+(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>[0-9]{4}))?"
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
