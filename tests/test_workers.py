"""Work in forked processes: results and errors come back, and nothing is left running."""

from __future__ import annotations

import gc
import os
import time

import pytest

from npc_kg.workers import Background, in_workers


def square(n: int) -> int:
    return n * n


def fail(message: str) -> None:
    raise ValueError(message)


def big(size: int) -> bytes:
    return b"x" * size


def test_in_workers_keeps_the_order():
    assert list(in_workers(square, list(range(50)))) == [n * n for n in range(50)]


def test_a_background_result_and_error_come_back():
    assert Background(big, 10_000_000).result() == b"x" * 10_000_000  # more than a pipe holds
    with pytest.raises(ValueError, match="broken"):
        Background(fail, "broken").result()


def test_a_background_process_is_stopped_when_cancelled_or_dropped():
    cancelled = Background(time.sleep, 60)
    pid = cancelled._process.pid
    cancelled.cancel()
    assert not cancelled._process.is_alive()
    dropped = Background(big, 10_000_000)  # its result would block the pipe for ever
    process = dropped._process
    del dropped
    gc.collect()
    assert not process.is_alive() and process.exitcode is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_without_fork_the_work_runs_here(monkeypatch):
    from npc_kg import workers

    monkeypatch.setattr(workers, "FORK", None)
    assert list(in_workers(square, [1, 2, 3])) == [1, 4, 9]
    assert Background(big, 10_000_000).result() == b"x" * 10_000_000
    with pytest.raises(ValueError, match="broken"):
        Background(fail, "broken").result()
    Background(square, 2).cancel()
