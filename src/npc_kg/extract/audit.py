"""audit: every number the prose and the bullets state is read into a fact, or listed as unread.

A number counts when it measures or counts something: it has a unit or a counted noun after it
("7.7%", "6-6.5 per cent", "13.1 million urban jobs", "two against", "three decades"), a currency
before it ("US$4 trillion") or a scale word ("16.5 million"). Such a number is *read* when a record
extracted from the same line holds its value (a figure's value or upper bound, in its stated or full
magnitude; any count, rate or date of a vote or session); otherwise it is *unread*, with the reason
its shape suggests: a size threshold, part of a name, a year, a date, an ordinal, or not understood.
A number with no unit or noun ("in 2020", "the 12th National People's Congress") is not counted.

This is a second, independent reading on purpose: it knows nothing of how the extractors read,
only what they produced, so a figure any of them drops shows up here. It reads a line once, as a
list of tokens, and looks a bounded number of tokens around each number: linear in the line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

from ..model import ArticleRecords, Bullet, Document, Paragraph, Span, UnreadNumber
from ..numbers import CARDINAL_WORDS, MONTHS, ORDINAL_WORDS

THRESHOLD = "size threshold"
NAME = "part of a name"
YEAR = "a year"
DATE = "a date"
ORDINAL = "an ordinal"
NOT_UNDERSTOOD = "not understood"
REASONS = (THRESHOLD, NAME, YEAR, DATE, ORDINAL, NOT_UNDERSTOOD)

# Records whose numbers are not read from the text they cite (a guideline's position is its place
# in a list; the article and the unread numbers are not facts).
NOT_FACTS = frozenset({"article", "guidelines", "warnings", "unread", "numbers_read"})


@dataclass(frozen=True)
class NumberAudit:
    """What the audit found in one article: how many counted numbers were read, and the others."""

    read: int
    unread: tuple[UnreadNumber, ...]


def audit_numbers(doc: Document, records: ArticleRecords) -> NumberAudit:
    values = _values_by_line(records)
    read, unread = 0, []
    for block in doc.blocks:
        if not isinstance(block, (Paragraph, Bullet)):
            continue
        counted = list(mentions(block.text))
        free = values.get((block.span.file, block.span.line), Counter())
        # Votes claim their values first: in "two consecutive terms ... two against" the vote is the fact.
        claimed = {id(m) for m in counted if m.vote and _claim(m, free)}
        claimed |= {id(m) for m in counted if not m.vote and _claim(m, free)}
        read += len(claimed)
        unread.extend(UnreadNumber(block.span, m.text, m.reason) for m in counted if id(m) not in claimed)
    return NumberAudit(read, tuple(unread))


def _claim(mention: Mention, free: Counter[Decimal]) -> bool:
    """Take a value the line's records hold for each number the mention states (each value a record
    holds accounts for one number), or take none."""
    taken: list[Decimal] = []
    for candidates in mention.values:
        value = next((v for v in candidates if free[v] > 0), None)
        if value is None:
            free.update(taken)
            return False
        free[value] -= 1
        taken.append(value)
    return True


# --------------------------------------------------------------------------- what the records hold


def _values_by_line(records: ArticleRecords) -> dict[tuple[str, int], Counter[Decimal]]:
    """Every number a record holds, counted by the line of the record that holds it (a date gives
    its day and its year)."""
    found: dict[tuple[str, int], Counter[Decimal]] = {}
    for field in dataclasses.fields(records):
        if field.name not in NOT_FACTS:
            _collect(getattr(records, field.name), None, found)
    return found


def _collect(value: object, span: Span | None, found: dict[tuple[str, int], Counter[Decimal]]) -> None:
    """The numbers of a record, of the records it holds (each under its own span) and of sequences of them."""
    if isinstance(value, (tuple, list)):
        for item in value:
            _collect(item, span, found)
        return
    names = _field_names(type(value))
    if names is None:
        return
    own = getattr(value, "span", None)
    span = own if isinstance(own, Span) else span
    numbers: list[Decimal] = []
    for name in names:
        item = getattr(value, name)
        if item is None or isinstance(item, (str, bool, Enum)):
            continue
        if isinstance(item, (int, Decimal)):
            numbers.append(Decimal(item))
        elif isinstance(item, float):
            numbers.append(Decimal(str(item)))
        elif isinstance(item, dt.date):
            numbers += (Decimal(item.day), Decimal(item.year))
        else:
            _collect(item, span, found)
    if numbers and span is not None:
        found.setdefault((span.file, span.line), Counter()).update(numbers)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of a record class other than its span; None for what is not a record."""
    if not dataclasses.is_dataclass(cls) or cls is Span:
        return None
    return tuple(field.name for field in dataclasses.fields(cls) if field.name != "span")


