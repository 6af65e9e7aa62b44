"""Shared fixtures.

`build_dir`: the bundled corpus built once per test session (without Wikidata links), for tests
that only read a build. A test module that needs another build defines its own `build_dir`.

`oxigraph_server`: a real, empty Oxigraph SPARQL server on a free local port, for tests of anything
that talks SPARQL 1.1 over HTTP (linking, loading, querying an endpoint). Never the network: the
server listens on 127.0.0.1 only, and proxies are bypassed for it.
`oxigraph_union_server`: the same, started with `--union-default-graph` (queries without GRAPH read
the union of the named graphs), as users are told to run a store loaded with `npc-kg load`.
`virtuoso_server`: a real Virtuoso open source server (tests/virtuoso.py), one per test session: it
starts in a few seconds but not in a blink. Its Graph Store Protocol endpoint asks for HTTP Digest
credentials. Never skipped: without `virtuoso-t` (`make virtuoso`) the tests that use it fail.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

OXIGRAPH = Path(sys.executable).parent / "oxigraph"  # the `oxigraph` PyPI package's server binary
CONTENT_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".trig": "application/trig",
                 ".nq": "application/n-quads"}
STARTUP_SECONDS = 30


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from helpers import run_cli

    out = tmp_path_factory.mktemp("bundled") / "build"
    result = run_cli("build", "--no-link", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@dataclass(frozen=True)
class OxigraphServer:
    base_url: str

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        return self.base_url + "/store"

    def load(self, path: Path, graph: str | None = None) -> None:
        """Add a file to the store (Graph Store Protocol POST): triples to the default graph or to
        `graph`; TriG and N-Quads keep their own graphs."""
        if path.suffix in (".trig", ".nq"):
            url = self.store_url
        elif graph is None:
            url = self.store_url + "?default"
        else:
            url = self.store_url + "?" + urllib.parse.urlencode({"graph": graph})
        request = urllib.request.Request(url, data=path.read_bytes(), method="POST",
                                         headers={"Content-Type": CONTENT_TYPES[path.suffix]})
        with _direct.open(request, timeout=60):
            pass

    def answers(self) -> bool:
        try:
            with _direct.open(self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=1):
                return True
        except (urllib.error.URLError, OSError):
            return False


_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OxigraphServer]:
    """A fresh, empty Oxigraph server for one test; stopped (and its data dropped) afterwards."""
    with _oxigraph(tmp_path, monkeypatch) as server:
        yield server


@pytest.fixture
def oxigraph_union_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OxigraphServer]:
    """The same, started with `--union-default-graph` as the README says to run it: a query without
    GRAPH reads every named graph, keeping one copy of a triple per graph that holds it."""
    with _oxigraph(tmp_path, monkeypatch, "--union-default-graph") as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """A Virtuoso server on free ports of 127.0.0.1 with a new database, shared by the session's
    tests (each loads what it needs); stopped at the end."""
    from virtuoso import VirtuosoError, virtuoso

    with pytest.MonkeyPatch.context() as patch:
        for variable in ("no_proxy", "NO_PROXY"):  # clients under test must reach 127.0.0.1 directly
            patch.setenv(variable, "127.0.0.1,localhost")
        port, http_port = _free_port(), _free_port()
        while http_port == port:
            http_port = _free_port()
        try:
            server = virtuoso(tmp_path_factory.mktemp("virtuoso"), port, http_port)
            with server as started:
                yield started
        except VirtuosoError as err:
            pytest.fail(str(err), pytrace=False)


@contextmanager
def _oxigraph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> Iterator[OxigraphServer]:
    if not OXIGRAPH.is_file():
        pytest.skip(f"no oxigraph server binary at {OXIGRAPH} (pip install oxigraph)")
    for variable in ("no_proxy", "NO_PROXY"):  # clients under test must reach 127.0.0.1 directly
        monkeypatch.setenv(variable, "127.0.0.1,localhost")
    port = _free_port()
    server = OxigraphServer(f"http://127.0.0.1:{port}")
    log = tmp_path / "oxigraph.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path / "oxigraph-data"),
                                    "--bind", f"127.0.0.1:{port}", *options], stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not server.answers():
            if process.poll() is not None:
                pytest.fail(f"oxigraph exited with {process.returncode}: {log.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(f"oxigraph did not answer within {STARTUP_SECONDS}s: {log.read_text(errors='replace')}")
            time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
