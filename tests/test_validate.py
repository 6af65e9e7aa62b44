"""Validation as the quality gate: the bundled corpus conforms with exactly the warnings its sources
deserve; every kind of damage done to a good graph is caught on the right node with the right
severity; the report renders as text, SHACL Turtle and JSON, deterministically; `npc-kg validate`
reads any RDF syntax and exits 0, 1 or 2 with FILE:LINE(:COLUMN) messages.

The tests run the default (fast) engine; the pySHACL engine runs a subset here, and every damage
in test_shacl_engine.py, which compares the two."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from npc_kg.rdf.iris import Minter
from npc_kg.map import decimal, en, map_corpus, year
from npc_kg.rdf.namespaces import NPC, OPENGOV, ORG, PROV, RDF, RDFS, SCHEMA, XSD
from npc_kg.pipeline import Build, build_graph, extract_articles
from npc_kg.publish import named_nquads, trig
from npc_kg.resources import corpus_files
from npc_kg.validate import (Finding, GraphSyntaxError, Report, load_graph, load_shapes, report_files, source_of,
                             validate_graph)

from helpers import CORPUS, run_cli

M = Minter()
SESSION = M.session(12, 2)
CONGRESS = M.congress(12)
GWR = M.resolution(SESSION, "Premier Li Keqiang's Government Work Report")
NPCSC_REPORT = M.resolution(SESSION, "Chairman Zhang Dejiang's NPCSC Work Report")
VOTE = M.vote(GWR)
YES, NO, ABSTAIN = (M.count(VOTE, option) for option in ("yes", "no", "abstain"))
XI = M.person("Xi Jinping")
PRESIDENT = M.office("president")
TENURE = M.tenure(SESSION, "Xi Jinping", "president", "incumbent")
GDP = M.indicator(SESSION, "achievement", 1)
GUIDELINE = M.guideline(SESSION, 1)
ARTICLE = M.article("npc-12-2")
PREMIER_TENURE = M.tenure(SESSION, "Li Keqiang", "premier", "incumbent")
XI_TERM = M.term(XI, PRESIDENT, "2013-03-14")
LI_TERM = M.term(M.person("Li Keqiang"), M.office("premier"), "2013-03-15")
LINE = M.source_line(ARTICLE, 62)

# What the bundled corpus is expected to warn about: (article line, shape).
BUNDLED_WARNINGS = {  # rates no attendance explains (npc_kg.counting), and one vote told twice
    ("npc-12-2.txt:66", "shapes:RateMatchesCounts"),  # Supreme People's Court: 83.69% would mean 2,897.6 present
    ("npc-13-2.txt:34", "shapes:TalliesAgree"),  # table: 2 abstentions, prose: three
    ("npc-13-2.txt:40", "shapes:RateMatchesCounts"),  # 97.72% would mean 2,909.3 present, fewer than 2,945 ballots
    ("npc-13-4.txt:35", "shapes:RateMatchesCounts"),  # Five-Year Plan: 99.20% would mean 2,896.2 present
}
BUNDLED_NOTES = {  # rates over the deputies present: the attendance they imply
    ("npc-12-2.txt:62", "shapes:ImpliedAttendance"),  # Government Work Report: 2,907 present, 11 not voting
    ("npc-13-2.txt:34", "shapes:ImpliedAttendance"),  # 99.90%: 2,948 present, 1 not voting
    ("npc-13-2.txt:36", "shapes:ImpliedAttendance"),  # 97.68%: all 2,980 deputies, 32 not voting
    ("npc-13-2.txt:37", "shapes:ImpliedAttendance"),  # 96.21%: all 2,980 deputies, 33 not voting
    ("npc-13-2.txt:38", "shapes:ImpliedAttendance"),  # 98.68%: 2,948 present, 3 not voting
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def bundled_build() -> Build:
    return build_graph(corpus_files())


@pytest.fixture(scope="module")
def bundled(bundled_build) -> Report:
    return bundled_build.report


@pytest.fixture(scope="module")
def graph_2014() -> Graph:
    records = extract_articles([CORPUS / "npc-12-2.txt"])
    return map_corpus(records, M).union()


def copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def found(report: Report, focus: URIRef, severity: str, shape: str) -> list[Finding]:
    return [f for f in report.findings if f.focus == str(focus) and f.severity == severity and f.shape == shape]


# --------------------------------------------------------------------------- the bundled corpus


def test_bundled_corpus_conforms_with_exactly_the_expected_warnings(bundled):
    assert bundled.conforms and bundled.violations == 0
    assert {(f.source, f.shape) for f in bundled.findings if f.severity == "warning"} == BUNDLED_WARNINGS
    assert {(f.source, f.shape) for f in bundled.findings if f.severity == "info"} == BUNDLED_NOTES
    assert len(bundled.findings) == len(BUNDLED_WARNINGS) + len(BUNDLED_NOTES)


def test_the_2014_government_work_report_rate_tells_who_did_not_vote(bundled):
    [finding] = [f for f in bundled.findings if f.source == "npc-12-2.txt:62"]
    assert finding.context == "Premier Li Keqiang's Government Work Report"
    assert "2887 for at 99.31% means 2907 deputies present, so 11 did not vote" in finding.message
    assert str(finding).startswith("npc-12-2.txt:62: info: <")


def test_a_rate_no_attendance_explains_is_named_with_its_numbers(bundled):
    [finding] = [f for f in bundled.findings if f.source == "npc-12-2.txt:66"]
    assert "83.69%" in finding.message and "2425 for / (2425 + 378 + 95) = 83.68%" in finding.message
    assert "means 2897.6 deputies present" in finding.message and "from the 2898 ballots cast to the 3000 seats" \
        in finding.message
    assert str(finding).startswith("npc-12-2.txt:66: warning: <")


def test_the_2019_prose_tally_disagreement_names_both_counts(bundled):
    [finding] = [f for f in bundled.findings if f.shape == "shapes:TalliesAgree"]
    assert finding.label == "Premier Li Keqiang's Government Work Report"
    assert '"abstain": 2 in the table, 3 in the prose' in finding.message


def test_source_of_points_at_the_article_line(graph_2014):
    assert source_of(graph_2014, GWR) == "npc-12-2.txt:62"
    assert source_of(graph_2014, YES) == "npc-12-2.txt:62"  # a count is read on its vote's line
    assert source_of(graph_2014, None) == ""


# --------------------------------------------------------------------------- the mutation suite


def replace(graph: Graph, subject: URIRef, predicate: URIRef, obj: URIRef | Literal) -> None:
    graph.remove((subject, predicate, None))
    graph.add((subject, predicate, obj))


def add_session(graph: Graph, ordinal: int, iri_ordinal: int) -> URIRef:
    """Another session of the 12th NPC (its IRI built from `iri_ordinal`, its data saying `ordinal`)."""
    other = M.session(12, iri_ordinal)
    for p, o in ((RDF.type, NPC.Session), (RDFS.label, en(f"Session {iri_ordinal}")), (NPC.ordinal, Literal(ordinal)),
                 (NPC.year, year(2012 + iri_ordinal)), (SCHEMA.superEvent, CONGRESS)):
        graph.add((other, p, o))
    graph.add((CONGRESS, SCHEMA.subEvent, other))
    return other


def add_prose_tally(graph: Graph) -> None:
    """The Government Work Report's vote told again in prose, with one abstention more."""
    prose = M.vote(GWR, 1)
    for p, o in ((RDF.type, OPENGOV.VoteEvent), (OPENGOV.motion, GWR), (NPC.tallyOrigin, Literal("prose")),
                 (PROV.wasDerivedFrom, LINE)):
        graph.add((prose, p, o))
    for option, value in (("yes", 2887), ("abstain", 9)):
        count = M.count(prose, option)
        graph.add((prose, OPENGOV["count"], count))
        for p, o in ((RDF.type, OPENGOV.Count), (OPENGOV.option, Literal(option)), (RDF.value, Literal(value))):
            graph.add((count, p, o))
    graph.add((GWR, NPC.otherTally, prose))


