"""extract: the records of the bundled articles against their expected facts, and the family's
variations on small made-up articles."""

import datetime as dt
from decimal import Decimal

import pytest

from npc_kg import catalogue
from npc_kg.catalogue import find_report_kind
from npc_kg.errors import InputError
from npc_kg.extract import extract_document
from npc_kg.extract.people import find_people, person_name
from npc_kg.model import ResolutionKind, Role
from npc_kg.parse import parse_article, parse_text

from helpers import ARTICLES, expected



def records_of(stem):
    path = next(p for p in ARTICLES if p.stem == stem)
    return extract_document(parse_article(path), stem)


def article(text, name="t.txt"):
    return extract_document(parse_text(text, name), name[:-4])


@pytest.mark.parametrize("stem", [p.stem for p in ARTICLES])
def test_session_matches_expected(stem):
    facts, s = expected(stem), records_of(stem).session
    assert s.title == facts["title"]
    want = facts["session"]
    assert (s.ordinal, s.congress, s.year) == (want["ordinal"], want["congress"], want["year"])
    assert (s.start.isoformat(), s.end.isoformat()) == (want["start"], want["end"])
    assert (s.venue, s.city) == (want["venue"], want["city"])
    assert s.status == "inactive" and s.name_zh.startswith("第") and s.pinyin.startswith("Dì")
    assert (s.previous_year, s.next_year) == (want["year"] - 1, want["year"] + 1)


@pytest.mark.parametrize("stem", [p.stem for p in ARTICLES])
def test_officeholders_match_expected(stem):
    tenures = {(t.person, t.office, t.role.value): t for t in records_of(stem).tenures}
    for holder in expected(stem)["officeholders"]:
        tenure = tenures[(holder["person"], catalogue.find_office(holder["office"]), holder.get("role", "incumbent"))]
        assert tenure.start.isoformat() == holder["term_start"]


@pytest.mark.parametrize("stem", [p.stem for p in ARTICLES])
def test_resolutions_match_expected(stem):
    got = [(r.topic, r.vote.yes, r.vote.no, r.vote.abstain,
            float(r.vote.stated_rate) if r.vote.stated_rate is not None else None)
           for r in records_of(stem).resolutions if r.vote.origin == "table"]
    want = [(r["topic"], r["for"], r["against"], r["abstain"], r["rate_percent"])
            for r in expected(stem)["resolutions"]]
    assert got == want


def _is_topic(resolution, topic):
    """The expected topic names this resolution: its very words, or the standard report it approves."""
    kind = find_report_kind(topic)
    return resolution.topic == topic or (kind is not None and resolution.report == kind.key)


@pytest.mark.parametrize("stem", [p.stem for p in ARTICLES])
def test_prose_votes_match_expected(stem):
    got = [(r, t) for r in records_of(stem).resolutions for t in (r.vote, *r.other_tallies) if t.origin == "prose"]
    want = expected(stem).get("prose_votes", [])
    assert len(got) == len(want)
    for vote in want:
        (tally,) = [t for r, t in got if _is_topic(r, vote["topic"])]
        assert (tally.yes, tally.no, tally.abstain) == (vote["for"], vote["against"], vote["abstain"])
        assert (tally.void, tally.present, tally.seats) == (vote.get("void"), vote.get("attended"),
                                                            vote.get("deputies_total"))
        assert (tally.date.isoformat() if tally.date else None) == vote.get("date")


@pytest.mark.parametrize("stem", [p.stem for p in ARTICLES])
def test_people_match_expected(stem):
    facts = expected(stem)
    names = {p.name for p in records_of(stem).people}
    assert set(facts["people_mentioned"]) <= names
    assert names <= set(facts["people_mentioned"]) | set(facts["people_optional"])


def test_offices_named_in_topics_and_resignations():
    r = records_of("npc-12-2")
    tenures = {(t.person, t.office): t for t in r.tenures}
    assert tenures[("Zhou Qiang", "spc-president")].role is Role.INCUMBENT
    assert tenures[("Cao Jianming", "procurator-general")].start is None
    wang, chen = [x for x in r.resolutions if x.kind is ResolutionKind.RESIGNATION]
    assert (wang.person, wang.organization) == ("Wang Xiao", "npcsc")
    assert (chen.person, chen.vote.yes, chen.vote.stated_rate) == ("Chen Sixi", None, None)
    reports = {rep.key: rep for rep in r.reports}
    assert reports["government-work-report"].presenter == "Li Keqiang"
    assert reports["spp-work-report"].organization == "spp"
    assert len(reports) == 6


