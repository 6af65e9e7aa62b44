"""What one request may cost `npc-kg serve`: every bound the server enforces, in one place.

Each bound answers one way a client (careless or hostile) could exhaust the server: a query that
never ends (`timeout`), an answer too large to hold (`max_rows`, `max_bytes`), a client that sends
its request a byte at a time (`read_timeout`), more connections than threads (`threads`, `queue`,
`backlog`), and a query that asks the server to call another (`allow_service`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds a SPARQL query may run; then 503 and its worker is replaced
    max_rows: int = 10_000  # rows (or triples) of a SPARQL answer; more is refused with 422
    max_bytes: int = 16 << 20  # bytes of a SPARQL answer; more is refused with 422
    read_timeout: float = 30.0  # seconds a client has to send one whole request; then the connection is closed
    idle_timeout: float = 5.0  # seconds a kept-alive connection may wait for its next request
    write_timeout: float = 60.0  # seconds a client has to take one whole response
    threads: int = 32  # connections served at once
    backlog: int = 1024  # connections the kernel holds before they are accepted
    worker_wait: float = 1.0  # seconds a query waits for a free query worker; then 503
    workers: int = 2  # query processes, each holding a copy of the build
    allow_service: bool = False  # whether SPARQL SERVICE (federation) may call other servers

    @property
    def queue(self) -> int:
        """Accepted connections waiting for a thread; beyond this a connection gets 503 at once."""
        return 16 * self.threads
