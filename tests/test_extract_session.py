"""extract.session: a missing or odd field is a warning, never a lost article; the year is inferred
from whatever the article gives, each inference named with its rule and line; venue and city from
any lead sentence that says where; officeholders' roles. Sentences are our own, in the family's style."""

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from npc_kg import catalogue
from npc_kg.errors import InputError
from npc_kg.extract import extract_document
from npc_kg.extract.session import extract_session
from npc_kg.model import Role
from npc_kg.parse import parse_text

from helpers import ARTICLES, expected


def article(text, name="t.txt"):
    return extract_document(parse_text(text, name), name[:-4])


def infobox(*lines, title="Fourth session of the 12th National People's Congress", lead="The session met."):
    return f"= {title} =\n\nInfobox\n" + "".join(f"- {line}\n" for line in lines) + f"\n{lead}\n"


def messages(records):
    return [(w.span.line, w.message) for w in records.warnings]


# --------------------------------------------------------------------------- the table of terms


def test_terms_table_gives_the_year_of_any_session_and_back():
    assert catalogue.session_year(12, 4) == 2016 and catalogue.session_year(14, 1) == 2023
    assert catalogue.session_year(1, 1) == 1954 and catalogue.session_year(5, 1) == 1978
    assert catalogue.session_year(2, 3) == 1962  # the second NPC did not meet in 1961
    assert catalogue.session_year(3, 2) is None and catalogue.session_year(15, 1) is None
    assert catalogue.session_of_year(2016) == (12, 4) and catalogue.session_of_year(1961) is None
    for term in catalogue.CONGRESS_TERMS:
        for ordinal, year in enumerate(term.session_years(), start=1):
            assert catalogue.session_of_year(year) == (term.number, ordinal)


# --------------------------------------------------------------------------- the year


@pytest.mark.parametrize("lines, lead, title, year, rule, line", [
    (["Session: 4th | # = 12th | term-begin = 5 March 2016"], "The session met.", None, 2016,
     "the session date '5 March 2016'", 4),
    ([], "The session met.", "2016 National People's Congress", 2016, "the title", 1),
    ([], "The 2016 session of the National People's Congress met.", None, 2016, "the lead", 5),
    ([], "The fourth session of the 12th National People's Congress was held in March 2016 in Beijing.", None, 2016,
     "the lead", 5),
    ([], "The congress was held from 5 March to 16 March 2016, as every year.", None, 2016, "the lead", 5),
    (["Lastyear: 2015"], "The session met.", None, 2016, "Lastyear (2015) + 1", 4),
    (["Nextyear: 2017"], "The session met.", None, 2016, "Nextyear (2017) - 1", 4),
    ([], "The session met.", None, 2016, "the table of congress terms (4th session of the 12th NPC)", 1),
])
def test_the_year_is_inferred_and_the_rule_named(lines, lead, title, year, rule, line):
    r = article(infobox(*lines, lead=lead, **({"title": title} if title else {})))
    assert r.session.year == year
    (inferred,) = [(n, m) for n, m in messages(r) if m.startswith(f"year {year} inferred from")]
    assert rule in inferred[1] and inferred[0] == line


def test_a_year_from_the_title_alone_identifies_the_session_through_the_terms():
    r = article(infobox(title="2016 National People's Congress"))
    assert (r.session.congress, r.session.ordinal, r.session.year) == (12, 4, 2016)
    assert any("4th session of the 12th NPC inferred from the year 2016" in m for _, m in messages(r))


def test_the_lead_says_which_session_when_the_title_does_not():
    r = article(infobox("Year: 2021", title="2021 National People's Congress",
                        lead="The fourth session of the 13th National People's Congress opened in Beijing."))
    assert (r.session.congress, r.session.ordinal) == (13, 4)


def test_sources_that_disagree_are_reported():
    r = article(infobox("Year: 2016", "Lastyear: 2014", "Session: 4th | # = 12th"))
    assert r.session.year == 2016
    assert (5, "year 2015 from Lastyear (2014) + 1 disagrees with 2016 from the infobox Year") in messages(r)
    assert not [m for _, m in messages(r) if "table of congress terms" in m]  # 2016 is what the table says too


def test_an_infobox_year_agrees_with_everything_and_warns_nothing():
    r = article(infobox("Year: 2016", "Session: 4th | # = 12th | term-begin = 5 March", "Lastyear: 2015",
                        "Nextyear: 2017", lead="The session was held in March 2016 in Beijing."))
    assert r.session.year == 2016 and not r.warnings


@pytest.mark.parametrize("line", ["Year: twenty sixteen", "Lastyear: last year", "Nextyear: ?",
                                  "Session: fourthish | # = 12th"])
def test_an_odd_optional_value_is_a_warning_with_its_line(line):
    r = article(infobox(line))
    assert (r.session.congress, r.session.ordinal, r.session.year) == (12, 4, 2016)
    assert any(n == 4 and "ignored" in m for n, m in messages(r))


def test_a_session_that_cannot_be_identified_stops_the_article_with_a_clear_message():
    with pytest.raises(InputError, match="cannot tell which session") as caught:
        article(infobox(title="The annual meeting"))
    assert caught.value.line == 1


def test_an_article_with_no_infobox_at_all_still_builds():
    r = article("= Third session of the 11th National People's Congress =\n\nThe third session of the 11th "
                "National People's Congress was held in Beijing, China. It opened on 5 March 2010 and closed on "
                "14 March.\n")
    s = r.session
    assert (s.congress, s.ordinal, s.year, s.start, s.end) == (11, 3, 2010, dt.date(2010, 3, 5), dt.date(2010, 3, 14))
    assert (s.venue, s.city, s.status, s.name_zh) == (None, "Beijing", None, None)
    assert not r.tenures