def add_implied_attendance(graph: Graph) -> None:
    """The NPCSC report's rate changed to 95.80%, which its counts (2,784 of 2,902) do not give but
    2,906 deputies present do, 4 of them not voting; with that attendance, as the map stage would add it."""
    vote = M.vote(NPCSC_REPORT)
    replace(graph, vote, NPC.statedRate, decimal(Decimal("95.80")))
    graph.add((vote, NPC.impliedDeputiesPresent, Literal(2906)))
    graph.add((vote, NPC.impliedNotVoting, Literal(4)))


def coarsen_rate(graph: Graph) -> None:
    """The Government Work Report's rate printed as 99.3%: 2,906 to 2,908 deputies present give it."""
    replace(graph, VOTE, NPC.statedRate, decimal(Decimal("99.3")))
    replace(graph, VOTE, NPC.statedRatePrecision, decimal(Decimal("0.1")))
    replace(graph, VOTE, NPC.impliedDeputiesPresent, Literal(2906))
    replace(graph, VOTE, NPC.impliedNotVoting, Literal(10))
    graph.add((VOTE, NPC.impliedDeputiesPresentMax, Literal(2908)))


def approve_report_of_other_session(graph: Graph) -> None:
    other = add_session(graph, 3, 3)
    report = M.report(other, "government-work-report")
    for p, o in ((RDF.type, NPC.Report), (RDFS.label, en("Government Work Report")), (NPC.session, other)):
        graph.add((report, p, o))
    replace(graph, GWR, NPC.approves, report)


