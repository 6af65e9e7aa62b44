"""`npc-kg load` and `npc-kg query --endpoint` against a real Oxigraph server: every graph lands,
reloading changes nothing, the bundled queries answer as they do locally, failures exit 3 and never
leave a graph half-replaced; and the N-Quads bulk export loads with `oxigraph load`."""

from __future__ import annotations

import base64
import csv
import gzip
import io
import socket
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from npc_kg.cli import cli
from npc_kg.rdf.iris import Minter
from npc_kg.resources import query_names

from conftest import OXIGRAPH
from helpers import ARTICLES, run_cli

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
FAST_RETRY = ("--retries", "2", "--retry-delay", "0.01")


@pytest.fixture(scope="module")
def local_counts(build_dir) -> dict[str, int]:
    """Triples per graph as the build has them, counted without npc_kg.store: each graph of
    graph.trig, and void.ttl in the void graph."""
    counts: dict[str, int] = {}
    for quad in ox.parse(path=build_dir / "graph.trig"):
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    void = list(ox.parse(path=build_dir / "void.ttl", base_iri="https://example.org/"))
    counts[str(Minter().void_graph())] = len(void)
    return counts


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def load(build_dir: Path, endpoint: str, *args: str) -> str:
    return invoke("load", "--endpoint", endpoint, "--data", str(build_dir), *args)


def store_counts(server) -> dict[str, int]:
    text = invoke("query", PER_GRAPH, "--endpoint", server.query_url, "--format", "csv")
    return {row["g"]: int(row["n"]) for row in csv.DictReader(io.StringIO(text))}


