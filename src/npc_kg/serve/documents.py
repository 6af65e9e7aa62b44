"""A document's representations: its triples as Turtle, JSON-LD or N-Triples, and its HTML page.

A document describes the resource its IRI names and the fragment IRIs under it (an article and its
lines, the ontology and its terms): every triple about them, and the triples pointing at them that
their page shows as "linked from", so a client can follow links either way. There are no blank
nodes to close over. RDF is written by the build's own serialisers (`publish`), so a resource's
Turtle reads like graph.ttl, and the same data always give the same bytes.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from ..map import new_graph
from ..publish import jsonld, sorted_ntriples
from .dataset import Dataset
from .links import Links
from .pages import document_page
from .views import Reader


def graph(reader: Reader, path: str) -> Graph:
    found: set[ox.Triple] = set()
    for iri in reader.data.documents[path]:
        subject = ox.NamedNode(iri)
        found.update(q.triple for q in reader.store.quads_for_pattern(subject, None, None))
        found.update(q.triple for q in reader.incoming(subject))
    out = new_graph()
    out.parse(data=ox.serialize(found, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return out


def render(data: Dataset, path: str, fmt: str, links: Links) -> bytes:
    """Document `path` in format `fmt` (an extension of negotiation.FORMATS)."""
    reader = Reader(data)
    if fmt == "html":
        return document_page(reader.document(path), links).encode("utf-8")
    description = graph(reader, path)
    if fmt == "ttl":
        return description.serialize(format="turtle", encoding="utf-8")
    if fmt == "nt":
        return sorted_ntriples(description)
    return jsonld(description)
