"""The stages in order: parse -> extract -> map -> validate -> publish.

Kept apart from the CLI so that tests, benchmarks and other programs run the same pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import InputError, ValidationFailed, reported_as
from .extract import extract_document
from .iris import Minter
from .map import MappedCorpus, map_corpus
from .model import ArticleRecords, SourceWarning
from .parse import parse_article
from .resources import corpus_files
from .validate import Report, validate_graph


@dataclass(frozen=True)
class Build:
    records: tuple[ArticleRecords, ...]
    mapped: MappedCorpus
    graph: Graph
    report: Report

    @property
    def warnings(self) -> list[SourceWarning]:
        return [w for r in self.records for w in r.warnings]


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


def extract_articles(paths: Sequence[Path]) -> list[ArticleRecords]:
    return [extract_article(path) for path in paths]


def build_graph(paths: Sequence[Path], minter: Minter | None = None) -> Build:
    """Everything up to and including validation; raises ValidationFailed (with the report) when
    the data violate the shapes."""
    minter = minter or Minter()
    records = extract_articles(paths)
    mapped = map_corpus(records, minter)
    graph = mapped.union()
    report = validate_graph(graph)
    build = Build(tuple(records), mapped, graph, report)
    if not report.conforms:
        raise BuildFailed(build)
    return build


class BuildFailed(ValidationFailed):
    """The graph violates the shapes; carries the build so that the report can be shown."""

    def __init__(self, build: Build) -> None:
        super().__init__(f"the data violate the shapes: {build.report.violations} violation(s); "
                         "nothing was written")
        self.build = build
