"""A line of a megabyte builds: every pattern reads in linear time. The build runs in its own
process with a generous bound (60 s for 1 MB; linear code takes a few seconds), so that a
quadratic pattern fails the test instead of hanging the suite. bench/long_lines.py measures."""

import os
import subprocess
import sys

import pytest

from helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
from long_lines import SHAPES, article  # noqa: E402

MEGABYTE = 1_000_000
BOUND_SECONDS = 60


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_megabyte_line_builds(shape, tmp_path):
    path = tmp_path / f"{shape}.txt"
    path.write_text(article(shape, MEGABYTE), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "NPC_KG_BASE")}
    try:
        result = subprocess.run([sys.executable, "-m", "npc_kg", "build", str(path), "--no-cache", "--no-link", "--out",
                                 str(tmp_path / "out")], capture_output=True, text=True, env=env,
                                timeout=BOUND_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"a 1 MB line of shape {shape!r} did not build within {BOUND_SECONDS} s: superlinear")
    assert result.returncode in (0, 2), result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.returncode == 2:
        assert result.stderr.startswith(f"{path}:"), result.stderr[-2000:]
