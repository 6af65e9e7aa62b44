"""What the linker links: the people, offices, organisations, places and congress terms of a graph,
each with the context that tells namesakes apart (offices held and since when, the congress terms
and bodies the person appears with). A person's congress terms are those of the sessions anything
about the person belongs to, and of the sessions of the articles the person is read from: someone
named only in prose (a spokesperson) was still named at a session of that term."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from rdflib import Graph, Literal, URIRef

from ..rdf.namespaces import DCTERMS, NPC, ORG, PROV, RDF, RDFS, SCHEMA, SKOS
from ..rdf.oxterms import ntriples, rdflib_triples
from ..rdf.statements import Statements, subject_of


class Kind(str, Enum):
    """Kinds in linking order: a person's context (offices, bodies, congress term) is linked first."""

    CONGRESS = "congress"
    ORGANIZATION = "organization"
    PLACE = "place"
    OFFICE = "office"
    PERSON = "person"


# The class that makes a resource a thing of each kind; a resource with several takes the first.
CLASSES: tuple[tuple[URIRef, Kind], ...] = (
    (SCHEMA.Person, Kind.PERSON),
    (ORG.Post, Kind.OFFICE),
    (NPC.CongressTerm, Kind.CONGRESS),
    (ORG.Organization, Kind.ORGANIZATION),
    (SCHEMA.City, Kind.PLACE),
    (SCHEMA.Place, Kind.PLACE),
)


@dataclass(frozen=True)
class Held:
    """An office a person holds, and since when if a tenure says so."""

    office: URIRef
    start: dt.date | None = None


@dataclass(frozen=True)
class Entity:
    iri: URIRef
    kind: Kind
    label: str
    names: tuple[str, ...]  # every label and alternative label, any language
    held: tuple[Held, ...] = ()
    congresses: frozenset[URIRef] = frozenset()  # congress terms of the sessions the person appears in
    organizations: frozenset[URIRef] = frozenset()  # bodies the person belongs to or resigns from


# What `read_entities` reads, besides the statements about the things it links (their types,
# labels, offices held, sources and sessions) and the statements naming a person: kept whole,
# since they are few.
_READ_WHOLE = tuple(f" {ntriples(p)} ".encode() for p in (
    NPC.session, DCTERMS.isPartOf, ORG.member, NPC.office, SCHEMA.startDate, ORG.postIn,
    NPC.concernsPerson, NPC.concernsOrganization))
_READ_OF_A_THING = tuple(f" {ntriples(p)} ".encode() for p in (
    RDF.type, RDFS.label, SKOS.altLabel, ORG.holds, PROV.wasDerivedFrom, SCHEMA.superEvent))
_THINGS = tuple(f" {ntriples(RDF.type)} {ntriples(cls)} .\n".encode()
                for cls in (*(cls for cls, _ in CLASSES), NPC.Session))
_PERSON = f" {ntriples(RDF.type)} {ntriples(SCHEMA.Person)} .\n".encode()


def linkable(statements: Statements) -> Graph:
    """The part of a build's graph that `read_entities` reads, as an rdflib Graph: about one in seven of
    a large build's statements (no votes, figures or line texts), so linking a million triples does
    not first convert them all to rdflib. Selected on the N-Triples text, in two passes: what the
    things to link (and the sessions) are, then the statements the linker reads."""
    things, people = set(), set()
    for line in statements.lines:
        if line.endswith(_THINGS):
            things.add(subject_of(line))
            if line.endswith(_PERSON):
                people.add(subject_of(line))
    graph = Graph(bind_namespaces="none")
    kept = Statements([line for line in statements.lines
                       if any(mark in line for mark in _READ_WHOLE)
                       or (subject_of(line) in things and any(mark in line for mark in _READ_OF_A_THING))
                       or line[line.rindex(b" ", 0, -3) + 1:-3] in people])  # its object: " <o> .\n"
    for triple in rdflib_triples(kept):
        graph.add(triple)
    return graph


