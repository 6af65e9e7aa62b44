"""Wall time of `npc-kg build` (bundled corpus) and `npc-kg query resolutions`, each as a ratio to
its import floor measured in the same run: `python -c "import rdflib, pyshacl"` for build,
`python -c "import rdflib"` for query. Goals: build <= 1.5x its floor, query <= 1.3x.

Prints figures; asserts nothing. Usage: python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    python = sys.executable
    with tempfile.TemporaryDirectory() as out:
        build = [python, "-m", "npc_kg", "build", "--out", out]
        subprocess.run(build, check=True, stdout=subprocess.DEVNULL)  # warm the file cache and .pyc files
        rows = [
            ("build (bundled corpus)", median_seconds(build, runs),
             median_seconds([python, "-c", "import rdflib, pyshacl"], runs), 1.5),
            ("query resolutions", median_seconds([python, "-m", "npc_kg", "query", "resolutions", "--data", out,
                                                  "--format", "csv"], runs),
             median_seconds([python, "-c", "import rdflib"], runs), 1.3),
        ]
    print(f"median of {runs} runs, {python}")
    print(f"{'command':26} {'seconds':>8} {'floor':>8} {'ratio':>6} {'goal':>5}")
    for name, seconds, floor, goal in rows:
        ratio = seconds / floor
        print(f"{name:26} {seconds:8.3f} {floor:8.3f} {ratio:6.2f} {goal:5.1f} {'ok' if ratio <= goal else 'MISSED'}")


if __name__ == "__main__":
    main()