def add_second_premier(graph: Graph) -> None:
    """Wen Jiabao as incumbent premier at the session whose infobox names Li Keqiang."""
    wen, tenure = M.person("Wen Jiabao"), M.tenure(SESSION, "Wen Jiabao", "premier", "incumbent")
    for s, p, o in ((wen, RDF.type, SCHEMA.Person), (wen, RDFS.label, en("Wen Jiabao")),
                    (wen, PROV.wasDerivedFrom, LINE), (tenure, RDF.type, NPC.Tenure), (tenure, ORG.member, wen),
                    (tenure, NPC.office, M.office("premier")),
                    (tenure, ORG.organization, M.organization("state-council")),
                    (tenure, NPC.role, NPC.incumbent), (tenure, NPC.session, SESSION),
                    (tenure, PROV.wasDerivedFrom, LINE)):
        graph.add((s, p, o))


def first_percentage(graph: Graph) -> URIRef:
    return min(s for s in graph.subjects(SCHEMA.unitText, Literal("percent")))


def inflate_percentage(graph: Graph) -> None:
    figure = first_percentage(graph)
    replace(graph, figure, SCHEMA.value, decimal(Decimal("770")))
    replace(graph, figure, NPC.statedValue, decimal(Decimal("770")))


Damage = Callable[[Graph], None]

