"""The read-only SPARQL 1.1 Protocol endpoint, with a time limit and a result-size limit that hold.

pyoxigraph evaluates some queries in one uninterruptible call (an aggregate over a cross product of
every triple computes before the first row), so no deadline can be enforced from inside it. Queries
therefore run in worker processes, each holding its own copy of the build: the server waits for an
answer until the deadline, then kills the worker and starts a fresh one. Workers are started with
`spawn`, never `fork`, because the server is multi-threaded.

The size limits are checked while reading results: an answer with more rows (or triples) or more
bytes than the limits is refused with 422 rather than cut short, because a truncated answer looks
complete. A query that runs out of time gets 503, as in Fuseki, and so does a query that finds
every worker busy for `worker_wait` seconds (two slow queries must not make every other request
wait for the time limit). Updates are refused with 403, whichever way they come: an `update=`
parameter, an `application/sparql-update` body, or update text sent as a query. SERVICE is
refused with 403 unless the operator allows it: pyoxigraph would evaluate it by sending requests
to any address the query names (`sparql_guard` reads the text for it without running it).
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox

from ..rdf.namespaces import XSD
from ..sparql_guard import is_update, uses_federation
from ..workers import uninterrupted
from .dataset import Dataset, load
from .documents import turtle
from .limits import Limits
from .negotiation import choose_format
from .response import TEXT, Refused

SOLUTION_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
GRAPH_FORMATS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
                 "html": "text/html"}
RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
           "tsv": ox.QueryResultsFormat.TSV, "html": ox.QueryResultsFormat.JSON}
GRAPHS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
          "html": ox.RdfFormat.TURTLE}
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
NO_SERVICE = ("SERVICE (federated query) is disabled on this read-only endpoint: it would make the server "
              "send requests to other addresses (the operator can allow it with `npc-kg serve --allow-service`)")
STARTUP_SECONDS = 300.0  # loading a build in a new worker; not counted against a query's time limit


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: str | None
    format: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    html: bool = False  # the body is JSON results or Turtle, for the server to show as a page


def parse_request(method: str, params: Mapping[str, list[str]], content_type: str | None, body: bytes,
                  accept: str | None, *, allow_service: bool) -> QueryRequest | None:
    """The query of a SPARQL Protocol request (None: no query, e.g. a browser opening the form)."""
    fields = {name: list(values) for name, values in params.items()}
    media = (content_type or "").split(";")[0].strip().lower()
    try:
        if method == "POST" and media == "application/sparql-update":
            raise Refused(403, READ_ONLY)
        if method == "POST" and media == "application/x-www-form-urlencoded":
            for name, values in parse_qs(body.decode("utf-8"), keep_blank_values=True, errors="strict").items():
                fields.setdefault(name, []).extend(values)
        elif method == "POST" and media == "application/sparql-query":
            fields.setdefault("query", []).append(body.decode("utf-8"))
        elif method == "POST":
            raise Refused(415, "POST a query as application/sparql-query or as an "
                               "application/x-www-form-urlencoded form with a query= field")
    except UnicodeDecodeError:
        raise Refused(400, "the request is not UTF-8") from None
    if "update" in fields:
        raise Refused(403, READ_ONLY)
    queries = fields.get("query", [])
    if not queries:
        return None
    if len(queries) > 1:
        raise Refused(400, "send exactly one query")
    if is_update(queries[0]):
        raise Refused(403, READ_ONLY)
    if not allow_service and uses_federation(queries[0]):
        raise Refused(403, NO_SERVICE)
    return QueryRequest(queries[0], accept, fields.get("format", [""])[0] or None,
                        tuple(fields.get("default-graph-uri", ())), tuple(fields.get("named-graph-uri", ())))


# --------------------------------------------------------------------------- in a worker


def answer(data: Dataset, request: QueryRequest, limits: Limits) -> Answer:
    """Run one query and serialise its result; never raises."""
    try:
        result = data.store.query(
            request.query,
            default_graph=[ox.NamedNode(g) for g in request.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in request.named_graphs] or None)
        found = _graph(result, request, limits) if isinstance(result, ox.QueryTriples) else \
            _solutions(result, request, limits)
        if len(found.body) > limits.max_bytes:
            raise _too_big(limits.max_bytes)
        return found
    except Refused as refused:
        return Answer(refused.status, TEXT, refused.message.encode("utf-8"))
    except SyntaxError as err:
        return Answer(400, TEXT, f"the query is not valid SPARQL: {err}".encode("utf-8"))
    except (ValueError, RuntimeError, OSError) as err:
        return Answer(400, TEXT, f"the query failed: {err}".encode("utf-8"))


def _format(request: QueryRequest, formats: dict[str, str], kind: str) -> str:
    try:
        fmt = choose_format(request.accept, request.format, formats)
    except KeyError:
        raise Refused(400, f"format {request.format!r} is not available for {kind}: "
                           f"use one of {', '.join(formats)}") from None
    if fmt is None:
        raise Refused(406, f"none of the accepted types can hold {kind}: offered {', '.join(formats.values())}")
    return fmt


def _too_many(max_rows: int, what: str) -> Refused:
    return Refused(422, f"the answer has more than {max_rows} {what}, this endpoint's limit: "
                        "narrow the query or page through it with LIMIT and OFFSET")


def _too_big(max_bytes: int) -> Refused:
    return Refused(422, f"the answer is larger than {max_bytes} bytes, this endpoint's limit: "
                        "select fewer or shorter values, or page through them with LIMIT and OFFSET")


def _solutions(result: ox.QuerySolutions | ox.QueryBoolean, request: QueryRequest, limits: Limits) -> Answer:
    fmt = _format(request, SOLUTION_FORMATS, "query results")
    media_type = SOLUTION_FORMATS["json" if fmt == "html" else fmt]
    if isinstance(result, ox.QueryBoolean):
        return Answer(200, media_type, result.serialize(format=RESULTS[fmt]), fmt == "html")
    rows = list(islice(result, limits.max_rows + 1))
    if len(rows) > limits.max_rows:
        raise _too_many(limits.max_rows, "rows")
    variables = [v.value for v in result.variables]
    bindings = [{v: _json_term(row[v]) for v in variables if row[v] is not None} for row in rows]
    # Every format writes each value at least once: refuse before serialising a body that cannot be sent.
    if sum(len(term["value"]) for binding in bindings for term in binding.values()
           if isinstance(term["value"], str)) > limits.max_bytes:
        raise _too_big(limits.max_bytes)
    body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")
    if fmt not in ("json", "html"):  # pyoxigraph writes the other formats from the JSON
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=RESULTS[fmt])
    return Answer(200, media_type, body, fmt == "html")


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    """A term in the SPARQL 1.1 Query Results JSON Format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {part: _json_term(getattr(term, part))
                                            for part in ("subject", "predicate", "object")}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != str(XSD.string):
        out["datatype"] = term.datatype.value
    return out


