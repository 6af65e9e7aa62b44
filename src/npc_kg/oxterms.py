"""Moving RDF terms between rdflib and pyoxigraph.

The pipeline builds its triples with rdflib's term classes (the vocabulary modules speak them) and
hands them to pyoxigraph wherever speed matters: serialising, querying and validating a large
graph. IRIs repeat a great deal, so converted IRIs are cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Triple = tuple[Node, Node, Node]


@lru_cache(maxsize=1 << 20)
def _named_node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if type(term) is URIRef:  # the common case first: most terms are IRIs
        return _named_node(str.__str__(term))  # a plain str key: rdflib's __eq__ is slow
    if isinstance(term, URIRef):
        return _named_node(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named_node(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=1 << 16)  # rdflib's Literal() is slow, and values repeat across a corpus's articles
def from_ox(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not a supported RDF term: {term!r}")


class OxGraph(set):
    """A set of pyoxigraph triples that takes rdflib-term triples: stages write with the
    vocabulary's rdflib terms, and the build holds what pyoxigraph writes and queries fast."""

    def add(self, triple: Triple | ox.Triple) -> None:
        if type(triple) is not ox.Triple:
            subject, predicate, obj = triple
            triple = ox.Triple(to_ox(subject), to_ox(predicate), to_ox(obj))
        set.add(self, triple)

    def add_all(self, triples: Iterable[Triple | ox.Triple]) -> OxGraph:
        for triple in triples:
            self.add(triple)
        return self


def rdflib_triples(triples: Iterable[ox.Triple]) -> Iterable[Triple]:
    return ((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in triples)
