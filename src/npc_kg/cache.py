"""Incremental rebuilds: an article whose bytes and name are unchanged, built by the same code and
shapes under the same base IRI, is not parsed, extracted, mapped or checked on its own again.

Its mapped graph is kept as sorted N-Triples (its share of the provenance graph too) with a small
JSON note of its session, of what the article-local shapes found in it, and of the files' digests,
under a key hashing all of that; a rebuild reads it back, and since mapping and checking are
deterministic the result is byte-identical to a clean build. The key covers the package's own
source files and the shapes, so any change to either starts afresh. Plain data only: nothing in the cache is
ever executed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from pathlib import Path

from . import __version__
from .map import ArticleGraph, SessionKey
from .resources import shapes_files
from .statements import Statements
from .validate import CheckedArticle

PACKAGE = Path(__file__).resolve().parent


@cache
def code_fingerprint() -> str:
    """A hash of the code and shapes that make a checked article."""
    digest = hashlib.sha256(__version__.encode())
    for path in [*sorted(PACKAGE.rglob("*.py")), *shapes_files()]:
        digest.update(path.name.encode() if path.suffix == ".ttl" else path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class ArticleCache:
    def __init__(self, directory: Path, base: str) -> None:
        self.directory = directory
        self.salt = f"{code_fingerprint()}\0{base}\0"
        self.used: set[str] = set()
        self.staged: dict[str, CheckedArticle] = {}

    def key(self, name: str, data: bytes) -> str:
        return hashlib.sha256(self.salt.encode() + name.encode() + b"\0" + data).hexdigest()

    def get(self, key: str) -> CheckedArticle | None:
        files = self._files(key)
        if not all(path.is_file() for path in files):
            return None
        note_file, graph, provenance = files
        try:
            note = json.loads(note_file.read_text(encoding="utf-8"))
            results = None if note["results"] is None else tuple(tuple(result) for result in note["results"])
            if results and not all(len(result) == 5 and all(isinstance(part, str) for part in result)
                                   for result in results):
                raise ValueError("malformed results")
            article = CheckedArticle(
                ArticleGraph(SessionKey(**note["session"]), _read(graph, note["graph"]),
                             _read(provenance, note["provenance"])),
                results)  # type: ignore[arg-type]
        except (ValueError, TypeError, KeyError):
            return None  # a damaged entry is rebuilt, never trusted
        self.used.add(key)
        return article

    def put(self, key: str, article: CheckedArticle) -> None:
        """Keep a newly mapped article; it is written by `commit`, once the build has succeeded."""
        self.staged[key] = article
        self.used.add(key)

    def commit(self, validated: Sequence[CheckedArticle]) -> None:
        """Write the new entries, with their results as `validated` gives them, and forget those
        this build did not use, so the cache holds one build's worth. Called only after a build
        succeeds: a failed build leaves no trace."""
        results = {id(checked.article): checked.results for checked in validated}
        self.directory.mkdir(parents=True, exist_ok=True)
        for key, staged in self.staged.items():
            checked = CheckedArticle(staged.article, results[id(staged.article)])
            note, graph, provenance = self._files(key)
            graph_bytes, provenance_bytes = bytes(checked.article.graph), bytes(checked.article.provenance)
            _write(graph, graph_bytes)
            _write(provenance, provenance_bytes)
            _write(note, json.dumps({  # last: it marks the entry whole
                "session": asdict(checked.article.key), "graph": _digest(graph_bytes),
                "provenance": _digest(provenance_bytes), "results": checked.results}).encode("utf-8"))
        self.staged.clear()
        for path in self.directory.iterdir():
            if path.name.split(".", 1)[0] not in self.used:
                path.unlink()

    def _files(self, key: str) -> tuple[Path, Path, Path]:
        return (self.directory / f"{key}.json", self.directory / f"{key}.nt", self.directory / f"{key}.prov.nt")


def _read(path: Path, digest: str) -> Statements:
    data = path.read_bytes()
    if _digest(data) != digest:
        raise ValueError(f"{path} is damaged")
    return Statements.read(data)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