class Proxy:
    """A small HTTP proxy in front of the Oxigraph server. `fail(n)` gets the number of each PUT
    (from 1) and returns a status to answer instead of forwarding it, or None; `challenge`, a
    WWW-Authenticate value, makes it answer 401 with it to a request without credentials; every
    request's method and Authorization header are recorded."""

    def __init__(self, upstream: str, fail: Callable[[int], int | None] = lambda n: None,
                 challenge: str | None = None) -> None:
        self.upstream, self.fail = upstream, fail
        self.seen: list[tuple[str, str | None]] = []
        self.puts = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.seen.append((self.command, self.headers.get("Authorization")))
                if challenge and "Authorization" not in self.headers:
                    return self.answer(401, "text/plain", b"", {"WWW-Authenticate": challenge})
                if self.command == "PUT":
                    proxy.puts += 1
                    status = proxy.fail(proxy.puts)
                    if status is not None:
                        return self.answer(status, "text/plain", b"injected failure\n")
                headers = {k: v for k, v in self.headers.items() if k in ("Content-Type", "Accept")}
                forward = urllib.request.Request(proxy.upstream + self.path, data=body or None, headers=headers,
                                                 method=self.command)
                try:
                    with DIRECT.open(forward, timeout=30) as answer:
                        self.answer(answer.status, answer.headers.get("Content-Type", ""), answer.read())
                except urllib.error.HTTPError as err:
                    self.answer(err.code, err.headers.get("Content-Type", ""), err.read())

            def answer(self, status: int, content_type: str, body: bytes, extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = relay

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture
def proxy_to(oxigraph_server) -> Iterator[Callable[..., Proxy]]:
    made: list[Proxy] = []

    def make(fail: Callable[[int], int | None] = lambda n: None, challenge: str | None = None) -> Proxy:
        made.append(Proxy(oxigraph_server.base_url, fail, challenge))
        return made[-1]

    yield make
    for proxy in made:
        proxy.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --------------------------------------------------------------------------- loading


def test_load_puts_every_graph_whole(build_dir, local_counts, oxigraph_server):
    out = load(build_dir, oxigraph_server.store_url)
    assert store_counts(oxigraph_server) == local_counts
    assert f"loaded {len(local_counts)} graph(s), {sum(local_counts.values())} triples" in out


def test_reload_leaves_the_store_as_one_load(build_dir, local_counts, oxigraph_server):
    load(build_dir, oxigraph_server.store_url)
    once = invoke("query", "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "--endpoint",
                  oxigraph_server.query_url)
    load(build_dir, oxigraph_server.store_url)
    assert store_counts(oxigraph_server) == local_counts
    assert invoke("query", "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "--endpoint",
                  oxigraph_server.query_url) == once


def test_dry_run_sends_nothing_and_hides_secrets(build_dir, local_counts, oxigraph_server, monkeypatch):
    monkeypatch.setenv("NPC_KG_STORE_USER", "loader")
    monkeypatch.setenv("NPC_KG_STORE_PASSWORD", "s3cret-pw")
    out = load(build_dir, oxigraph_server.store_url, "--dry-run")
    assert store_counts(oxigraph_server) == {}
    assert sorted(line.split("?graph=<")[1].split(">")[0] for line in out.splitlines()
                  if line.startswith("PUT ")) == sorted(local_counts)
    assert "credentials: user and password from NPC_KG_STORE_USER/NPC_KG_STORE_PASSWORD (HTTP Digest or Basic, " \
           "as the server asks)" in out
    assert "s3cret" not in out


@pytest.mark.parametrize("env,challenge,header", [
    ({"NPC_KG_STORE_TOKEN": "t0ken"}, None, "Bearer t0ken"),
    ({"NPC_KG_STORE_USER": "loader", "NPC_KG_STORE_PASSWORD": "pw"}, 'Basic realm="store"',
     "Basic " + base64.b64encode(b"loader:pw").decode()),
])
def test_credentials_come_from_the_environment(build_dir, local_counts, proxy_to, monkeypatch, env, challenge,
                                               header):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    proxy = proxy_to(challenge=challenge)
    out = load(build_dir, proxy.url + "/store")
    assert [method for method, _ in proxy.seen].count("PUT") == len(local_counts)
    # A token goes with every request; a password only once the store asked, and from then on
    # with every request (also the GETs that look for stale graphs).
    asked = [None] if challenge else []
    assert [sent for _, sent in proxy.seen] == [*asked, *[header] * (len(proxy.seen) - len(asked))]
    assert all(value not in out for value in env.values())


def test_failure_half_way_leaves_no_partial_graph(build_dir, local_counts, oxigraph_server, proxy_to):
    first, *rest = sorted(local_counts)
    proxy = proxy_to(lambda n: 500 if n >= 2 else None)
    result = run_cli("load", "--endpoint", proxy.url + "/store", "--data", str(build_dir), *FAST_RETRY)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert f"{proxy.url}/store: HTTP 500" in result.stderr
    assert f"loaded (1): <{first}>" in result.stderr
    assert f"not loaded ({len(rest)}): " + ", ".join(f"<{g}>" for g in rest) in result.stderr
    assert proxy.puts == 1 + 3  # the second graph was tried once and retried twice, then the load stopped
    assert store_counts(oxigraph_server) == {first: local_counts[first]}


def test_failed_reload_keeps_every_graph_whole(build_dir, local_counts, oxigraph_server, proxy_to):
    load(build_dir, oxigraph_server.store_url)
    proxy = proxy_to(lambda n: 503 if n % 2 == 0 else None)
    assert run_cli("load", "--endpoint", proxy.url + "/store", "--data", str(build_dir), "--retries", "0"
                   ).returncode == 3
    assert store_counts(oxigraph_server) == local_counts


def test_retries_ride_out_a_passing_server_error(build_dir, local_counts, oxigraph_server, proxy_to):
    proxy = proxy_to(lambda n: 503 if n == 2 else None)
    load(build_dir, proxy.url + "/store", *FAST_RETRY)
    assert store_counts(oxigraph_server) == local_counts
    assert proxy.puts == len(local_counts) + 1


def test_store_down_exits_3_naming_it(build_dir, local_counts):
    url = f"http://127.0.0.1:{closed_port()}/store"
    result = run_cli("load", "--endpoint", url, "--data", str(build_dir), *FAST_RETRY)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert f"{url}: cannot connect" in result.stderr and "loaded (0): none" in result.stderr
    assert f"not loaded ({len(local_counts)})" in result.stderr


def test_load_needs_a_build_directory(tmp_path):
    result = run_cli("load", "--endpoint", "http://127.0.0.1:1/store", "--data", str(tmp_path))
    assert result.returncode == 2 and "not a build directory" in result.stderr


@pytest.fixture(scope="module")
def one_article_build(tmp_path_factory) -> Path:
    """A build of one bundled article: smaller than `build_dir`, under the same base."""
    out = tmp_path_factory.mktemp("one-article") / "build"
    result = run_cli("build", str(ARTICLES[0]), "--no-link", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def foreign_graphs(server, tmp_path: Path) -> dict[str, int]:
    """Graphs a user put into the store: one elsewhere, one under the build's own base whose name
    the tool never wrote. Loading must leave both alone."""
    data = tmp_path / "mine.nt"
    data.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    graphs = {"https://example.org/my-graph": 1, str(Minter().article_graph("my-notes")): 1}
    for graph in graphs:
        server.load(data, graph)
    return graphs


def test_a_smaller_build_deletes_the_graphs_it_no_longer_has(build_dir, local_counts, one_article_build,
                                                             oxigraph_server, tmp_path):
    load(build_dir, oxigraph_server.store_url)
    mine = foreign_graphs(oxigraph_server, tmp_path)
    links = str(Minter().links_graph())  # a graph an earlier build made with --link wrote
    oxigraph_server.load(tmp_path / "mine.nt", links)
    shared = str(Minter().shared_graph())  # one article shares nothing with another
    smaller = {graph: count for graph, count in local_counts.items()
               if graph != shared and ("/graph/npc-" not in graph or graph.endswith("/graph/" + ARTICLES[0].stem))}
    gone = sorted({*local_counts, links} - set(smaller))
    assert len(gone) == len(ARTICLES) + 1  # every other article's graph, the links and the shared graph

    result = run_cli("load", "--endpoint", oxigraph_server.store_url, "--data", str(one_article_build))
    assert result.returncode == 0, result.stderr
    assert f"deleted {len(gone)} graph(s) no longer in the build: " + ", ".join(f"<{g}>" for g in gone) \
        in result.stderr
    counts = store_counts(oxigraph_server)
    assert set(counts) == set(smaller) | set(mine)
    assert {graph: counts[graph] for graph in mine} == mine

    again = run_cli("load", "--endpoint", oxigraph_server.store_url, "--data", str(one_article_build))
    assert again.returncode == 0 and "deleted" not in again.stderr  # idempotent: nothing more to delete
    assert store_counts(oxigraph_server) == counts


def test_dry_run_lists_the_graphs_it_would_delete(build_dir, local_counts, one_article_build, oxigraph_server,
                                                  tmp_path):
    load(build_dir, oxigraph_server.store_url)
    mine = foreign_graphs(oxigraph_server, tmp_path)
    out = load(one_article_build, oxigraph_server.store_url, "--dry-run")
    deletes = sorted(line.split("?graph=<")[1].split(">")[0] for line in out.splitlines() if line.startswith("DELETE "))
    assert deletes == sorted([*(g for g in local_counts if "/graph/npc-" in g and not g.endswith(ARTICLES[0].stem)),
                              str(Minter().shared_graph())])
    assert store_counts(oxigraph_server) == {**local_counts, **mine}  # nothing changed


def test_a_build_under_another_base_deletes_nothing(build_dir, local_counts, oxigraph_server, tmp_path):
    load(build_dir, oxigraph_server.store_url)
    other = tmp_path / "other-base"
    assert run_cli("build", str(ARTICLES[0]), "--out", str(other), "--base", "https://example.org/id/").returncode == 0
    result = run_cli("load", "--endpoint", oxigraph_server.store_url, "--data", str(other))
    assert result.returncode == 0 and "deleted" not in result.stderr
    assert set(local_counts) <= set(store_counts(oxigraph_server))


# --------------------------------------------------------------------------- querying an endpoint


@pytest.mark.parametrize("name", query_names())
def test_bundled_queries_through_the_endpoint_match_local(build_dir, oxigraph_server, name):
    load(build_dir, oxigraph_server.store_url)
    local = invoke("query", name, "--data", str(build_dir), "--format", "csv")
    remote = invoke("query", name, "--endpoint", oxigraph_server.query_url + "?union-default-graph", "--format", "csv")
    assert remote == local


def test_long_queries_are_posted(build_dir, oxigraph_server, proxy_to):
    load(build_dir, oxigraph_server.store_url)
    proxy = proxy_to()
    padded = "# " + "padding " * 400 + "\nSELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    out = invoke("query", padded, "--endpoint", proxy.url + "/query", "--format", "csv")
    short = invoke("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--endpoint",
                   proxy.url + "/query", "--format", "csv")
    assert out == short and [method for method, _ in proxy.seen] == ["POST", "GET"]


def test_endpoint_params_cannot_change_the_query(build_dir, oxigraph_server):
    from test_query import NASTY

    load(build_dir, oxigraph_server.store_url)
    endpoint = oxigraph_server.query_url + "?union-default-graph"
    for value in NASTY:
        assert invoke("query", "sessions", "--endpoint", endpoint, "--format", "csv", "--param",
                      f"title={value}") == "session,title,congress,ordinal,year,start,end,venue,city\n"
    session = "--param", "session=<https://w3id.org/npc-kg/id/session/12-2>"
    assert invoke("query", "resolutions", "--endpoint", endpoint, "--format", "csv", *session) == \
        invoke("query", "resolutions", "--data", str(build_dir), "--format", "csv", *session)


def test_endpoint_ask_and_construct(build_dir, oxigraph_server):
    load(build_dir, oxigraph_server.store_url)
    endpoint = oxigraph_server.query_url + "?union-default-graph"
    ask = run_cli("query", "ASK { ?s a <https://example.org/Nothing> }", "--endpoint", endpoint)
    assert (ask.returncode, ask.stdout) == (1, "false\n")
    turtle = invoke("query", "PREFIX npc: <https://w3id.org/npc-kg/ontology#>\n"
                             "CONSTRUCT { ?s npc:ordinal ?o } WHERE { ?s npc:ordinal ?o }", "--endpoint", endpoint)
    assert "npc:ordinal" in turtle and len(list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))) == len(ARTICLES)


