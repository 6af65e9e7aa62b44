"""Scoring on name and context, and the auto-match rule (real QIDs from reference/wikidata.ttl)."""

import datetime as dt

from npc_kg.rdf.iris import Minter
from npc_kg.link.entities import Entity, Held, Kind
from npc_kg.link.match import MatchRule, one_item_one_entity
from npc_kg.link.score import Scored, score
from npc_kg.link.sources import Candidate, PositionHeld

M = Minter()
PRESIDENT, CONGRESS_12, NPCSC = M.office("president"), M.congress(12), M.organization("npcsc")
LINKED = {PRESIDENT: frozenset({"Q655407"}), CONGRESS_12: frozenset({"Q247766"})}
DEPUTY_12 = PositionHeld("Q10891456", term="Q247766")


def person(name: str, **context) -> Entity:
    return Entity(M.person(name), Kind.PERSON, name, (name,), **context)


def human(qid: str, name: str, *positions: PositionHeld, member_of: frozenset[str] = frozenset()) -> Candidate:
    return Candidate(qid, ((name, "en", True),), frozenset({"Q5"}), frozenset(positions), member_of)


def test_a_name_alone_is_not_enough_for_a_person():
    result = score(person("Wang Xiao"), human("Q9065751", "Wang Xiao", DEPUTY_12), LINKED)
    assert result.score == 0.6
    assert MatchRule().pick([result]) is None


def test_a_seat_in_the_linked_congress_term_is_context():
    result = score(person("Wang Xiao", congresses=frozenset({CONGRESS_12})),
                   human("Q9065751", "Wang Xiao", DEPUTY_12), LINKED)
    assert result.score == 0.9
    assert "sat in Q247766" in result.evidence
    assert MatchRule().pick([result]) == result


def test_an_office_held_at_the_tenure_date_is_strong_context():
    xi = person("Xi Jinping", held=(Held(PRESIDENT, dt.date(2013, 3, 14)),))
    result = score(xi, human("Q15031", "Xi Jinping", PositionHeld("Q655407", start=dt.date(2013, 3, 14))), LINKED)
    assert result.score == 1.0
    assert "held Q655407 on 2013-03-14" in result.evidence


def test_dates_that_exclude_the_tenure_count_against():
    xi = person("Xi Jinping", held=(Held(PRESIDENT, dt.date(2013, 3, 14)),), congresses=frozenset({CONGRESS_12}))
    earlier = PositionHeld("Q655407", start=dt.date(1993, 3, 27), end=dt.date(2003, 3, 15))
    result = score(xi, human("Q15031", "Xi Jinping", earlier, DEPUTY_12), LINKED)
    assert result.score == 0.45
    assert "held Q655407, but not on 2013-03-14" in result.evidence


def test_membership_of_a_linked_body_is_context():
    linked = {**LINKED, NPCSC: frozenset({"Q19211"})}
    wang = person("Wang Xiao", organizations=frozenset({NPCSC}))
    result = score(wang, human("Q9065751", "Wang Xiao", member_of=frozenset({"Q19211"})), linked)
    assert result.score == 0.9


def test_types_rule_candidates_out():
    not_human = Candidate("Q15031", (("Xi Jinping", "en", True),), frozenset({"Q515"}))  # any class but Q5
    untyped = Candidate("Q15031", (("Xi Jinping", "en", True),))
    assert score(person("Xi Jinping"), not_human, {}).score == 0
    assert score(person("Xi Jinping"), untyped, {}).evidence[-1] == "not known to be human"
    office = Entity(PRESIDENT, Kind.OFFICE, "President", ("Xi Jinping",))
    assert score(office, human("Q15031", "Xi Jinping"), {}).score == 0


def test_equally_supported_namesakes_stay_in_review():
    # Q999999999999 stands for a namesake the bundled reference lacks; it is no Wikidata item.
    namesakes = [Scored(human(qid, "Wang Xiao"), 0.9, ()) for qid in ("Q9065751", "Q999999999999")]
    assert MatchRule().pick(namesakes) is None
    assert MatchRule().pick([namesakes[0], Scored(namesakes[1].candidate, 0.6, ())]) == namesakes[0]


def test_one_item_is_never_linked_to_two_entities():
    pick = Scored(Candidate("Q655407", ()), 1.0, ())
    picks = {PRESIDENT: pick, M.office("spc-president"): pick}
    assert one_item_one_entity(picks, taken=frozenset()) == {}
    assert one_item_one_entity({PRESIDENT: pick}, taken=frozenset({"Q655407"})) == {}
    assert one_item_one_entity({PRESIDENT: pick}, taken=frozenset()) == {PRESIDENT: pick}


NPC_ITEMS = frozenset({"Q19211", "Q10891456", "Q247766"})  # the NPC, its members' post, its 12th term


def test_a_seat_in_any_npc_term_is_context_for_a_person_named_at_a_session():
    congress_13 = M.congress(13)  # no item linked: the 12th is the term the candidate sat in
    li = person("Li Zhanshu", congresses=frozenset({congress_13}))
    result = score(li, human("Q391443", "Li Zhanshu", DEPUTY_12), LINKED, NPC_ITEMS)
    assert result.score == 0.9
    assert "sat in the NPC (Q247766, Q10891456)" in result.evidence
    assert MatchRule().pick([result]) == result
    by_membership = score(li, human("Q391443", "Li Zhanshu", member_of=frozenset({"Q19211"})), LINKED, NPC_ITEMS)
    assert by_membership.score == 0.9


def test_a_seat_in_the_npc_needs_a_session_and_a_seat():
    deputy = human("Q391443", "Li Zhanshu", DEPUTY_12)
    assert score(person("Li Zhanshu"), deputy, LINKED, NPC_ITEMS).score == 0.6  # named at no session
    li = person("Li Zhanshu", congresses=frozenset({M.congress(13)}))
    assert score(li, human("Q391443", "Li Zhanshu", PositionHeld("Q655407")), LINKED, NPC_ITEMS).score == 0.6
    assert score(li, deputy, LINKED).score == 0.6  # nothing known to stand for the NPC


def test_a_seat_in_the_linked_term_is_not_counted_twice():
    wang = person("Wang Xiao", congresses=frozenset({CONGRESS_12}))
    result = score(wang, human("Q9065751", "Wang Xiao", DEPUTY_12), LINKED, NPC_ITEMS)
    assert result.score == 0.9
    assert not any(e.startswith("sat in the NPC") for e in result.evidence)
