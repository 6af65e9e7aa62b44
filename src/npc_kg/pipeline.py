"""The stages in order: parse -> extract -> map -> validate -> publish.

Kept apart from the CLI so that tests, benchmarks and other programs run the same pipeline.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef

from .errors import InputError, UserError, ValidationFailed, reported_as
from .extract import extract_document
from .rdf.iris import Minter
from .map import ArticleGraph, MappedCorpus, assemble, map_article
from .model import ArticleRecords
from .parse import parse_article, parse_bytes, read_bytes
from .publish import BUILD_FILES, SourceNotes, render_graph_files, source_notes
from .resources import corpus_files
from .sidecar import read_sidecar, read_sidecar_bytes, sidecar_path
from .rdf.statements import Statements
from .workers import Background, in_workers
from .validate import CheckedArticle, Report, report_files, validate_build, validate_store

if TYPE_CHECKING:
    from .cache import ArticleCache
    from .link import LinkResult, ReferenceSource, ReviewRow


@dataclass(frozen=True)
class Build:
    """A validated build, ready to publish."""

    mapped: MappedCorpus
    report: Report
    links: LinkResult | None
    union: Statements  # every graph's statements together: graph.nt, and what was validated
    graph_files: Background[dict[str, bytes]]  # see publish.render_graph_files: rendered meanwhile
    checked: list[CheckedArticle]  # the articles with their validation results, for the cache

    @functools.cached_property
    def notes(self) -> SourceNotes:
        """What extraction found suspicious, the numbers it did not read, and how many it read."""
        return source_notes(self.mapped.provenance)


def article_paths(arguments: Sequence[str | Path], out_dir: Path | None = None) -> list[Path]:
    """The article files named on the command line: files as given, folders as the *.txt they hold;
    none at all means the bundled corpus. A file the build writes into `out_dir` (report.txt) is
    never an article: skipped in a folder, refused when named."""
    if not arguments:
        return corpus_files()
    own = {(out_dir / name).resolve() for name in BUILD_FILES} if out_dir is not None else set()
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            inside = [p for p in sorted(path.glob("*.txt")) if p.resolve() not in own]
            if not inside:
                raise InputError("is a directory with no .txt articles, not an article file", str(path), 1)
            paths.extend(inside)
        elif path.resolve() in own:
            raise InputError("is a file the build writes into --out, not an article", str(path), 1)
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


def map_articles(paths: Sequence[Path], minter: Minter, keep_going: bool = False, cache: ArticleCache | None = None,
                 done: Callable[[Path], object] = lambda path: None) -> tuple[list[CheckedArticle], list[UserError]]:
    """Every article parsed, extracted and mapped, or read back from the cache (with its validation
    results) when unchanged; with `keep_going`, an article with bad input is set aside (its error
    returned). Many articles are done in worker processes, one per core; `done` hears of each
    article as it is finished. An article's sidecar (`sidecar.py`) is read with it, and is part
    of what the cache keys on."""
    outcomes: dict[Path, CheckedArticle | UserError] = {}
    todo: list[tuple[Path, bytes, bytes | None, str]] = []
    for path in paths:
        try:
            with reported_as(path):
                data = read_bytes(path)
        except UserError as err:
            outcomes[path] = err
            continue
        sidecar = read_sidecar_bytes(path)
        key = cache.key(path.name, data, sidecar) if cache else ""
        article = cache.get(key) if cache else None
        if article is None:
            todo.append((path, data, sidecar, key))
        else:
            outcomes[path] = article
            done(path)
    jobs = [(path, data, sidecar, minter) for path, data, sidecar, _ in todo]
    for (path, *_, key), outcome in zip(todo, in_workers(_map_article, jobs) if len(jobs) >= PARALLEL_FROM
                                        else map(_map_article, jobs)):
        if isinstance(outcome, ArticleGraph):
            outcome = CheckedArticle(outcome)
            if cache:
                cache.put(key, outcome)
        outcomes[path] = outcome
        done(path)
    articles, failures = [], []
    for path in paths:
        outcome = outcomes[path]
        if isinstance(outcome, CheckedArticle):
            articles.append(outcome)
        elif keep_going:
            failures.append(outcome)
        else:
            raise outcome
    return articles, failures


# Below this many articles to map, starting worker processes costs more than it saves.
PARALLEL_FROM = 16


def _map_article(job: tuple[Path, bytes, bytes | None, Minter]) -> ArticleGraph | UserError:
    """One article (and its sidecar's bytes, if any) to its graph; bad input is returned, to be
    reported in order."""
    path, data, sidecar, minter = job
    revision = read_sidecar(sidecar, sidecar_path(path).name) if sidecar is not None else None
    try:
        with reported_as(path):
            return map_article(extract_document(parse_bytes(data, path), path.stem), minter, revision)
    except UserError as err:
        return err


def build_graph(paths: Sequence[Path], minter: Minter | None = None, linker: Linker | None = None) -> Build:
    """Extract, map, link (when asked) and validate, as `npc-kg build --no-cache` does; raises
    BuildFailed (carrying the report) when the data violate the shapes."""
    minter = minter or Minter()
    return build_articles(map_articles(paths, minter)[0], minter, linker)


def build_articles(checked: Sequence[CheckedArticle], minter: Minter, linker: Linker | None = None) -> Build:
    """The corpus assembled from its mapped articles, then linked (when asked) and validated."""
    return finish(assemble([c.article for c in checked], minter), minter, linker, checked)


def finish(mapped: MappedCorpus, minter: Minter, linker: Linker | None = None,
           checked: Sequence[CheckedArticle] | None = None) -> Build:
    """Link (when asked) and validate: the whole graph at once, or, given the articles (`checked`),
    only what their earlier results do not answer (see `validate.validate_build`)."""
    links = None
    if linker is not None:
        links = linker.link(mapped.triples(), minter)
        mapped = mapped.with_links(Statements.of(links.rdf))
    union = mapped.triples()
    ntriples = bytes(union)  # before the fork, so that the render process has the text too
    graph_files = Background(render_graph_files, union, mapped, minter)
    try:
        store = ox.Store()
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
        if checked is None:
            report, checked = validate_store(store), []
        else:
            unchecked = Statements.union([mapped.assembled, mapped.links or Statements([])])
            report, results = validate_build(store, checked, unchecked, mapped.vocabulary)
            checked = [CheckedArticle(c.article, found) for c, found in zip(checked, results)]
        build = Build(mapped, report, links, union, graph_files, checked)
        if not report.conforms:
            raise BuildFailed(build)
    except BaseException:
        graph_files.cancel()
        raise
    return build


@dataclass(frozen=True)
class Linker:
    """Where Wikidata links come from, and the reviewer's earlier decisions."""

    source: ReferenceSource
    decisions: tuple[ReviewRow, ...] = ()

    def link(self, statements: Statements, minter: Minter) -> LinkResult:
        """Link the build whose graph is `statements`, reading only what the linker needs of it."""
        from .link import link_graph
        from .link.entities import linkable

        return link_graph(linkable(statements), self.source, self.decisions, minter)


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
    graphs: dict[URIRef, list] = {}
    for graph in dataset.graphs():
        graphs.setdefault(URIRef(graph.identifier), []).extend(graph)
    provenance = graphs.pop(minter.provenance_graph(), [])
    shared = graphs.pop(minter.shared_graph(), [])
    graphs.pop(minter.links_graph(), None)
    vocabulary = graphs.pop(minter.vocabulary_graph(), [])
    return MappedCorpus({name: Statements.of(graph) for name, graph in sorted(graphs.items()) if graph},
                        Statements.of(provenance), shared=Statements.of(shared), vocabulary=Statements.of(vocabulary))


class BuildFailed(ValidationFailed):
    """The graph violates the shapes; carries the build so that the report can be shown."""

    def __init__(self, build: Build) -> None:
        super().__init__(f"the data violate the shapes: {build.report.violations} violation(s); "
                         "nothing was written")
        self.build = build


def render_build(build: Build) -> dict[str, bytes]:
    """Every file of the build directory, by name."""
    files = build.graph_files.result()
    header = files["graph.ttl"].partition(b"\n\n")[0] + b"\n\n"  # the notice, as the other files have it
    return {
        **files,
        "graph.nt": header + bytes(build.union),
        **report_files(build.report, build.notes.unread, build.notes.warnings),
    }