def test_prose_vote_beside_the_table():
    r = records_of("npc-13-2")
    gwr = next(x for x in r.resolutions if x.report == "government-work-report")
    assert (gwr.vote.yes, gwr.vote.abstain) == (2945, 2)
    (prose,) = gwr.other_tallies
    assert (prose.origin, prose.yes, prose.no, prose.abstain) == ("prose", 2945, None, 3)
    tenures = {(t.person, t.office) for t in r.tenures}
    assert ("Wang Chen", "npcsc-vice-chairman") in tenures
    assert next(x for x in r.resolutions if x.topic == "Foreign Investment Law").kind is ResolutionKind.LAW


def test_guidelines_ordered_and_repeats_collapsed():
    guidelines = records_of("npc-12-2").guidelines
    assert [g.position for g in guidelines] == list(range(1, 14))
    texts = [g.text for g in guidelines]
    assert len(set(texts)) == len(texts) == 13
    assert texts[2] == "carry out reform and innovation in all areas of economic and social development"
    assert guidelines[0].span.line == 35


HEAD = "= Third session of the 11th National People's Congress =\n\nInfobox\n"


def test_variations_keys_out_of_order_typos_and_dates():
    r = article(HEAD + "- Nextyear: 2011\n- Session: 3rd | term-end = March 14, 2010 | # = 11th | "
                "term-begin = March 5, 2010\n- Pmterm: 16 March, 2003\n- Year: 2010\n- Pm: Wen Jiabao\n"
                "- Pzterm: 15 March 2003\n- Pz: Hu Jintao\n\nText.\n")
    s = r.session
    assert (s.ordinal, s.congress, s.start, s.end) == (3, 11, dt.date(2010, 3, 5), dt.date(2010, 3, 14))
    assert {(t.person, t.office, t.start) for t in r.tenures} == {
        ("Wen Jiabao", "premier", dt.date(2003, 3, 16)), ("Hu Jintao", "president", dt.date(2003, 3, 15))}
    assert all(t.role is Role.INCUMBENT for t in r.tenures)


def test_ordinal_typo_and_title_fallback():
    r = article("= Fourth session of the 10th National People's Congress =\n\nInfobox\n- Year: 2006\n"
                "- Session: 4rd | # = 10th\n\nThe session opened on 5 March and concluded on 14 March.\n")
    assert (r.session.ordinal, r.session.start, r.session.end) == (4, dt.date(2006, 3, 5), dt.date(2006, 3, 14))
    r = article("= Fourth session of the 10th National People's Congress =\n\nInfobox\n- Year: 2006\n\nText.\n")
    assert (r.session.ordinal, r.session.congress) == (4, 10)


def test_unknown_infobox_key_is_a_warning():
    r = article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n- Mascot: panda\n\nText.\n")
    (warning,) = r.warnings
    assert warning.span.line == 6 and "Mascot" in warning.message


@pytest.mark.parametrize("line, message", [
    ("- Session: 3rd | # = 11th | term-begin = 31 February", "no such date"),
    ("- Session: 3rd | # = 11th | term-begin = 5 Marchember", "not a"),
])
def test_bad_infobox_values(line, message):
    with pytest.raises(InputError, match=message) as caught:
        article(HEAD + "- Year: 2010\n" + line + "\n\nText.\n")
    assert caught.value.line == 5


def test_votes_in_prose_with_number_words():
    r = article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n\n== Votes ==\n"
                "The amendment to the Electoral Law was adopted with 2,747 votes for, two against and three "
                "abstaining. The weather was fine.\n")
    (resolution,) = r.resolutions
    assert (resolution.vote.yes, resolution.vote.no, resolution.vote.abstain) == (2747, 2, 3)
    assert resolution.kind is ResolutionKind.LAW and resolution.vote.origin == "prose"


def test_election_table_and_other_column_orders():
    r = article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n\n| Candidate | Office | Against | For | "
                "Abstain |\n| Li Yuanchao | Vice President | 12 | 2,800 | 20 |\n")
    (resolution,) = r.resolutions
    assert (resolution.kind, resolution.person, resolution.office) == (
        ResolutionKind.ELECTION, "Li Yuanchao", "vice-president")
    assert (resolution.vote.yes, resolution.vote.no, resolution.vote.stated_rate) == (2800, 12, None)
    assert any(t.person == "Li Yuanchao" and t.role is Role.ELECTED for t in r.tenures)


