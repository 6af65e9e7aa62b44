"""publish: the files of the build directory, rendered deterministically.

Every file is rendered in memory; `builddir` then replaces the build directory with them as one
unit, so a failed build leaves the previous one exactly as it was. Output is byte-identical for
the same input: triples
are written in sorted N-Triples order by pyoxigraph's serialisers (fast enough for a corpus of
millions of triples), and there are no blank nodes.
"""

from __future__ import annotations

import gzip
from collections import Counter
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal, URIRef

from .gc_pause import no_cycle_collection
from .rdf.iris import Minter
from .map import MappedCorpus, en
from .model import Span, UnreadNumber
from .rdf.namespaces import DCTERMS, NPC, PREFIXES, PROV, RDF, RDFS, SCHEMA, VOID, XSD
from .rdf.oxterms import Triple
from .rdf.statements import Statements
from .validate import report_files

if TYPE_CHECKING:
    from .pipeline import Build

BUILD_FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.nq.gz", "void.ttl", "report.txt",
               "report.ttl", "report.json")
_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def render_build(build: Build) -> dict[str, bytes]:
    """Every file of the build directory, by name."""
    return {
        **build.graph_files.result(),
        "graph.nt": bytes(build.union),
        **report_files(build.report, build.notes.unread, build.notes.warnings),
    }


def render_graph_files(union: Statements, mapped: MappedCorpus, minter: Minter) -> dict[str, bytes]:
    """The files that do not wait for validation (a build renders them meanwhile, in another
    process): graph.ttl and graph.jsonld of the union, graph.trig and graph.nq.gz of the named
    graphs, void.ttl."""
    ntriples, named = bytes(union), named_nquads(mapped, minter)
    description = Statements.of(void(union, mapped, minter))
    return {
        "graph.ttl": _prefixed(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.TURTLE),
        "graph.jsonld": jsonld(ntriples),
        "graph.trig": trig(named),
        # every graph `npc-kg load` puts into a store, for bulk loaders (oxigraph load, Virtuoso, QLever);
        # level 3 compresses a corpus twice as fast as 6, into a file a quarter larger
        "graph.nq.gz": gzip.compress(named + description.nquads(minter.void_graph()), compresslevel=3,
                                     mtime=0),
        "void.ttl": turtle(description),
    }


def turtle(statements: Statements) -> bytes:
    """Turtle of the statements, in N-Triples line order."""
    return _prefixed(statements, ox.RdfFormat.TURTLE)


def _prefixed(statements: Iterable, rdf_format: ox.RdfFormat) -> bytes:
    """Turtle or TriG with prefixed names; the prefix block is written here, in the project's
    order, since the order pyoxigraph writes its own in is not part of its contract."""
    body = ox.serialize(statements, format=rdf_format, prefixes=_PREFIXES)
    lines = body.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
    head = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in _PREFIXES.items())
    return head.encode("utf-8") + b"\n" + b"".join(lines[start:])


@dataclass(frozen=True)
class SourceNotes:
    """What the provenance graph says of the sources besides where each fact came from."""

    warnings: list[tuple[str, int, str]]  # (file name, line, message) of every npc:sourceWarning, in order
    unread: list[UnreadNumber]  # every npc:unreadNumber, in file, line and position order
    numbers_read: dict[str, int]  # how many numbers each article's facts were read from, by file name


def source_notes(provenance: Statements) -> SourceNotes:
    """The notes, from one pass over the provenance graph (a large build's is large)."""
    facts: dict[str, dict[str, list[str]]] = {}
    for triple in provenance.having(*_NOTES):
        facts.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, []).append(triple.object.value)

    def value(subject: str, predicate: str) -> str:
        return facts[subject][predicate][0]

    def place(line: str) -> tuple[str, int]:
        """(file name, line number) of a source line, by its IRI."""
        return value(value(line, IS_PART_OF), FILE_NAME), int(value(line, LINE))

    warnings = sorted((*place(line), message) for line, values in facts.items()
                      for message in values.get(SOURCE_WARNING, ()))
    unread = sorted(((*place(line), int(value(node, POSITION)), node) for line, values in facts.items()
                     for node in values.get(UNREAD_NUMBER, ())), key=lambda entry: entry[:3])
    return SourceNotes(
        warnings,
        [UnreadNumber(Span(name, line), value(node, NUMBER_TEXT), value(node, UNREAD_REASON))
         for name, line, _, node in unread],
        {value(article, FILE_NAME): int(values[NUMBERS_READ][0]) for article, values in facts.items()
         if NUMBERS_READ in values})


SOURCE_WARNING, IS_PART_OF, FILE_NAME, LINE = map(str, (NPC.sourceWarning, DCTERMS.isPartOf, NPC.fileName, NPC.line))
UNREAD_NUMBER, NUMBER_TEXT, UNREAD_REASON, POSITION, NUMBERS_READ = map(
    str, (NPC.unreadNumber, NPC.numberText, NPC.unreadReason, SCHEMA.position, NPC.numbersRead))
_NOTES = (SOURCE_WARNING, IS_PART_OF, FILE_NAME, LINE, UNREAD_NUMBER, NUMBER_TEXT, UNREAD_REASON, POSITION,
          NUMBERS_READ)


