"""How likely a candidate item is the entity: its name, and the context that tells namesakes apart.

For a person the name is weak evidence (many people share one), so the score rests on what the graph
and Wikidata both say: the candidate is human (P31 Q5); holds an office we linked, by a P39 statement
(at the date of our tenure, when both give dates: dates that exclude it count against); sat in the
congress term we linked (a P39 statement with that parliamentary term, P2937); belongs to a body we
linked (P463). People recur across congresses, so for a person named at an NPC session a seat in
any NPC term counts too (`context.npc_items`: the NPC, its members' post, its terms): with an exact
name that is OpenRefine's rule, one supporting property, and a namesake who also sat in the NPC
scores the same and keeps both in review. Other kinds are scored by name, and a human is never an
office, body, place or term.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import URIRef

from .entities import Entity, Kind
from .normalize import SIMILARITY
from .sources import Candidate, PositionHeld

HUMAN = "Q5"
NAME_ONLY = 0.6  # share of a person's score that the name earns without any context
UNTYPED = 0.9  # factor for a person candidate that Wikidata does not say is human
CONTRADICTED = 0.5  # factor when an office the person held has dates that exclude our tenure

# Context support, summed and capped at 1: one clear fact lifts an exactly named human to 0.9.
OFFICE_AT_DATE = 1.0
OFFICE = 0.75
CONGRESS = 0.75
MEMBERSHIP = 0.75
ANY_TERM = 0.75  # sat in the NPC in some term (not the one we linked): counted only without CONGRESS


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float  # 0..1, three decimals
    evidence: tuple[str, ...]  # why, in words a reviewer can check


def score(entity: Entity, candidate: Candidate, linked: Mapping[URIRef, frozenset[str]],
          npc: frozenset[str] = frozenset()) -> Scored:
    """`linked`: the QIDs already linked to the graph's entities, the context of people; `npc`: the
    items that stand for the NPC (its terms, itself, its members' post)."""
    similar = SIMILARITY[entity.kind]
    name = max((similar(ours, theirs) for ours in entity.names for theirs in candidate.names), default=0.0)
    evidence = [f"name {name:.2f}"]
    human = HUMAN in candidate.types
    if entity.kind is not Kind.PERSON:
        if human:
            return Scored(candidate, 0.0, (*evidence, "a human"))
        return Scored(candidate, round(name, 3), tuple(evidence))
    if candidate.types and not human:
        return Scored(candidate, 0.0, (*evidence, "not a human"))
    evidence.append("human" if human else "not known to be human")
    support, contradicted = _context(entity, candidate, linked, npc, evidence)
    value = name * (1.0 if human else UNTYPED) * (NAME_ONLY + (1 - NAME_ONLY) * min(support, 1.0))
    return Scored(candidate, round(value * (CONTRADICTED if contradicted else 1.0), 3), tuple(evidence))


def _context(entity: Entity, candidate: Candidate, linked: Mapping[URIRef, frozenset[str]],
             npc: frozenset[str], evidence: list[str]) -> tuple[float, bool]:
    support, contradicted = 0.0, False
    for held in entity.held:
        for qid in sorted(linked.get(held.office, ())):
            covers = {_covers(s, held.start) for s in candidate.positions if s.position == qid}
            if True in covers:
                support += OFFICE_AT_DATE
                evidence.append(f"held {qid} on {held.start}")
            elif None in covers:
                support += OFFICE
                evidence.append(f"holds {qid}")
            elif covers:
                contradicted = True
                evidence.append(f"held {qid}, but not on {held.start}")
    terms = {s.term for s in candidate.positions if s.term}
    own_term = False
    for congress in sorted(entity.congresses):
        for qid in sorted(linked.get(congress, frozenset()) & terms):
            support += CONGRESS
            own_term = True
            evidence.append(f"sat in {qid}")
    if entity.congresses and not own_term and (seats := _npc_seats(candidate, npc)):
        support += ANY_TERM
        evidence.append(f"sat in the NPC ({', '.join(seats)})")
    for body in sorted(entity.organizations):
        for qid in sorted(linked.get(body, frozenset()) & candidate.member_of):
            support += MEMBERSHIP
            evidence.append(f"member of {qid}")
    return support, contradicted


def _npc_seats(candidate: Candidate, npc: frozenset[str]) -> list[str]:
    """The candidate's statements that put it in the NPC: a post or term of it, or membership."""
    found = {qid for s in candidate.positions for qid in (s.position, s.term) if qid in npc}
    return sorted(found | (candidate.member_of & npc), key=lambda qid: int(qid[1:]))


def _covers(statement: PositionHeld, day: dt.date | None) -> bool | None:
    """Whether the statement's years include `day`; None when either side gives no date. Years, not
    days: Wikidata often knows only the year, stored as 1 January."""
    if day is None or (statement.start is None and statement.end is None):
        return None
    return ((statement.start is None or statement.start.year <= day.year)
            and (statement.end is None or day.year <= statement.end.year))
