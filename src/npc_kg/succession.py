"""succession: terms of office, derived across every article of a build.

A session's article says who held an office at that session (an `npc:Tenure`: incumbent, outgoing
or elected) and often since when. A term of office (`npc:TermOfOffice`) is one person holding one
office from a start to an end, like a Wikidata P39 statement with its start (P580), end (P582),
replaces (P1365) and replaced-by (P1366) qualifiers. No article states a term's end: it is the day
the next holder's term began, which a later article states. So terms are derived when the corpus is
assembled, from every tenure with a start date:

- one term per person, office and start date: a re-election is a new term, whose predecessor is the
  same person's previous term;
- for an office one person holds at a time (`npc:SingleHolderPost`), the terms in order of their
  starts: each ends the day the next begins, and is replaced by it. Two terms with one start leave
  their order unknown, so the chain breaks there: neither gets an end or a neighbour from the other.
  A term that no later one follows has no end. Nothing else is assumed.

The result depends on the set of tenures only, never on the order of the articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from rdflib import Literal, URIRef

from .rdf.iris import Minter
from .rdf.namespaces import NPC, ORG, PROV, RDF, RDFS, SCHEMA
from .rdf.oxterms import Triple
from .rdf.statements import Statements, subject_of


@dataclass(frozen=True)
class Term:
    """One person's term in one office from a start date. `starts` makes one per tenure with a
    start (the evidence that a term began then); `_terms` merges those of one person, office and start."""

    person: str
    office: str
    organization: str | None
    start: dt.date
    lines: tuple[str, ...]  # the source lines the tenures were read from
    graph: int  # the first article (in session order) stating the start: the term's triples go there


def derive_terms(graphs: Sequence[Statements], minter: Minter) -> list[Statements]:
    """The terms of office the articles' tenures imply, as one `Statements` per article graph (in
    the order given, which must be session order: a term goes to the first article stating its start)."""
    facts = _Facts()
    for index, graph in enumerate(graphs):
        facts.read(index, graph)
    terms = _terms(facts.starts())
    out: list[list[Triple]] = [[] for _ in graphs]
    for office, in_office in groupby(sorted(terms, key=lambda t: (t.office, t.start, t.person)), lambda t: t.office):
        chain = list(in_office)
        nexts = _successors(chain) if office in facts.single_holder else {}
        previous = {later: earlier for earlier, later in nexts.items()}
        for term in chain:
            out[term.graph].extend(_describe(term, nexts.get(term), previous.get(term), facts, minter))
    return [Statements.of(triples) for triples in out]


class _Facts:
    """What the derivation reads of the article graphs: tenures, their dates, lines and labels.

    Only the lines about tenures, and the labels of their holders and offices, are parsed: picked
    by their text (a line's subject is the text before its first space), so that a large corpus is
    not parsed again."""

    _TENURE = f" <{RDF.type}> <{NPC.Tenure}> .\n".encode()
    _SINGLE = f" <{RDF.type}> <{NPC.SingleHolderPost}> .\n".encode()
    _LABEL = f" <{RDFS.label}> ".encode()

    def __init__(self) -> None:
        self.tenures: dict[str, dict[str, str]] = {}
        self.lines: dict[str, set[str]] = {}
        self.where: dict[str, int] = {}
        self.labels: dict[str, str] = {}
        self.single_holder: set[str] = set()

    def read(self, index: int, graph: Statements) -> None:
        tenures = {subject_of(line) for line in graph.lines if line.endswith(self._TENURE)}
        self.single_holder.update(subject_of(line)[1:-1].decode() for line in graph.lines
                                  if line.endswith(self._SINGLE))
        values: dict[str, dict[str, str]] = {}
        for triple in Statements([line for line in graph.lines if subject_of(line) in tenures]):
            subject, predicate, obj = triple.subject.value, triple.predicate.value, triple.object.value
            if predicate == str(PROV.wasDerivedFrom):
                self.lines.setdefault(subject, set()).add(obj)
            else:
                values.setdefault(subject, {})[predicate] = min(values.get(subject, {}).get(predicate, obj), obj)
        named = {f"<{held[p]}>".encode() for held in values.values() for p in (str(ORG.member), str(NPC.office))
                 if p in held}
        for triple in Statements([line for line in graph.lines if self._LABEL in line and subject_of(line) in named]):
            subject, label = triple.subject.value, triple.object.value
            self.labels[subject] = min(self.labels.get(subject, label), label)
        for tenure in values:
            if tenure not in self.where:
                self.tenures[tenure], self.where[tenure] = values[tenure], index

    def starts(self) -> list[Term]:
        found = []
        for tenure, values in self.tenures.items():
            person, office, start = (values.get(str(p)) for p in (ORG.member, NPC.office, SCHEMA.startDate))
            date = _date(start)
            if person and office and date:
                found.append(Term(person, office, values.get(str(ORG.organization)), date,
                                  tuple(self.lines.get(tenure, ())), self.where[tenure]))
        return found


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None  # a malformed date is reported by the tenure's shape; it starts no term


def _terms(starts: Iterable[Term]) -> list[Term]:
    key = lambda s: (s.person, s.office, s.start)  # noqa: E731
    terms = []
    for (person, office, start), group in groupby(sorted(starts, key=key), key):
        evidence = list(group)
        organizations = sorted({s.organization for s in evidence if s.organization})
        terms.append(Term(person, office, organizations[0] if organizations else None, start,
                          tuple(sorted({line for s in evidence for line in s.lines})), min(s.graph for s in evidence)))
    return terms


def _successors(chain: list[Term]) -> dict[Term, Term]:
    """Each term of a single-holder office with the term that followed it, where the order is known."""
    by_start = [list(group) for _, group in groupby(chain, lambda t: t.start)]
    return {earlier[0]: later[0] for earlier, later in zip(by_start, by_start[1:])
            if len(earlier) == 1 and len(later) == 1}


def _describe(term: Term, successor: Term | None, predecessor: Term | None, facts: _Facts,
              minter: Minter) -> list[Triple]:
    iri = _iri(term, minter)
    triples: list[Triple] = [
        (iri, RDF.type, NPC.TermOfOffice),
        (iri, ORG.member, URIRef(term.person)),
        (iri, NPC.office, URIRef(term.office)),
        (iri, SCHEMA.startDate, Literal(term.start)),
    ]
    person, office = facts.labels.get(term.person), facts.labels.get(term.office)
    if person and office:
        triples.append((iri, RDFS.label, Literal(f"{person}, {office}, from {term.start.isoformat()}", lang="en")))
    if term.organization:
        triples.append((iri, ORG.organization, URIRef(term.organization)))
    if successor is not None:
        triples.append((iri, SCHEMA.endDate, Literal(successor.start)))
        triples.append((iri, NPC.replacedBy, _iri(successor, minter)))
    if predecessor is not None:
        triples.append((iri, NPC.replaces, _iri(predecessor, minter)))
    triples.extend((iri, PROV.wasDerivedFrom, URIRef(line)) for line in term.lines)
    return triples


def _iri(term: Term, minter: Minter) -> URIRef:
    return minter.term(URIRef(term.person), URIRef(term.office), term.start.isoformat())