# name: (damage, focus node it must be reported on, severity, shape that must catch it)
MUTATIONS: dict[str, tuple[Damage, URIRef | Callable[[Graph], URIRef], str, str]] = {
    "negative count": (lambda g: replace(g, NO, RDF.value, Literal(-1)), NO, "violation", "shapes:Count"),
    "count as a string": (lambda g: replace(g, YES, RDF.value, Literal("2887")), YES, "violation", "shapes:Count"),
    "count as a decimal": (lambda g: replace(g, YES, RDF.value, decimal(Decimal("2887.5"))), YES, "violation",
                           "shapes:Count"),
    "unknown vote option": (lambda g: replace(g, NO, OPENGOV.option, Literal("maybe")), NO, "violation",
                            "shapes:Count"),
    "two counts for one option": (lambda g: replace(g, ABSTAIN, OPENGOV.option, Literal("yes")), VOTE, "violation",
                                  "shapes:OneCountPerOption"),
    "more votes than deputies": (lambda g: replace(g, YES, RDF.value, Literal(28870)), VOTE, "violation",
                                 "shapes:TallyFitsCongress"),
    "rate of 120": (lambda g: replace(g, VOTE, NPC.statedRate, decimal(Decimal("120.00"))), VOTE, "violation",
                    "shapes:VoteEvent"),
    "rate that disagrees with its counts": (
        lambda g: replace(g, M.vote(NPCSC_REPORT), NPC.statedRate, decimal(Decimal("95.00"))), M.vote(NPCSC_REPORT),
        "warning", "shapes:RateMatchesCounts"),
    "rate implying fewer deputies present than ballots": (
        lambda g: replace(g, M.vote(NPCSC_REPORT), NPC.statedRate, decimal(Decimal("99.99"))), M.vote(NPCSC_REPORT),
        "warning", "shapes:RateMatchesCounts"),
    "rate implying more deputies present than seats": (  # 2,784 for at 90% would mean 3,093 present
        lambda g: replace(g, M.vote(NPCSC_REPORT), NPC.statedRate, decimal(Decimal("90.00"))), M.vote(NPCSC_REPORT),
        "warning", "shapes:RateMatchesCounts"),
    "rate over the deputies present": (add_implied_attendance, M.vote(NPCSC_REPORT), "info",
                                       "shapes:ImpliedAttendance"),
    "coarse rate over the deputies present": (coarsen_rate, VOTE, "info", "shapes:ImpliedAttendance"),
    "implied attendance range beyond the rate": (
        lambda g: (coarsen_rate(g), replace(g, VOTE, NPC.impliedDeputiesPresentMax, Literal(2909))), VOTE,
        "violation", "shapes:ImpliedAttendanceFits"),
    "implied attendance below the ballots": (lambda g: replace(g, VOTE, NPC.impliedDeputiesPresent, Literal(2890)),
                                             VOTE, "violation", "shapes:ImpliedAttendanceFits"),
    "implied attendance above the stated seats": (lambda g: g.add((VOTE, NPC.deputiesTotal, Literal(2900))), VOTE,
                                                  "violation", "shapes:ImpliedAttendanceFits"),
    "implied attendance that does not give the rate": (
        lambda g: replace(g, VOTE, NPC.statedRate, decimal(Decimal("99.30"))), VOTE, "violation",
        "shapes:ImpliedAttendanceFits"),
    "implied attendance without a stated rate": (lambda g: g.remove((VOTE, NPC.statedRate, None)), VOTE,
                                                 "violation", "shapes:DerivedAttendance"),
    "implied attendance without the deputies not voting": (lambda g: g.remove((VOTE, NPC.impliedNotVoting, None)),
                                                           VOTE, "violation", "shapes:DerivedAttendance"),
    "implied not voting that does not add up": (lambda g: replace(g, VOTE, NPC.impliedNotVoting, Literal(12)), VOTE,
                                                "violation", "shapes:ImpliedAttendanceFits"),
    "implied attendance as a string": (lambda g: replace(g, VOTE, NPC.impliedDeputiesPresent, Literal("2907")), VOTE,
                                       "violation", "shapes:VoteEvent"),
    "rate precision that is no power of ten": (
        lambda g: replace(g, VOTE, NPC.statedRatePrecision, decimal(Decimal("0.02"))), VOTE, "violation",
        "shapes:VoteEvent"),
    "result other than pass or fail": (lambda g: replace(g, VOTE, OPENGOV.result, Literal("adopted")), VOTE,
                                       "violation", "shapes:VoteEvent"),
    "prose tally that disagrees with the table": (add_prose_tally, GWR, "warning", "shapes:TalliesAgree"),
    "vote on another resolution": (lambda g: replace(g, VOTE, OPENGOV.motion, NPCSC_REPORT), VOTE, "violation",
                                   "shapes:VoteEvent"),
    "missing session link": (lambda g: g.remove((GWR, NPC.session, None)), GWR, "violation", "shapes:Resolution"),
    "dangling IRI": (lambda g: replace(g, GWR, NPC.session, M.session(12, 9)), GWR, "violation",
                     "shapes:Resolution"),
    "resolution in two sessions": (lambda g: g.add((GWR, NPC.session, add_session(g, 3, 3))), GWR, "violation",
                                   "shapes:Resolution"),
    "two topics on one resolution": (lambda g: g.add((GWR, RDFS.label, en("Another topic"))), GWR, "violation",
                                     "shapes:Labels"),
    "approval of another session's report": (approve_report_of_other_session, GWR, "violation", "shapes:Approves"),
    "end before the start": (lambda g: replace(g, SESSION, SCHEMA.endDate, Literal(dt.date(2014, 3, 1))), SESSION,
                             "violation", "shapes:SessionDatesInOrder"),
    "malformed date": (lambda g: replace(g, SESSION, SCHEMA.startDate, Literal("2014-13-45", datatype=XSD.date)),
                       SESSION, "violation", "shapes:Session"),
    "year not matching the start": (lambda g: replace(g, SESSION, NPC.year, year(2015)), SESSION, "violation",
                                    "shapes:SessionYearMatchesStart"),
    "ordinal 0": (lambda g: replace(g, SESSION, NPC.ordinal, Literal(0)), SESSION, "violation", "shapes:Session"),
    "two sessions with one ordinal in one congress": (lambda g: add_session(g, 2, 3), SESSION, "violation",
                                                      "shapes:UniqueOrdinal"),
    "session following itself": (lambda g: g.add((SESSION, NPC.nextSession, SESSION)), SESSION, "violation",
                                 "shapes:SessionSequence"),
    "person without a name": (lambda g: g.remove((XI, RDFS.label, None)), XI, "violation", "shapes:Person"),
    "name without a language": (lambda g: replace(g, XI, RDFS.label, Literal("Xi Jinping")), XI, "violation",
                                "shapes:Labels"),
    "office without a holder": (lambda g: g.remove((TENURE, ORG.member, None)), TENURE, "violation",
                                "shapes:Tenure"),
    "tenure without office": (lambda g: g.remove((TENURE, NPC.office, None)), TENURE, "violation", "shapes:Tenure"),
    "tenure in another organisation than its office": (
        lambda g: replace(g, TENURE, ORG.organization, M.organization("npcsc")), TENURE, "violation",
        "shapes:Tenure"),
    "unknown tenure role": (lambda g: replace(g, TENURE, NPC.role, NPC.Tenure), TENURE, "violation", "shapes:Tenure"),
    "term start after the session's end": (
        lambda g: replace(g, TENURE, SCHEMA.startDate, Literal(dt.date(2014, 3, 20))), TENURE, "violation",
        "shapes:TermStartsBeforeSessionEnds"),
    "two incumbents of one office at one session": (add_second_premier, PREMIER_TENURE, "violation",
                                                    "shapes:OneIncumbent"),
    "term of office without a start": (lambda g: g.remove((XI_TERM, SCHEMA.startDate, None)), XI_TERM, "violation",
                                       "shapes:TermOfOffice"),
    "term of office with two holders": (lambda g: g.add((XI_TERM, ORG.member, M.person("Li Keqiang"))), XI_TERM,
                                        "violation", "shapes:TermOfOffice"),
    "term replaced by one that starts after it ends": (
        lambda g: g.add((XI_TERM, NPC.replacedBy, LI_TERM)), XI_TERM, "violation",
        "shapes:TermEndsWhenSuccessorStarts"),
    "office without organisation": (lambda g: g.remove((PRESIDENT, ORG.postIn, None)), PRESIDENT, "violation",
                                    "shapes:Post"),
    "magnitude without its scale": (lambda g: replace(g, GDP, SCHEMA.value, decimal(Decimal("56.9"))), GDP,
                                    "violation", "shapes:MagnitudeMatchesScale"),
    "range upside down": (lambda g: g.add((GDP, SCHEMA.maxValue, decimal(Decimal("1000")))), GDP, "violation",
                          "shapes:RangeInOrder"),
    "measure that is no concept": (lambda g: g.add((GDP, NPC.measure, Literal("gdp"))), GDP, "violation",
                                   "shapes:EconomicFigure"),
    "two measures": (lambda g: g.add((GDP, NPC.measure, URIRef("https://w3id.org/npc-kg/measure/cpi-rise"))), GDP,
                     "violation", "shapes:EconomicFigure"),
    "range low end as a string": (lambda g: g.add((GDP, SCHEMA.minValue, Literal("56.9"))), GDP, "violation",
                                  "shapes:EconomicFigure"),
    "figure both achievement and target": (lambda g: g.add((GDP, RDF.type, NPC.Target)), GDP, "violation",
                                           "shapes:EconomicFigure"),
    "percentage of 770": (inflate_percentage, first_percentage, "warning", "shapes:Percentage"),
    "guideline without text": (lambda g: g.remove((GUIDELINE, SCHEMA.text, None)), GUIDELINE, "violation",
                               "shapes:PolicyGuideline"),
    "provenance that is not a source line": (lambda g: replace(g, GWR, PROV.wasDerivedFrom, ARTICLE), GWR,
                                             "violation", "shapes:traced"),
    "source line without a number": (lambda g: g.remove((LINE, NPC.line, None)), LINE, "violation",
                                     "shapes:SourceLine"),
    "truncated article": (lambda g: replace(g, ARTICLE, NPC.truncated, Literal(True)), ARTICLE, "warning",
                          "shapes:Article"),
}


