"""extract.votes in prose: counts in digits or words, void ballots, attendance, the vote's date, and a
topic that is what was voted on (a bare "the amendment" resolved to what the paragraph named before,
never the whole sentence); the new vote fields in the graph and their shapes, checked by both SHACL
engines. Sentences are our own, in the family's style."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from rdflib import Literal

from npc_kg.extract.votes import extract_votes
from npc_kg.iris import Minter
from npc_kg.map import map_corpus
from npc_kg.model import ResolutionKind
from npc_kg.namespaces import NPC, SCHEMA
from npc_kg.parse import parse_text
from npc_kg.pipeline import extract_articles
from npc_kg.validate import load_shapes, validate_graph

from helpers import CORPUS

HEAD = "= Third session of the 11th National People's Congress =\n\nInfobox\n- Year: 2010\n- Session: 3rd | # = 11th\n\n"


def votes(paragraph):
    return extract_votes(parse_text(HEAD + paragraph + "\n", "t.txt"), 2010)


def prose(paragraph):
    (resolution,) = votes(paragraph).resolutions
    return resolution, resolution.vote


def test_the_amendment_is_what_the_paragraph_proposed_amending():
    resolution, vote = prose(
        "The Standing Committee proposed amending the Electoral Law of China, so that rural and urban deputies "
        "would represent equal numbers of people. On 14 March 2010, the Congress adopted the amendment at its "
        "closing meeting, attended by 2,887 out of 2,987 deputies, with 2,747 votes for, 108 against, 52 "
        "abstaining and 2 void.")
    assert (resolution.topic, resolution.kind) == ("amendment to the Electoral Law", ResolutionKind.LAW)
    assert (vote.yes, vote.no, vote.abstain, vote.void) == (2747, 108, 52, 2)
    assert (vote.present, vote.seats, vote.date) == (2887, 2987, dt.date(2010, 3, 14))


@pytest.mark.parametrize("proposal", ["amending the country's constitution", "amending China's Constitution",
                                      "to amend the Constitution of the People's Republic of China"])
def test_the_national_constitution_however_it_is_named(proposal):
    resolution, _ = prose(f"The Party proposed {proposal} for the first time since 2004. The amendment was "
                          "passed with 2,958 votes for, two against and three abstaining.")
    assert resolution.topic == "amendment to the Constitution"


def test_the_law_is_the_law_named_before():
    resolution, vote = prose("Deputies reviewed the draft Foreign Trade Law for a week. The law was passed with "
                             "2,799 votes in favour, sixty-four against and twenty abstentions.")
    assert resolution.topic == "draft Foreign Trade Law"
    assert (vote.yes, vote.no, vote.abstain, vote.void, vote.present, vote.date) == (2799, 64, 20, None, None, None)


def test_an_amendment_named_as_a_noun():
    resolution, _ = prose("An amendment to the Organic Law of the Local People's Congresses was tabled. It was "
                          "debated for two days. On 15 March the deputies approved the amendment with 2,800 votes "
                          "for and 30 against.")
    assert resolution.topic == "amendment to the Organic Law of the Local People's Congresses"
    assert resolution.vote.date == dt.date(2010, 3, 15)  # the session's year


def test_a_topic_stated_as_the_subject_is_kept_as_written():
    resolution, vote = prose("On 14 March, the resolution on the Government Work Report was approved with 2,836 "
                             "votes for, 64 against and 50 abstentions.")
    assert resolution.topic == "resolution on the Government Work Report"
    assert resolution.report == "government-work-report"


@pytest.mark.parametrize("sentence, topic, counts", [
    ("The resolution on the budget was approved by 2,836 votes to 64, with 50 abstentions.",
     "resolution on the budget", (2836, 64, 50)),
    ("The Civil Code was adopted as 2,879 deputies voted in favour, two voted against and five abstained.",
     "Civil Code", (2879, 2, 5)),
    ("On 15 March the deputies voted to approve the outline of the plan with 2,800 votes for and no votes against.",
     "outline of the plan", (2800, 0, None)),
])
def test_the_ways_a_vote_is_written(sentence, topic, counts):
    resolution, vote = prose(sentence)
    assert (resolution.topic, (vote.yes, vote.no, vote.abstain)) == (topic, counts)


def test_the_report_is_the_report_named_before():
    resolution, vote = prose("Premier Wen Jiabao delivered the government work report on 5 March. The report was "
                             "approved on 14 March with 2,836 votes for, 64 against and 50 abstentions.")
    assert (resolution.topic, resolution.report, resolution.kind) == (
        "government work report", "government-work-report", ResolutionKind.REPORT)
    assert vote.date == dt.date(2010, 3, 14)


@pytest.mark.parametrize("sentence, present, seats, void", [
    ("The plan was adopted with 2,900 votes for; 2,950 of the 2,987 deputies were present.", 2950, 2987, None),
    ("The plan was adopted by the 2,950 deputies present, with 2,900 votes for.", 2950, None, None),
    ("The plan was adopted with 2,900 votes for, with 2,950 deputies in attendance and three ballots void.",
     2950, None, 3),
    ("The plan was adopted with 2,900 votes in favour and one invalid vote.", None, None, 1),
])
def test_attendance_and_void_ballots(sentence, present, seats, void):
    _, vote = prose(sentence)
    assert (vote.yes, vote.present, vote.seats, vote.void) == (2900, present, seats, void)


def test_a_vote_whose_subject_is_not_found_is_a_warning_not_a_topic():
    records = votes("With 2,900 votes for and 20 against, it passed.")
    assert not records.resolutions
    (warning,) = records.warnings
    assert warning.span.line == 7 and "subject was not found" in warning.message


def test_an_impossible_date_of_a_vote_is_a_warning():
    records = votes("On 30 February the plan was adopted with 2,900 votes for.")
    (resolution,) = records.resolutions
    assert resolution.vote.date is None and "no such date" in records.warnings[0].message


def test_numbers_that_are_no_counts_are_not_read():
    records = votes("The 2,987 deputies voted for a new session in 2011. The report was approved.")
    assert not records.resolutions


def test_a_megabyte_line_is_read_in_linear_time():
    started = time.perf_counter()
    for line in ("1,000," * 170_000 + "000 votes for, the plan was adopted.",
                 "The plan was adopted with " + "2 votes for " * 90_000,
                 "The plan was adopted " + "attended by 2,964 of " * 50_000,
                 "The plan was adopted " + "amending " * 120_000,
                 "The law was adopted with 1 vote for. " + "The " * 250_000,
                 "".join(f"The Law number {i} was adopted with {i} votes for. " for i in range(19_000)),
                 "Law was adopted with 1 vote for. " * 30_000):
        assert len(line) > 900_000  # a sentence that is a vote in every 40 characters: 20,000 votes or more
        votes(line)
    assert time.perf_counter() - started < 60  # generous: quadratic work on these lines takes hours


# --------------------------------------------------------------------------- in the graph, and its shapes

M = Minter()
VOTE = M.vote(M.resolution(M.session(13, 1), "amendment to the Constitution"), 0)


@pytest.fixture(scope="module")
def graph_2018():
    return map_corpus(extract_articles([CORPUS / "npc-13-1.txt"]), M).union()


@pytest.fixture(scope="module")
def shapes():
    return load_shapes()


def test_the_prose_vote_of_2018_is_in_the_graph(graph_2018):
    assert graph_2018.value(VOTE, SCHEMA.startDate) == Literal(dt.date(2018, 3, 11))
    assert [graph_2018.value(VOTE, p).toPython() for p in (NPC.voidVotes, NPC.deputiesPresent, NPC.deputiesTotal)] \
        == [1, 2964, 2980]
    assert graph_2018.value(VOTE, NPC.deputiesTotal).datatype == Literal(1).datatype  # xsd:integer


def damaged(graph, predicate, value):
    out = graph.__class__()
    for triple in graph:
        out.add(triple)
    out.set((VOTE, predicate, value))
    return out


@pytest.mark.parametrize("predicate, value", [
    (NPC.deputiesPresent, Literal(2981)),  # more present than the Congress has
    (NPC.voidVotes, Literal(-1)),
    (NPC.deputiesTotal, Literal("2980")),
    (NPC.deputiesPresent, Literal(Decimal("2964.5"))),
    (SCHEMA.startDate, Literal("11 March 2018")),
])
def test_the_shapes_of_the_new_vote_fields_agree_in_both_engines(graph_2018, shapes, predicate, value):
    graph = damaged(graph_2018, predicate, value)
    fast, reference = validate_graph(graph, shapes), validate_graph(graph, shapes, engine="pyshacl")
    assert fast.findings == reference.findings
    assert not fast.conforms
    assert any(f.focus == str(VOTE) and f.shape == "shapes:VoteEvent" and f.severity == "violation"
               for f in fast.findings), [str(f) for f in fast.findings]


def test_the_undamaged_2018_graph_conforms_in_both_engines(graph_2018, shapes):
    fast, reference = validate_graph(graph_2018, shapes), validate_graph(graph_2018, shapes, engine="pyshacl")
    assert fast.findings == reference.findings and fast.conforms


@pytest.mark.parametrize("predicate, value, findings", [(NPC.deputiesPresent, Literal(2963), 1),
                                                        (NPC.voidVotes, Literal(2), 1),
                                                        (NPC.voidVotes, Literal(0), 0)])
def test_more_ballots_than_deputies_present_is_a_warning_in_both_engines(graph_2018, shapes, predicate, value,
                                                                          findings):
    graph = damaged(graph_2018, predicate, value)  # 2,958 + 2 + 3 + 1 void = 2,964 ballots, 2,964 present
    fast, reference = validate_graph(graph, shapes), validate_graph(graph, shapes, engine="pyshacl")
    assert fast.findings == reference.findings and fast.conforms
    assert len([f for f in fast.findings if f.shape == "shapes:BallotsFitAttendance" and f.focus == str(VOTE)
                and f.severity == "warning"]) == findings
