"""Shared test helpers: paths to the bundled corpus and its expected facts, and a CLI runner."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from npc_kg.resources import data_dir

CORPUS = data_dir("corpus")
ARTICLES = sorted(CORPUS.glob("*.txt"))
REPO = Path(__file__).resolve().parent.parent


def expected(stem: str) -> dict:
    return json.loads((CORPUS / "expected" / f"{stem}.json").read_text(encoding="utf-8"))


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m npc_kg` as a user would: a real process, real exit code, real stderr."""
    inherited = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "NPC_KG_BASE")}
    return subprocess.run([sys.executable, "-m", "npc_kg", *args], capture_output=True, text=True, cwd=cwd,
                          env={**inherited, **(env or {})}, timeout=300)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file a build wrote, by name (the article cache, a folder, is not part of the build)."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


class Listener:
    """A plain TCP listener on 127.0.0.1 that counts the connections it accepts (and closes them):
    the witness that a server did, or did not, call out."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:  # closed
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> "Listener":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