# Damage the pySHACL engine is also run on here: core, logical and SPARQL constraints, each severity.
PYSHACL_SUBSET = ("negative count", "two counts for one option", "prose tally that disagrees with the table",
                  "two incumbents of one office at one session", "term replaced by one that starts after it ends",
                  "rate implying more deputies present than seats", "rate over the deputies present",
                  "implied attendance below the ballots", "result other than pass or fail",
                  "coarse rate over the deputies present",
                  "malformed date", "figure both achievement and target", "percentage of 770", "truncated article")


def damaged(graph: Graph, name: str) -> tuple[Graph, URIRef]:
    """A copy of `graph` with the named damage done, and the node it must be reported on."""
    damage, focus, _, _ = MUTATIONS[name]
    out = copy(graph)
    damage(out)
    return out, focus(out) if callable(focus) else focus


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_the_undamaged_2014_graph_has_only_its_rate_findings(graph_2014, shapes, engine):
    report = validate_graph(graph_2014, shapes, engine=engine)
    assert {(f.source, f.shape, f.severity) for f in report.findings} == {
        ("npc-12-2.txt:62", "shapes:ImpliedAttendance", "info"),
        ("npc-12-2.txt:66", "shapes:RateMatchesCounts", "warning")}


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_coarse_rate_reports_the_range_of_attendances(graph_2014, shapes, engine):
    graph, _ = damaged(graph_2014, "coarse rate over the deputies present")
    [note] = found(validate_graph(graph, shapes, engine=engine), VOTE, "info", "shapes:ImpliedAttendance")
    assert "means 2906 to 2908 deputies present, so at least 10 did not vote" in note.message


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_rate_some_attendance_explains_is_no_warning(graph_2014, shapes, engine):
    graph = copy(graph_2014)  # 2,784 for at 95.80%: 2,906 present, 4 of them not voting
    replace(graph, M.vote(NPCSC_REPORT), NPC.statedRate, decimal(Decimal("95.80")))
    report = validate_graph(graph, shapes, engine=engine)
    assert not found(report, M.vote(NPCSC_REPORT), "warning", "shapes:RateMatchesCounts")
    replace(graph, M.vote(NPCSC_REPORT), NPC.statedRatePrecision, decimal(Decimal("0.1")))
    replace(graph, M.vote(NPCSC_REPORT), NPC.statedRate, decimal(Decimal("95.4")))  # 2,917 to 2,919 present
    report = validate_graph(graph, shapes, engine=engine)
    assert not found(report, M.vote(NPCSC_REPORT), "warning", "shapes:RateMatchesCounts")
    replace(graph, M.vote(NPCSC_REPORT), NPC.statedRatePrecision, decimal(Decimal("0.01")))  # 95.40: 2,918.2
    report = validate_graph(graph, shapes, engine=engine)
    assert found(report, M.vote(NPCSC_REPORT), "warning", "shapes:RateMatchesCounts")


