"""What a graph of NPC sessions implies without stating it: the NPC itself and the post its deputies hold.

People recur across congresses: someone named at a session of one NPC term has often sat in
another, and Wikidata says so with P39 "member of the National People's Congress" (qualified by
the term, P2937) or P463 (member of) the NPC. Reading those statements takes the items of the
NPC, of its members' post and of its terms. The graph names the terms (npc:CongressTerm) but
seldom the NPC or the post, so they are linked too, as context, by the catalogue's full names
only ("NPC" also names other things), and never stated as links of the graph.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import URIRef

from .. import catalogue
from ..rdf.iris import Minter
from .entities import Entity, Kind

NPC = catalogue.organization("npc")
DEPUTY = catalogue.office("npc-deputy")


def implied_entities(entities: Mapping[URIRef, Entity], minter: Minter) -> dict[URIRef, Entity]:
    """The NPC and its deputies' post, when the graph has a congress term but not them."""
    if not any(e.kind is Kind.CONGRESS for e in entities.values()):
        return {}
    full = tuple(name for name in (DEPUTY.label, *DEPUTY.aliases) if NPC.label in name)
    implied = (Entity(minter.organization(NPC.key), Kind.ORGANIZATION, NPC.label, (NPC.label,)),
               Entity(minter.office(DEPUTY.key), Kind.OFFICE, DEPUTY.label, full))
    return {e.iri: e for e in implied if e.iri not in entities}


def npc_items(entities: Mapping[URIRef, Entity], linked: Mapping[URIRef, frozenset[str]],
              minter: Minter) -> frozenset[str]:
    """The items that stand for the NPC: its terms, itself and its members' post, as linked so far."""
    keys = {minter.organization(NPC.key), minter.office(DEPUTY.key)}
    keys |= {iri for iri, e in entities.items() if e.kind is Kind.CONGRESS}
    return frozenset().union(*(linked.get(key, frozenset()) for key in sorted(keys)))
