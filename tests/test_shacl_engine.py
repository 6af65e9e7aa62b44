"""The fast SHACL engine against pySHACL, the reference: the same results (severity, focus node,
path, value, source shape, component, messages, as often as pySHACL repeats them), the same
findings and byte for byte the same report.ttl, for the bundled corpus, a linked build, every damage
of the mutation suite, a synthetic corpus, randomly damaged graphs, a hand-written graph with blank
nodes and unusual literal spellings, and shapes using what the bundled ones leave out; the same
through `validate_store`; and a clear error at load time for each SHACL feature the engine does not
implement."""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

import npc_kg.shacl
from npc_kg.link import LocalReference
from npc_kg.map import map_corpus
from npc_kg.rdf.statements import Statements
from npc_kg.rdf.namespaces import NPC, RDF, SH, WD, XSD
from npc_kg.pipeline import Linker, extract_articles
from npc_kg.resources import corpus_files, data_dir
from npc_kg.shacl import ShapeError, compile_shapes
from npc_kg.validate import Report, load_graph, validate_graph, validate_store

from helpers import REPO
from test_validate import M, MUTATIONS, bundled_build, copy, damaged, graph_2014, shapes  # noqa: F401 (fixtures)


def results(report: Report) -> Counter:
    """The report's results as comparable values; blank nodes (anonymous shapes, paths) by content."""
    graph = report.results

    def term(node: Node | None) -> object:
        if isinstance(node, BNode):
            return frozenset((p, term(o)) for p, o in graph.predicate_objects(node))
        return node

    return Counter((term(graph.value(r, SH.resultSeverity)), term(graph.value(r, SH.focusNode)),
                    term(graph.value(r, SH.resultPath)), term(graph.value(r, SH.value)),
                    term(graph.value(r, SH.sourceShape)), graph.value(r, SH.sourceConstraintComponent),
                    frozenset(graph.objects(r, SH.resultMessage)))
                   for r in graph.subjects(RDF.type, SH.ValidationResult))


def assert_same(fast: Report, reference: Report) -> None:
    assert results(fast) == results(reference)
    assert fast.findings == reference.findings
    assert fast.turtle() == reference.turtle()
    assert fast.results.value(predicate=SH.conforms) == reference.results.value(predicate=SH.conforms)


def assert_engines_agree(graph: Graph, shapes: Graph) -> Report:
    fast = validate_graph(graph, shapes)
    assert_same(fast, validate_graph(graph, shapes, engine="pyshacl"))
    return fast