@pytest.mark.parametrize("name, engine", [*((name, "fast") for name in MUTATIONS),
                                          *((name, "pyshacl") for name in PYSHACL_SUBSET)])
def test_damage_is_caught_on_the_right_node(name, engine, graph_2014, shapes):
    _, _, severity, shape = MUTATIONS[name]
    graph, focus = damaged(graph_2014, name)
    report = validate_graph(graph, shapes, engine=engine)
    assert found(report, focus, severity, shape), "\n".join(map(str, report.findings))
    assert report.conforms == (severity != "violation")


# --------------------------------------------------------------------------- the shapes themselves


def test_every_class_the_mapper_emits_has_a_node_shape(shapes, bundled_build):
    mapped = bundled_build.mapped  # what the map stage states: the vocabulary graph (ontology/*.ttl) aside
    emitted = {URIRef(t.object.value) for part in (*mapped.article_graphs.values(), mapped.shared, mapped.provenance)
               for t in part if t.predicate.value == str(RDF.type)}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert emitted <= targeted, emitted - targeted


def test_every_shape_says_what_it_protects_against_and_how_severe_it_is(shapes):
    all_shapes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(
        shapes.objects(None, SH.property))
    assert len(all_shapes) > 50
    for shape in all_shapes:
        assert shapes.value(shape, RDFS.comment) or shapes.value(shape, SH.message), shape
        assert shapes.value(shape, SH.severity) in {SH.Violation, SH.Warning, SH.Info}, shape
    for check in shapes.subjects(RDF.type, SH.SPARQLConstraint):
        assert shapes.value(check, SH.message), check


