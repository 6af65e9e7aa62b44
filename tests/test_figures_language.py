"""extract.indicators reads figures the way work reports write them: a figure's kind from its
clause's tense and modality (unknown, with a warning, when it says neither), a figure before its
noun, in a passive future, as a range, in a comparison, with a bound after it, for a period of
several years; labels that name what is measured; and any line in linear time."""

from __future__ import annotations

import csv
import functools
import io
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from npc_kg.extract.indicators import extract_indicators, figure_warnings
from npc_kg.extract.lists import ACHIEVEMENTS, GUIDELINES, TARGETS, list_kind
from npc_kg.model import Indicator, IndicatorKind
from npc_kg.rdf.namespaces import NPC, RDF
from npc_kg.parse import parse_text
from npc_kg.pipeline import build_graph
from npc_kg.validate import validate_graph

from helpers import CORPUS, run_cli

ACHIEVEMENT, TARGET, UNKNOWN = IndicatorKind.ACHIEVEMENT, IndicatorKind.TARGET, IndicatorKind.UNKNOWN


def prose(text: str, session_year: int = 2018) -> list[Indicator]:
    return extract_indicators(parse_text(f"= Test =\n\n{text}\n", "test.txt").blocks, session_year)


def read(text: str, session_year: int = 2018) -> list[tuple]:
    """(kind, measure, value, value_high, unit, qualifier, year) of each figure."""
    return [(i.kind, i.measure, i.value, i.value_high, i.unit, i.qualifier, i.year) for i in prose(text, session_year)]


# --------------------------------------------------------------------------- kind from the clause


@pytest.mark.parametrize("sentence", [
    "GDP is expected to grow by around 6 percent this year.",
    "The deficit-to-GDP ratio is projected at 3 percent.",
    "China aims to keep the surveyed urban unemployment rate at around 5.5 percent.",
    "The government plans to raise defense spending by 7.2 percent.",
    "Li said GDP growth would be around 6.5 percent.",
    "CPI increase will be kept at around 3 percent.",
    "Fiscal spending was set at 23.5 trillion yuan.",
    "The report called for a 6 percent rise in industrial output.",
    "Premier Wen announced a GDP growth goal of 8 percent.",
    "The government is targeting a fiscal deficit of 2.8 percent of GDP.",
])
def test_the_future_or_an_intention_makes_a_target(sentence):
    found = prose(sentence)
    assert [(i.kind, i.year) for i in found] == [(TARGET, 2018)], found


@pytest.mark.parametrize("sentence", [
    "Grain output reached 650 million tonnes.",
    "GDP grew by 6.9 percent.",
    "Consumer prices rose 2.1 percent.",
    "Fiscal revenue has reached 17.3 trillion yuan.",
    "The registered urban unemployment rate was 3.9 percent.",
    "Industrial output saw a 6 percent rise last year.",
    "Li said the economy had expanded by 6.9 percent.",
])
def test_the_past_or_perfect_makes_an_achievement(sentence):
    found = prose(sentence)
    assert [(i.kind, i.year) for i in found] == [(ACHIEVEMENT, 2017)], found


@pytest.mark.parametrize("sentence, measure", [
    ("GDP growth stands at 6.5 percent.", "GDP growth"),
    ("The budget deficit is 3 percent of GDP.", "budget deficit share of GDP"),
    ("The surveyed urban unemployment rate of 5.1 percent.", "surveyed urban unemployment rate"),
])
def test_a_clause_that_says_neither_gives_a_figure_of_unknown_kind_with_a_warning(sentence, measure):
    found = prose(sentence)
    assert [(i.kind, i.measure, i.year) for i in found] == [(UNKNOWN, measure, None)]
    warning, = figure_warnings(found)
    assert str(warning).startswith("test.txt:3: warning: figure of unknown kind: " + measure)


def test_an_adjective_in_ed_is_no_past_tense():
    """"registered" and "surveyed" name the rate; they do not report it."""
    assert [i.kind for i in prose("The registered urban unemployment rate of 4 percent.")] == [UNKNOWN]


def test_a_clause_of_its_own_decides_each_figure():
    assert read("Li Keqiang said the economy had expanded by 6.9 percent in 2017 and would grow by around "
                "6.5 percent in 2018.") == [
        (ACHIEVEMENT, "economy growth", Decimal("6.9"), None, "percent", None, 2017),
        (TARGET, "economy growth", Decimal("6.5"), None, "percent", "around", 2018)]


def test_a_five_year_plan_is_a_name_and_its_period_several_years():
    found = prose("In the 12th Five-Year Plan period, the economy grew at an average annual rate of 7.8 percent, "
                  "and 64 million urban jobs were created.")
    assert [(i.kind, i.measure, i.year) for i in found] == [
        (ACHIEVEMENT, "economy, average annual growth", None), (ACHIEVEMENT, "urban jobs created", None)]


