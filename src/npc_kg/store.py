"""store: the tool's HTTP client for remote SPARQL services, loading a build into a triple store
over the SPARQL 1.1 Graph Store Protocol, and the N-Quads bulk export.

`request` is the one place that talks HTTP (`npc-kg query --endpoint` and `npc-kg load` both use
it): it adds credentials from the environment, retries what is worth retrying, and turns every
failure into a `RemoteError` that names the service, never a traceback.

`put_graphs` replaces each named graph with one PUT of the whole graph: the store swaps a graph in one
step, so it holds the old or the new version of a graph, never a mix, and loading twice leaves it
exactly as loading once. Nothing is ever deleted first.

`npc-kg query` imports this module for `request`, so only the standard library and pyoxigraph are
imported at the top; the loaders import the IRI minter (and with it rdflib) when they run.
"""

from __future__ import annotations

import base64
import http.client
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .errors import InputError, RemoteError

TOKEN_ENV = "NPC_KG_STORE_TOKEN"
USER_ENV = "NPC_KG_STORE_USER"
PASSWORD_ENV = "NPC_KG_STORE_PASSWORD"
N_TRIPLES = "application/n-triples"


# --------------------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Retry:
    """How patiently to retry a request that got a 5xx answer or none at all."""

    attempts: int = 4
    delay: float = 0.5  # seconds before the first retry; doubled before each further one

    def pauses(self) -> list[float]:
        """The pause before each retry."""
        return [self.delay * 2 ** n for n in range(max(self.attempts, 1) - 1)]


NO_RETRY = Retry(attempts=1)


@dataclass(frozen=True)
class Response:
    status: int
    media_type: str  # lower-case, without parameters
    body: bytes


class HttpError(RemoteError):
    """A request failed; `status` is the HTTP status, or None when the service did not answer."""

    def __init__(self, message: str, status: int | None) -> None:
        super().__init__(message)
        self.status = status


def authorization() -> tuple[str | None, str]:
    """The Authorization header from the environment, and a description of where it came from
    that is safe to print (it never contains the secret)."""
    token = os.environ.get(TOKEN_ENV)
    if token:
        return f"Bearer {token}", f"bearer token from {TOKEN_ENV}"
    user = os.environ.get(USER_ENV)
    if user:
        pair = f"{user}:{os.environ.get(PASSWORD_ENV, '')}".encode()
        return f"Basic {base64.b64encode(pair).decode('ascii')}", f"HTTP Basic from {USER_ENV}/{PASSWORD_ENV}"
    return None, "no credentials"


def service_name(url: str) -> str:
    """The URL without credentials or query string: what error messages call the service."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def with_query(url: str, params: Mapping[str, str]) -> str:
    """`url` with `params` added to whatever query string it already has."""
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode(params)


def request(method: str, url: str, *, body: bytes | None = None, headers: Mapping[str, str] | None = None,
            timeout: float = 60.0, retry: Retry = NO_RETRY) -> Response:
    """Send one HTTP request; raise `HttpError` on any status >= 400 or when nobody answers,
    after the retries `retry` allows for 5xx answers and failed connections."""
    secret, _ = authorization()
    sent = {"User-Agent": f"npc-kg/{__version__}", **(headers or {})}
    if secret:
        sent["Authorization"] = secret
    pauses = retry.pauses()
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=sent, method=method),
                                        timeout=timeout) as answer:
                return Response(answer.status, answer.headers.get_content_type(), answer.read())
        except urllib.error.HTTPError as err:
            failure = HttpError(f"{service_name(url)}: HTTP {err.code} {err.reason}{_detail(err)}", err.code)
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as err:
            reason = getattr(err, "reason", None) or err
            if isinstance(reason, TimeoutError):
                reason = f"no answer within {timeout:g} s"
            failure = HttpError(f"{service_name(url)}: cannot connect ({reason})", None)
        if not pauses or (failure.status is not None and failure.status < 500):
            raise failure
        time.sleep(pauses.pop(0))


def _detail(err: urllib.error.HTTPError) -> str:
    """The first line of an error answer's body: servers put the reason there."""
    try:
        text = err.read().decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException):
        return ""
    line = text.splitlines()[0] if text else ""
    return f": {line[:300]}" if line else ""


# --------------------------------------------------------------------------- the graphs of a build


@dataclass(frozen=True)
class NamedGraph:
    name: str  # the graph IRI
    triples: tuple[ox.Triple, ...]

    def ntriples(self) -> bytes:
        """The graph as sorted N-Triples: the same graph always gives the same bytes."""
        return _sorted_lines(ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES))


def read_build(directory: Path) -> list[NamedGraph]:
    """The graphs of the build in `directory` (its graph.trig and void.ttl)."""
    files: dict[str, bytes] = {}
    for name in ("graph.trig", "void.ttl"):
        if not (directory / name).is_file():
            raise InputError(f"no {name} here: not a build directory (run `npc-kg build`)", str(directory))
        files[name] = (directory / name).read_bytes()
    return build_graphs(files["graph.trig"], files["void.ttl"])


def build_graphs(trig: bytes, void: bytes) -> list[NamedGraph]:
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
    return [NamedGraph(name, tuple(triples)) for name, triples in sorted(graphs.items())]


def _parse(data: bytes, fmt: ox.RdfFormat, name: str, base: str | None = None) -> list[ox.Quad]:
    try:
        return list(ox.parse(data, format=fmt, base_iri=base))
    except SyntaxError as err:
        raise InputError(f"not valid {fmt.name}: {err}", name) from None


def _description(void: bytes) -> tuple[str, list[ox.Triple]]:
    """The build's base IRI and void.ttl's triples (any relative IRI resolved against that base:
    a store holds no relative IRIs)."""
    from .iris import build_base

    base = build_base(void)
    return base, [quad.triple for quad in _parse(void, ox.RdfFormat.TURTLE, "void.ttl", base)]


def _void_graph(base: str) -> str:
    from .iris import Minter

    return str(Minter(base).void_graph())


def _sorted_lines(data: bytes) -> bytes:
    return b"".join(line + b"\n" for line in sorted(set(data.splitlines())) if line.strip())


# --------------------------------------------------------------------------- loading


def graph_url(store_url: str, graph: str) -> str:
    return with_query(store_url, {"graph": graph})


def put_graphs(graphs: Sequence[NamedGraph], store_url: str, *, timeout: float, retry: Retry,
               echo: Callable[[str], None]) -> None:
    """PUT every graph, in order; on a failure that outlives the retries, stop and raise a
    `RemoteError` saying which graphs were loaded and which were not."""
    for index, graph in enumerate(graphs):
        try:
            request("PUT", graph_url(store_url, graph.name), body=graph.ntriples(),
                    headers={"Content-Type": N_TRIPLES}, timeout=timeout, retry=retry)
        except RemoteError as err:
            done = [g.name for g in graphs[:index]]
            left = [g.name for g in graphs[index:]]
            raise RemoteError(f"{err}\n  loaded ({len(done)}): {_names(done)}\n"
                              f"  not loaded ({len(left)}): {_names(left)}") from None
        echo(f"PUT <{graph.name}>: {len(graph.triples)} triples")


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"<{name}>" for name in names) or "none"


def describe_load(graphs: Sequence[NamedGraph], store_url: str) -> list[str]:
    """What `load` would send, for --dry-run: one line per request, then the credentials' source."""
    lines = [f"PUT {service_name(store_url)}?graph=<{g.name}>  Content-Type: {N_TRIPLES}, "
             f"{len(g.triples)} triples, {len(g.ntriples())} bytes" for g in graphs]
    return [*lines, f"credentials: {authorization()[1]}"]