# --------------------------------------------------------------------------- renderings


def test_report_renders_as_text_shacl_turtle_and_json(bundled):
    files = report_files(bundled)
    assert set(files) == {"report.txt", "report.ttl", "report.json"}
    assert files["report.txt"].decode() == bundled.text()
    shacl = Graph().parse(data=files["report.ttl"], format="turtle")
    [report] = shacl.subjects(RDF.type, SH.ValidationReport)
    assert shacl.value(report, SH.conforms).toPython() is True
    assert len(set(shacl.objects(report, SH.result))) == len(BUNDLED_WARNINGS) + len(BUNDLED_NOTES)
    document = json.loads(files["report.json"])
    assert (document["conforms"], document["violations"], document["warnings"], document["infos"]) == (
        True, 0, len(BUNDLED_WARNINGS), len(BUNDLED_NOTES))
    first = document["results"][0]
    assert (first["file"], first["line"], first["severity"]) == ("npc-12-2.txt", 66, "warning")
    assert first["shape"] == "shapes:RateMatchesCounts"
    first_note = next(r for r in document["results"] if r["severity"] == "info")
    assert (first_note["file"], first_note["line"], first_note["focus"]) == ("npc-12-2.txt", 62, str(VOTE))


def test_renderings_are_deterministic(graph_2014, shapes, tmp_path):
    once, again = (report_files(validate_graph(graph_2014, shapes)) for _ in range(2))
    assert once == again
    graph_2014.serialize(tmp_path / "graph.ttl", format="turtle")
    script = ("import sys; from pathlib import Path; from npc_kg.validate import load_graph, validate_graph, "
              "report_files; f = report_files(validate_graph(load_graph(Path(sys.argv[1])))); "
              "sys.stdout.buffer.write(f['report.ttl'] + f['report.json'])")
    outputs = set()
    for seed in ("1", "2"):  # set and dict order, and so blank node order, depend on the hash seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, env=env,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert outputs == {once["report.ttl"] + once["report.json"]}


