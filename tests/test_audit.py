"""extract.audit: which numbers count (a unit, a counted noun, a currency, a scale, a share), why one
is not read (each reason), and that a number counts as read only when a record of its own line holds
its value. Records are made by hand here, so these tests do not depend on how the extractors read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from npc_kg.extract import extract_document
from npc_kg.extract.audit import (DATE, NAME, NOT_UNDERSTOOD, ORDINAL, REASONS, THRESHOLD, YEAR, audit_numbers,
                                  mentions)
from npc_kg.model import Bullet, Indicator, IndicatorKind, Paragraph, Resolution, ResolutionKind, Span, VoteCount
from npc_kg.parse import parse_article, parse_text

from helpers import ARTICLES


def counted(text: str) -> list[tuple[str, str]]:
    """(text, reason) of every number of `text` that has a unit or counted noun."""
    return [(m.text, m.reason) for m in mentions(text)]


@pytest.mark.parametrize("sentence, expected", [
    ("The gross domestic product reached 63.6 trillion yuan, up 6.9% on the year before.",
     [("63.6 trillion yuan", NOT_UNDERSTOOD), ("6.9%", NOT_UNDERSTOOD)]),
    ("The growth target was set at 6-6.5 per cent.", [("6-6.5 per cent", NOT_UNDERSTOOD)]),
    ("Inflation is expected to stay between 3 to 5 percent.", [("3 to 5 percent", NOT_UNDERSTOOD)]),
    ("Exports exceeded US$2.2 trillion and 12.6 million urban jobs were added.",
     [("US$2.2 trillion", NOT_UNDERSTOOD), ("12.6 million urban jobs", NOT_UNDERSTOOD)]),
    ("The poor rural population fell by 12.4 million.", [("12.4 million", NOT_UNDERSTOOD)]),
    ("Total imports and exports reached 6.2 trillion US$.", [("6.2 trillion US$", NOT_UNDERSTOOD)]),
    ("Create ten million more urban jobs.", [("ten million more urban jobs", NOT_UNDERSTOOD)]),
    ("The law passed with 2,799 votes for, three against, five abstaining and one void.",
     [("2,799 votes", NOT_UNDERSTOOD), ("three against", NOT_UNDERSTOOD), ("five abstaining", NOT_UNDERSTOOD),
      ("one void", NOT_UNDERSTOOD)]),
    ("The report was approved with 2,871 votes in favour and eleven abstentions.",
     [("2,871 votes", NOT_UNDERSTOOD), ("eleven abstentions", NOT_UNDERSTOOD)]),
    ("The vote was attended by 2,955 out of 2,970 deputies.",
     [("2,955 out of 2,970 deputies", NOT_UNDERSTOOD), ("2,970 deputies", NOT_UNDERSTOOD)]),
    ("A change needs the votes of two-thirds of the deputies.", [("two-thirds", NOT_UNDERSTOOD)]),
    ("It ended a custom kept for three decades.", [("three decades", NOT_UNDERSTOOD)]),
    ("The president may serve no more than two consecutive terms.", [("two consecutive terms", NOT_UNDERSTOOD)]),
])
def test_numbers_with_a_unit_or_counted_noun_count(sentence, expected):
    assert counted(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Profits of industrial enterprises with annual revenue of 20 million yuan or more rose by 8.5%.",
     [("20 million yuan", THRESHOLD), ("8.5%", NOT_UNDERSTOOD)]),
    ("Firms whose sales reached 5 million yuan and above paid less tax.", [("5 million yuan", THRESHOLD)]),
    ("The G20 countries agreed to cut tariffs.", [("G20 countries", NAME)]),
    ("The annual Two Sessions opened; the draft five-year plan ran to 19 chapters.", [("five-year", NAME)]),
    ("A 10-year bond was issued.", [("10-year", NAME)]),
    ("The NPC approved the outline of the 14th Five-Year Plan.", [("Five-Year", NAME)]),
    ("In 2013 households in poverty fell.", [("2013 households", YEAR)]),
    ("On 5 March deputies arrived in Beijing.", [("5 March deputies", DATE)]),
    ("Grain output rose for the tenth consecutive year.", [("tenth consecutive year", ORDINAL)]),
    ("Output of the 1990s years was lower.", [("1990s years", YEAR)]),
    ("During 2016-2020 households in poverty fell.", [("2016-2020 households", YEAR)]),
])
def test_each_reason_a_number_is_not_read(sentence, expected):
    assert counted(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The 12th National People's Congress held its second session in March 2014 at the Great Hall.",
    "The session opened on 5 March and concluded on 13 March, 2014.",
    "The event opened on March 5, 2010 and ended on March 14, 2010.",
    "The Shenzhou-10 spacecraft was sent into orbit and COVID-19 and SARS-CoV-2 kept reporters away.",
    "Among the solutions was one of the reforms discussed since 2008, which no one opposed.",
    "Xi Jinping met the 2019 delegation in 2020.",
    "Output of 5 may rise by March.",
])
def test_numbers_without_a_unit_are_not_counted(sentence):
    assert counted(sentence) == []


def test_a_line_of_a_megabyte_is_read_in_one_pass():
    """A size test, not a timing test: the audit reads a 1 MB line of figures and words."""
    unit = "output rose 7.5% and 2,000 workers, three against, in 2020; "
    line = unit * (1_000_000 // len(unit))
    found = list(mentions(line))
    assert len(found) == 3 * (1_000_000 // len(unit))


HEAD = ("= Third session of the 11th National People's Congress =\n\nInfobox\n- Year: 2010\n"
        "- Session: 3rd | # = 11th | term-begin = 5 March | term-end = 14 March\n\n")
BODY = ("== Work report ==\n"
        "- Output grew by 9.2% and 11.4 million urban jobs were created for the seventh consecutive year.\n"
        "- The law was adopted with 2,810 votes for, two against, four abstaining and one void.\n")


def audited(records_change):
    """The audit of a small article after its records were replaced by hand (lines 8 and 9)."""
    doc = parse_text(HEAD + BODY, "t.txt")
    records = records_change(extract_document(doc, "t"))
    return audit_numbers(doc, records)


def span(line: int) -> Span:
    return Span("t.txt", line)


def figure(value: str, line: int, scale: str | None = None, unit: str = "percent") -> Indicator:
    return Indicator(IndicatorKind.ACHIEVEMENT, "output growth", Decimal(value), scale, unit, None, 2009, span(line))


def test_a_megabyte_line_whose_every_number_a_record_holds():
    """Each value a record holds is looked up, not searched for: a line of 125,000 figures is audited
    in one pass (a size test)."""
    doc = parse_text(HEAD + "- " + "up 7.5%, " * 125_000 + "\n", "t.txt")
    records = extract_document(parse_text(HEAD + "Text.\n", "t.txt"), "t")
    records = dataclasses.replace(records, indicators=(figure("7.5", 7),) * 125_000)
    audit = audit_numbers(doc, records)
    assert (audit.read, audit.unread) == (125_000, ())


def test_a_number_is_read_when_a_record_of_its_line_holds_it():
    audit = audited(lambda r: dataclasses.replace(
        r, indicators=(figure("9.2", 8), figure("11.4", 8, "million", "jobs")), resolutions=()))
    assert [(u.span.line, u.text, u.reason) for u in audit.unread] == [
        (8, "seventh consecutive year", ORDINAL),
        (9, "2,810 votes", NOT_UNDERSTOOD), (9, "two against", NOT_UNDERSTOOD),
        (9, "four abstaining", NOT_UNDERSTOOD), (9, "one void", NOT_UNDERSTOOD)]
    assert audit.read == 2


def test_a_value_held_by_a_record_of_another_line_does_not_count():
    audit = audited(lambda r: dataclasses.replace(r, indicators=(figure("9.2", 9),), resolutions=()))
    assert ("9.2%", NOT_UNDERSTOOD) in [(u.text, u.reason) for u in audit.unread if u.span.line == 8]


def test_a_full_magnitude_reads_a_scaled_number():
    audit = audited(lambda r: dataclasses.replace(
        r, indicators=(figure("11400000", 8, None, "jobs"),), resolutions=()))
    assert "11.4 million urban jobs" not in [u.text for u in audit.unread]
    # ... and it is the record that reads it: the line's other numbers stay unread, and without
    # the record the scaled number is listed too (so the check above is not one of a missing mention).
    assert [(u.text, u.reason) for u in audit.unread if u.span.line == 8] == [
        ("9.2%", NOT_UNDERSTOOD), ("seventh consecutive year", ORDINAL)]
    assert audit.read == 1
    unread = audited(lambda r: dataclasses.replace(r, indicators=(), resolutions=())).unread
    assert ("11.4 million urban jobs", NOT_UNDERSTOOD) in [(u.text, u.reason) for u in unread]


@dataclasses.dataclass(frozen=True)
class VoteWithVoid(VoteCount):
    """A tally with a field the audit has never heard of: it is read all the same."""

    void: int | None = None


def test_every_count_of_a_vote_is_read_new_fields_included():
    tally = VoteWithVoid(2810, 2, 4, None, "prose", span(9), void=1)
    resolution = Resolution("Law", ResolutionKind.LAW, tally, span(9))
    audit = audited(lambda r: dataclasses.replace(r, indicators=(), resolutions=(resolution,)))
    assert [u.line for u in (u.span for u in audit.unread)] == [8, 8, 8]
    assert audit.read == 4


def test_one_value_reads_one_number():
    """Two mentions of 2 on a line and one vote of 2: the vote claims "two against", the other stays unread."""
    doc = parse_text(HEAD + "The president may serve two consecutive terms; the change passed with 2,900 votes for "
                     "and two against.\n", "t.txt")
    records = extract_document(doc, "t")
    tally = VoteCount(2900, 2, None, None, "prose", span(7))
    records = dataclasses.replace(records, resolutions=(Resolution("Change", ResolutionKind.OTHER, tally, span(7)),))
    audit = audit_numbers(doc, records)
    assert [(u.text, u.reason) for u in audit.unread] == [("two consecutive terms", NOT_UNDERSTOOD)]


def test_a_date_of_a_record_reads_its_day_and_year():
    doc = parse_text(HEAD + "On 11 March 2010 deputies voted.\n", "t.txt")
    records = extract_document(doc, "t")
    assert [u.reason for u in audit_numbers(doc, records).unread] == [DATE]
    session = dataclasses.replace(records.session, end=dt.date(2010, 3, 11), span=span(7))
    assert audit_numbers(doc, dataclasses.replace(records, session=session)).unread == ()


def test_reasons_are_the_ones_the_shapes_allow():
    from rdflib import Graph
    from rdflib.collection import Collection

    from npc_kg.rdf.namespaces import NPC, SH
    from npc_kg.resources import shapes_files

    shapes = Graph()
    for path in shapes_files():
        shapes.parse(path)
    (allowed,) = [Collection(shapes, shapes.value(prop, SH["in"])) for prop in shapes.subjects(SH.path, NPC.unreadReason)]
    assert [str(reason) for reason in allowed] == list(REASONS)


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_every_counted_number_of_an_article_is_read_or_unread(path):
    doc = parse_article(path)
    records = extract_document(doc, path.stem)
    prose = [block for block in doc.blocks if isinstance(block, (Paragraph, Bullet))]
    assert records.numbers_read + len(records.unread) == sum(len(list(mentions(b.text))) for b in prose)
    lines = {block.span.line: block.text for block in prose}
    assert all(number.text in lines[number.span.line] and number.reason in REASONS for number in records.unread)


FRAGMENTS = st.sampled_from(["9" * 5000, "2,964", "7.7", "6-6.5", "%", " per cent", " two", " ten million", "-", "US$", " 5 ",
                             " March", " 2014", "th", " deputies", " against", " with", " or more", " out of ",
                             " G", "20", " Shenzhou-10", ",", ".", " the", " tenth", " year", " ٣", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join) | st.text(max_size=200))
def test_any_text_gives_mentions_that_are_its_own_words(text):
    for mention in mentions(text):
        assert mention.text and mention.text in text and mention.reason in REASONS
        assert all(candidates for candidates in mention.values)