def test_an_impossible_date_in_the_infobox_is_still_an_error():
    with pytest.raises(InputError, match="no such date") as caught:
        article(infobox("Session: 4th | # = 12th | term-begin = 30 February"))
    assert caught.value.line == 4


def test_an_impossible_date_in_the_lead_is_a_warning():
    r = article(infobox("Year: 2016", lead="The session opened on 30 February and closed on 16 March."))
    assert (r.session.start, r.session.end) == (None, dt.date(2016, 3, 16))
    assert any("no such date" in m for _, m in messages(r))


def test_dates_from_a_range_in_the_lead():
    r = article(infobox("Year: 2021", title="Fourth session of the 13th National People's Congress",
                        lead="It was held from 5 March to 11 March 2021, as part of the Two Sessions."))
    assert (r.session.start, r.session.end) == (dt.date(2021, 3, 5), dt.date(2021, 3, 11))


# --------------------------------------------------------------------------- venue and city


@pytest.mark.parametrize("lead, venue, city", [
    ("The session was held in March 2016 at the Great Hall of the People in Beijing, China.",
     "Great Hall of the People", "Beijing"),
    ("The session was held from 5 March to 16 March 2016. The 12th National People's Congress was held at the "
     "Great Hall of the People in Beijing.", "Great Hall of the People", "Beijing"),
    ("The session was held in Beijing, China, in March 2016.", None, "Beijing"),
    ("Nearly 3,000 deputies met in Beijing for the session.", None, "Beijing"),
    ("The session was held in March 2016 under tight security.", None, None),
    ("The session took place in China in March.", None, None),
    ("The special session was held at the Convention Centre in Hong Kong.", "Convention Centre", "Hong Kong"),
])
def test_venue_and_city_from_any_sentence_of_the_lead(lead, venue, city):
    s = article(infobox("Year: 2016", lead=lead)).session
    assert (s.venue, s.city) == (venue, city)


def test_a_place_after_the_lead_is_not_the_venue():
    text = infobox("Year: 2016") + "\n== Background ==\nDelegates met at the Diaoyutai State Guesthouse in Beijing.\n"
    s = article(text).session
    assert (s.venue, s.city) == (None, None)


# --------------------------------------------------------------------------- officeholders


def test_missing_officeholder_keys_images_and_terms_are_simply_absent():
    r = article(infobox("Year: 2016", "Pz: Xi Jinping", "Pmimage: 105px", "Chterm: 14 March 2013", "Pm: Li Keqiang"))
    assert {(t.person, t.office, t.start) for t in r.tenures} == {("Xi Jinping", "president", None),
                                                                  ("Li Keqiang", "premier", None)}
    assert [m for _, m in messages(r)] == ["term 'Chterm' without a holder"]


def test_outgoing_elected_and_reelected_roles():
    r = article(infobox("Year: 2023", "Pz: Xi Jinping", "Pzterm: 14 March 2013", "Pm: Li Keqiang",
                        "Pmterm: 15 March 2013", "Pze: Xi Jinping", "Pzeterm: 10 March", "Pme: Li Qiang",
                        "Pmeterm: 11 March", title="First session of the 14th National People's Congress"))
    assert {(t.person, t.office, t.role) for t in r.tenures} == {
        ("Xi Jinping", "president", Role.INCUMBENT), ("Xi Jinping", "president", Role.ELECTED),
        ("Li Keqiang", "premier", Role.OUTGOING), ("Li Qiang", "premier", Role.ELECTED)}


# --------------------------------------------------------------------------- property: any infobox gap

ARTICLE_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in ARTICLES}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stem=st.sampled_from(sorted(ARTICLE_TEXTS)), data=st.data())
def test_dropping_or_reordering_infobox_lines_never_loses_the_article(stem, data):
    lines = ARTICLE_TEXTS[stem].split("\n")
    start = lines.index("Infobox") + 1
    end = lines.index("", start)
    box = lines[start:end]
    kept = data.draw(st.lists(st.sampled_from(box), unique=True, max_size=len(box)).map(
        lambda chosen: [line for line in box if line in chosen]))
    kept = data.draw(st.permutations(kept))
    r = article("\n".join(lines[:start] + list(kept) + lines[end:]), f"{stem}.txt")
    want = expected(stem)
    s = r.session
    assert (s.congress, s.ordinal, s.year) == (want["session"]["congress"], want["session"]["ordinal"],
                                               want["session"]["year"])
    assert (s.venue, s.city) == (want["session"]["venue"], want["session"]["city"])
    tenures = {(t.person, t.office, t.role.value): t.start for t in r.tenures}
    for holder in want["officeholders"]:
        key = holder["infobox_key"]
        if f"- {key}: {holder['person']}" in kept and any(line.startswith(f"- {key}term:") for line in kept):
            starts = {start for (person, off, _), start in tenures.items()
                      if person == holder["person"] and off == catalogue.find_office(holder["office"])}
            assert dt.date.fromisoformat(holder["term_start"]) in starts


def test_a_megabyte_lead_is_read_in_linear_time():
    started = time.perf_counter()
    for lead in ("The session was held at the Great Hall " * 30_000, "It was held in " * 70_000,
                 "It opened on 5 " * 70_000, "It was held from 5 March to " * 40_000,
                 "Fourth session of the " * 50_000, "It met in March " * 70_000 + "2016."):
        assert len(lead) > 900_000
        session, _, _ = extract_session(parse_text(infobox(lead=lead), "t.txt"))
        assert session.year == 2016
    assert time.perf_counter() - started < 60  # generous: quadratic work on these lines takes hours