# --------------------------------------------------------------------------- reading graph files


HAND_EDITED = """\
@prefix npc: <https://w3id.org/npc-kg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<http://example.org/session/1> a npc:Session ; rdfs:label "Test session"@en ;
    npc:ordinal -2 ; npc:year "2014"^^xsd:gYear ; schema:superEvent <http://example.org/congress> .
<http://example.org/congress> a npc:CongressTerm ; rdfs:label "Test congress"@en ; npc:congressNumber 12 ;
    schema:subEvent <http://example.org/session/1> .
"""


def write_dataset(graph_dir: Path) -> None:
    """The 2014 build as Turtle, N-Triples, JSON-LD and TriG (named graphs)."""
    records = extract_articles([CORPUS / "npc-12-2.txt"])
    mapped = map_corpus(records, M)
    union = mapped.union()
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        union.serialize(graph_dir / name, format=fmt, encoding="utf-8")
    (graph_dir / "graph.trig").write_bytes(trig(named_nquads(mapped, M)))


def test_every_syntax_and_the_build_directory_give_the_same_findings(tmp_path, graph_2014, shapes):
    write_dataset(tmp_path)
    expected = validate_graph(graph_2014, shapes).findings
    for path in (tmp_path, *(tmp_path / f"graph.{ext}" for ext in ("ttl", "nt", "jsonld", "trig"))):
        graph = load_graph(path)
        assert len(graph) == len(graph_2014), path
        assert validate_graph(graph, shapes).findings == expected, path


def test_a_syntax_error_is_located_by_line_and_column(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(HAND_EDITED.replace("npc:ordinal -2 ;", "npc:ordinal ;"))
    with pytest.raises(GraphSyntaxError) as error:
        load_graph(broken)
    assert (error.value.line, error.value.column) == (7, len("    npc:ordinal ;"))
    assert str(error.value).startswith(f"{broken}:7:{error.value.column}: ")


def test_validate_command_on_a_broken_file_exits_2_with_line_and_column(tmp_path):
    broken = tmp_path / "broken.ttl"
    text = HAND_EDITED.replace('rdfs:label "Test congress"@en ;', "rdfs:label ;")
    broken.write_text(text)
    line = text.splitlines()[7]
    result = run_cli("validate", str(broken))
    assert result.returncode == 2
    column = line.index("rdfs:label ;") + len("rdfs:label ;")
    assert re.fullmatch(rf"{re.escape(str(broken))}:8:{column}: \S.*\n", result.stderr), result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("name", ["missing.ttl", "graph.xyz", "empty-dir"])
def test_validate_command_on_a_missing_or_unreadable_graph_exits_2(tmp_path, name):
    path = tmp_path / name
    if name == "graph.xyz":
        path.write_text("<a> <b> <c> .")
    if name == "empty-dir":
        path.mkdir()
    result = run_cli("validate", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:1: ") and "Traceback" not in result.stderr


def test_validate_command_on_a_hand_edited_file_with_a_violation_exits_1(tmp_path):
    hand = tmp_path / "hand.ttl"
    hand.write_text(HAND_EDITED)
    result = run_cli("validate", str(hand))
    assert result.returncode == 1, result.stderr
    assert "1 violation(s)" in result.stdout and "DOES NOT CONFORM" in result.stdout
    # no provenance: no file:line, but the name and IRI of what is wrong, the property and the value
    assert ("\nviolation: Test session <http://example.org/session/1> npc:ordinal: too small: A session has exactly "
            "one ordinal") in result.stdout
    assert '(value: "-2"^^xsd:integer)' in result.stdout
    assert "violate the shapes" in result.stderr


def test_validate_command_on_a_build_directory_exits_0_with_warnings(tmp_path):
    write_dataset(tmp_path)
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "0 violation(s), 1 warning(s), 1 note(s)" in result.stdout
    assert "npc-12-2.txt:66: warning: " in result.stdout and "npc-12-2.txt:62: info: " in result.stdout
