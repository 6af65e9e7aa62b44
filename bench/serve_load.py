"""A bounded load test of `npc-kg serve`, on loopback only: builds the bundled corpus into a
temporary directory, starts the server on a free 127.0.0.1 port, and lets 200 concurrent clients
send a fixed number of requests (a new connection each: pages, documents and a small SPARQL query),
stopping by itself after the count or the time cap, whichever comes first.

Prints requests per second, p50/p99 latency, errors (no answer, or a status other than
200/303), 503 refusals, and the server's memory (peak RSS of the server, and of its query workers).
Asserts nothing. Usage: python bench/serve_load.py [--clients 200] [--requests 4000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

TARGETS = [
    ("/", "text/html"),
    ("/session/12-2", "text/turtle"),
    ("/session/12-2.html", "text/html"),
    ("/sessions/", "text/html"),
    ("/person/li-keqiang.jsonld", "application/ld+json"),
    ("/sparql?" + urlencode({"query": "SELECT ?s WHERE { ?s a <https://w3id.org/npc-kg/ontology#Session> }"}),
     "application/sparql-results+json"),
]


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


class Load:
    """The shared count of requests sent, and what each one got."""

    def __init__(self, total: int, deadline: float) -> None:
        self.total, self.deadline = total, deadline
        self.sent = 0
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.refused: dict[str, int] = {}  # 503s by what was asked: a page or document, or SPARQL
        self.errors = 0

    def next(self) -> int | None:
        with self.lock:
            if self.sent >= self.total or time.monotonic() > self.deadline:
                return None
            self.sent += 1
            return self.sent

    def record(self, target: str, seconds: float, status: int | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if status is None:
                self.errors += 1
                return
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 503:
                kind = "sparql" if target.startswith("/sparql") else "pages"
                self.refused[kind] = self.refused.get(kind, 0) + 1


def client(port: int, load: Load, start: threading.Barrier) -> None:
    start.wait()
    while (number := load.next()) is not None:
        target, accept = TARGETS[number % len(TARGETS)]
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", target, headers={"Accept": accept})
            response = connection.getresponse()
            response.read()
            status: int | None = response.status
        except OSError:
            status = None
        finally:
            connection.close()
        load.record(target, time.perf_counter() - began, status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "build"
        subprocess.run([python, "-m", "npc_kg", "build", "--out", str(out)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server = subprocess.Popen([python, "-m", "npc_kg", "serve", "--data", str(out), "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            line = server.stdout.readline() if server.stdout else ""
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if not match:
                raise SystemExit(f"the server did not start: {line!r}")
            port = int(match[1])
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            warm.request("GET", TARGETS[-1][0], headers={"Accept": TARGETS[-1][1]})  # the query workers are up
            warm.getresponse().read()
            warm.close()
            load = Load(args.requests, time.monotonic() + args.seconds)
            start = threading.Barrier(args.clients)
            threads = [threading.Thread(target=client, args=(port, load, start)) for _ in range(args.clients)]
            peak_workers = 0
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            while any(thread.is_alive() for thread in threads):
                peak_workers = max(peak_workers, sum(rss_kib(pid) for pid in children(server.pid)))
                time.sleep(0.2)
            elapsed = time.perf_counter() - began
            server_peak = rss_kib(server.pid, "VmHWM")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    latencies = sorted(load.latencies)
    done = len(latencies)
    print(f"{args.clients} concurrent clients, {done} requests (cap {args.requests}, {args.seconds:g} s), "
          f"loopback, a new connection per request")
    print(f"requests/s       {done / elapsed:8.1f}   ({elapsed:.1f} s)")
    print(f"latency p50      {statistics.median(latencies) * 1000:8.1f} ms")
    print(f"latency p99      {latencies[min(done - 1, int(done * 0.99))] * 1000:8.1f} ms")
    print(f"latency max      {latencies[-1] * 1000:8.1f} ms")
    print(f"statuses         {dict(sorted(load.statuses.items()))}")
    refused = load.statuses.get(503, 0)
    wrong = sum(n for status, n in load.statuses.items() if status not in (200, 303, 503))
    print(f"errors           {load.errors} without an answer, {wrong} with an unexpected status")
    print(f"refused (503)    {refused} {dict(sorted(load.refused.items()))}")
    print(f"server RSS peak  {server_peak / 1024:8.1f} MiB (workers {peak_workers / 1024:.1f} MiB at most, together)")


if __name__ == "__main__":
    main()
