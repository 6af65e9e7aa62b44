"""publish: the files of the build directory, rendered deterministically.

One module per concern: this one renders the files and reads the report's notes back from the
provenance graph; `void` describes the dataset, `jsonld` writes JSON-LD with its context, `notice`
writes the licence notice every graph file starts with. Every file is rendered in memory;
`builddir` then replaces the build directory with them as one unit, so a failed build leaves the
previous one exactly as it was. Output is byte-identical for the same input: triples are written
in sorted N-Triples order by pyoxigraph's serialisers (fast enough for a corpus of millions of
triples), and there are no blank nodes.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..map import MappedCorpus
from ..model import Span, UnreadNumber
from ..rdf.iris import Minter
from ..rdf.namespaces import DCTERMS, NPC, PREFIXES, SCHEMA
from ..rdf.statements import Statements
from .jsonld import jsonld, jsonld_files
from .notice import comment, notice, sources
from .void import served, void


# The dumps: the graph in every syntax, and the JSON-LD context as a file of its own.
DUMPS = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.nq.gz", "context.jsonld")
BUILD_FILES = (*DUMPS, "void.ttl", "report.txt", "report.ttl", "report.json")
__all__ = ["BUILD_FILES", "DUMPS", "SourceNotes", "jsonld", "named_nquads", "render_graph_files",
           "served", "source_notes", "trig", "turtle", "void"]
_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def render_graph_files(union: Statements, mapped: MappedCorpus, minter: Minter) -> dict[str, bytes]:
    """The files that do not wait for validation (a build renders them meanwhile, in another
    process): graph.ttl and graph.jsonld of the union with the JSON-LD context, graph.trig and
    graph.nq.gz of the named graphs, void.ttl; each starts with the licence notice."""
    ntriples, named = bytes(union), named_nquads(mapped, minter)
    found = sources(mapped.provenance)
    lines = notice(found)
    header = comment(lines)
    description = Statements.of(void(union, mapped, minter, DUMPS, found))
    graph_jsonld, context_jsonld = jsonld_files(ntriples, lines)
    return {
        "graph.ttl": header + _prefixed(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.TURTLE),
        "graph.jsonld": graph_jsonld,
        "context.jsonld": context_jsonld,
        "graph.trig": header + trig(named),
        # every graph `npc-kg load` puts into a store, for bulk loaders (oxigraph load, Virtuoso, QLever);
        # level 3 compresses a corpus twice as fast as 6, into a file a quarter larger
        "graph.nq.gz": gzip.compress(header + named + description.nquads(minter.void_graph()), compresslevel=3,
                                     mtime=0),
        "void.ttl": header + turtle(description),
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


def trig(nquads_text: bytes) -> bytes:
    """TriG from N-Quads, streamed through pyoxigraph's parser into its writer: no Python object
    is made per quad."""
    return _prefixed(ox.parse(nquads_text, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG)


def named_nquads(mapped: MappedCorpus, minter: Minter) -> bytes:
    """N-Quads of every named graph of the build, graph by graph in IRI order, each in sorted line order."""
    return b"".join(graph.nquads(name) for name, graph in mapped.named_graphs(minter))
