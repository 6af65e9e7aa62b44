"""`npc-kg serve` under pressure: a client that sends a byte at a time, a full connection queue,
an answer too large to send, two slow queries holding both query workers, SERVICE allowed by the
operator, and Ctrl-C. A real server process on a free 127.0.0.1 port, with small limits.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from helpers import Listener
from test_serve_http import RUNAWAY, Server, running

READ_TIMEOUT = 3
THREADS = 3  # so 48 connections may wait; 3 lets a quick query pass two slow ones
TIME_LIMIT = 8
MAX_BYTES = 20_000
SMALL = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


@pytest.fixture(scope="module")
def server(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("serve-limits") / "server.log"
    with running(build_dir, log, "--read-timeout", str(READ_TIMEOUT), "--threads", str(THREADS),
                 "--timeout", str(TIME_LIMIT), "--max-bytes", str(MAX_BYTES)) as (live, process):
        yield live
    assert process.returncode == 0, log.read_text(errors="replace")


def trickle(server: Server, data: bytes, most: int) -> int | None:
    """Send `data` one byte a second; the number of bytes sent when the server closed the
    connection, or None if it was still open after `most` bytes."""
    with socket.create_connection((server.host, server.port), timeout=5) as client:
        for sent, byte in enumerate(data[:most]):
            try:
                client.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                return sent
            readable, _, _ = select.select([client], [], [], 1.0)
            if readable:
                try:
                    if not client.recv(4096):
                        return sent + 1
                except ConnectionResetError:
                    return sent + 1
    return None


@pytest.mark.parametrize("request_bytes", [
    b"GET /sessions/ HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100,  # headers that never end
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 500\r\n\r\n"
    + b"ASK {" * 100,  # a body that comes a byte at a time
])
def test_a_client_sending_a_byte_a_second_is_cut_off_and_others_are_served(server, request_bytes):
    outcome: list[int | None] = []
    slow = threading.Thread(target=lambda: outcome.append(trickle(server, request_bytes, 60)))
    slow.start()
    assert server.get("/", "text/html").status == 200  # served meanwhile
    slow.join()
    closed_after = outcome[0]
    assert closed_after is not None, "the server kept a connection sending a byte a second open"
    # The body case has its headers sent first, one byte a second too: the deadline covers the whole request.
    assert closed_after <= READ_TIMEOUT + 3, f"closed only after {closed_after} bytes (seconds)"
    assert server.get("/", "text/html").status == 200


def test_a_full_queue_is_answered_503_at_once_and_the_server_recovers(server):
    idle = [socket.create_connection((server.host, server.port), timeout=5) for _ in range(THREADS * 17)]
    try:
        with socket.create_connection((server.host, server.port), timeout=5) as late:
            late.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n")
            answer = late.recv(4096)
        assert answer.startswith(b"HTTP/1.1 503 "), answer[:100]
        assert b"Retry-After" in answer
    finally:
        for connection in idle:
            connection.close()
    assert server.get("/", "text/html").status == 200


def test_an_answer_larger_than_the_byte_cap_is_refused_with_422(server):
    size = server.sparql("SELECT (STRLEN(GROUP_CONCAT(STR(?o))) AS ?n) WHERE { ?s ?p ?o }")
    assert size.status == 200
    assert int(json.loads(size.body)["results"]["bindings"][0]["n"]["value"]) > MAX_BYTES  # one big row
    for accept in ("application/sparql-results+json", "text/csv"):
        reply = server.sparql("SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ?p ?o }", accept=accept)
        assert reply.status == 422 and str(MAX_BYTES) in reply.text and "bytes" in reply.text
    graph = server.sparql("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5000", accept="application/n-triples")
    assert graph.status == 422 and "bytes" in graph.text
    assert server.sparql(SMALL).status == 200


def test_two_slow_queries_do_not_make_others_wait_for_the_time_limit(server):
    assert server.sparql(SMALL).status == 200  # both workers are up
    slow: list[int] = []
    runners = [threading.Thread(target=lambda: slow.append(server.sparql(RUNAWAY).status)) for _ in range(2)]
    for runner in runners:
        runner.start()
    try:
        # Give both slow queries time to reach their workers, then ask a quick one.
        threading.Event().wait(1.0)
        quick = server.sparql(SMALL)
        still_running = sum(runner.is_alive() for runner in runners)
    finally:
        for runner in runners:
            runner.join()
    assert still_running == 2, "the quick query was answered only after a slow one ended"
    assert quick.status == 503 and "busy" in quick.text
    assert slow == [503, 503]
    assert server.sparql(SMALL).status == 200  # fresh workers


def test_allow_service_lets_the_operator_federate(build_dir, tmp_path):
    with Listener() as listener, running(build_dir, tmp_path / "server.log", "--allow-service") as (live, _):
        query = f"SELECT * WHERE {{ BIND(1 AS ?z) SERVICE SILENT <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
        reply = live.sparql(query)
        assert reply.status == 200
        assert listener.connections >= 1


def test_ctrl_c_stops_the_server_and_its_workers_with_exit_130_and_no_traceback(build_dir, tmp_path):
    log = tmp_path / "server.log"
    with running(build_dir, log, start_new_session=True) as (live, process):
        assert live.sparql(SMALL).status == 200  # the workers are up
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group
        assert process.wait(timeout=30) == 130
    errors = log.read_text(errors="replace")
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors, errors
    with pytest.raises(OSError):
        socket.create_connection((live.host, live.port), timeout=2).close()


def test_the_byte_cap_concerns_sparql_answers_not_the_dumps(server):
    reply = server.get("/graph.nt")
    assert reply.status == 200 and len(reply.body) > MAX_BYTES
    assert server.get("/sparql?" + urlencode({"query": SMALL})).status == 200