def read_entities(graph: Graph) -> tuple[Entity, ...]:
    """Every linkable resource of `graph`, in linking order (kind, then IRI)."""
    kinds: dict[URIRef, Kind] = {}
    for cls, kind in CLASSES:
        for subject in graph.subjects(RDF.type, cls):
            if isinstance(subject, URIRef):
                kinds.setdefault(subject, kind)
    order = list(Kind)
    ranked = sorted(kinds.items(), key=lambda pair: (order.index(pair[1]), pair[0]))
    terms = _article_terms(graph)
    return tuple(_entity(graph, iri, kind, terms) for iri, kind in ranked)


def _entity(graph: Graph, iri: URIRef, kind: Kind, terms: dict[URIRef, frozenset[URIRef]]) -> Entity:
    labels = sorted(graph.objects(iri, RDFS.label), key=lambda n: (getattr(n, "language", None) != "en", str(n)))
    names = tuple(sorted({str(n) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(iri, p)}))
    label = str(labels[0]) if labels else str(iri)
    if kind is not Kind.PERSON:
        return Entity(iri, kind, label, names)
    held = _held(graph, iri)
    return Entity(iri, kind, label, names, held, _congresses(graph, iri, terms), _organizations(graph, iri, held))


def _held(graph: Graph, person: URIRef) -> tuple[Held, ...]:
    dated = {Held(office, _date(graph.value(tenure, SCHEMA.startDate)))
             for tenure in graph.subjects(ORG.member, person)
             if isinstance(office := graph.value(tenure, NPC.office), URIRef)}
    offices = {h.office for h in dated}
    undated = {Held(o) for o in graph.objects(person, ORG.holds) if isinstance(o, URIRef) and o not in offices}
    return tuple(sorted(dated | undated, key=lambda h: (h.office, h.start or dt.date.min)))


def _congresses(graph: Graph, person: URIRef, terms: dict[URIRef, frozenset[URIRef]]) -> frozenset[URIRef]:
    """Congress terms of every session something about the person (tenure, report, resolution) belongs
    to, and of the sessions of the articles the person is read from (`terms`, by article)."""
    sessions = {session for mention in graph.subjects(None, person) for session in graph.objects(mention, NPC.session)}
    articles = {article for line in graph.objects(person, PROV.wasDerivedFrom)
                for article in graph.objects(line, DCTERMS.isPartOf)}
    return frozenset({congress for session in sessions for congress in _terms_of(graph, session)}
                     | {congress for article in articles for congress in terms.get(article, ())})


def _article_terms(graph: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """The congress terms of the sessions each article describes (read from the session's provenance)."""
    found: dict[URIRef, set[URIRef]] = {}
    for session in graph.subjects(RDF.type, NPC.Session):
        for line in graph.objects(session, PROV.wasDerivedFrom):
            for article in graph.objects(line, DCTERMS.isPartOf):
                if isinstance(article, URIRef):
                    found.setdefault(article, set()).update(_terms_of(graph, session))
    return {article: frozenset(terms) for article, terms in found.items()}


def _terms_of(graph: Graph, session: object) -> set[URIRef]:
    return {congress for congress in graph.objects(session, SCHEMA.superEvent)
            if isinstance(congress, URIRef) and (congress, RDF.type, NPC.CongressTerm) in graph}


def _organizations(graph: Graph, person: URIRef, held: tuple[Held, ...]) -> frozenset[URIRef]:
    """Bodies of the posts the person holds, and bodies a resolution about the person concerns."""
    posts = {body for h in held for body in graph.objects(h.office, ORG.postIn)}
    concerned = {body for resolution in graph.subjects(NPC.concernsPerson, person)
                 for body in graph.objects(resolution, NPC.concernsOrganization)}
    return frozenset(b for b in posts | concerned if isinstance(b, URIRef))


def _date(value: object) -> dt.date | None:
    python = value.toPython() if isinstance(value, Literal) else None
    return python if isinstance(python, dt.date) and not isinstance(python, dt.datetime) else None
