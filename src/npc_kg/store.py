"""store: loading a build into a triple store over the SPARQL 1.1 Graph Store Protocol, through
the one HTTP client (`remote`).

`load_build` replaces each named graph with one PUT of the whole graph: the store swaps a graph in one
step, so it holds the old or the new version of a graph, never a mix, and loading twice leaves it
exactly as loading once.

A smaller build leaves graphs behind that it no longer has. `stale_graphs` finds them by the tool's
own record, never by guessing: the provenance graph the previous load put into the store names each
article graph it wrote (`prov:wasGeneratedBy` the build), and the links graph and the shared graph
(what more than one article states, always PUT whole) have fixed names; a graph of either kind
under the build's base that the new build lacks is stale. A graph the user put
into the store is in neither and is never touched. Stale graphs are deleted before the new
provenance graph replaces the old one, so a load that fails half-way still finds them next time.

Only the standard library and pyoxigraph are imported at the top; the loaders import the IRI minter
(and with it rdflib) when they run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, RemoteError
from .remote import HttpError, Retry, request, service_name, target, with_query

N_TRIPLES = "application/n-triples"


# --------------------------------------------------------------------------- the graphs of a build


@dataclass(frozen=True)
class NamedGraph:
    name: str  # the graph IRI
    triples: tuple[ox.Triple, ...]

    def ntriples(self) -> bytes:
        """The graph as sorted N-Triples: the same graph always gives the same bytes."""
        return _sorted_lines(ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES))


@dataclass(frozen=True)
class Build:
    base: str  # the base IRI the build was made with
    graphs: tuple[NamedGraph, ...]  # sorted by name


def read_build(directory: Path) -> Build:
    """The graphs of the build in `directory` (its graph.trig and void.ttl)."""
    files: dict[str, bytes] = {}
    for name in ("graph.trig", "void.ttl"):
        if not (directory / name).is_file():
            raise InputError(f"no {name} here: not a build directory (run `npc-kg build`)", str(directory))
        files[name] = (directory / name).read_bytes()
    return build_graphs(files["graph.trig"], files["void.ttl"])


def build_graphs(trig: bytes, void: bytes) -> Build:
    """What a build puts into a store: each named graph of graph.trig (one per article, and the
    provenance graph), and the dataset description void.ttl in the graph `Minter.void_graph()`
    names under the build's own base (void.ttl's void:uriSpace), so a build made with `--base`
    loads under that base."""
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in _parse(trig, ox.RdfFormat.TRIG, "graph.trig"):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise InputError("a triple outside any named graph: every graph must have a name to be loaded",
                             "graph.trig")
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    base, description = _description(void)
    graphs[_void_graph(base)] = description
    return Build(base, tuple(NamedGraph(name, tuple(triples)) for name, triples in sorted(graphs.items())))


def _parse(data: bytes, fmt: ox.RdfFormat, name: str, base: str | None = None) -> list[ox.Quad]:
    try:
        return list(ox.parse(data, format=fmt, base_iri=base))
    except SyntaxError as err:
        raise InputError(f"not valid {fmt.name}: {err}", name) from None


def _description(void: bytes) -> tuple[str, list[ox.Triple]]:
    """The build's base IRI and void.ttl's triples (any relative IRI resolved against that base:
    a store holds no relative IRIs)."""
    from .rdf.iris import build_base

    base = build_base(void)
    return base, [quad.triple for quad in _parse(void, ox.RdfFormat.TURTLE, "void.ttl", base)]


def _void_graph(base: str) -> str:
    from .rdf.iris import Minter

    return str(Minter(base).void_graph())


def _sorted_lines(data: bytes) -> bytes:
    return b"".join(line + b"\n" for line in sorted(set(data.splitlines())) if line.strip())


# --------------------------------------------------------------------------- loading


def graph_url(store_url: str, graph: str) -> str:
    return with_query(store_url, {"graph": graph})


def stale_graphs(build: Build, store_url: str, *, timeout: float, retry: Retry) -> list[str]:
    """The graphs an earlier load wrote under the build's base that `build` no longer has: the
    article graphs the stored provenance graph says the build generated, and the links graph and
    the shared graph (a build of one article has none) if the store has them. Only reads the store."""
    from .rdf.iris import Minter
    from .rdf.namespaces import PROV

    minter = Minter(build.base)
    keep = {graph.name for graph in build.graphs}
    provenance = _get_graph(store_url, str(minter.provenance_graph()), timeout=timeout, retry=retry)
    generated_by, made_by_build = ox.NamedNode(str(PROV.wasGeneratedBy)), ox.NamedNode(str(minter.build()))
    earlier = {triple.subject.value for triple in provenance
               if triple.predicate == generated_by and triple.object == made_by_build
               and isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith(minter.base)}
    for fixed in (str(minter.links_graph()), str(minter.shared_graph()), str(minter.vocabulary_graph())):
        if fixed not in keep and _get_graph(store_url, fixed, timeout=timeout, retry=retry):
            earlier.add(fixed)
    return sorted(earlier - keep)


def _get_graph(store_url: str, graph: str, *, timeout: float, retry: Retry) -> list[ox.Triple]:
    """A graph of the store; empty when the store has no such graph (404)."""
    try:
        answer = request("GET", graph_url(store_url, graph), headers={"Accept": N_TRIPLES}, timeout=timeout,
                         retry=retry)
    except HttpError as err:
        if err.status == 404:
            return []
        raise
    fmt = ox.RdfFormat.from_media_type(answer.media_type)
    if fmt is None:
        raise RemoteError(f"{service_name(store_url)}: graph <{graph}> came back as {answer.media_type!r}, not RDF")
    try:
        return [quad.triple for quad in ox.parse(answer.body, format=fmt)]
    except SyntaxError as err:
        raise RemoteError(f"{service_name(store_url)}: graph <{graph}> is not valid {fmt.name}: {err}") from None


def load_build(build: Build, store_url: str, *, timeout: float, retry: Retry, echo: Callable[[str], None],
               note: Callable[[str], None]) -> None:
    """Delete the stale graphs (`stale_graphs`; `note` says which), then PUT every graph of the
    build, in order. On a failure that outlives the retries, stop and raise a `RemoteError` saying
    which graphs were deleted, loaded and not loaded."""
    deleted: list[str] = []
    loaded: list[str] = []
    try:
        for name in stale_graphs(build, store_url, timeout=timeout, retry=retry):
            if _delete(store_url, name, timeout=timeout, retry=retry):
                deleted.append(name)
        if deleted:
            note(f"deleted {len(deleted)} graph(s) no longer in the build: {_names(deleted)}")
        for graph in build.graphs:
            request("PUT", graph_url(store_url, graph.name), body=graph.ntriples(),
                    headers={"Content-Type": N_TRIPLES}, timeout=timeout, retry=retry)
            loaded.append(graph.name)
            echo(f"PUT <{graph.name}>: {len(graph.triples)} triples")
    except RemoteError as err:
        left = [graph.name for graph in build.graphs[len(loaded):]]
        removed = f"\n  deleted ({len(deleted)}): {_names(deleted)}" if deleted else ""
        raise RemoteError(f"{err}{removed}\n  loaded ({len(loaded)}): {_names(loaded)}\n"
                          f"  not loaded ({len(left)}): {_names(left)}") from None


def _delete(store_url: str, graph: str, *, timeout: float, retry: Retry) -> bool:
    """DELETE a graph; False when the store had no such graph (404), so loading stays idempotent."""
    try:
        request("DELETE", graph_url(store_url, graph), timeout=timeout, retry=retry)
    except HttpError as err:
        if err.status == 404:
            return False
        raise
    return True


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"<{name}>" for name in names) or "none"


def describe_load(build: Build, store_url: str, stale: Sequence[str]) -> list[str]:
    """What `load` would send, for --dry-run: one line per request, then the credentials' source."""
    goal = target(store_url)
    deletes = [f"DELETE {goal.name}?graph=<{name}>  (no longer in the build)" for name in stale]
    puts = [f"PUT {goal.name}?graph=<{g.name}>  Content-Type: {N_TRIPLES}, "
            f"{len(g.triples)} triples, {len(g.ntriples())} bytes" for g in build.graphs]
    return [*deletes, *puts, f"credentials: {goal.credentials}"]
