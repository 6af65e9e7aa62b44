"""The VoID description of a build (void.ttl): what a crawler, a catalogue or a SPARQL client needs
to find, credit and use the data.

Size (triples, subjects, properties), each named graph as a subset with its size, each class with
its number of entities, the vocabularies the data use (those of `PREFIXES` whose terms appear as
properties or classes), the URI space (the build's --base), every dump, example resources, the
licence with its attribution and the source pages (see `notice`), one `void:Linkset` per property
that links to Wikidata, the date from SOURCE_DATE_EPOCH only, and the SPARQL endpoint when the data
are served (`served`). Every figure is counted from the N-Triples text, so it agrees with graph.nt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rdflib import Literal, URIRef

from ..map import MappedCorpus, en, source_date
from ..rdf.iris import Minter
from ..rdf.namespaces import (CC, CC_BY_SA, DCTERMS, NPC, PREFIXES, RDF, RDFS, SCHEMA, VOID, WD, WIKIDATA)
from ..rdf.oxterms import Triple
from ..rdf.statements import Statements
from .jsonld import compact
from .notice import ATTRIBUTION_NAME, TITLE, Source, notice


def void(union: Statements, mapped: MappedCorpus, minter: Minter, dumps: Sequence[str], found: list[Source],
         sparql_endpoint: str | None = None) -> list[Triple]:
    """The description of the build whose graph is `union`, published as the files `dumps`, derived
    from the pages `found`; with the endpoint's URL when it is served."""
    dataset = minter.dataset()
    predicates = Counter(line.split(b" ", 2)[1] for line in union.lines)
    graph: list[Triple] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDFS.label, en("npc-kg dataset")),
        (dataset, DCTERMS.title, en(TITLE)),
        (dataset, DCTERMS.description, en(
            "Sessions, congress terms, officeholders, reports, resolutions with their votes, economic figures "
            "and policy guidelines, extracted from Wikipedia articles and validated with SHACL.")),
        (dataset, VOID.triples, Literal(len(union))),
        (dataset, VOID.distinctSubjects, Literal(len(union.subjects()))),
        (dataset, VOID.properties, Literal(len(predicates))),
        (dataset, VOID.uriSpace, Literal(minter.base)),
        *_licence(dataset, minter, found),
        *served(minter, sparql_endpoint),
    ]
    modified = source_date()
    if modified is not None:
        graph.append((dataset, DCTERMS.modified, modified))
    for name in dumps:
        graph.append((dataset, VOID.dataDump, minter.dump(name)))
    for name, statements in mapped.named_graphs(minter):  # disjoint: their sizes add up to void:triples
        graph.append((dataset, VOID.subset, name))
        graph.append((name, VOID.triples, Literal(len(statements))))
    typed = [(triple.object.value, triple.subject.value) for triple in union.having(str(RDF.type))]
    used = {predicate.decode()[1:-1] for predicate in predicates} | {cls for cls, _ in typed}
    for namespace in sorted({_namespace(iri) for iri in used} - {None}):
        graph.append((dataset, VOID.vocabulary, URIRef(namespace)))
    for cls, count in sorted(Counter(cls for cls, _ in typed).items()):
        part = minter.dataset_part(f"class-{compact(cls).replace(':', '-')}")
        graph.append((dataset, VOID.classPartition, part))
        graph.append((part, VOID["class"], URIRef(cls)))
        graph.append((part, VOID.entities, Literal(count)))
    for cls in (NPC.Session, SCHEMA.Person):
        instances = [subject for found_class, subject in typed if found_class == str(cls)]
        if instances:
            graph.append((dataset, VOID.exampleResource, URIRef(min(instances))))
    graph.extend(_linksets(union, mapped, minter))
    return graph


def served(minter: Minter, sparql_endpoint: str | None) -> list[Triple]:
    """What serving adds to the description: the dataset's SPARQL endpoint (`npc-kg serve` adds
    it to the description it loads, at run time, since only then is the address known)."""
    return [(minter.dataset(), VOID.sparqlEndpoint, URIRef(sparql_endpoint))] if sparql_endpoint else []


def _licence(dataset: URIRef, minter: Minter, found: list[Source]) -> list[Triple]:
    """The licence, whom to credit, the rights statement of the notice, and the source pages
    (the revision's permanent URL too where the article's sidecar gives it)."""
    rights = minter.dataset_part("rights")
    graph: list[Triple] = [
        (dataset, DCTERMS.license, CC_BY_SA),
        (dataset, CC.attributionName, Literal(ATTRIBUTION_NAME)),
        (dataset, DCTERMS.rights, rights),
        (rights, RDF.type, DCTERMS.RightsStatement),
        (rights, RDFS.label, en(" ".join(notice(found)[1:4]))),
    ]
    for source in found:
        graph.append((dataset, DCTERMS.source, URIRef(source.url)))
        graph.append((dataset, CC.attributionURL, URIRef(source.url)))
        if source.revision:
            graph.append((dataset, DCTERMS.source, URIRef(source.revision)))
    return graph


def _linksets(union: Statements, mapped: MappedCorpus, minter: Minter) -> list[Triple]:
    """One void:Linkset per property linking the data to Wikidata items (the properties the links
    graph's npc:Link statements name), with the number of such links in the data."""
    if mapped.links is None:
        return []
    linking = sorted({triple.object.value for triple in mapped.links.having(str(RDF.predicate))})
    if not linking:
        return []
    dataset, items = minter.dataset(), f"<{WD}".encode()
    graph: list[Triple] = [  # not typed void:Dataset: readers take the one void:Dataset for the build's
        (WIKIDATA, DCTERMS.title, en("Wikidata")),
        (WIKIDATA, VOID.uriSpace, Literal(str(WD))),
    ]
    for predicate in linking:
        mark = f" <{predicate}> ".encode()
        count = sum(1 for line in union.lines if mark in line and line.split(b" ", 2)[2].startswith(items))
        linkset = minter.dataset_part(f"links-{compact(predicate).replace(':', '-')}")
        graph += [
            (dataset, VOID.subset, linkset),
            (linkset, RDF.type, VOID.Linkset),
            (linkset, VOID.linkPredicate, URIRef(predicate)),
            (linkset, VOID.subjectsTarget, dataset),
            (linkset, VOID.objectsTarget, WIKIDATA),
            (linkset, VOID.target, dataset),
            (linkset, VOID.target, WIKIDATA),
            (linkset, VOID.triples, Literal(count)),
        ]
    return graph


def _namespace(iri: str) -> str | None:
    """The namespace of `PREFIXES` a term is in (the longest that fits), or None."""
    fits = [str(ns) for ns in PREFIXES.values() if iri.startswith(str(ns)) and iri != str(ns)]
    return max(fits, key=len) if fits else None