def test_a_year_named_after_the_figure_is_its_year():
    found = prose("GDP grew 6.9 percent, compared with 6.7 percent in 2016.")
    assert [(i.kind, i.measure, i.year) for i in found] == [(ACHIEVEMENT, "GDP growth", 2017),
                                                             (ACHIEVEMENT, "GDP growth", 2016)]


# --------------------------------------------------------------------------- ways of writing a figure


def test_a_figure_before_its_noun():
    assert read("The report called for a 6 percent rise in industrial output.") == [
        (TARGET, "industrial output growth", Decimal(6), None, "percent", None, 2018)]
    assert read("Coal consumption saw a 2 percent drop last year.") == [
        (ACHIEVEMENT, "reduction in coal consumption", Decimal(2), None, "percent", None, 2017)]


def test_a_change_before_its_noun_in_a_passive():
    assert read("A 7.5 percent increase in defense spending was announced.") == [
        (TARGET, "defense spending growth", Decimal("7.5"), None, "percent", None, 2018)]


def test_an_amount_of_what_it_buys():
    found = prose("The central government will issue 1 trillion yuan of ultra-long special treasury bonds.")
    assert [(i.kind, i.measure, i.unit) for i in found] == [(TARGET, "ultra-long special treasury bonds", "CNY")]
    assert [i.measure for i in prose("The deficit will be 3 percent of GDP.")] == ["deficit share of GDP"]


def test_a_change_in_apposition_counted_year_on_year():
    assert [i.measure for i in prose("Retail sales reached 47 trillion yuan, a year-on-year increase of 7.2 "
                                     "percent.")] == ["retail sales", "retail sales growth"]


def test_a_passive_future():
    found = prose("5 million rundown urban homes will be rebuilt.")
    assert [(i.kind, i.measure, i.magnitude, i.unit) for i in found] == [
        (TARGET, "rundown urban homes rebuilt", Decimal(5) * 10 ** 6, "homes")]


@pytest.mark.parametrize("sentence", [
    "Defense spending will grow by 3 to 5 percent.",
    "Defense spending will grow by 3-5%.",
    "Defense spending will grow by between 3 and 5 per cent.",
])
def test_ranges(sentence):
    assert read(sentence) == [(TARGET, "defense spending growth", Decimal(3), Decimal(5), "percent", None, 2018)]


def test_a_comparison_measures_what_the_figure_before_measures():
    found = prose("Economic growth slowed to 7 percent, below the 9 percent of earlier years.")
    assert [(i.kind, i.measure, i.value, i.qualifier, i.year) for i in found] == [
        (ACHIEVEMENT, "economic growth", Decimal(7), None, None),
        (ACHIEVEMENT, "economic growth", Decimal(9), None, None)]  # several years: none of them alone


@pytest.mark.parametrize("sentence, qualifier", [
    ("The government aims to keep the unemployment rate at 5.5 percent or less.", "not above"),
    ("Spending on research will rise by 10 percent or more.", "at least"),
    ("The unemployment rate will be kept at 5.5 percent or lower.", "not above"),
])
def test_a_bound_after_the_number(sentence, qualifier):
    assert [(i.kind, i.qualifier) for i in prose(sentence)] == [(TARGET, qualifier)]


def test_a_period_of_several_years():
    found = prose("Energy consumption per unit of GDP will be cut by 3 percent each year until 2020.")
    assert [(i.kind, i.measure, i.year) for i in found] == [
        (TARGET, "annual reduction in energy consumption per unit of GDP", None)]
    assert [i.year for i in prose("Energy consumption per unit of GDP will be cut by 3 percent.")] == [2018]


def test_a_change_from_a_past_year_to_a_coming_one():
    """The start of a "from X to Y" change with a past year is what was reached; its end a target."""
    found = prose("Li also set targets for reducing the State Council's budget deficit from 3.6% of GDP in 2020 "
                  "to around 3.2% of GDP in 2021 and announced plans to lower the quota on special bonds.", 2021)
    assert [(i.kind, i.measure, i.value, i.qualifier, i.year) for i in found] == [
        (ACHIEVEMENT, "budget deficit share of GDP", Decimal("3.6"), None, 2020),
        (TARGET, "budget deficit share of GDP", Decimal("3.2"), "around", 2021)]


def test_the_bundled_npc_13_4():
    doc = parse_text((CORPUS / "npc-13-4.txt").read_text(encoding="utf-8"), "npc-13-4.txt")
    assert [(i.kind, i.measure, i.value, i.unit, i.qualifier, i.year) for i in extract_indicators(doc.blocks, 2021)] \
        == [(TARGET, "GDP growth", Decimal(6), "percent", None, 2021),
            (ACHIEVEMENT, "budget deficit share of GDP", Decimal("3.6"), "percent", None, 2020),
            (TARGET, "budget deficit share of GDP", Decimal("3.2"), "percent", "around", 2021)]


