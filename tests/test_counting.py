"""Votes read as the NPC counts them (npc_kg.counting): a stated rate against the counts, then against
every attendance; the result a majority of all deputies settles. Then the same on every bundled vote
and in the graph the map stage writes."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st
from rdflib import Literal

from npc_kg.counting import (MAX_SEATS, RateBasis, amends_constitution, attendances, precision, read_rate,
                             result, rounds_to)
from npc_kg.rdf.iris import Minter
from npc_kg.map import map_corpus
from npc_kg.rdf.namespaces import NPC, OPENGOV, RDF
from npc_kg.pipeline import extract_article

from helpers import CORPUS


@pytest.mark.parametrize("rate, unit", [("99.31", "0.01"), ("99.90", "0.01"), ("99.9", "0.1"), ("99", "1"),
                                        ("100", "1"), ("0", "1"), ("83.685", "0.001")])
def test_precision_is_the_unit_of_the_last_printed_digit(rate, unit):
    assert precision(Decimal(rate)) == Decimal(unit)


def test_a_rate_printed_with_a_trailing_zero_keeps_its_precision():
    # 2,945 of 2,947 is 99.932%: "99.9" but not "99.90".
    assert rounds_to(2945, 2947, Decimal("99.9"))
    assert not rounds_to(2945, 2947, Decimal("99.90"))


def test_rounding_edges_are_half_up():
    # 19,861 / 20,000 is exactly 99.305%: printed 99.31, not 99.30; 99.315% is printed 99.32.
    assert rounds_to(19861, 20000, Decimal("99.31")) and not rounds_to(19861, 20000, Decimal("99.30"))
    assert rounds_to(19863, 20000, Decimal("99.32")) and not rounds_to(19863, 20000, Decimal("99.31"))
    assert not rounds_to(1, 0, Decimal("0"))  # no ballots give no rate


def test_attendance_edges_are_exact():
    # At 20,000 present, 19,861 for is exactly the lower edge of 99.31 (kept); 19,863 the upper (left out).
    assert attendances(19861, Decimal("99.31"), 30000)[1] == 20000
    assert attendances(19863, Decimal("99.31"), 30000)[0] == 20000 + 1
    assert attendances(19863, Decimal("99.32"), 30000)[1] >= 20000


def test_the_2014_government_work_report_implies_2907_present_and_11_not_voting():
    reading = read_rate(2887, 1, 8, Decimal("99.31"))
    assert (reading.basis, reading.cast, reading.seats) == (RateBasis.ATTENDANCE, 2896, MAX_SEATS)
    assert (reading.present, reading.not_voting) == ((2907, 2907), (11, 11))


def test_void_ballots_count_as_cast():
    # With 12 void ballots 2,908 were cast, more than the 2,907 present the rate implies.
    assert read_rate(2887, 1, 8, Decimal("99.31"), void=12).basis is RateBasis.NONE
    assert read_rate(2887, 1, 8, Decimal("99.31"), void=11).present == (2907, 2907)


def test_the_seats_bound_the_attendance():
    # 2019's plan report: 2,911 for at 97.68% means all 2,980 deputies of the 13th NPC.
    assert read_rate(2911, 23, 14, Decimal("97.68"), seats=2980).present == (2980, 2980)
    assert read_rate(2911, 23, 14, Decimal("97.68"), seats=2979).basis is RateBasis.NONE
    assert read_rate(2000, 0, 0, Decimal("50.00")).basis is RateBasis.NONE  # 4,000 present: above the cap


def test_a_coarse_rate_allows_a_range_of_attendances():
    # 2,945 for at 99.9%: from 2,946.5 to 2,949.4 present, so 2,947 to 2,949 and 2 to 4 not voting.
    reading = read_rate(2945, 0, 0, Decimal("99.9"))
    assert (reading.basis, reading.present, reading.not_voting) == (RateBasis.ATTENDANCE, (2947, 2949), (2, 4))


def test_rates_the_counts_give_need_no_attendance():
    reading = read_rate(2760, 97, 47, Decimal("95.04"))
    assert (reading.basis, reading.present, reading.not_voting) == (RateBasis.VOTES_CAST, None, None)


def test_zero_in_favour():
    assert read_rate(0, 5, 0, Decimal("0.00")).basis is RateBasis.VOTES_CAST
    assert read_rate(0, 5, 0, Decimal("1.00")).basis is RateBasis.NONE
    assert read_rate(0, 0, 0, Decimal("0")).present == (1, MAX_SEATS)  # no ballots: any attendance


def test_a_rate_rounded_to_zero_has_no_upper_bound_but_the_seats():
    assert attendances(1, Decimal("0"), 3000) == (201, 3000)  # 1 / N < 0.5% from N = 201


@st.composite
def counts(draw):
    """An attendance of 1 to MAX_SEATS and ballots (yes, no, abstain) that it holds, so that every
    example is checked (four free counts of 0..3,000 skipped some 40% of them) and large
    attendances with most votes in favour, the NPC's, are drawn as often as small ones."""
    present = draw(st.integers(1, MAX_SEATS))
    yes = draw(st.integers(0, present))
    no = draw(st.integers(0, present - yes))
    abstain = draw(st.integers(0, present - yes - no))
    return yes, no, abstain, present


@given(counts(), st.sampled_from(["0.01", "0.1", "1"]))
def test_any_attendance_the_rate_was_computed_over_explains_it(ballots, unit):
    yes, no, abstain, present = ballots
    cast = yes + no + abstain
    rate = (Decimal(100 * yes) / Decimal(present)).quantize(Decimal(unit), ROUND_HALF_UP)
    reading = read_rate(yes, no, abstain, rate)
    assert reading.basis is not RateBasis.NONE
    if reading.basis is RateBasis.ATTENDANCE:
        assert reading.present is not None and reading.present[0] <= present <= reading.present[1]
        assert all(rounds_to(yes, n, rate) for n in set(reading.present))
        assert not rounds_to(yes, reading.present[0] - 1, rate) or reading.present[0] - 1 < cast


