"""The build being served: one in-memory pyoxigraph store, and which document describes what.

The store's default graph is what `npc-kg load` puts into a store, each triple once: the build's
whole graph and the dataset description void.ttl; the named graphs are graph.trig's (one per
article, the shared graph, provenance), void.ttl (in the graph `Minter.void_graph()` names, as
`npc-kg load` does) and the ontology (in a graph named after its document, and only there: a store
loaded with `npc-kg load` has no ontology). So SPARQL sees what `npc-kg query` and a store queried
through its union default graph see, and counts agree with void:triples plus void.ttl's own.

IRIs map to paths: `{base}session/12-2` is served at `/session/12-2`. A fragment IRI
(`…/article/npc-12-2#L62`) is described by the document of the IRI before the `#`, because clients
never send fragments. The ontology namespace lies outside the default base, so its document is
served at `/ontology` (or at its path under the base, when the base covers it). Likewise the
measures (`https://w3id.org/npc-kg/measure/gdp-growth`, fixed whatever the base) are served at
`/measure/gdp-growth`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..publish import DUMPS  # the build files, served as they are
from ..rdf.iris import Minter, build_base
from ..rdf.namespaces import MEASURE, NPC
from ..resources import ontology_file

ONTOLOGY_PATH = "ontology"
MEASURE_PATH = "measure/"  # the measures' folder, outside the base like the ontology
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_path(path: str) -> bool:
    """A relative path without empty, `.` or `..` segments, backslashes or control characters: it
    can name neither an absolute path nor anything outside the folder it is joined to."""
    return bool(path) and not _UNSAFE.search(path) and all(s not in ("", ".", "..") for s in path.split("/"))


def natural(text: str) -> list[str | int]:
    """Sort key that puts L8 before L12 and guideline/2 before guideline/10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


@dataclass(frozen=True)
class Dataset:
    store: ox.Store
    base: str
    data_dir: Path
    ontology: str  # the ontology document's IRI (the npc: namespace without its '#')
    documents: Mapping[str, tuple[str, ...]]  # document path -> IRIs of the subjects it describes

    def path(self, iri: str) -> str | None:
        """The path of the document that describes `iri` on this server, if there is one."""
        path = _document_path(iri, self.base, self.ontology)
        return path if path in self.documents else None

    def iri(self, path: str) -> str:
        if path == ONTOLOGY_PATH:
            return self.ontology
        if path.startswith(MEASURE_PATH) and not str(MEASURE).startswith(self.base):
            return str(MEASURE) + path.removeprefix(MEASURE_PATH)
        return self.base + path

    def void_path(self) -> str | None:
        """The document of the dataset description (void.ttl's dataset)."""
        return self.path(str(Minter(self.base).dataset()))

    def is_thing(self, path: str) -> bool:
        """Whether the document's own IRI names a resource (a slash IRI: answered with 303 See Other)
        rather than only holding fragment IRIs (a hash namespace such as the ontology: answered 200)."""
        return self.iri(path) in self.documents[path]


def _document_path(iri: str, base: str, ontology: str) -> str | None:
    document = iri.split("#", 1)[0]
    if document == ontology:
        return ONTOLOGY_PATH
    if document.startswith(base):
        return document[len(base):]
    return MEASURE_PATH + document[len(MEASURE):] if document.startswith(MEASURE) else None


def _parse(path: Path, base: str) -> list[ox.Quad]:
    try:
        return list(ox.parse(path=path, format=ox.RdfFormat.from_extension(path.suffix[1:]), base_iri=base))
    except SyntaxError as err:
        raise InputError(f"not valid RDF: {err.msg}", str(path), err.lineno) from None


def load(data_dir: Path, base: str | None = None) -> Dataset:
    """Read a build directory. Relative IRIs in void.ttl (its data dumps) resolve against the base,
    where the server publishes the dumps."""
    graph, void = data_dir / "graph.trig", data_dir / "void.ttl"
    if not graph.is_file():
        graph = data_dir / "graph.nt"
    if not (graph.is_file() and void.is_file()):
        raise InputError("not a build directory (it needs graph.trig or graph.nt, and void.ttl): "
                         "run `npc-kg build` first, or pass --data", str(data_dir))
    minter = Minter(base or build_base(void.read_bytes(), str(void)))
    ontology = str(NPC).rstrip("#")
    store = ox.Store()
    quads = _parse(graph, minter.base)
    store.extend(quads)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    for path, base_iri, names in ((void, minter.base, (ox.NamedNode(str(minter.void_graph())), ox.DefaultGraph())),
                                  (ontology_file(), ontology, (ox.NamedNode(ontology),))):
        store.extend(ox.Quad(q.subject, q.predicate, q.object, name) for q in _parse(path, base_iri) for name in names)
    return Dataset(store, minter.base, data_dir, ontology, _documents(store, minter.base, ontology))


def _documents(store: ox.Store, base: str, ontology: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = defaultdict(set)
    for quad in store:
        if isinstance(quad.subject, ox.NamedNode):
            path = _document_path(quad.subject.value, base, ontology)
            if path is not None and safe_path(path):
                found[path].add(quad.subject.value)
    return {path: tuple(sorted(iris, key=natural)) for path, iris in sorted(found.items())}
