"""extract.votes in prose: counts in digits or words, void ballots, attendance, the vote's date, and a
topic that is what was voted on (a bare "the amendment" resolved to what the paragraph named before,
never the whole sentence); the new vote fields in the graph and their shapes, checked by both SHACL
engines. Sentences are our own, in the family's style."""

import csv
import datetime as dt
import io
import json
import time
from decimal import Decimal

import pytest
from rdflib import Literal

from npc_kg.extract import extract_document
from npc_kg.extract.votes import extract_votes
from npc_kg.rdf.iris import Minter
from npc_kg.map import map_corpus
from npc_kg.model import ResolutionKind, Role
from npc_kg.rdf.namespaces import NPC, SCHEMA
from npc_kg.parse import parse_text
from npc_kg.pipeline import extract_articles
from npc_kg.validate import load_shapes, validate_graph

from helpers import CORPUS, run_cli

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


# --------------------------------------------------------------------------- elections in prose


def election(paragraph):
    (resolution,) = votes(paragraph).resolutions
    assert resolution.kind is ResolutionKind.ELECTION and resolution.vote.origin == "prose"
    return resolution, (resolution.vote.yes, resolution.vote.no, resolution.vote.abstain)


@pytest.mark.parametrize("sentence, person, office, written, counts", [
    # the subject of a passive, the office right after the verb, "by N votes to M with K abstentions"
    ("On 15 March, Wang Qishan was elected Vice President by 2,952 votes to 1 with 3 abstentions.",
     "Wang Qishan", "vice-president", "Vice President", (2952, 1, 3)),
    # re-elected, the office after the verb, and the votes a candidate received out of those cast
    ("Zhou Qiang was re-elected President of the Supreme People's Court after he received 2,908 of the 2,950 "
     "votes cast.", "Zhou Qiang", "spc-president", "President of the Supreme People's Court", (2908, None, None)),
    ("Li Zhanshu was elected to the post of Chairman of the Standing Committee with 2,958 votes in favour, 2 "
     "against and 3 abstentions.", "Li Zhanshu", "npcsc-chairman", "Chairman of the Standing Committee",
     (2958, 2, 3)),
    # "all" of the votes: none against; abstentions stay unknown
    ("Xi Jinping was re-elected as Chairman of the Central Military Commission, receiving all 2,970 votes.",
     "Xi Jinping", "cmc-chairman", "Chairman of the Central Military Commission", (2970, 0, None)),
    # the object of an active verb, counts of deputies "voting for", "voting against", "abstaining"
    ("The Congress elected Zhou Qiang as President of the Supreme People's Court, with 2,908 deputies voting for "
     "him, 26 voting against and 32 abstaining.", "Zhou Qiang", "spc-president",
     "President of the Supreme People's Court", (2908, 26, 32)),
    # the approval of a nomination
    ("Deputies approved Li Keqiang's nomination as Premier with 2,940 votes for, three against and six "
     "abstentions.", "Li Keqiang", "premier", "Premier", (2940, 3, 6)),
    ("The nomination of Li Keqiang for Premier was endorsed with 2,940 votes in favour and no votes against.",
     "Li Keqiang", "premier", "Premier", (2940, 0, None)),
    # an honorific before the name, the name's characters after it, a term before the office
    ("Vice Premier Han Zheng was confirmed as Vice President, with 2,936 votes for, three against and eight "
     "abstaining.", "Han Zheng", "vice-president", "Vice President", (2936, 3, 8)),
    ("Cao Jianming (曹建明) was re-elected Procurator-General with 2,933 votes, one against and no abstentions.",
     "Cao Jianming", "procurator-general", "Procurator-General", (2933, 1, 0)),
    ("Hu Jintao was elected to a second five-year term as President on 15 March with 2,937 votes.",
     "Hu Jintao", "president", "President", (2937, None, None)),
    ("Zhao Leji was elected Chairman of the Standing Committee of the 14th National People's Congress with 2,952 "
     "votes.", "Zhao Leji", "npcsc-chairman",
     "Chairman of the Standing Committee of the 14th National People's Congress", (2952, None, None)),
    # a relative clause and an apposition of age
    ("Li Qiang, who was confirmed as Premier with 2,936 votes, spoke to reporters.", "Li Qiang", "premier",
     "Premier", (2936, None, None)),
    ("Xi Jinping, 69, was elected President with 2,952 votes.", "Xi Jinping", "president", "President",
     (2952, None, None)),
    # an office the catalogue does not hold: an election all the same, its office unresolved
    ("Wang Yi was appointed Minister of Foreign Affairs with 2,919 votes.", "Wang Yi", None,
     "Minister of Foreign Affairs", (2919, None, None)),
])
def test_an_election_in_prose(sentence, person, office, written, counts):
    resolution, got = election(sentence)
    assert (resolution.topic, resolution.person, resolution.office, got) == (
        f"Election of {person} as {written}", person, office, counts)


