"""The stages in order: parse -> extract -> map -> validate -> publish.

Kept apart from the CLI so that tests, benchmarks and other programs run the same pipeline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .errors import InputError, UserError, ValidationFailed, reported_as
from .extract import extract_document
from .iris import Minter
from .map import ArticleGraph, MappedCorpus, TripleSet, map_article, map_corpus
from .model import ArticleRecords
from .parse import parse_article, parse_bytes, read_bytes
from .publish import sorted_ntriples
from .resources import corpus_files
from .validate import Report, validate_store

if TYPE_CHECKING:
    from .cache import ArticleCache
    from .link import LinkResult, ReferenceSource, ReviewRow


@dataclass(frozen=True)
class Build:
    """A validated build, ready to publish."""

    mapped: MappedCorpus
    report: Report
    links: LinkResult | None
    ntriples: bytes  # the union, sorted: graph.nt, and what the store was loaded from
    store: ox.Store  # the union in an in-memory store, as validated


def article_paths(arguments: Sequence[str | Path]) -> list[Path]:
    """The article files named on the command line: files as given, folders as the *.txt they hold;
    none at all means the bundled corpus."""
    if not arguments:
        return corpus_files()
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            inside = sorted(path.glob("*.txt"))
            if not inside:
                raise InputError("is a directory with no .txt articles, not an article file", str(path), 1)
            paths.extend(inside)
        else:
            paths.append(path)
    stems: dict[str, Path] = {}
    for path in paths:
        if path.stem in stems and stems[path.stem] != path:
            raise InputError(f"two articles named {path.stem!r} ({stems[path.stem]} and {path}): their graphs "
                             "would share one IRI", str(path), 1)
        stems[path.stem] = path
    return sorted(set(paths), key=lambda p: (p.stem, str(p)))


def extract_article(path: Path) -> ArticleRecords:
    with reported_as(path):
        return extract_document(parse_article(path), path.stem)


def extract_articles(paths: Iterable[Path]) -> list[ArticleRecords]:
    return [extract_article(path) for path in paths]


def map_articles(paths: Iterable[Path], minter: Minter, keep_going: bool = False, cache: ArticleCache | None = None
                 ) -> tuple[list[ArticleGraph], list[UserError]]:
    """Every article parsed, extracted and mapped, or read back from the cache when unchanged;
    with `keep_going`, an article with bad input is set aside (its error returned)."""
    articles, failures = [], []
    for path in paths:
        try:
            with reported_as(path):
                data = read_bytes(path)
                key = cache.key(path.name, data) if cache else ""
                article = cache.get(key) if cache else None
                if article is None:
                    article = map_article(extract_document(parse_bytes(data, path), path.stem), minter)
                    if cache:
                        cache.put(key, article)
            articles.append(article)
        except UserError as err:
            if not keep_going:
                raise
            failures.append(err)
    return articles, failures


def build_graph(paths: Sequence[Path], minter: Minter | None = None, linker: Linker | None = None) -> Build:
    """Extract, map, link (when asked) and validate; raises BuildFailed (carrying the report) when
    the data violate the shapes."""
    minter = minter or Minter()
    return finish(map_corpus(extract_articles(paths), minter), minter, linker)


def finish(mapped: MappedCorpus, minter: Minter, linker: Linker | None = None) -> Build:
    links = None
    if linker is not None:
        links = linker.link(mapped.union(), minter)
        mapped = dataclasses.replace(mapped, links=TripleSet().add_all(links.rdf))
    ntriples = sorted_ntriples(mapped.triples())
    store = ox.Store()
    store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    report = validate_store(store)
    build = Build(mapped, report, links, ntriples, store)
    if not report.conforms:
        raise BuildFailed(build)
    return build


@dataclass(frozen=True)
class Linker:
    """Where Wikidata links come from, and the reviewer's earlier decisions."""

    source: ReferenceSource
    decisions: tuple[ReviewRow, ...] = ()

    def link(self, graph: Graph, minter: Minter) -> LinkResult:
        from .link import link_graph

        return link_graph(graph, self.source, self.decisions, minter)


def load_build(directory: Path, minter: Minter) -> MappedCorpus:
    """A build directory read back into its named graphs (earlier links are dropped: linking again
    recomputes them). rdflib reads it, because it keeps every literal's lexical form as written."""
    from rdflib import Dataset

    path = directory / "graph.trig"
    if not path.is_file():
        raise InputError("not a build directory: no graph.trig", str(directory), 1)
    dataset = Dataset()
    try:
        dataset.parse(path, format="trig")
    except Exception as err:  # rdflib raises several types; all mean the file is not TriG
        raise InputError(f"graph.trig does not parse: {err}", str(path), 1) from None
    graphs: dict[URIRef, TripleSet] = {}
    for graph in dataset.graphs():
        if len(graph):
            graphs.setdefault(URIRef(graph.identifier), TripleSet()).add_all(graph)
    provenance = graphs.pop(minter.provenance_graph(), TripleSet())
    graphs.pop(minter.links_graph(), None)
    return MappedCorpus(dict(sorted(graphs.items())), provenance)


class BuildFailed(ValidationFailed):
    """The graph violates the shapes; carries the build so that the report can be shown."""

    def __init__(self, build: Build) -> None:
        super().__init__(f"the data violate the shapes: {build.report.violations} violation(s); "
                         "nothing was written")
        self.build = build