# --------------------------------------------------------------------------- the words of a line

# One token at a time: a number in ASCII digits, a word, a sign, or punctuation. Each alternative is
# a single pass with no nested repetition.
TOKEN = re.compile(r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
                   r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)"
                   r"|(?P<sign>[%$¥€£])"
                   r"|(?P<dash>[-–—])"
                   r"|(?P<punct>[.,;:!?()\[\]\"“”])")

# Ordinals past twentieth name anniversaries ("the thirtieth anniversary"), which parse_ordinal has no use for.
ORDINALS = {**ORDINAL_WORDS, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
             "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}
SCALES = {"hundred": 10 ** 2, "thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12,
          "bn": 10 ** 9, "mn": 10 ** 6}
CURRENCY_SIGNS = frozenset({"$", "¥", "€", "£"})
CURRENCY_WORDS = frozenset({"rmb", "cny", "usd", "yuan", "hk"})

# Units and counted nouns: what a number measures or counts. A noun may follow a few describing
# words ("13.1 million urban jobs", "two consecutive terms").
NOUNS = frozenset("""
    percent percentage points point basis yuan renminbi rmb cny dollar dollars usd euro euros yen
    tonnes tonne tons ton kilograms kg kilometres kilometers km metres meters hectares mu acres barrels
    kilowatts kilowatt kwh gigawatts watts litres cubic square
    people persons person deputies deputy delegates delegate members member votes vote ballots ballot voters
    seats abstentions abstention jobs workers employees students children households families homes
    houses apartments flats villages counties towns cities provinces enterprises companies firms
    businesses projects schools hospitals beds doctors teachers farmers migrants officials cadres soldiers
    troops personnel candidates motions proposals bills laws cases countries nations vehicles cars items
    years year decades decade months month weeks week days hours times terms
""".split())
# Words that count votes only right after the number ("two against", "one void").
VOTE_WORDS = frozenset({"against", "abstaining", "abstained", "void", "invalid", "spoiled", "absent", "present"})
VOTERS = VOTE_WORDS | {"votes", "vote", "ballots", "voters", "deputies", "delegates", "abstentions", "favour", "favor",
                       "for"}
# Words that end the phrase a number belongs to.
BREAKS = frozenset("""
    in on at of from to by with and or but than the a an that this these those which who whom whose was
    were is are be been being has have had will would can could should may might as over under since until
    after before between into during its their his her our it they he she we not no for per out each
""".split())
YEAR_PREPOSITIONS = frozenset({"in", "since", "from", "until", "till", "by", "before", "after", "of", "to",
                               "through", "between", "and", "during"})
THRESHOLD_OPENERS = frozenset({"with", "whose", "having"})
THRESHOLD_BOUNDS = frozenset({"more", "above", "over", "higher", "greater", "larger"})
SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", "(", "\"", "“"})
MAX_DESCRIBING_WORDS = 2
MAX_CLAUSE_TOKENS = 12


class Token(NamedTuple):
    kind: str  # num, word, sign, dash or punct
    text: str
    start: int
    end: int
    lower: str