def test_an_election_records_the_person_as_elected_from_the_day_of_the_vote():
    records = votes("On 10 March 2010, Xi Jinping was unanimously elected to a third term as President with "
                    "2,952 votes.")
    (resolution,) = records.resolutions
    vote = resolution.vote
    # "unanimously": nobody voted against; whether anyone abstained is not said, so it stays unknown
    assert (vote.yes, vote.no, vote.abstain, vote.date) == (2952, 0, None, dt.date(2010, 3, 10))
    assert [(t.person, t.office, t.role, t.start) for t in records.tenures] == [
        ("Xi Jinping", "president", Role.ELECTED, dt.date(2010, 3, 10))]


def test_an_election_without_counts_is_a_tenure_not_a_vote():
    records = votes("Jiang Zemin was re-elected chairman of the Central Military Commission. Xi Jinping was "
                    "unanimously re-elected as the President of the People's Republic of China and the Chairman of "
                    "the Central Military Commission.")
    assert not records.resolutions and not records.warnings
    assert [(t.person, t.office, t.role) for t in records.tenures] == [
        ("Jiang Zemin", "cmc-chairman", Role.ELECTED), ("Xi Jinping", "president", Role.ELECTED),
        ("Xi Jinping", "cmc-chairman", Role.ELECTED)]


def test_each_election_of_a_sentence_has_the_counts_of_its_own_clause():
    records = votes("On 10 March, Xi Jinping, General Secretary of the Communist Party, was elected President with "
                    "2,952 votes for, one against and three abstentions, and Li Yuanchao was elected Vice President "
                    "with 2,839 votes for and 80 against.")
    assert [(r.topic, r.vote.yes, r.vote.no, r.vote.abstain, r.vote.date) for r in records.resolutions] == [
        ("Election of Xi Jinping as President", 2952, 1, 3, dt.date(2010, 3, 10)),
        ("Election of Li Yuanchao as Vice President", 2839, 80, None, dt.date(2010, 3, 10))]


def test_a_vote_on_a_law_before_an_election_in_one_sentence():
    records = votes("The Organic Law was passed with 2,958 votes for, and Xi Jinping was elected President with "
                    "2,970 votes.")
    assert [(r.topic, r.kind, r.vote.yes) for r in records.resolutions] == [
        ("Organic Law", ResolutionKind.LAW, 2958), ("Election of Xi Jinping as President", ResolutionKind.ELECTION,
                                                   2970)]


@pytest.mark.parametrize("sentence", [
    # several people in a plural subject: which office each got is not told apart here, so nothing is guessed
    "Xi Jinping and Li Yuanchao were elected President and Vice President with 2,952 votes each.",
    # not a person: positions, a report
    "Major state positions were elected in this session with 2,952 votes.",
    # a pronoun names nobody here: neither an election nor a vote on "He"
    "He was re-elected President with 2,970 votes for.",
])
def test_no_election_is_guessed(sentence):
    records = votes(sentence)
    assert not records.resolutions and not records.tenures


