"""Measures: the scheme of ontology/measures.ttl, how a figure's label and unit name its concept
(several wordings per measure, a unit that disagrees leaves it unclassified with a warning), ranges
and qualifiers kept, and the `targets` query pairing a year's targets with the outcomes a later
article reports, with the warning shape for two different outcomes checked by both SHACL engines."""

from __future__ import annotations

import csv
import io
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from npc_kg.extract import extract_document
from npc_kg.extract.indicators import extract_indicators, figure_warnings
from npc_kg.map import map_corpus
from npc_kg.measures import classify, load_scheme, scheme, wording
from npc_kg.parse import parse_text
from npc_kg.pipeline import extract_articles
from npc_kg.rdf.namespaces import MEASURE, NPC, RDF, SCHEMA, SKOS
from npc_kg.resources import corpus_files, measures_file

from helpers import run_cli
from test_shacl_engine import assert_engines_agree
from test_validate import M, shapes  # noqa: F401 (fixture)

# --------------------------------------------------------------------------- the scheme


def test_every_concept_has_labels_a_definition_its_scheme_and_a_unit():
    graph = Graph().parse(measures_file(), format="turtle")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == len(scheme().measures) >= 30
    for concept in concepts:
        assert str(concept).startswith(str(MEASURE)), concept
        assert (concept, SKOS.inScheme, MEASURE.scheme) in graph
        assert len(list(graph.objects(concept, SKOS.prefLabel))) == 1, concept
        assert graph.value(concept, SKOS.definition) is not None, concept
        assert set(map(str, graph.objects(concept, NPC.unit))) <= {"percent", "CNY", "USD", "jobs", "people", "tonnes"}
        assert graph.value(concept, NPC.unit) is not None, concept
    codes = {str(c): str(graph.value(c, SKOS.notation)) for c in concepts if graph.value(c, SKOS.notation)}
    assert codes[str(MEASURE["gdp-growth"])] == "NY.GDP.MKTP.KD.ZG"
    assert codes[str(MEASURE["cpi-rise"])] == "FP.CPI.TOTL.ZG"
    assert all(graph.value(URIRef(c), SKOS.notation).datatype == NPC.WorldBankIndicatorCode for c in codes)