def test_endpoint_down_exits_3_naming_it():
    url = f"http://127.0.0.1:{closed_port()}/query"
    result = run_cli("query", "sessions", "--endpoint", url, "--timeout", "5")
    assert result.returncode == 3 and result.stderr.startswith(f"npc-kg: {url}: cannot connect")
    assert "Traceback" not in result.stderr


def test_endpoint_http_error_exits_3_with_status(oxigraph_server):
    result = run_cli("query", "sessions", "--endpoint", oxigraph_server.base_url + "/nowhere")
    assert result.returncode == 3 and f"{oxigraph_server.base_url}/nowhere: HTTP 404" in result.stderr


def test_query_the_endpoint_rejects_is_bad_input(oxigraph_server):
    result = run_cli("query", "SELECT ?s WHERE { ?s ?p }", "--endpoint", oxigraph_server.query_url)
    assert result.returncode == 2 and "HTTP 400" in result.stderr and "the endpoint rejected the query" in result.stderr


def test_endpoint_takes_no_local_options(build_dir):
    result = run_cli("query", "sessions", "--endpoint", "http://127.0.0.1:1/query", "--data", str(build_dir))
    assert result.returncode == 2 and "--endpoint" in result.stderr


# --------------------------------------------------------------------------- bulk export


def test_nquads_dump_is_deterministic_and_loads_with_oxigraph(build_dir, local_counts, oxigraph_server, tmp_path):
    dump = (build_dir / "graph.nq.gz").read_bytes()
    assert dump[4:8] == b"\0\0\0\0"  # gzip mtime 0: the same build gives the same bytes
    text = gzip.decompress(dump).decode("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]  # after the licence notice
    assert text.startswith("# ") and len(lines) == len(set(lines)) == sum(local_counts.values())
    loaded = subprocess.run([str(OXIGRAPH), "load", "--location", str(tmp_path / "db"), "--file",
                             str(build_dir / "graph.nq.gz")], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    store = ox.Store(str(tmp_path / "db"))
    assert len(store) == sum(local_counts.values())
    assert {g.value for g in store.named_graphs()} == set(local_counts)
    load(build_dir, oxigraph_server.store_url)  # the same graphs `load` puts into a store
    assert store_counts(oxigraph_server) == {
        g: len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))) for g in local_counts}