def test_the_infobox_says_who_was_elected_and_a_different_name_is_a_warning():
    head = ("= First session of the 10th National People's Congress =\n\nInfobox\n- Year: 2003\n"
            "- Session: 1st | # = 10th\n- Pz: Hu Jintao\n- Pzterm: 15 March 1998\n- Pme: Wen Jiabao\n"
            "- Pmeterm: 16 March 2003\n\n")
    records = extract_document(parse_text(head + "Hu Jintao was re-elected President with 2,937 votes. Li Peng "
                                                 "was elected Premier with 2,900 votes.\n", "t.txt"), "t")
    tenures = {(t.person, t.office, t.role) for t in records.tenures}
    # the infobox's outgoing President re-elected is both; the infobox's Premier elected is kept, the text's is not
    assert {("Hu Jintao", "president", Role.OUTGOING), ("Hu Jintao", "president", Role.ELECTED),
            ("Wen Jiabao", "premier", Role.ELECTED)} <= tenures
    assert ("Li Peng", "premier", Role.ELECTED) not in tenures
    assert any("Li Peng was elected" in w.message and "Wen Jiabao" in w.message for w in records.warnings)
    assert [r.topic for r in records.resolutions] == ["Election of Hu Jintao as President",
                                                      "Election of Li Peng as Premier"]


ELECTIONS_ARTICLE = """= First session of the 14th National People's Congress =

Infobox
- Session: 1st | # = 14th | term-begin = 5 March | term-end = 13 March
- Pz: Xi Jinping
- Pzterm: 14 March 2013
- Pze: Xi Jinping
- Pzeterm: 10 March 2023
- Pme: Li Qiang
- Pmeterm: 11 March 2023

The first session of the 14th National People's Congress was held in Beijing, China, from 5 to 13 March 2023.

== Elections ==
On 10 March 2023, Xi Jinping was unanimously elected to a third term as President with 2,952 votes. Han Zheng was elected Vice President with 2,952 votes for and none against. On 11 March, Li Qiang was confirmed as Premier, with 2,936 votes for, three against and eight abstentions.
"""


def test_elections_end_to_end_their_numbers_are_read(tmp_path):
    (tmp_path / "npc-14-1.txt").write_text(ELECTIONS_ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    built = run_cli("build", str(tmp_path / "npc-14-1.txt"), "--out", str(out))
    assert built.returncode == 0, built.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [u for u in report["unread"] if u["line"] == 16] == []
    answer = run_cli("query", "resolutions", "--data", str(out), "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    rows = {row["topic"]: (row["for"], row["against"], row["abstain"])
            for row in csv.DictReader(io.StringIO(answer.stdout))}
    assert rows == {"Election of Xi Jinping as President": ("2952", "0", ""),
                    "Election of Han Zheng as Vice President": ("2952", "0", ""),
                    "Election of Li Qiang as Premier": ("2936", "3", "8")}


def test_a_megabyte_line_is_read_in_linear_time():
    started = time.perf_counter()
    for line in ("1,000," * 170_000 + "000 votes for, the plan was adopted.",
                 "The plan was adopted with " + "2 votes for " * 90_000,
                 "The plan was adopted " + "attended by 2,964 of " * 50_000,
                 "The plan was adopted " + "amending " * 120_000,
                 "The law was adopted with 1 vote for. " + "The " * 250_000,
                 "".join(f"The Law number {i} was adopted with {i} votes for. " for i in range(19_000)),
                 "Law was adopted with 1 vote for. " * 30_000,
                 "Xi Jinping was elected " * 45_000,
                 "Xi Jinping was elected President with 2 votes for, " * 20_000,
                 "the Congress elected Xi Jinping as " * 30_000,
                 "approved Li Qiang's nomination as " * 30_000,
                 "Li Qiang was confirmed as Chairman of the " * 25_000 + "Premier with 1 vote.",
                 "Zhao Leji, Zhao Leji, Zhao Leji, " * 30_000 + "was elected with 2 votes.",
                 "Xi Jinping was elected President with " + "2,952 of the 2,970 " * 55_000 + "votes."):
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
