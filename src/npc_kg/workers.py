"""Work spread over the machine's cores, in forked processes.

A forked process starts with the parent's memory as it stands (a build's text), so nothing large
is pickled on the way in; only results travel back. Used where the pipeline has independent work:
articles are mapped in parallel, and a build's graph files are rendered while the graph is
validated. Where processes cannot be forked (Windows), the same work runs in this process.

Ctrl-C in a terminal interrupts the whole process group: the workers ignore it (they are forked
with SIGINT blocked, so that none is hit before it says so), and the parent, interrupted, stops
them. Else each would print a KeyboardInterrupt traceback of its own.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")
FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def cores() -> int:
    return len(os.sched_getaffinity(0))


def in_workers(function: Callable[[Any], T], jobs: list[Any]) -> Iterator[T]:
    """function(job) for every job, in order, spread over one process per core."""
    if FORK is None:
        yield from map(function, jobs)
        return
    with uninterrupted():
        pool = FORK.Pool(cores(), initializer=_ignore_interrupts)
    with pool:
        yield from pool.imap(function, jobs, chunksize=max(1, min(16, len(jobs) // 64)))


@contextmanager
def uninterrupted() -> Iterator[None]:
    """SIGINT blocked in this thread meanwhile: processes forked here start with it blocked."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (a SIGINT that came while blocked is dropped)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class Background(Generic[T]):
    """function(*args) running in a forked process while the caller goes on. One whose result is
    never asked for is stopped when it is dropped (its result would wait in the pipe for ever)."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self._outcome: tuple[bool, Any] | None = None
        if FORK is None:
            self._outcome = _outcome(function, args)  # here and now
            return
        self._receive, send = FORK.Pipe(duplex=False)
        self._process = FORK.Process(target=_run, args=(send, function, args), daemon=True)
        with uninterrupted():
            self._process.start()
        send.close()
        weakref.finalize(self, _stop, self._process, self._receive)

    def result(self) -> T:
        """Its result, once it is done; an exception it raised is raised here."""
        if self._outcome is None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                self._process.join()
                raise RuntimeError(f"a background process died (exit code {self._process.exitcode})") from None
            finally:
                self._receive.close()
            self._process.join()
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        if FORK is not None:
            _stop(self._process, self._receive)


def _stop(process: Any, receive: Any) -> None:
    if process.is_alive():
        process.kill()
    process.join()
    receive.close()


def _outcome(function: Callable[..., Any], args: tuple) -> tuple[bool, Any]:
    try:
        return True, function(*args)
    except Exception as error:  # handed to the caller of `result`, which raises it
        return False, error


def _run(send: Any, function: Callable[..., Any], args: tuple) -> None:
    _ignore_interrupts()
    send.send(_outcome(function, args))
    send.close()