@pytest.mark.parametrize("row, message", [
    ("| X | 2,8x7 | 1 | 1 | 99% |", "not a count"),
    ("| X | 1 | 1 | 1 | 101% |", "above 100"),
    ("| X | 1 | 1 | 1 | abc% |", "not a percentage"),
])
def test_bad_table_cells(row, message):
    with pytest.raises(InputError, match=message) as caught:
        article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n\n| Topic | For | Against | Abstain | Rate |\n"
                + row + "\n")
    assert caught.value.line == 8


def test_table_that_is_not_a_vote_table_is_a_warning():
    r = article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n\n| Province | Deputies |\n| Hebei | 120 |\n")
    assert not r.resolutions and "not a vote table" in r.warnings[0].message


def test_people_are_not_doctrines_or_fragments():
    text = ("take Deng Xiaoping Theory and Xi Jinping Thought as guides; Premier Li said; Xi Jin Ping met "
            "Chen Sixi; the Shenzhou-10 spacecraft")
    assert find_people(text) == ["Xi Jinping", "Chen Sixi"]
    assert person_name("Great Hall") is None and person_name("Wang Xiao") == "Wang Xiao"


def test_indicators_are_read_with_magnitude():
    figures = records_of("npc-12-2").indicators
    gdp = figures[0]
    assert (gdp.value, gdp.scale, gdp.unit, gdp.magnitude) == (
        Decimal("56.9"), "trillion", "CNY", Decimal("56900000000000.0"))


def test_term_start_without_year():
    r = article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n- Pz: Hu Jintao\n- Pzterm: 15 March\n"
                "- Pze: Xi Jinping\n- Pzeterm: 14 March\n\nText.\n")
    starts = {t.person: t.start for t in r.tenures}
    assert starts == {"Hu Jintao": None, "Xi Jinping": dt.date(2010, 3, 14)}
    assert "has no year" in r.warnings[0].message and r.warnings[0].span.line == 7
    with pytest.raises(InputError, match="no such date"):
        article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n- Pz: Hu Jintao\n- Pzterm: 30 February\n\nX.\n")


def test_reelected_holder_is_incumbent_and_elected():
    r = article("= First session of the 13th National People's Congress =\n\nInfobox\n- Year: 2018\n"
                "- Session: 1st | # = 13th\n- Pm: Li Keqiang\n- Pmterm: 15 March 2013\n- Pme: Li Keqiang\n"
                "- Pmeterm: 18 March 2018\n\nPremier Li Keqiang delivered the report.\n")
    assert {(t.person, t.office, t.role, t.start) for t in r.tenures} == {
        ("Li Keqiang", "premier", Role.INCUMBENT, dt.date(2013, 3, 15)),
        ("Li Keqiang", "premier", Role.ELECTED, dt.date(2018, 3, 18))}


def test_vote_of_n_to_m_in_prose():
    r = article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n\n"
                "The Foreign Trade Law was passed by a vote of 2,799 to 64, with 20 abstentions.\n")
    (resolution,) = r.resolutions
    assert (resolution.vote.yes, resolution.vote.no, resolution.vote.abstain) == (2799, 64, 20)
    assert resolution.topic == "Foreign Trade Law"


def test_reports_named_the_other_way_round():
    r = article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n\n| Resolution | Yes | No | Abstentions |\n"
                "| Report on the work of the Standing Committee | 2,641 | 186 | 86 |\n"
                "| Work report of the Supreme People's Court | 2,289 | 479 | 146 |\n")
    assert [x.report for x in r.resolutions] == ["npcsc-work-report", "spc-work-report"]
    assert [(x.vote.yes, x.vote.no, x.vote.abstain) for x in r.resolutions] == [(2641, 186, 86), (2289, 479, 146)]


def test_a_figure_set_for_the_year_is_a_target():
    r = article(HEAD + "- Year: 2010\n- Session: 3rd | # = 11th\n\nThe fiscal deficit was set at 1.05 trillion "
                "yuan. In 2009 GDP grew by 8.7 percent.\n")
    assert [(i.kind.value, i.unit) for i in r.indicators] == [("target", "CNY"), ("achievement", "percent")]