def _graph(result: ox.QueryTriples, request: QueryRequest, limits: Limits) -> Answer:
    fmt = _format(request, GRAPH_FORMATS, "a graph")
    triples = list(islice(result, limits.max_rows + 1))
    if len(triples) > limits.max_rows:
        raise _too_many(limits.max_rows, "triples")
    body = turtle(triples) if GRAPHS[fmt] == ox.RdfFormat.TURTLE else ox.serialize(triples, format=GRAPHS[fmt])
    return Answer(200, GRAPH_FORMATS["ttl" if fmt == "html" else fmt], body, fmt == "html")


def _work(conn: Connection, data_dir: Path, base: str, sparql_endpoint: str | None, limits: Limits) -> None:
    """A worker's life: load the build (as the server serves it), say so, then answer queries
    until the server hangs up."""
    data = load(data_dir, base, sparql_endpoint)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(answer(data, request, limits))


# --------------------------------------------------------------------------- in the server


class _Worker:
    """One query process and the pipe to it; it says "ready" once it has loaded the build."""

    def __init__(self, context: multiprocessing.context.SpawnContext, args: tuple) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, *args), name="npc-kg-sparql", daemon=True)
        # Started with SIGINT blocked, which it inherits: Ctrl-C in a terminal reaches the whole
        # process group, and a worker would print a traceback; the server stops its workers itself.
        # multiprocessing's resource tracker unblocks SIGINT when it starts: start it first.
        resource_tracker.ensure_running()
        with uninterrupted():
            self.process.start()
        child.close()
        self.started = False

    def wait_started(self) -> None:
        if not self.started:
            if not self.conn.poll(STARTUP_SECONDS):
                raise OSError("a query worker did not start")
            self.conn.recv()  # EOFError if it died while loading
            self.started = True

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class Endpoint:
    """A pool of query workers, each answering one query at a time within the time limit."""

    def __init__(self, data: Dataset, limits: Limits) -> None:
        self.limits = limits
        self._context = multiprocessing.get_context("spawn")
        self._args = (data.data_dir, data.base, data.sparql_endpoint, limits)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(limits.workers):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self._args)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                return
        self._idle.put(self._start())

    def run(self, request: QueryRequest) -> Answer:
        """The answer, or 503 when no worker frees up within `worker_wait` seconds (never waiting
        out another query's time limit) or the query outlives the time limit."""
        timeout = self.limits.timeout
        try:
            worker = self._idle.get(timeout=self.limits.worker_wait)
        except queue.Empty:
            return Answer(503, TEXT, b"every query worker is busy: try again shortly")
        try:
            worker.wait_started()
            worker.conn.send(request)
            if worker.conn.poll(timeout):
                result = worker.conn.recv()
                self._idle.put(worker)
                return result
            failure = Answer(503, TEXT, f"the query was stopped: it ran longer than this endpoint's time limit "
                                        f"of {timeout:g} s".encode("utf-8"))
        except (EOFError, OSError) as err:
            failure = Answer(500, TEXT, f"the query worker failed: {err or type(err).__name__}".encode("utf-8"))
        self._replace(worker)
        return failure

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()
