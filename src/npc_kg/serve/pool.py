"""Connections to threads: a fixed pool of threads fed by a bounded queue, and deadlines on reading.

The standard library's ThreadingHTTPServer starts one thread per connection, without bound, and
its handlers read with a per-call timeout, so a client sending a byte every few seconds holds a
thread forever. Here a fixed number of threads serve accepted connections from a bounded queue;
when the queue is full, the accepting thread answers 503 at once, without reading the request.
A request must arrive whole within `read_timeout` (every read gets only the time left), a
kept-alive connection must start its next request within `idle_timeout`, and it is not kept alive
at all while other connections wait for a thread.
"""

from __future__ import annotations

import io
import math
import queue
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from .limits import Limits

_BUSY_TEXT = b"the server is busy: try again shortly.\r\n"
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(_BUSY_TEXT)) + _BUSY_TEXT
_DRAIN_READS = 16  # reads of what a refused client already sent, so closing does not reset the 503


class DeadlineReader(io.RawIOBase):
    """The reading side of a socket where each read may wait only for the time left to a deadline."""

    def __init__(self, connection: socket.socket) -> None:
        super().__init__()
        self.connection = connection
        self.deadline = self.first_byte = math.inf
        self.started = False

    def expect(self, whole: float, first_byte: float) -> None:
        """A new request: it must start within `first_byte` seconds and be read within `whole`."""
        now = time.monotonic()
        self.deadline, self.first_byte, self.started = now + whole, now + first_byte, False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        left = (self.deadline if self.started else min(self.deadline, self.first_byte)) - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive within the time allowed")
        self.connection.settimeout(left)
        count = self.connection.recv_into(buffer)
        self.started = self.started or count > 0
        return count


class BoundedHandler(BaseHTTPRequestHandler):
    """A request handler whose reads keep the server's deadlines and whose writes have a time limit."""

    server: PooledHTTPServer

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the plain reader the base class made: replaced by one that keeps deadlines
        self._reader = DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)
        self._requests = 0

    def handle_one_request(self) -> None:
        limits = self.server.limits
        self._requests += 1
        self._reader.expect(limits.read_timeout, limits.read_timeout if self._requests == 1 else limits.idle_timeout)
        super().handle_one_request()

    def end_headers(self) -> None:
        if self.server.crowded():  # others wait for a thread: do not hold this one for a next request
            self.send_header("Connection", "close")
        self.connection.settimeout(self.server.limits.write_timeout)
        super().end_headers()

    def log_error(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        if self._reader.started or self._requests == 1:  # a kept-alive connection closed while idle is no error
            super().log_error(format, *args)


class PooledHTTPServer(HTTPServer):
    """An HTTP server with `limits.threads` threads, `limits.queue` waiting connections at most, and
    a listen backlog of `limits.backlog`."""

    def __init__(self, address: tuple[str, int], handler: type[BoundedHandler], limits: Limits) -> None:
        self.limits = limits
        self.request_queue_size = limits.backlog  # read by listen() in server_activate
        super().__init__(address, handler)
        self._waiting: queue.Queue[tuple[socket.socket, tuple]] = queue.Queue(limits.queue)
        for number in range(limits.threads):
            threading.Thread(target=self._serve, name=f"npc-kg-http-{number}", daemon=True).start()

    def process_request(self, request: socket.socket, client_address: tuple) -> None:  # type: ignore[override]
        try:
            self._waiting.put_nowait((request, client_address))
        except queue.Full:
            self._refuse(request)

    def crowded(self) -> bool:
        return not self._waiting.empty()

    def _serve(self) -> None:
        while True:
            request, address = self._waiting.get()
            try:
                self.finish_request(request, address)
            except OSError:  # the client went away or missed a deadline: nothing to tell it
                pass
            except Exception:  # noqa: BLE001 (a bug in a handler must not end the thread)
                self.handle_error(request, address)
            finally:
                self.shutdown_request(request)

    @staticmethod
    def _refuse(connection: socket.socket) -> None:
        """503 without waiting: written to a fresh socket's empty buffer, never blocking."""
        try:
            connection.setblocking(False)
            connection.send(BUSY)
            connection.shutdown(socket.SHUT_WR)
            for _ in range(_DRAIN_READS):
                if not connection.recv(65536):
                    break
        except OSError:  # nothing more to read (BlockingIOError), or the client is gone
            pass
        finally:
            connection.close()