def in_store(graph: Graph) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def read_back(store: pyoxigraph.Store, tmp_path: Path) -> Graph:
    """The store's graph as rdflib reads it (oxigraph's canonical literals), for pySHACL."""
    path = tmp_path / "store.nt"
    store.dump(path, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return load_graph(path)


# --------------------------------------------------------------------------- same results


def test_the_bundled_corpus(bundled_build, shapes):
    assert_engines_agree(bundled_build.mapped.union(), shapes)


@pytest.mark.parametrize("name", ["more votes than deputies", "two sessions with one ordinal in one congress",
                                  "session following itself", "range upside down", "term start after the session's end"])
def test_a_large_graph_copies_only_what_the_queries_read(name, graph_2014, shapes, monkeypatch):
    """Above a size, only the triples the SPARQL checks can match go into pyoxigraph."""
    monkeypatch.setattr(npc_kg.shacl, "COPY_WHAT_QUERIES_READ_FROM", 0)
    assert_engines_agree(damaged(graph_2014, name)[0], shapes)


def test_a_linked_build_with_damaged_links(shapes):
    """The link shapes (sh:nodeKind, sh:pattern, sh:in of IRIs, decimal bounds) on real links."""
    records = extract_articles(corpus_files())
    mapped = map_corpus(records, M)
    links = Linker(LocalReference(data_dir("reference") / "wikidata.ttl")).link(mapped.triples(), M)
    graph = dataclasses.replace(mapped, links=Statements.of(links.rdf)).union()
    link = min(graph.subjects(RDF.type, NPC.Link))
    for predicate, value in ((NPC.linkScore, Literal(Decimal("1.5"))), (RDF.object, WD.P31),
                             (RDF.predicate, RDF.type), (NPC.linkMethod, Literal("guess"))):
        graph.set((link, predicate, value))
    report = assert_engines_agree(graph, shapes)
    assert len([f for f in report.findings if f.shape == "shapes:Link"]) == 4


@pytest.mark.parametrize("name", MUTATIONS)
def test_every_damage_of_the_mutation_suite(name, graph_2014, shapes):
    graph, _ = damaged(graph_2014, name)
    report = assert_engines_agree(graph, shapes)
    assert report.findings


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Graph:
    """About 4,000 triples of synthetic articles, one of them cut short (a warning), and the ~800 of
    the vocabulary graph."""
    folder = tmp_path_factory.mktemp("synthetic")
    subprocess.run([sys.executable, str(REPO / "bench" / "synth.py"), str(folder), "--articles", "13"], check=True,
                   capture_output=True)
    records = extract_articles(sorted(folder.glob("*.txt"))[8:])
    return map_corpus(records, M).union()


def test_a_synthetic_corpus(synthetic, shapes):
    assert 3500 < len(synthetic) < 6000
    assert assert_engines_agree(synthetic, shapes).findings


def damage_at_random(graph: Graph, seed: int) -> Graph:
    """Some triples removed, some values changed, retyped, respelt or made to point elsewhere."""
    rng = random.Random(seed)
    out = copy(graph)
    triples = sorted(out, key=str)
    resources = sorted({s for s, _, _ in triples}, key=str)
    for s, p, o in rng.sample(triples, 8):
        out.remove((s, p, o))
        if rng.random() < 0.3:
            continue  # removed
        if isinstance(o, URIRef):
            out.add((s, p, rng.choice(resources)))
        elif isinstance(o, Literal) and o.datatype == XSD.integer:
            out.add((s, p, rng.choice([Literal(o.value + rng.choice([-3000, 1, 3000])), Literal(str(o)),
                                        Literal(Decimal(o.value) + Decimal("0.5"))])))
        elif isinstance(o, Literal) and o.datatype == XSD.decimal:
            out.add((s, p, Literal(f"{o}5", datatype=XSD.decimal)))
        else:
            out.add((s, p, Literal(f"{o}-x", datatype=o.datatype, lang=o.language)))
        if rng.random() < 0.3:
            out.add((s, p, o))  # a second value
    return out


@pytest.mark.parametrize("seed", range(12))
def test_randomly_damaged_graphs(seed, synthetic, shapes):
    assert_engines_agree(damage_at_random(synthetic, seed), shapes)


UNUSUAL = """\
@prefix npc: <https://w3id.org/npc-kg/ontology#> .
@prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix schema: <https://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<http://example.org/session/1> a npc:Session ; rdfs:label "Test session"@en , "Erste Sitzung"@DE ;
    npc:ordinal "02"^^xsd:integer ; npc:year "2014"^^xsd:gYear ; schema:superEvent <http://example.org/congress> ;
    schema:startDate "2014-03-05"^^xsd:date ; schema:endDate "2014-03-01"^^xsd:date .
<http://example.org/congress> a npc:CongressTerm ; rdfs:label "Test congress"@en ; npc:congressNumber 12 ;
    schema:subEvent <http://example.org/session/1> , [ a npc:Session ; rdfs:label "Anonymous"@EN ; npc:ordinal 2 ;
        npc:year "2015"^^xsd:gYear ; schema:superEvent <http://example.org/congress> ] .
<http://example.org/figure> a npc:EconomicFigure , npc:Achievement ; rdfs:label "GDP"@en ;
    schema:value "7.0"^^xsd:decimal ; schema:maxValue "6.50"^^xsd:decimal ; npc:statedValue "7.00"^^xsd:decimal ;
    schema:unitText "percent"^^xsd:string ; npc:session <http://example.org/session/1> .
[ a opengov:VoteEvent ; npc:tallyOrigin "table" ; npc:statedRate "100.00"^^xsd:decimal ;
  opengov:count [ a opengov:Count ; opengov:option "yes" ; rdf:value "+2000"^^xsd:integer ] ,
                [ a opengov:Count ; opengov:option "yes" ; rdf:value 1500 ] ] .
"""


def test_blank_nodes_and_unusual_spellings_come_back_as_written(shapes):
    """oxigraph keeps literals in canonical form; the report must still show the data's own."""
    graph = Graph().parse(data=UNUSUAL, format="turtle")  # rdflib keeps lexical forms and language tags
    report = assert_engines_agree(graph, shapes)
    text = report.text()
    assert "lower end 7.0 is above its upper end 6.50" in text and "3500 votes" in text, text
    assert {f.shape for f in report.findings} >= {"shapes:RangeInOrder", "shapes:TallyFitsCongress",
                                                  "shapes:OneCountPerOption", "shapes:SessionDatesInOrder",
                                                  "shapes:UniqueOrdinal"}


# Components, paths and quirks the bundled shapes do not use (or not with these values).
OTHER_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "A thing."@en , "Ein Ding."@de ;
    sh:class ex:Named , ex:Thing ;
    sh:xone ( ex:Warned ex:Warned [ sh:class ex:Special ] ) ;
    sh:not [ sh:severity sh:Info ; sh:class ex:Nothing ] ;
    sh:property [ sh:path ex:start ; sh:lessThanOrEquals ex:end ; sh:datatype xsd:date ; sh:message "Starts." ] ,
        [ sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ; sh:minLength 3 ; sh:nodeKind sh:Literal ;
          sh:severity sh:Info ; sh:message "Code {$this}." ] ,
        [ sh:path ex:kind ; sh:in ( ex:a ex:b "c" ) ; sh:nodeKind sh:IRIOrLiteral ; sh:message "Kind." ] ,
        [ sh:path ( ex:part [ sh:inversePath ex:owner ] ) ; sh:minCount 1 ; sh:maxCount 1 ; sh:message "Owner." ] ,
        [ sh:path [ sh:alternativePath ( ex:size ex:width ) ] ; sh:datatype rdfs:Literal ; sh:minInclusive 1.5 ;
          sh:maxInclusive 9 ; sh:message "Size." ] ,
        [ sh:path ex:when ; sh:minInclusive "2000-01-01T00:00:00"^^xsd:dateTime ; sh:message "When." ] ,
        [ sh:path ex:note ; sh:deactivated true ; sh:minCount 5 ; sh:message "Never." ] .
ex:Warned a sh:NodeShape ; sh:severity sh:Warning ; sh:class ex:Nothing ; sh:message "Warned." .
ex:Off a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ; sh:class ex:Nothing ; sh:message "Off." .
ex:Checks a sh:NodeShape ; sh:targetSubjectsOf ex:code ; sh:message "Also {?code}."@en ;
    sh:sparql [ sh:select "SELECT ?this ?code WHERE { ?this <http://example.org/code> ?code FILTER(STRLEN(?code) > 3) }" ;
                sh:message "Long code {?code} on {$this} ({?value})." ] ,
              [ sh:select "SELECT ?this ?value WHERE { ?this <http://example.org/kind> ?value }" ] ,
              [ sh:select "SELECT ?this WHERE { ?this ?p ?o }" ; sh:deactivated true ] .
"""
OTHER_DATA = """\
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Sub rdfs:subClassOf ex:Named .
ex:t1 a ex:Thing , ex:Sub ; ex:start "2014-03-05"^^xsd:date ; ex:end "2014-03-01"^^xsd:date , "2015-01-01"^^xsd:date ;
    ex:code "ABC" , "x" ; ex:kind ex:a , "c" , ex:z ; ex:part ex:p1 ; ex:size 2 , "3" ; ex:width 10.0 ;
    ex:when "1999-12-31T23:59:59"^^xsd:dateTime .
ex:p1 ex:owner ex:t1 , ex:t2 .
ex:t2 a ex:Thing , ex:Special ; ex:code ex:iri ; ex:kind "c"@en ; ex:start "2014-01-01" ; ex:end "2014-01-02"^^xsd:date .
[ a ex:Thing ; ex:code "abcdef" ; ex:size 1 ] .
"""


def test_other_components_paths_and_quirks(tmp_path):
    shapes_graph = Graph().parse(data=OTHER_SHAPES, format="turtle")
    graph = Graph().parse(data=OTHER_DATA, format="turtle")
    report = assert_engines_agree(graph, shapes_graph)
    components = {c for _, _, _, _, _, c, _ in results(report)}
    assert {SH.LessThanOrEqualsConstraintComponent, SH.PatternConstraintComponent, SH.InConstraintComponent,
            SH.XoneConstraintComponent, SH.NotConstraintComponent, SH.SPARQLConstraintComponent} <= components
    store = in_store(graph)
    assert_same(validate_store(store, shapes_graph), validate_graph(read_back(store, tmp_path), shapes_graph,
                                                                    engine="pyshacl"))


# --------------------------------------------------------------------------- validate_store


@pytest.mark.parametrize("name", ["prose tally that disagrees with the table", "malformed date", "range upside down",
                                  "percentage of 770", "two counts for one option", "tenure without office"])
def test_a_store_gives_the_report_of_its_graph(name, graph_2014, shapes, tmp_path):
    store = in_store(damaged(graph_2014, name)[0])
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:x"), pyoxigraph.NamedNode("urn:y"),
                              pyoxigraph.Literal("in another graph"), pyoxigraph.NamedNode("urn:g")))
    report = validate_store(store, shapes)
    reference = validate_graph(read_back(store, tmp_path), shapes, engine="pyshacl")
    assert_same(report, reference)
    assert report.triples == len(store) - 1


def test_the_bundled_build_from_a_store(bundled_build, shapes):
    report = validate_store(in_store(bundled_build.mapped.union()), shapes)
    assert report.findings == bundled_build.report.findings
    assert report.turtle() == bundled_build.report.turtle()


# --------------------------------------------------------------------------- unsupported SHACL


SHAPE = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "Broken." ;
"""
# A feature the engine does not implement, in a shape: (the shape's statements, what the error names)
UNSUPPORTED = {
    "sh:node": ("sh:node ex:Other . ex:Other a sh:NodeShape .", "sh:node"),
    "sh:closed": ("sh:closed true .", "sh:closed"),
    "sh:and": ("sh:and ( [ sh:class ex:A ] ) .", "sh:and"),
    "sh:qualifiedValueShape": ("sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:A ] ; "
                               "sh:qualifiedMinCount 1 ; sh:message 'x' ] .", "sh:qualified"),
    "sh:targetNode": ("sh:targetNode ex:a .", "sh:targetNode"),
    "sh:lessThan": ("sh:property [ sh:path ex:p ; sh:lessThan ex:q ; sh:message 'x' ] .", "sh:lessThan"),
    "sh:maxLength": ("sh:property [ sh:path ex:p ; sh:maxLength 3 ; sh:message 'x' ] .", "sh:maxLength"),
    "sh:languageIn": ("sh:property [ sh:path ex:p ; sh:languageIn ( 'en' ) ; sh:message 'x' ] .", "sh:languageIn"),
    "sh:minExclusive": ("sh:property [ sh:path ex:p ; sh:minExclusive 3 ; sh:message 'x' ] .", "sh:minExclusive"),
    "sh:zeroOrMorePath": ("sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ; sh:message 'x' ] .",
                          "sh:zeroOrMorePath"),
    "inverse of a sequence path": ("sh:property [ sh:path [ sh:inversePath ( ex:p ex:q ) ] ; sh:minCount 1 ; "
                                   "sh:message 'x' ] .", "sh:inversePath of a predicate"),
    "a custom constraint component": ("sh:property [ sh:path ex:p ; sh:message 'x' ; sh:minCount 1 ] . "
                                      "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:limit ] .",
                                      "sh:parameter"),
    "SHACL rules": ("sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object ex:o ] .",
                    "does not support sh:"),
    "sh:flags other than i and m": ("sh:property [ sh:path ex:p ; sh:pattern 'a' ; sh:flags 'x' ; sh:message 'x' ] .",
                                    "sh:flags"),
    "sh:uniqueLang false": ("sh:property [ sh:path ex:p ; sh:uniqueLang false ; sh:message 'x' ] .",
                            "sh:uniqueLang true"),
    "a result without sh:message": ("sh:property [ sh:path ex:p ; sh:minCount 1 ] .", "no sh:message"),
    "another severity": ("sh:severity ex:Fatal .", "sh:severity"),
    "MINUS in a query": ("sh:sparql [ sh:select 'SELECT ?this WHERE { ?this ?p ?o MINUS { ?this a ex:A } }' ] .",
                         "MINUS"),
    "a query without ?this": ("sh:sparql [ sh:select 'SELECT ?x WHERE { ?x ?p ?o }' ] .", "must project [?]this"),
    "$PATH in a query": ("sh:sparql [ sh:select 'SELECT ?this WHERE { ?this $PATH ?o }' ] .", "[$]PATH"),
    "a SPARQL constraint without a query": ("sh:sparql [ sh:message 'no query' ] .", "sh:select"),
}


@pytest.mark.parametrize("feature", UNSUPPORTED)
def test_an_unsupported_feature_is_refused_when_the_shapes_load(feature, graph_2014):
    statements, error = UNSUPPORTED[feature]
    shapes_graph = Graph().parse(data=SHAPE + "    " + statements, format="turtle")
    with pytest.raises(ShapeError, match=error):
        compile_shapes(shapes_graph)
    with pytest.raises(ShapeError, match=error):
        validate_graph(graph_2014, shapes_graph)


def test_a_bundled_shape_edited_to_use_an_unsupported_feature_is_refused(shapes):
    edited = Graph(bind_namespaces="none")
    for triple in shapes:
        edited.add(triple)
    edited.add((URIRef("https://w3id.org/npc-kg/shapes#Session"), SH.closed, Literal(True)))
    with pytest.raises(ShapeError, match="sh:closed"):
        compile_shapes(edited)


def test_the_bundled_shapes_compile_with_every_sparql_check(shapes):
    compiled = compile_shapes(shapes)
    assert len(compiled.queries) == 30  # 17, and the 13 Data Cube checks of shapes/datacube.ttl
    assert {shape.node for shape in compiled.all if shape.queries} == set(shapes.subjects(SH.target, None))
