"""Ctrl-C on a long build: exit 130, one line on stderr and no traceback (neither the build's nor
its worker processes'), the build directory exactly as it was and unlocked, and the next build works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from npc_kg.builddir import lock_path
from npc_kg.pipeline import PARALLEL_FROM

from helpers import ARTICLES, REPO, run_cli

START_SECONDS = 120


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under a directory (the article cache included), by relative path."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def test_ctrl_c_stops_a_long_build_cleanly(tmp_path):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench" / "synth.py"), str(corpus), "--articles",
                    str(PARALLEL_FROM * 4)], check=True, capture_output=True)
    out = tmp_path / "out"
    assert run_cli("build", str(ARTICLES[0]), "--out", str(out)).returncode == 0
    before = tree(out)
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "NPC_KG_BASE")}
    process = subprocess.Popen([sys.executable, "-m", "npc_kg", "build", str(corpus), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)  # its own process group, as a terminal's job
    try:
        deadline = time.monotonic() + START_SECONDS
        # running: it holds the lock and has forked its workers (the articles are being mapped)
        while not (lock_path(out).exists() and children(process.pid)):
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C in a terminal: the whole process group
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, stderr
    assert stderr.strip() == "npc-kg: interrupted"  # no traceback, from the build or any worker
    assert tree(out) == before
    assert not lock_path(out).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]  # no half-written directory left
    again = run_cli("build", str(ARTICLES[1]), "--out", str(out))
    assert again.returncode == 0, again.stderr