@dataclass(frozen=True)
class Mention:
    """One number as the line states it."""

    text: str  # the number with its unit, as written
    values: tuple[tuple[Decimal, ...], ...]  # per number stated (two for a range): the values it may mean
    reason: str  # why it would not be read, from its shape
    vote: bool  # counted in votes or voters ("2,958 votes", "two against", "2,980 deputies")


@dataclass(frozen=True)
class Number:
    """A number's tokens (first to last, a scale word included), its values and its shape."""

    first: int
    last: int
    values: tuple[tuple[Decimal, ...], ...]
    shape: str | None  # a reason it may not be a measure (a year, a date, ...), or None
    measured: bool = False  # a share ("two-thirds"), a scale ("16.5 million") or a currency ("US$4")


def tokens(text: str) -> list[Token]:
    return [Token(match.lastgroup or "", word, match.start(), match.end(), word.lower())
            for match in TOKEN.finditer(text) for word in (match.group(),)]


def mentions(text: str) -> Iterator[Mention]:
    """Every number of a line that has a unit or counted noun, in order, with its shape."""
    toks = tokens(text)
    i = 0
    while i < len(toks):
        number = _number_at(toks, i)
        if number is None:
            i += 1
            continue
        i = number.last + 1
        end, counted = _unit_after(toks, number)
        if not counted:
            other = _out_of(toks, end)  # "2,964 out of 2,980 deputies": the count of the whole
            if other is None:
                continue
            end, counted = _unit_after(toks, other)
            if not counted:
                continue
        reason = number.shape or (THRESHOLD if _threshold(toks, number.first, end) else NOT_UNDERSTOOD)
        yield Mention(text[_start(toks, number.first):toks[end].end], number.values, reason,
                      toks[end].lower in VOTERS)


def _number_at(toks: list[Token], i: int) -> Number | None:
    """The number starting at token i, or None when token i starts no number."""
    number = _digits_at(toks, i) if toks[i].kind == "num" else _words_at(toks, i)
    if number is None:
        return None
    scaled = number.last + 1 < len(toks) and toks[number.last + 1].lower in SCALES
    if scaled or (not number.measured and _currency_before(toks, i)):
        return Number(number.first, number.last + scaled, number.values, number.shape, True)
    return number


def _words_at(toks: list[Token], i: int) -> Number | None:
    tok = toks[i]
    word = tok.lower
    if tok.kind != "word" or (word not in CARDINAL_WORDS and word not in ORDINALS):
        return None
    if _glued(toks, i - 1, i) and toks[i - 1].kind == "dash":
        return None  # the tail of a compound ("ex-one")
    name = tok.text[0].isupper() and not _sentence_start(toks, i)  # "the annual Two Sessions"
    if word in ORDINALS:
        return Number(i, i, ((Decimal(ORDINALS[word]),),), NAME if name else ORDINAL)
    value, last = CARDINAL_WORDS[word], i
    if value >= 20 and _glued_word(toks, last) in CARDINAL_WORDS:  # "twenty-five"
        value, last = value + CARDINAL_WORDS[toks[last + 2].lower], last + 2
    tail = _glued_word(toks, last)
    if tail in FRACTIONS:  # "two-thirds": a share
        return Number(i, last + 2, ((Decimal(value) / FRACTIONS[tail],),), NAME if name else None, measured=True)
    if tail is not None:  # "five-year plan", "one-child policy": counted when it names a unit
        return Number(i, last + 2, ((Decimal(value),),), NAME, measured=tail in NOUNS)
    return Number(i, last, (_scaled_values(toks, Decimal(value), last),), NAME if name else None)