@pytest.mark.parametrize("yes, cast, amendment, present, seats, outcome", [
    (1501, 1600, False, None, None, "pass"),  # more than half of the 3,000 a congress can have
    (1500, 2900, False, None, None, None),  # not settled: the congress may have 3,000 deputies, or 2,900
    (1450, 2900, False, None, None, "fail"),  # half the ballots at most: no majority of all deputies
    (2001, 2100, True, None, None, "pass"),
    (2000, 2900, True, None, None, None),
    (1933, 2900, True, None, None, "fail"),  # two-thirds of 2,900 is 1,933.3
    (1987, 2000, True, None, 2980, "pass"),  # two-thirds of 2,980 is 1,986.7
    (1986, 2000, True, None, 2980, "fail"),
    (1490, 1500, False, 2990, None, "fail"),  # the stated attendance is a floor for the seats
    (None, 0, False, None, None, None),
])
def test_result_is_settled_by_a_majority_of_all_deputies(yes, cast, amendment, present, seats, outcome):
    assert result(yes, cast, amendment, present, seats) == outcome


@pytest.mark.parametrize("topic, amendment", [("amendment to the Constitution", True),
                                              ("Amendment to the Constitution of China", True),
                                              ("Constitutional amendment", True),
                                              ("Amendment to the Criminal Law", False),
                                              ("Report on the Work of the Constitution and Law Committee", False)])
def test_constitutional_amendments(topic, amendment):
    assert amends_constitution(topic) is amendment


# --------------------------------------------------------------------------- the bundled votes

# Every bundled vote with a stated rate: given by the counts, by an attendance (deputies present), or
# by nothing (the article's rate contradicts its counts).
COUNTS, NONE = "counts", "none"
BUNDLED = {
    ("npc-12-2.txt", 62): 2907,  # Government Work Report, 99.31%: 11 did not vote
    ("npc-12-2.txt", 63): COUNTS,
    ("npc-12-2.txt", 64): COUNTS,
    ("npc-12-2.txt", 65): COUNTS,
    ("npc-12-2.txt", 66): NONE,  # Supreme People's Court, 83.69%: 2,897.6 present, not a whole number
    ("npc-12-2.txt", 67): COUNTS,
    ("npc-12-2.txt", 68): COUNTS,
    ("npc-13-2.txt", 34): 2948,  # Government Work Report, 99.90%: 1 did not vote
    ("npc-13-2.txt", 35): COUNTS,
    ("npc-13-2.txt", 36): 2980,  # plan report, 97.68%: over all 2,980 deputies
    ("npc-13-2.txt", 37): 2980,  # budget report, 96.21%: over all 2,980 deputies
    ("npc-13-2.txt", 38): 2948,  # NPCSC report, 98.68%: 3 did not vote
    ("npc-13-2.txt", 39): COUNTS,
    ("npc-13-2.txt", 40): NONE,  # Supreme People's Procuratorate, 97.72%: 2,909.3 present, fewer than 2,945 ballots
    ("npc-13-4.txt", 34): COUNTS,
    ("npc-13-4.txt", 35): NONE,  # Five-Year Plan, 99.20%: 2,896.2 present
}


def bundled_tallies():
    for path in sorted(CORPUS.glob("*.txt")):
        for resolution in extract_article(path).resolutions:
            for tally in (resolution.vote, *resolution.other_tallies):
                if tally.stated_rate is not None:
                    yield path.name, tally


def test_each_bundled_rate_is_explained_by_the_counts_by_an_attendance_or_by_nothing():
    found = {}
    for name, tally in bundled_tallies():
        reading = read_rate(tally.yes, tally.no, tally.abstain, tally.stated_rate, tally.void, tally.seats)
        if reading.basis is RateBasis.ATTENDANCE:
            assert reading.present is not None and reading.present[0] == reading.present[1]
            found[name, tally.span.line] = reading.present[0]
        else:
            found[name, tally.span.line] = COUNTS if reading.basis is RateBasis.VOTES_CAST else NONE
    assert found == BUNDLED


def test_the_graph_publishes_the_implied_attendance_and_the_result():
    records = [extract_article(CORPUS / name) for name in ("npc-12-2.txt", "npc-13-1.txt", "npc-13-2.txt")]
    graph = map_corpus(records, Minter()).union()
    votes = set(graph.subjects(RDF.type, OPENGOV.VoteEvent))
    implied = sorted((int(graph.value(v, NPC.impliedDeputiesPresent)), int(graph.value(v, NPC.impliedNotVoting)))
                     for v in votes if graph.value(v, NPC.impliedDeputiesPresent) is not None)
    assert implied == [(2907, 11), (2948, 1), (2948, 3), (2980, 32), (2980, 33)]
    assert not any(graph.value(v, NPC.impliedDeputiesPresentMax) for v in votes)  # two decimals: one N each
    assert all(graph.value(v, NPC.deputiesPresent) is None or graph.value(v, NPC.impliedDeputiesPresent) is None
               for v in votes)  # stated and implied attendance stay apart
    assert {graph.value(v, OPENGOV.result) for v in votes} == {Literal("pass"), None}
    rated = [v for v in votes if graph.value(v, NPC.statedRate) is not None]
    assert {Fraction(str(graph.value(v, NPC.statedRatePrecision))) for v in rated} == {Fraction(1, 100)}
