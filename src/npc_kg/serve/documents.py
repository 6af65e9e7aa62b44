"""A document's representations: its triples as Turtle, JSON-LD or N-Triples, and its HTML page.

A document describes the resource its IRI names and the fragment IRIs under it (an article and its
lines, the ontology and its terms): every triple about them, then the triples pointing at them that
their page shows as "linked from", so a client can follow links either way. There are no blank
nodes to close over. Turtle lists the document's own resources first, N-Triples is sorted, JSON-LD
is the build's own compact, sorted form (`publish.jsonld`): the same data always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES
from ..publish import jsonld
from ..rdf.statements import Statements
from .dataset import Dataset, natural
from .links import Links
from .pages import document_page
from .views import Reader


def triples(reader: Reader, path: str) -> list[ox.Triple]:
    own: list[ox.Triple] = []
    incoming: set[ox.Triple] = set()
    for iri in reader.data.documents[path]:
        subject = ox.NamedNode(iri)
        own += sorted({q.triple for q in reader.store.quads_for_pattern(subject, None, None)}, key=str)
        incoming.update(q.triple for q in reader.incoming(subject))
    return own + sorted(incoming - set(own), key=lambda t: (natural(t.subject.value), str(t)))


def turtle(graph: Sequence[ox.Triple]) -> bytes:
    """Turtle in the order given, declaring only the project's prefixes it uses."""
    terms = [term for triple in graph for term in triple]
    used = {str(t.datatype if isinstance(t, ox.Literal) else t) for t in terms}
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items() if any(i.startswith(f"<{ns}") for i in used)}
    return ox.serialize(graph, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def ntriples(graph: Iterable[ox.Triple]) -> bytes:
    return bytes(Statements.of_ox(graph))


def render(data: Dataset, path: str, fmt: str, links: Links) -> bytes:
    """Document `path` in format `fmt` (an extension of negotiation.FORMATS)."""
    reader = Reader(data)
    if fmt == "html":
        return document_page(reader.document(path), links).encode("utf-8")
    description = triples(reader, path)
    if fmt == "ttl":
        return turtle(description)
    if fmt == "nt":
        return ntriples(description)
    return jsonld(ntriples(description))