def test_the_new_terms_are_declared_in_the_ontology():
    ontology = Graph().parse(Path(measures_file()).with_name("npc.ttl"), format="turtle")
    for term in (NPC.measure, NPC.unit, NPC.WorldBankIndicatorCode):
        assert ontology.value(term, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")) is not None, term


def test_a_scheme_where_two_measures_share_a_wording_in_a_unit_is_refused():
    data = measures_file().read_bytes() + b"""
measure:gdp-again a skos:Concept ; skos:inScheme measure:scheme ; skos:prefLabel "Gross domestic product"@en ;
    npc:unit "CNY" ."""
    with pytest.raises(ValueError, match="gdp-again"):
        load_scheme(data)


# --------------------------------------------------------------------------- classification


@pytest.mark.parametrize("key, unit, labels", [
    ("gdp", "CNY", ["GDP", "gross domestic product", "GDP at start of period", "China's GDP", "the GDP"]),
    ("gdp-growth", "percent", ["GDP growth", "gross domestic product growth", "economic growth", "economy growth",
                               "growth", "GDP increase", "GDP growth rate", "economy, average annual growth",
                               "growth of gross domestic product", "real GDP growth"]),
    ("cpi-rise", "percent", ["CPI rise", "CPI increase", "rise in the CPI", "consumer prices growth",
                             "consumer price index rise", "inflation", "CPI"]),
    ("new-urban-jobs", "jobs", ["new urban jobs", "urban jobs created", "urban jobs added", "urban jobs",
                                "new jobs in urban areas"]),
    ("registered-urban-unemployment-rate", "percent", ["registered urban unemployment rate",
                                                       "registered unemployment rate"]),
    ("surveyed-urban-unemployment-rate", "percent", ["surveyed urban unemployment rate",
                                                     "the surveyed unemployment rate"]),
    ("defence-budget-growth", "percent", ["defense budget spending increase", "defence budget growth",
                                          "defense spending growth", "military spending increase",
                                          "defense expenditure rise"]),
    ("fiscal-deficit-share-of-gdp", "percent", ["budget deficit share of GDP", "deficit-to-GDP ratio",
                                                "deficit share of GDP", "fiscal deficit", "deficit ratio"]),
    ("fiscal-deficit", "CNY", ["fiscal deficit", "budget deficit", "deficit"]),
    ("per-capita-disposable-income-urban-growth", "percent", [
        "per capita disposable income of urban residents, annual average growth",
        "per capita disposable income of urban residents, real growth", "urban per capita disposable income growth"]),
    ("people-lifted-out-of-poverty", "people", ["reduction in rural people living in poverty",
                                                "people lifted out of poverty", "poverty reduction"]),
    ("grain-output", "tonnes", ["grain output", "grain production", "total grain output"]),
    ("total-imports-and-exports", "USD", ["total imports and exports", "imports and exports", "foreign trade"]),
    ("government-revenue", "CNY", ["government revenue", "fiscal revenue", "government revenue at end of period"]),
    ("government-revenue-growth", "percent", ["government revenue growth", "fiscal revenue increase"]),
    ("energy-use-per-unit-of-gdp-reduction", "percent", [
        "annual reduction in energy consumption per unit of GDP", "reduction in energy use per unit of GDP",
        "energy intensity reduction"]),
    ("services-share-of-gdp", "percent", ["value-added of the service sector share of GDP",
                                          "service sector share of GDP"]),
])
def test_the_wordings_of_a_measure_name_it(key, unit, labels):
    assert {label: classify(label, unit) for label in labels} == {label: key for label in labels}


def test_wording_folds_grammar_not_meaning():
    assert wording("The gross domestic product growth rate") == wording("GDP growth") == {"gdp", "growth"}
    assert wording("urban jobs created") == wording("new urban jobs")
    assert wording("GDP growth") != wording("GDP")
    assert wording("registered urban unemployment rate") != wording("surveyed urban unemployment rate")


@pytest.mark.parametrize("label, unit", [
    ("GDP growth", "CNY"),  # growth is a percentage
    ("GDP", "jobs"),
    ("new urban jobs", "percent"),
    ("grain output", "CNY"),
    ("spending on education growth", "percent"),  # no such measure in the scheme
    ("GDP", "percentage points"),
])
def test_a_label_in_a_unit_no_concept_has_is_unclassified(label, unit):
    assert classify(label, unit) is None


def prose(text: str, session_year: int = 2018):
    return extract_indicators(parse_text(f"= Test =\n\n{text}\n", "test.txt").blocks, session_year)


def test_an_unclassified_figure_is_kept_with_a_warning_naming_its_label_and_line():
    (figure,) = prose("Spending on education will increase 8.1 percent.")
    assert figure.measure_key is None and figure.value == Decimal("8.1")
    (warning,) = figure_warnings([figure])
    assert str(warning).startswith("test.txt:3: warning: unclassified figure")
    assert "'spending on education growth' in percent" in warning.message
    classified = prose("GDP grew by 6.9 percent.")
    assert classified[0].measure_key == "gdp-growth" and not figure_warnings(classified)


@pytest.mark.parametrize("sentence, label, unit", [
    ("Grain output rose to 650 billion yuan.", "grain output", "CNY"),
    ("Defence budget growth will be 100 billion yuan.", "defence budget growth", "CNY"),
    ("Grain output will reach 5 percent.", "grain output", "percent"),
])
def test_a_measure_in_a_unit_it_is_not_stated_in_is_unclassified_with_a_warning(sentence, label, unit):
    (figure,) = prose(sentence)
    assert (figure.measure, figure.unit, figure.measure_key) == (label, unit, None)
    assert [w.message for w in figure_warnings([figure])] == [
        f"unclassified figure: no measure of ontology/measures.ttl is '{label}' in {unit}"]


def test_targets_are_about_the_session_year_and_achievements_the_year_before():
    records = {r.session.year: r for r in extract_articles(corpus_files())}
    years = {(year, i.kind.value, i.measure_key, i.year) for year, r in records.items() for i in r.indicators}
    assert {(2014, "achievement", "gdp-growth", 2013), (2014, "target", "gdp-growth", 2014),
            (2019, "target", "gdp-growth", 2019), (2021, "target", "gdp-growth", 2021),
            (2021, "achievement", "fiscal-deficit-share-of-gdp", 2020),
            (2021, "target", "fiscal-deficit-share-of-gdp", 2021)} <= years
    assert not [y for y in years if y[1] == "target" and y[3] is not None and y[3] < y[0]]
    assert not [y for y in years if y[1] == "achievement" and y[3] is not None and y[3] >= y[0]]


def test_a_megabyte_line_is_classified_in_linear_time():
    """Size-based, loose bound: a 1 MB label folds in well under a second (a backtracking pattern would not)."""
    label = "gross domestic product " * 45_000
    start = time.perf_counter()
    assert classify(label, "CNY") == "gdp"
    assert time.perf_counter() - start < 5
    line = "GDP grew by 6.9 percent and CPI rose 2.1 percent, " * 20_000
    start = time.perf_counter()
    figures = prose(line.strip().rstrip(",") + ".")
    assert len(figures) == 40_000 and {f.measure_key for f in figures} == {"gdp-growth", "cpi-rise"}
    assert time.perf_counter() - start < 120


def test_at_least_90_percent_of_the_bundled_figures_have_a_measure():
    records = extract_articles(corpus_files())
    figures = [i for r in records for i in r.indicators]
    classified = [i for i in figures if i.measure_key is not None]
    share = len(classified) / len(figures)
    print(f"\nbundled corpus: {len(classified)} of {len(figures)} figures have a measure ({share:.0%})", file=sys.stderr)
    assert len(figures) >= 30 and share >= 0.9


# --------------------------------------------------------------------------- ranges and qualifiers


@pytest.mark.parametrize("sentence, low, high, qualifier", [
    ("The 2019 GDP growth target was lowered to a 6-6.5 per cent range.", "6", "6.5", None),
    ("The GDP growth target is 6 to 6.5%.", "6", "6.5", None),
    ("GDP is expected to grow by between 6 and 6.5 percent.", "6", "6.5", None),
    ("China set a GDP growth target of above 6 percent for 2021.", "6", None, "more than"),
    ("GDP growth will be about 7 percent.", "7", None, "about"),
    ("The CPI rise will be kept at around 3 percent.", "3", None, "around"),
    ("The registered urban unemployment rate will not rise above 4.5 percent.", "4.5", None, "not above"),
    ("At least 11 million new urban jobs will be created.", "11", None, "at least"),
    ("Over 10 million new urban jobs will be created.", "10", None, "more than"),
])
def test_a_target_keeps_its_range_and_qualifier(sentence, low, high, qualifier):
    (figure,) = prose(sentence)
    assert (figure.value, figure.value_high, figure.qualifier) == (
        Decimal(low), Decimal(high) if high else None, qualifier)
    assert figure.measure_key is not None


def test_a_range_maps_to_its_minimum_and_maximum_and_its_measure():
    text = (Path(__file__).resolve().parent.parent / "corpus" / "npc-13-2.txt").read_text(encoding="utf-8")
    records = extract_document(parse_text(text, "npc-13-2.txt"), "npc-13-2")
    graph = map_corpus([records], M).union()
    (figure,) = [f for f in graph.subjects(NPC.measure, MEASURE["gdp-growth"])]
    assert (figure, RDF.type, NPC.Target) in graph
    assert [graph.value(figure, p).toPython() for p in (SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue)] == [
        Decimal("6"), Decimal("6"), Decimal("6.5")]
    assert str(graph.value(figure, NPC.refYear)) == "2019"
    point = next(graph.subjects(NPC.measure, MEASURE["defence-budget-growth"]))
    assert graph.value(point, SCHEMA.minValue) is None and graph.value(point, SCHEMA.maxValue) is None


# --------------------------------------------------------------------------- targets against outcomes

HEADER = """= {title} =

Infobox
- Status: inactive
- Year: {year}
- Session: {ordinal} | # = 12th | term-begin = 5 March | term-end = 13 March
- Pm: Li Keqiang
- Pmterm: 15 March 2013
- Lastyear: {last}
- Nextyear: {next}

The {lower} of the 12th National People's Congress held its annual meeting in March {year} at the Great Hall of the People in Beijing.

== The session ==

=== Government Work Report ===
"""

TARGETS_2014 = HEADER.format(title="Second session of the 12th National People's Congress", year=2014,
                             ordinal="2nd", last=2013, next=2015, lower="second session") + """
The last part of the report consists of targets for the coming year, the main points are:

- increase gross domestic product by about 7.5%
- keep the rise in the consumer price index at around 3.5%
- create over 10 million new urban jobs
- ensure that the registered urban unemployment rate does not rise above 4.6%
- keep the growth of the M2 money supply at 12-13%
- increase total imports and exports by about 7.5%
"""

OUTCOMES_2014 = HEADER.format(title="Third session of the 12th National People's Congress", year=2015,
                              ordinal="3rd", last=2014, next=2016, lower="third session") + """
Below are the key points of the country's achievements in the past year, from Premier Li Keqiang's work report:

- GDP grew by 7.4%. Consumer prices rose 2.0%. The registered urban unemployment rate was 4.1%.
- 13.2 million urban jobs were created. Broad money supply grew by 12.2%.
- Total imports and exports reached 26.4 trillion yuan.
"""

# A later article that reports 2014's GDP growth differently.
REVISED_2014 = HEADER.format(title="Fourth session of the 12th National People's Congress", year=2016,
                             ordinal="4th", last=2015, next=2017, lower="fourth session") + """
Premier Li Keqiang said that GDP grew by 7.3% in 2014.
"""


def write(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def targets(tmp_path: Path, articles: dict[str, str]) -> list[dict[str, str]]:
    corpus = write(tmp_path / "corpus", articles)
    built = run_cli("build", str(corpus), "--out", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    answer = run_cli("query", "targets", "--data", str(tmp_path / "out"), "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    return list(csv.DictReader(io.StringIO(answer.stdout)))


def test_a_years_targets_meet_its_outcomes_from_the_next_session(tmp_path):
    rows = targets(tmp_path, {"npc-12-2.txt": TARGETS_2014, "npc-12-3.txt": OUTCOMES_2014})
    key = {row["measure"].removeprefix(str(MEASURE)): row for row in rows}
    assert all(row["year"] == "2014" for row in rows)
    assert [(k, r["target"], r["target_high"], r["qualifier"], r["outcome"], r["difference"], r["met"])
            for k, r in key.items()] == [
        ("cpi-rise", "3.5", "", "around", "2", "-1.5", ""),
        ("gdp-growth", "7.5", "", "about", "7.4", "-0.1", ""),
        ("m2-growth", "12", "13", "", "12.2", "0.2", "yes"),
        ("new-urban-jobs", "10000000", "", "more than", "13200000", "3200000", "yes"),
        ("registered-urban-unemployment-rate", "4.6", "", "not above", "4.1", "-0.5", "yes"),
    ]  # trade: growth in percent targeted, an amount in yuan reported: no pair
    assert list(rows[0]) == ["measure", "year", "target", "target_high", "qualifier", "outcome", "difference", "met"]


def test_a_missed_bound_and_a_range_missed_above(tmp_path):
    missed = OUTCOMES_2014.replace("was 4.1%", "was 4.7%").replace("grew by 12.2%", "grew by 13.6%")
    rows = targets(tmp_path, {"npc-12-2.txt": TARGETS_2014, "npc-12-3.txt": missed})
    key = {row["measure"].removeprefix(str(MEASURE)): (row["difference"], row["met"]) for row in rows}
    assert key["registered-urban-unemployment-rate"] == ("0.1", "no")
    assert key["m2-growth"] == ("0.6", "no")


def test_two_outcomes_for_one_year_are_both_kept_and_a_warning_names_them(tmp_path, shapes):
    articles = {"npc-12-2.txt": TARGETS_2014, "npc-12-3.txt": OUTCOMES_2014, "npc-12-4.txt": REVISED_2014}
    rows = targets(tmp_path, articles)
    growth = [(r["outcome"], r["difference"]) for r in rows if r["measure"] == str(MEASURE["gdp-growth"])]
    assert sorted(growth) == [("7.3", "-0.2"), ("7.4", "-0.1")]
    corpus = tmp_path / "corpus"
    graph = map_corpus(extract_articles(sorted(corpus.glob("*.txt"))), M).union()
    report = assert_engines_agree(graph, shapes)  # the project's engine and pySHACL agree
    found = [f for f in report.findings if f.shape == "shapes:OneOutcomePerYear"]
    assert len(found) == 2
    assert {f.severity for f in found} == {"warning"}
    assert {(f.file, f.line) for f in found} == {("npc-12-3.txt", 20), ("npc-12-4.txt", 18)}
    for finding in found:
        assert "7.3 percent" in finding.message and "7.4 percent" in finding.message
        assert "gdp-growth in 2014" in finding.message
        assert "article/npc-12-3" in finding.message and "article/npc-12-4" in finding.message
    assert (tmp_path / "out" / "report.txt").read_text(encoding="utf-8").count("Two articles give different outcomes") == 2
