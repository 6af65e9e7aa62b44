"""How likely a candidate item is the entity: its name, and the context that tells namesakes apart.

For a person the name is weak evidence (many people share one), so the score rests on what the graph
and Wikidata both say: the candidate is human (P31 Q5); holds an office we linked, by a P39 statement
(at the date of our tenure, when both give dates: dates that exclude it count against); sat in the
congress term we linked (a P39 statement with that parliamentary term, P2937); belongs to a body we
linked (P463). Other kinds are scored by name, and a human is never an office, body, place or term.
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


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float  # 0..1, three decimals
    evidence: tuple[str, ...]  # why, in words a reviewer can check


def score(entity: Entity, candidate: Candidate, linked: Mapping[URIRef, frozenset[str]]) -> Scored:
    """`linked`: the QIDs already linked to the graph's entities, the context of people."""
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
    support, contradicted = _context(entity, candidate, linked, evidence)
    value = name * (1.0 if human else UNTYPED) * (NAME_ONLY + (1 - NAME_ONLY) * min(support, 1.0))
    return Scored(candidate, round(value * (CONTRADICTED if contradicted else 1.0), 3), tuple(evidence))


def _context(entity: Entity, candidate: Candidate, linked: Mapping[URIRef, frozenset[str]],
             evidence: list[str]) -> tuple[float, bool]:
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
    for congress in sorted(entity.congresses):
        for qid in sorted(linked.get(congress, frozenset()) & terms):
            support += CONGRESS
            evidence.append(f"sat in {qid}")
    for body in sorted(entity.organizations):
        for qid in sorted(linked.get(body, frozenset()) & candidate.member_of):
            support += MEMBERSHIP
            evidence.append(f"member of {qid}")
    return support, contradicted


def _covers(statement: PositionHeld, day: dt.date | None) -> bool | None:
    """Whether the statement's years include `day`; None when either side gives no date. Years, not
    days: Wikidata often knows only the year, stored as 1 January."""
    if day is None or (statement.start is None and statement.end is None):
        return None
    return ((statement.start is None or statement.start.year <= day.year)
            and (statement.end is None or day.year <= statement.end.year))
