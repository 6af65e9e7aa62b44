"""Links as RDF, for a named graph of their own (`Minter.links_graph()`).

Each link is stated directly, so a SPARQL user reaches Wikidata in one hop, and described by an
npc:Link (an rdf:Statement about that triple) carrying the score and how it was decided. People,
organisations, places and congress terms are owl:sameAs their item; offices are skos:exactMatch
(the ontology's comment on npc:Link gives the reasons).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal

from ..rdf.iris import Minter
from ..map import decimal
from ..rdf.namespaces import NPC, OWL, PREFIXES, RDF, SKOS, WD
from .entities import Kind
from .match import Link

RELATION = {
    Kind.PERSON: OWL.sameAs,
    Kind.ORGANIZATION: OWL.sameAs,
    Kind.PLACE: OWL.sameAs,
    Kind.CONGRESS: OWL.sameAs,
    Kind.OFFICE: SKOS.exactMatch,
}


def links_to_rdf(links: Iterable[Link], minter: Minter | None = None) -> Graph:
    minter = minter or Minter()
    graph = Graph(identifier=minter.links_graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for link in links:
        relation, item, node = RELATION[link.kind], WD[link.qid], minter.link(link.entity, link.qid)
        graph.add((link.entity, relation, item))
        graph.add((node, RDF.type, NPC.Link))
        graph.add((node, RDF.subject, link.entity))
        graph.add((node, RDF.predicate, relation))
        graph.add((node, RDF.object, item))
        graph.add((node, NPC.linkScore, decimal(Decimal(str(link.score)))))
        graph.add((node, NPC.linkMethod, Literal(link.method.value)))
    return graph