@pytest.mark.parametrize("sentence, expected", [
    ("The government set a target of 8 percent growth for 2005.", [(TARGET, "growth", 2005)]),
    ("Wen Jiabao said that China would aim for 8% growth in 2009.", [(TARGET, "growth", 2009)]),
    ("The urban unemployment rate is to be controlled within 4.6 percent.",
     [(TARGET, "urban unemployment rate", 2010)]),
    ("China aims to cut carbon emissions per unit of GDP by 40 to 45 percent by 2020.",
     [(TARGET, "reduction in carbon emissions per unit of GDP", 2020)]),
    ("The central government's budget deficit for 2010 will be 1.05 trillion yuan, 2.8 percent of GDP.",
     [(TARGET, "budget deficit", 2010), (TARGET, "budget deficit share of GDP", 2010)]),
    ("Spending on education will increase 8.1 percent, to 1.2 trillion yuan.",
     [(TARGET, "spending on education growth", 2010), (TARGET, "spending on education", 2010)]),
    ("China's foreign exchange reserves stood at 2.4 trillion US dollars at the end of 2009.",
     [(ACHIEVEMENT, "foreign exchange reserves", 2009)]),
])
def test_sentences_of_earlier_sessions(sentence, expected):
    assert [(i.kind, i.measure, i.year) for i in prose(sentence, 2010)] == expected


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("sentence, measure", [
    ("Li said GDP growth of 6.5 percent was achieved.", "GDP growth"),
    ("The report set the growth target at around 6.5 percent.", "growth"),
    ("Premier Li Keqiang said that GDP grew by 6.6 percent.", "GDP growth"),
    ("Premier Wen Jiabao announced that the GDP growth target would be 8 percent.", "GDP growth"),
    ('The government set a GDP growth target of "around 5 percent".', "GDP growth"),
    ("The target for GDP growth is around 5%.", "GDP growth"),
    ("The State Council's budget deficit was 2.6 percent of GDP.", "budget deficit share of GDP"),
    ("The per capita disposable income of rural residents rose by 8.8 percent.",
     "per capita disposable income of rural residents growth"),
])
def test_a_label_names_what_is_measured(sentence, measure):
    assert [i.measure for i in prose(sentence)] == [measure]


@pytest.mark.parametrize("sentence", [
    "An increase of 5 percent was recorded.",
    "It rose by 5 percent.",
])
def test_a_figure_that_names_no_measure_gives_no_label_fragment(sentence):
    assert prose(sentence) == []


# --------------------------------------------------------------------------- the whole build


def test_a_figure_of_unknown_kind_is_an_economic_figure_of_neither_class_and_conforms(tmp_path):
    text = (CORPUS / "npc-13-2.txt").read_text(encoding="utf-8")
    article = tmp_path / "npc-13-2.txt"
    article.write_text(text.rstrip("\n") + "\n\nThe surveyed urban unemployment rate is 5.1 percent.\n",
                       encoding="utf-8")
    line = len(text.rstrip("\n").split("\n")) + 2
    graph = build_graph([article]).mapped.union()
    unknown = [s for s in graph.subjects(RDF.type, NPC.EconomicFigure)
               if (s, RDF.type, NPC.Achievement) not in graph and (s, RDF.type, NPC.Target) not in graph]
    assert len(unknown) == 1 and isinstance(unknown[0], URIRef)
    for engine in ("fast", "pyshacl"):
        report = validate_graph(graph, engine=engine)
        assert report.conforms and report.violations == 0, (engine, report.text())

    out = tmp_path / "out"
    built = run_cli("build", str(article), "--out", str(out))
    assert built.returncode == 0, built.stderr
    assert f"npc-13-2.txt:{line}: warning: figure of unknown kind: surveyed urban unemployment rate" in \
        (out / "report.txt").read_text(encoding="utf-8")
    queried = run_cli("query", "indicators", "--data", str(out), "--format", "csv")
    assert queried.returncode == 0, queried.stderr
    kinds = {row["label"]: row["kind"] for row in csv.DictReader(io.StringIO(queried.stdout))}
    assert kinds == {"GDP growth": "target", "defense budget spending increase": "target",
                     "surveyed urban unemployment rate": ""}


def test_both_a_target_and_an_achievement_is_still_a_violation():
    graph = build_graph([CORPUS / "npc-13-2.txt"]).mapped.union()
    target = next(graph.subjects(RDF.type, NPC.Target))
    graph.add((target, RDF.type, NPC.Achievement))
    for engine in ("fast", "pyshacl"):
        report = validate_graph(graph, engine=engine)
        assert any(f.shape == "shapes:EconomicFigure" and f.severity == "violation" for f in report.findings), engine


