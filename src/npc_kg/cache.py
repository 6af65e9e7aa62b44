"""Incremental rebuilds: an article whose bytes, name and sidecar are unchanged, built by the same
code and shapes under the same base IRI, is not parsed, extracted, mapped or checked on its own
again.

Its mapped graph is kept as sorted N-Triples (its share of the provenance graph too) with a small
JSON note of its session, of what the article-local shapes found in it, and of the files' digests,
under a key hashing all of that; a rebuild reads it back, and since mapping and checking are
deterministic the result is byte-identical to a clean build. The key covers the package's own
source files, the shapes and the vocabulary (ontology/*.ttl), so any change to one starts afresh. Plain data only: nothing in the cache is
ever executed.

The folder lives inside the build directory and is never followed out of it: a cache folder that is a
symbolic link is refused, and an entry that is a link is never read. A build writes the entries it
used into the new build directory (see `builddir`); the entries it did not use are left behind with
the old one, and only files that are entries by name and by format (a note whose fields are the
cache's, graphs whose digests the note gives): anything else in the folder is carried over.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from pathlib import Path

from . import __version__
from .builddir import carry
from .errors import InputError
from .map import ArticleGraph, SessionKey
from .resources import ontology_files, shapes_files
from .rdf.statements import Statements
from .validate import CheckedArticle

PACKAGE = Path(__file__).resolve().parent


@cache
def code_fingerprint() -> str:
    """A hash of the code, shapes and vocabulary that make a checked article (extraction reads the
    measures scheme; the vocabulary's class hierarchy is in the data the shapes check)."""
    digest = hashlib.sha256(__version__.encode())
    for path in [*sorted(PACKAGE.rglob("*.py")), *shapes_files(), *ontology_files()]:
        digest.update(path.name.encode() if path.suffix == ".ttl" else path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


ENTRY = re.compile(r"(?P<key>[0-9a-f]{64})(?P<kind>\.json|\.nt|\.prov\.nt)")
# what an interrupted write of an entry by an earlier version left: `.KEY.json.abcd1234`
LEFTOVER = re.compile(r"\.[0-9a-f]{64}(?:\.json|\.nt|\.prov\.nt)\.[a-z0-9_]{8}")
NOTE_FIELDS = frozenset({"session", "graph", "provenance", "results"})


class ArticleCache:
    def __init__(self, directory: Path, base: str) -> None:
        if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
            raise InputError("the cache folder is a symbolic link or not a folder; npc-kg keeps its cache inside "
                             "the build directory only: remove it, or build with --no-cache", str(directory), 1)
        self.directory = directory
        self.salt = f"{code_fingerprint()}\0{base}\0"
        self.used: set[str] = set()
        self.staged: dict[str, CheckedArticle] = {}

    def key(self, name: str, data: bytes, sidecar: bytes | None = None) -> str:
        """The entry of an article by its name, its bytes and its sidecar's bytes (None: it has none)."""
        parts = [hashlib.sha256(data).digest(), *([hashlib.sha256(sidecar).digest()] if sidecar is not None else [])]
        return hashlib.sha256(self.salt.encode() + name.encode() + b"\0" + b"".join(parts)).hexdigest()

    def get(self, key: str) -> CheckedArticle | None:
        note_file, graph, provenance = self._files(key)
        try:
            note = json.loads(_read_file(note_file))
            results = None if note["results"] is None else tuple(tuple(result) for result in note["results"])
            if results and not all(len(result) == 5 and all(isinstance(part, str) for part in result)
                                   for result in results):
                raise ValueError("malformed results")
            article = CheckedArticle(
                ArticleGraph(SessionKey(**note["session"]), _read(graph, note["graph"]),
                             _read(provenance, note["provenance"])),
                results)  # type: ignore[arg-type]
        except (OSError, ValueError, TypeError, KeyError):
            return None  # a missing or damaged entry is rebuilt, never trusted
        self.used.add(key)
        return article

    def put(self, key: str, article: CheckedArticle) -> None:
        """Keep a newly mapped article; it is written by `commit`, once the build has succeeded."""
        self.staged[key] = article
        self.used.add(key)

    def commit(self, validated: Sequence[CheckedArticle], into: Path) -> None:
        """Write the cache folder of a new build directory, `into`: the entries this build used (new
        ones with their results as `validated` gives them, earlier ones linked), and whatever in the
        old folder is not an entry, so the cache holds one build's worth and nothing of the user's
        is lost. Called only once the build has succeeded: a failed build leaves no trace."""
        results = {id(checked.article): checked.results for checked in validated}
        into.mkdir()
        for key, staged in self.staged.items():
            checked = CheckedArticle(staged.article, results[id(staged.article)])
            note, graph, provenance = self._files(key, into)
            graph_bytes, provenance_bytes = bytes(checked.article.graph), bytes(checked.article.provenance)
            graph.write_bytes(graph_bytes)
            provenance.write_bytes(provenance_bytes)
            note.write_bytes(json.dumps({
                "session": asdict(checked.article.key), "graph": _digest(graph_bytes),
                "provenance": _digest(provenance_bytes), "results": checked.results}).encode("utf-8"))
        self.staged.clear()
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.iterdir()):
            target = into / path.name
            entry = ENTRY.fullmatch(path.name)
            if target.exists() or LEFTOVER.fullmatch(path.name) or (
                    entry and entry["key"] not in self.used and self.is_entry(path)):
                continue  # written above, a leftover, or an entry this build did not use
            carry(path, target)

    def is_entry(self, path: Path) -> bool:
        """Whether a file of the folder is one of the cache's: by its name, and its format (the note's
        fields, or the digest the note gives for a graph)."""
        entry = ENTRY.fullmatch(path.name)
        if entry is None:
            return False
        try:
            note = json.loads(_read_file(self.directory / f"{entry['key']}.json"))
            if not isinstance(note, dict) or set(note) != NOTE_FIELDS:
                return False
            kind = {".json": None, ".nt": "graph", ".prov.nt": "provenance"}[entry["kind"]]
            return kind is None or note[kind] == _digest(_read_file(path))
        except (OSError, ValueError):
            return False

    def _files(self, key: str, directory: Path | None = None) -> tuple[Path, Path, Path]:
        directory = directory or self.directory
        return (directory / f"{key}.json", directory / f"{key}.nt", directory / f"{key}.prov.nt")


def _read_file(path: Path) -> bytes:
    """A regular file's bytes; a symbolic link (or anything else) is refused with OSError, not followed."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read()


def _read(path: Path, digest: str) -> Statements:
    data = _read_file(path)
    if _digest(data) != digest:
        raise ValueError(f"{path} is damaged")
    return Statements.read(data)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

