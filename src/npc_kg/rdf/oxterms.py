"""Moving RDF terms between rdflib, N-Triples text and pyoxigraph.

The pipeline builds its triples with rdflib's term classes (the vocabulary modules speak them),
keeps graphs as N-Triples text (`statements`), and hands them to pyoxigraph wherever speed
matters: serialising, querying and validating a large graph. `ntriples` writes a term exactly as
pyoxigraph's N-Triples writer does, so that text made either way is the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import re

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


# pyoxigraph's escapes in a literal: the usual ones; other control characters, U+FFFE and U+FFFF
# as \uXXXX (tested against pyoxigraph for every code point).
_LITERAL_ESCAPES = {**{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}, 0x08: "\\b", 0x09: "\\t",
                    0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_LITERAL_ESCAPED = re.compile('[\x00-\x1f\x7f"\\\\\ufffe\uffff]')
# An rdflib IRI is not checked; these would end it early (valid IRIs have none).
_IRI_ESCAPES = str.maketrans({"\\": "\\u005C", ">": "\\u003E", "\n": "\\u000A", "\r": "\\u000D"})
_IRI_ESCAPED = re.compile("[\\\\>\n\r]")


def ntriples(term: Node) -> str:
    """The term in N-Triples, as pyoxigraph writes it (language tags in lower case, xsd:string
    implied)."""
    if isinstance(term, URIRef):
        return _iri(str.__str__(term))  # a plain str key: rdflib's __eq__ is slow
    if isinstance(term, Literal):
        text = str(term)
        if _LITERAL_ESCAPED.search(text):
            text = text.translate(_LITERAL_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language.lower()}'
        datatype = term.datatype
        return f'"{text}"' if datatype is None or str(datatype) == XSD_STRING else f'"{text}"^^{ntriples(datatype)}'
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=1 << 16)
def _iri(iri: str) -> str:
    return f"<{iri.translate(_IRI_ESCAPES) if _IRI_ESCAPED.search(iri) else iri}>"


def ntriples_line(triple: Triple) -> bytes:
    subject, predicate, obj = triple
    return f"{ntriples(subject)} {ntriples(predicate)} {ntriples(obj)} .\n".encode()


def rdflib_triples(triples: Iterable[ox.Triple]) -> Iterable[Triple]:
    return ((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in triples)