# --------------------------------------------------------------------------- linear time

MEGABYTE = 1_000_000


@functools.cache
def long_lines() -> dict[str, str]:
    """Lines of a million characters in several shapes."""
    def fill(unit: str) -> str:
        return (unit * (MEGABYTE // len(unit) + 1))[:MEGABYTE]

    return {
        "a figure repeated": fill("5 percent "),
        "bare numbers": ", ".join(str(n) for n in range(MEGABYTE // 6))[:MEGABYTE],
        "long words": fill("x" * 9999 + " "),
        "prose": fill("GDP grew by 6.9 percent, above the target of around 6.5 percent, while the deficit is "
                      "expected to be 3 percent of GDP and 13 million urban jobs were created; "),
    }


@pytest.mark.parametrize("shape", list(long_lines()))
def test_a_line_of_a_megabyte_is_read_in_linear_time(shape):
    """A generous bound: bench/long_lines.py --stages measures a few seconds per megabyte, in proportion to
    length; before, a 10 KB line took 82 s."""
    blocks = parse_text(f"= Test =\n\n{long_lines()[shape]}\n", "long.txt").blocks
    start = time.perf_counter()
    found = extract_indicators(blocks, 2018)
    took = time.perf_counter() - start
    assert took < 10, f"{took:.1f} s for a line of {MEGABYTE:,} characters"
    if shape == "prose":  # every one of its sentences' four figures is read
        assert len(found) == 4 * long_lines()[shape].count(";")


def test_a_figure_far_from_the_one_before_is_read_from_its_own_words():
    filler = "as the economy continued its steady transformation towards services " * 6
    found = prose(f"GDP grew by 6.9 percent {filler}and grain output reached 650 million tonnes.")
    assert [(i.kind, i.measure) for i in found] == [(ACHIEVEMENT, "GDP growth"), (ACHIEVEMENT, "grain output")]


def test_a_long_line_still_reads_its_figures():
    """Reading a bounded window before each figure loses nothing a sentence says near it."""
    sentence = "GDP grew by 6.9 percent. " * 2000 + "Grain output will reach 700 million tonnes."
    found = prose(sentence)
    assert len(found) == 2001 and found[-1].kind is TARGET and found[-1].measure == "grain output"



# --------------------------------------------------------------------------- bullet lists


@pytest.mark.parametrize("intro, kind", [
    ("In 2017, China achieved the following:", ACHIEVEMENTS),
    ("Results of the previous year included:", ACHIEVEMENTS),
    ("The main objectives for 2019 are:", TARGETS),
    ("The government plans for the coming year:", TARGETS),
    ("The requirements for the government's work for the coming year were:", GUIDELINES),
    ("The agenda for this year's NPC consisted of:", None),
])
def test_a_list_intro_says_what_its_bullets_are(intro, kind):
    assert list_kind(intro) == kind


def test_terse_bullets_take_their_kind_from_the_intro():
    text = ("= Test =\n\nIn 2017, China achieved the following:\n\n- GDP growth of 6.9%\n\n"
            "The main objectives for 2018 are:\n\n- GDP growth of around 6.5%\n")
    found = extract_indicators(parse_text(text, "test.txt").blocks, 2018)
    assert [(i.kind, i.measure, i.year) for i in found] == [(ACHIEVEMENT, "GDP growth", 2017),
                                                             (TARGET, "GDP growth", 2018)]


# --------------------------------------------------------------------------- any clause

WORDS = ("GDP", "growth", "the", "budget", "deficit", "will", "grew", "was", "of", "by", "to", "from", "in", "2020",
         "5", "6.5", "percent", "%", "trillion", "yuan", "million", "jobs", "said", "Li", "target", "around",
         "or", "less", "more", "a", "rise", "increase", "each", "year", "until", ",", "and", "is", "expected",
         "below", "earlier", "years", "(GDP)", "China's", "with", "revenue")
FUNCTION_WORDS = {"the", "of", "by", "to", "from", "in", "a", "or", "and", "with", "is", "was", "will", "said"}


@given(st.lists(st.sampled_from(WORDS), max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_clause_gives_labels_that_name_a_measure(words):
    """Whatever the words, reading never fails, and a label never opens or closes on a function word
    nor holds a verb of its clause."""
    for indicator in prose(" ".join(words) + "."):
        label = indicator.measure.lower().split()
        assert label and label[0] not in FUNCTION_WORDS and label[-1] not in FUNCTION_WORDS, indicator.measure
        assert not {"said", "will", "is", "was"} & set(label), indicator.measure
        assert indicator.kind in (ACHIEVEMENT, TARGET, UNKNOWN)
