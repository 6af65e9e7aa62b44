"""Graphs as sorted N-Triples lines (npc_kg.rdf.statements) and the text helpers around them: rdflib
terms written exactly as pyoxigraph writes them, and JSON-LD written from the text."""

from __future__ import annotations

import json
import pickle

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from npc_kg.rdf.oxterms import ntriples, to_ox
from npc_kg.publish import jsonld
from npc_kg.rdf.statements import Statements

EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def oxigraph_writes(term) -> str:
    line = ox.serialize([ox.Triple(to_ox(S), to_ox(P), to_ox(term))], format=ox.RdfFormat.N_TRIPLES).decode()
    return line[len(f"<{S}> <{P}> "):-len(" .\n")]


@pytest.mark.parametrize("term", [
    Literal(EVERY_CHARACTER), Literal(EVERY_CHARACTER, lang="zh-Latn-pinyin"), Literal("x", datatype=XSD.string),
    Literal("7.0", datatype=XSD.decimal), Literal(5), Literal(True), Literal("2014-03-05", datatype=XSD.date),
    URIRef("https://example.org/a?b=ü#c"), RDF.type])
def test_terms_are_written_as_pyoxigraph_writes_them(term):
    assert ntriples(term) == oxigraph_writes(term)


def test_statements_are_sorted_distinct_and_the_same_made_either_way():
    triples = [(S, P, Literal("b")), (S, RDFS.label, Literal("a", lang="en")), (S, P, Literal("b"))]
    made = Statements.of(triples)
    assert len(made) == 2 and made.lines == sorted(made.lines)
    assert made == Statements.of_ox(ox.Triple(*map(to_ox, t)) for t in triples)
    assert set(made) == {ox.Triple(*map(to_ox, t)) for t in triples}
    assert pickle.loads(pickle.dumps(made)) == made
    assert Statements.read(bytes(made)) == made


def test_union_nquads_subjects_and_chosen_predicates():
    one = Statements.of([(S, P, Literal(1)), (S, RDF.type, RDFS.Class)])
    other = Statements.of([(P, RDF.type, RDF.Property), (S, P, Literal(1))])
    union = Statements.union([one, other, Statements([])])
    assert len(union) == 3
    assert union.subjects() == {f"<{S}>".encode(), f"<{P}>".encode()}
    assert {t.object.value for t in union.having(str(RDF.type))} == {str(RDFS.Class), str(RDF.Property)}
    quads = list(ox.parse(union.nquads("https://example.org/g"), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {"https://example.org/g"} and len(quads) == 3
    assert Statements.union([one]) is one


def test_a_literal_that_looks_like_a_predicate_is_not_chosen():
    tricky = Statements.of([(S, RDFS.comment, Literal(f" <{RDF.type}> ")), (S, RDF.type, RDFS.Class)])
    assert [t.predicate.value for t in tricky.having(str(RDF.type))] == [str(RDF.type)]


def test_blank_nodes_are_written_with_their_labels():
    assert ntriples(BNode("b1")) == "_:b1"


def test_jsonld_from_text_reads_back_as_the_same_graph():
    hard = "quote \" backslash \\ tab \t newline \n nul \x00 del \x7f \ufffe 中文 😀"
    triples = [(S, RDFS.label, Literal(hard, lang="en")), (S, P, Literal(hard)), (S, P, Literal(3)),
               (S, RDF.type, RDFS.Class), (S, RDFS.seeAlso, P), (P, RDFS.label, Literal("x", datatype=XSD.string))]
    text = bytes(Statements.of(triples))
    document = jsonld(text)
    json.loads(document)  # well-formed
    assert set(ox.parse(document, format=ox.RdfFormat.JSON_LD)) == set(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
