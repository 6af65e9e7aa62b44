"""link: Wikidata identifiers for the graph's people, offices, organisations, places and congress terms.

In the spirit of OpenRefine's reconciliation and nomenklatura: look candidates up by name
(`sources`), score them on name and context (`score`), take only clear winners (`match`), and leave
the rest to a person (`review`), whose decisions later runs honour. Typical use:

    decisions = read_review(out / "links-review.csv")
    result = link_graph(graph, LocalReference(reference_file), decisions, minter)
    (out / "links-review.csv").write_bytes(review_csv(result.review))
    result.rdf  # the links, a graph identified by minter.links_graph()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph, URIRef

from ..rdf.iris import Minter
from .context import implied_entities, npc_items
from .entities import Entity, Kind, read_entities
from .match import Link, MatchRule, Method, one_item_one_entity
from .normalize import VARIANTS
from .rdf import links_to_rdf
from .review import Decision, ReviewRow, ordered, read_review, review_csv
from .score import Scored, score
from .sources import WDQS, Candidate, LocalReference, ReferenceSource, SparqlReference

__all__ = ["WDQS", "Decision", "Kind", "Link", "LinkResult", "LocalReference", "MatchRule", "Method",
           "ReferenceSource", "ReviewRow", "SparqlReference", "link_graph", "links_to_rdf", "read_review",
           "review_csv"]


@dataclass(frozen=True)
class LinkResult:
    links: tuple[Link, ...]  # sorted by entity, then QID
    review: tuple[ReviewRow, ...]  # open candidates and every earlier decision, in file order
    rdf: Graph  # the links as RDF; its identifier is the links' named graph


def link_graph(graph: Graph, source: ReferenceSource, decisions: Iterable[ReviewRow] = (),
               minter: Minter | None = None, rule: MatchRule = MatchRule()) -> LinkResult:
    """Link every person, office, organisation, place and congress term of `graph` that `source`
    identifies beyond doubt; `decisions` (rows of an earlier links-review.csv) are honoured. The NPC
    and its deputies' post, which the graph implies (`context`), are linked as context only."""
    minter = minter or Minter()
    stated = {e.iri: e for e in read_entities(graph)}
    entities = {**implied_entities(stated, minter), **stated}
    decided = {(r.entity, r.qid): r for r in decisions if r.decision is not Decision.UNDECIDED}
    lookups = {e.iri: {v for name in e.names for v in VARIANTS[e.kind](name)} for e in entities.values()}
    found = source.search(set().union(*lookups.values()))

    links = [Link(r.entity, stated[r.entity].label, stated[r.entity].kind, r.qid, r.score, Method.MANUAL)
             for r in decided.values() if r.decision is Decision.ACCEPT and r.entity in stated]
    linked: dict[URIRef, frozenset[str]] = {}
    for link in links:
        linked[link.entity] = linked.get(link.entity, frozenset()) | {link.qid}
    review = list(decided.values())
    for kind in Kind:
        npc = npc_items(entities, linked, minter)
        scored = {e: _scored(e, lookups[e.iri], found, decided, linked, npc)
                  for e in entities.values() if e.kind is kind and e.iri not in linked}
        picks = {e.iri: best for e, candidates in scored.items() if (best := rule.pick(candidates))}
        accepted = one_item_one_entity(picks, taken=frozenset().union(*linked.values()))
        for entity, candidates in scored.items():
            if pick := accepted.get(entity.iri):
                linked[entity.iri] = frozenset({pick.candidate.qid})
                if entity.iri in stated:
                    links.append(Link(entity.iri, entity.label, kind, pick.candidate.qid, pick.score, Method.AUTO))
            elif entity.iri in stated:
                review.extend(ReviewRow(entity.iri, entity.label, kind, s.candidate.qid, s.candidate.label, s.score,
                                        "; ".join(s.evidence)) for s in candidates)
    links.sort(key=lambda link: (str(link.entity), link.qid))
    return LinkResult(tuple(links), ordered(review), links_to_rdf(links, minter))


def _scored(entity: Entity, lookups: set[str], found: Mapping[str, tuple[Candidate, ...]],
            decided: Mapping[tuple[URIRef, str], ReviewRow], linked: Mapping[URIRef, frozenset[str]],
            npc: frozenset[str]) -> list[Scored]:
    """The entity's candidates that no reviewer rejected, scored; those with no resemblance left out."""
    candidates = {c.qid: c for name in lookups for c in found.get(name, ())}
    scored = (score(entity, c, linked, npc) for qid, c in sorted(candidates.items())
              if (entity.iri, qid) not in decided)
    return [s for s in scored if s.score > 0]