def jsonld(ntriples: bytes) -> bytes:
    """Compact JSON-LD whose context is the project's prefixes: one node per subject, properties and
    types as prefixed names. Written straight from sorted N-Triples text, where each subject's lines
    come together (a build has no blank nodes, and no IRI has a space)."""
    nodes: list[dict] = []
    node: dict = {}
    subject = None
    with no_cycle_collection():  # a dictionary and a list or two per subject, no cycles
        for line in ntriples.decode("utf-8").splitlines():
            this, predicate, obj = line.split(" ", 2)
            if this != subject:
                subject = this
                node = {"@id": subject[1:-1]}
                nodes.append(node)
            if predicate == RDF_TYPE:
                node.setdefault("@type", []).append(_compact(obj[1:-3]))
            else:
                node.setdefault(_compact(predicate[1:-1]), []).append(_jsonld_value(obj[:-2]))
    # One node per line: readable, diff-friendly, and json's fast C encoder (indent= is pure Python).
    context = json.dumps(_PREFIXES, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    body = ",\n    ".join(map(_JSON.encode, nodes))
    return f'{{\n  "@context": {context},\n  "@graph": [\n    {body}\n  ]\n}}\n'.encode("utf-8")


RDF_TYPE = f"<{RDF.type}>"
XSD_STRING = str(XSD.string)
_JSON = json.JSONEncoder(ensure_ascii=False)
NT_ESCAPE = re.compile(r'\\(?:([tbnrf"\'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))')
NT_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


@lru_cache(maxsize=1 << 16)
def _compact(iri: str) -> str:
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _jsonld_value(term: str) -> dict | str:
    """A JSON-LD value from an N-Triples object: <iri>, "text", "text"@lang or "text"^^<datatype>."""
    if term[0] == "<":
        return {"@id": term[1:-1]}
    end = term.rindex('"')
    text = term[1:end]
    if "\\" in text:
        text = NT_ESCAPE.sub(_unescape, text)
    rest = term[end + 1:]
    if rest.startswith("@"):
        return {"@value": text, "@language": rest[1:]}
    if not rest or rest[3:-1] == XSD_STRING:
        return text
    return {"@value": text, "@type": _compact(rest[3:-1])}


def _unescape(match: re.Match) -> str:
    simple, short, long = match.groups()
    return NT_ESCAPES[simple] if simple else chr(int(short or long, 16))


def trig(nquads_text: bytes) -> bytes:
    """TriG from N-Quads, streamed through pyoxigraph's parser into its writer: no Python object
    is made per quad."""
    return _prefixed(ox.parse(nquads_text, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG)


def named_nquads(mapped: MappedCorpus, minter: Minter) -> bytes:
    """N-Quads of every named graph of the build, graph by graph in IRI order, each in sorted line order."""
    return b"".join(graph.nquads(name) for name, graph in mapped.named_graphs(minter))


def void(union: Statements, mapped: MappedCorpus, minter: Minter) -> list[Triple]:
    """A VoID description: size, classes, vocabularies, sources, dumps, and each named graph as a
    void:subset with its size."""
    dataset = minter.dataset()
    graph: list[Triple] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDFS.label, en("npc-kg dataset")),
        (dataset, DCTERMS.title, en("npc-kg: sessions of China's National People's Congress")),
        (dataset, DCTERMS.description, en(
            "Sessions, congress terms, officeholders, reports, resolutions with their votes, economic figures "
            "and policy guidelines, extracted from Wikipedia articles and validated with SHACL.")),
        (dataset, VOID.triples, Literal(len(union))),
        (dataset, VOID.distinctSubjects, Literal(len(union.subjects()))),
        (dataset, VOID.uriSpace, Literal(minter.base)),
    ]
    for prefix in ("npc", "schema", "org", "opengov", "prov", "dct", "skos"):
        graph.append((dataset, VOID.vocabulary, URIRef(_PREFIXES[prefix])))
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.nq.gz"):
        graph.append((dataset, VOID.dataDump, minter.dump(name)))
    for name, statements in mapped.named_graphs(minter):  # disjoint: their sizes add up to void:triples
        graph.append((dataset, VOID.subset, name))
        graph.append((name, VOID.triples, Literal(len(statements))))
    graph_names = {str(name) for name in mapped.article_graphs}
    for triple in mapped.provenance.having(str(PROV.wasDerivedFrom)):
        if triple.subject.value in graph_names:
            graph.append((dataset, DCTERMS.source, URIRef(triple.object.value)))
    typed = [(triple.object.value, triple.subject.value) for triple in union.having(str(RDF.type))]
    for cls, count in sorted(Counter(cls for cls, _ in typed).items()):
        part = URIRef(f"{dataset}#class-{_compact(cls).replace(':', '-')}")
        graph.append((dataset, VOID.classPartition, part))
        graph.append((part, VOID["class"], URIRef(cls)))
        graph.append((part, VOID.entities, Literal(count)))
    sessions = [subject for cls, subject in typed if cls == str(NPC.Session)]
    if sessions:
        graph.append((dataset, VOID.exampleResource, URIRef(min(sessions))))
    return graph

