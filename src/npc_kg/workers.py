"""Work spread over the machine's cores, in forked processes.

A forked process starts with the parent's memory as it stands (the compiled shapes, a build's
text), so nothing large is pickled on the way in; only results travel back. Used where the
pipeline has independent work: articles are mapped and checked in parallel, and a build's graph
files are rendered while the graph is validated.
"""

from __future__ import annotations

import multiprocessing
import os
import weakref
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
FORK = multiprocessing.get_context("fork")


def cores() -> int:
    return len(os.sched_getaffinity(0))


def in_workers(function: Callable[[Any], T], jobs: list[Any]) -> Iterator[T]:
    """function(job) for every job, in order, spread over one process per core."""
    with FORK.Pool(cores()) as pool:
        yield from pool.imap(function, jobs, chunksize=max(1, min(16, len(jobs) // 64)))


class Background(Generic[T]):
    """function(*args) running in a forked process while the caller goes on. One whose result is
    never asked for is stopped when it is dropped (its result would wait in the pipe for ever)."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self._receive, send = FORK.Pipe(duplex=False)
        self._process = FORK.Process(target=_run, args=(send, function, args), daemon=True)
        self._process.start()
        send.close()
        weakref.finalize(self, _stop, self._process, self._receive)

    def result(self) -> T:
        """Its result, once it is done; an exception it raised is raised here."""
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"a background process died (exit code {self._process.exitcode})") from None
        finally:
            self._receive.close()
        self._process.join()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        _stop(self._process, self._receive)


def _stop(process: Any, receive: Any) -> None:
    if process.is_alive():
        process.kill()
    process.join()
    receive.close()


def _run(send: Any, function: Callable[..., Any], args: tuple) -> None:
    try:
        outcome = (True, function(*args))
    except BaseException as error:  # handed to the parent, which raises it
        outcome = (False, error)
    send.send(outcome)
    send.close()