def _digits_at(toks: list[Token], i: int) -> Number:
    tok = toks[i]
    value = Decimal(tok.text.replace(",", ""))
    before = toks[i - 1] if i > 0 else None
    if before is not None and _glued(toks, i - 1, i) and before.kind == "word":
        return Number(i - 1, i, ((value,),), NAME)  # "G20"
    if before is not None and before.kind == "dash" and _glued(toks, i - 1, i) and _glued(toks, i - 2, i - 1) \
            and toks[i - 2].kind == "word":
        return Number(i - 2, i, ((value,),), NAME)  # "Shenzhou-10", "COVID-19"
    glued = i + 1 < len(toks) and _glued(toks, i, i + 1) and toks[i + 1].kind == "word"
    suffix = toks[i + 1].lower if glued else None
    if suffix in ORDINAL_SUFFIXES:
        return Number(i, i + 1, ((value,),), ORDINAL)  # "12th", "4rd"
    if suffix == "s" and _year_shaped(tok.text):
        return Number(i, i + 1, ((value,),), YEAR)  # "the 1990s"
    if suffix is not None and suffix not in NOUNS and suffix not in SCALES:
        return Number(i, i + 1, ((value,),), NAME)  # "5G"
    if suffix is None and _glued_word(toks, i) is not None:  # "10-year bond"
        return Number(i, i + 2, ((value,),), NAME, measured=_glued_word(toks, i) in NOUNS)
    date = _date_around(toks, i)
    if date is not None:
        return date
    if _is_num(toks, i + 2) and (toks[i + 1].lower == "to" or (toks[i + 1].kind == "dash" and _glued(toks, i, i + 1))):
        high = Decimal(toks[i + 2].text.replace(",", ""))  # "6-6.5", "3 to 5", "2016-2020"
        years = _year_shaped(tok.text) and _year_shaped(toks[i + 2].text)
        return Number(i, i + 2, (_scaled_values(toks, value, i + 2), _scaled_values(toks, high, i + 2)),
                      YEAR if years else None)
    if _year_shaped(tok.text) and ((before is not None and before.lower in YEAR_PREPOSITIONS)
                                   or not _direct_unit(toks, i)):
        return Number(i, i, ((value,),), YEAR)
    return Number(i, i, (_scaled_values(toks, value, i),), None)


def _date_around(toks: list[Token], i: int) -> Number | None:
    """'5 March', '5 March 2013', '16 March, 2013', 'March 5, 2010' or 'March 2014', from token i."""
    if "." in toks[i].text or "," in toks[i].text:
        return None
    last = None
    if i + 1 < len(toks) and _month(toks[i + 1]) and len(toks[i].text) <= 2 and 1 <= int(toks[i].text) <= 31:
        last = i + 1
        if _is_num(toks, i + 2) and _year_shaped(toks[i + 2].text):
            last = i + 2
        elif i + 3 < len(toks) and toks[i + 2].text == "," and _year_shaped(toks[i + 3].text):
            last = i + 3
    elif i > 0 and _month(toks[i - 1]):
        last = i
        if i + 2 < len(toks) and toks[i + 1].text == "," and _year_shaped(toks[i + 2].text):
            last = i + 2
    if last is None:
        return None
    numbers = sorted({i, last} if toks[last].kind == "num" else {i})
    return Number(i, last, tuple((Decimal(toks[k].text),) for k in numbers), DATE)


def _month(tok: Token) -> bool:
    """A month's name, capitalised ("5 may rise" is no date)."""
    return tok.lower in MONTHS and tok.text[0].isupper()


def _unit_after(toks: list[Token], number: Number) -> tuple[int, bool]:
    """The last token of the number with its unit or counted noun, and whether it counts."""
    last = number.last
    votes = number.shape is None  # a vote is counted in plain numbers
    k, describing = last + 1, 0
    while k < len(toks):
        tok, word = toks[k], toks[k].lower
        if tok.text == "%" or tok.text in CURRENCY_SIGNS:
            return k, True
        if word in ("us", "hk") and k + 1 < len(toks) and toks[k + 1].text == "$" and _glued(toks, k, k + 1):
            return k + 1, True  # "6.2 trillion US$"
        if word == "per" and k + 1 < len(toks) and toks[k + 1].lower == "cent":
            return k + 1, True
        if word == "in" and k == last + 1 and votes and k + 1 < len(toks) and toks[k + 1].lower in ("favour", "favor"):
            return k + 1, True
        if tok.kind != "word":
            break
        if word in NOUNS:
            return k, True
        if word in VOTE_WORDS or (word == "for" and _phrase_ends(toks, k + 1)):
            if votes and (k == last + 1 or toks[k - 1].lower in ("voted", "votes")):
                return k, True
            break
        if word in BREAKS or word in CARDINAL_WORDS or word in MONTHS \
                or describing == MAX_DESCRIBING_WORDS:
            break
        describing += 1
        k += 1
    return last, number.measured


