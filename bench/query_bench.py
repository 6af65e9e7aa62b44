"""Median latency of each bundled query on Oxigraph and on rdflib's engine, side by side.

Sizes: the bundled build (output/), and SYNTHETIC graphs made by replicating the build's triples
under renamed IRIs (every IRI under the base gets a /synthetic/<copy>/ segment, so each copy is a
disjoint set of sessions, people and votes; nothing about the real sessions changes). rdflib is
slow on large graphs: it runs only up to --rdflib-max triples and the table says so.

Times are of `engine.run` (query and reading every row into the tool's terms, as `npc-kg query`
does); loading the data is not timed. Prints figures; asserts nothing.

Usage: python bench/query_bench.py [--data output] [--sizes 20000 100000 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from npc_kg.iris import DEFAULT_BASE
from npc_kg.query import Engine, Oxigraph, Rdflib, data_file, resolve_query
from npc_kg.resources import query_names


def synthetic(source: Path, triples: int, out: Path) -> int:
    """Write copies of `source` (N-Triples) to `out` until it holds at least `triples` triples."""
    lines = source.read_text(encoding="utf-8").splitlines()
    copies = -(-triples // len(lines))
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            renamed = f"<{DEFAULT_BASE}synthetic/{copy}/"
            handle.writelines(line.replace(f"<{DEFAULT_BASE}", renamed) + "\n" for line in lines)
    return copies * len(lines)


def median_ms(engine: Engine, name: str, runs: int) -> float:
    query = resolve_query(name)
    engine.run(query, {})  # warm up: caches, lazy imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        engine.run(query, {})
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("output"), help="build directory (default output/)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 100_000, 1_000_000],
                        help="synthetic graph sizes in triples")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-max", type=int, default=25_000,
                        help="largest graph rdflib is run on (its resolutions query grows quadratically)")
    args = parser.parse_args()
    source = data_file(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        graphs = [("bundled", source)]
        for size in args.sizes:
            path = Path(tmp) / f"synthetic-{size}.nt"
            graphs.append((f"synthetic {synthetic(source, size, path):,}", path))
        print(f"median of {args.runs} runs, milliseconds; python {sys.version.split()[0]}")
        print(f"{'graph':22} {'query':14} {'oxigraph':>9} {'rdflib':>9} {'ratio':>7}")
        for label, path in graphs:
            triples = sum(1 for _ in path.open(encoding="utf-8"))
            start = time.perf_counter()
            oxigraph = Oxigraph(path)
            oxigraph_load = time.perf_counter() - start
            rdflib = None
            if triples <= args.rdflib_max:
                start = time.perf_counter()
                rdflib = Rdflib(path)
                rdflib_load = time.perf_counter() - start
            for name in query_names():
                fast = median_ms(oxigraph, name, args.runs)
                slow = median_ms(rdflib, name, max(1, args.runs // 2)) if rdflib else None
                print(f"{label:22} {name:14} {fast:9.1f} " + (f"{slow:9.1f} {slow / fast:6.1f}x" if slow else
                                                                f"{'skipped':>9} {'-':>7}"))
            loads = f"load: oxigraph {oxigraph_load:.1f} s" + (f", rdflib {rdflib_load:.1f} s" if rdflib else
                                                               f", rdflib not run (> {args.rdflib_max:,} triples)")
            print(f"{label:22} ({triples:,} triples; {loads})")


if __name__ == "__main__":
    main()