def _direct_unit(toks: list[Token], i: int) -> bool:
    """A noun or sign right after token i ("2000 deputies", "2010%")."""
    return i + 1 < len(toks) and (toks[i + 1].text == "%" or (toks[i + 1].kind == "word" and toks[i + 1].lower in NOUNS))


def _phrase_ends(toks: list[Token], k: int) -> bool:
    return k >= len(toks) or toks[k].kind == "punct" or toks[k].lower in ("and", "with")


def _currency_before(toks: list[Token], first: int) -> bool:
    """'$', '¥', 'US$', 'RMB' or 'CNY' right before the number."""
    if first == 0:
        return False
    before = toks[first - 1]
    return before.text in CURRENCY_SIGNS or (before.kind == "word" and before.lower in CURRENCY_WORDS
                                             and before.text.isupper())


def _start(toks: list[Token], first: int) -> int:
    """Where a number's text begins: at its currency, if it has one ("US$4")."""
    if not _currency_before(toks, first):
        return toks[first].start
    k = first - 1
    if toks[k].kind == "sign" and _glued(toks, k - 1, k) and toks[k - 1].kind == "word":
        k -= 1
    return toks[k].start


def _scaled_values(toks: list[Token], value: Decimal, last: int) -> tuple[Decimal, ...]:
    """The number as stated and, before a scale word ("56.9 trillion"), in full."""
    if last + 1 < len(toks) and toks[last + 1].lower in SCALES:
        return value, value * SCALES[toks[last + 1].lower]
    return (value,)


def _out_of(toks: list[Token], end: int) -> Number | None:
    """The number a count is out of ("2,964 out of 2,980 deputies")."""
    if end + 3 < len(toks) and toks[end + 1].lower == "out" and toks[end + 2].lower == "of":
        return _number_at(toks, end + 3)
    return None


def _threshold(toks: list[Token], first: int, end: int) -> bool:
    """A size that picks what is counted ("enterprises with annual revenue of 20 million yuan or
    more"): opened by with/whose in the same clause, bounded after or before the number."""
    opened = False
    for k in range(first - 1, max(first - 1 - MAX_CLAUSE_TOKENS, -1), -1):
        if toks[k].kind == "punct":
            break
        if toks[k].lower in THRESHOLD_OPENERS:
            opened = True
            break
    if not opened:
        return False
    after = [t.lower for t in toks[end + 1:end + 3]]
    before = [t.lower for t in toks[max(first - 2, 0):first]]
    return (len(after) == 2 and after[0] in ("or", "and") and after[1] in THRESHOLD_BOUNDS) or \
        bool(before and before[-1] in ("over", "above", "exceeding")) or before == ["at", "least"] or \
        before == ["more", "than"]


def _glued(toks: list[Token], a: int, b: int) -> bool:
    return 0 <= a < b < len(toks) and toks[a].end == toks[b].start


def _glued_word(toks: list[Token], i: int) -> str | None:
    """The word joined to token i by a hyphen ("five-year" -> "year")."""
    if i + 2 < len(toks) and toks[i + 1].kind == "dash" and toks[i + 1].text == "-" and _glued(toks, i, i + 1) \
            and _glued(toks, i + 1, i + 2) and toks[i + 2].kind == "word":
        return toks[i + 2].lower
    return None


def _is_num(toks: list[Token], i: int) -> bool:
    return 0 <= i < len(toks) and toks[i].kind == "num"


def _year_shaped(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def _sentence_start(toks: list[Token], i: int) -> bool:
    return i == 0 or toks[i - 1].text in SENTENCE_ENDS
