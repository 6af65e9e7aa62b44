"""Validation time and peak memory of the fast SHACL engine and of pySHACL, by graph size.

The graphs are SYNTHETIC builds (bench/synth.py articles, extracted and mapped as `npc-kg build`
does, about 590 triples an article). Every engine checks every shape, the SHACL-SPARQL ones
included, with the bundled shapes loaded once beforehand. Timed: `validate_graph` on the rdflib
graph (fast and pySHACL engines) and `validate_store` on a pyoxigraph store holding the same
triples (building the graph or the store is not timed). pySHACL runs only up to --pyshacl-max
triples (about 100 µs a triple: ten seconds at 100k, minutes at 1M), and the table says so.

Memory is the peak resident set size during the call (Linux: the peak is reset just before it, so
the figure includes the graph already in memory; "added" is the peak minus the size before),
which counts pyoxigraph's memory too, unlike tracemalloc. Prints figures; asserts nothing.

Usage: python bench/validate_bench.py [--sizes 10000 100000 1000000] [--pyshacl-max 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from npc_kg.rdf.iris import Minter
from npc_kg.map import map_corpus
from npc_kg.pipeline import extract_articles
from npc_kg.validate import Report, load_shapes, validate_graph, validate_store
from synth import Writer

TRIPLES_PER_ARTICLE = 590


@dataclass(frozen=True)
class Run:
    engine: str
    triples: int
    seconds: float
    peak_mb: float
    added_mb: float
    report: Report

    @property
    def micros_per_triple(self) -> float:
        return self.seconds / self.triples * 1e6


def synthetic_graph(triples: int, folder: Path) -> Graph:
    writer = Writer(random.Random(1))
    for index in range(max(1, round(triples / TRIPLES_PER_ARTICLE))):
        (folder / f"synthetic-{index:05d}.txt").write_text(writer.article(index, 12), encoding="utf-8")
    records = extract_articles(sorted(folder.glob("*.txt")))
    return map_corpus(records, Minter()).union()


def resident_mb(field: str) -> float:
    """VmRSS or VmHWM (peak) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    """Start a new peak RSS measurement (Linux 4.0+: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def measure(engine: str, triples: int, call: Callable[[], Report], runs: int) -> Run:
    """The median time of `runs` calls; the peak memory of the last."""
    times = []
    for _ in range(runs):
        gc.collect()
        before = resident_mb("VmRSS")
        reset_peak()
        start = time.perf_counter()
        report = call()
        times.append(time.perf_counter() - start)
        peak = resident_mb("VmHWM")
    return Run(engine, triples, statistics.median(times), peak, peak - before, report)


def store_of(graph: Graph) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def measure_size(size: int, folder: Path, shapes: Graph, runs: int, pyshacl_max: int) -> list[Run]:
    """Every engine on one synthetic graph; prints a line per engine."""
    graph = synthetic_graph(size, folder)
    triples = len(graph)
    repeat = runs if triples <= 500_000 else 1
    measured = [measure("fast", triples, lambda: validate_graph(graph, shapes), repeat)]
    store = store_of(graph)
    measured.append(measure("fast (store)", triples, lambda: validate_store(store, shapes), repeat))
    if triples <= pyshacl_max:
        measured.append(measure("pyshacl", triples, lambda: validate_graph(graph, shapes, engine="pyshacl"),
                                max(1, repeat // 3)))
    for run in measured:
        print(f"{run.triples:>10,} {run.engine:12} {run.seconds:8.2f} {run.micros_per_triple:10.1f} "
              f"{run.peak_mb:8.0f} {run.added_mb:9.0f} {len(run.report.findings):9}")
    if triples > pyshacl_max:
        print(f"{triples:>10,} {'pyshacl':12} {'skipped':>8}  (over --pyshacl-max)")
    else:
        fast, reference = measured[0].report, measured[-1].report
        same = fast.findings == reference.findings and fast.turtle() == reference.turtle()
        print(f"{'':>10} fast and pySHACL findings and report.ttl identical: {same}")
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                        help="synthetic graph sizes in triples")
    parser.add_argument("--pyshacl-max", type=int, default=100_000, help="largest graph pySHACL is run on")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (1 above 500k triples)")
    args = parser.parse_args()
    shapes = load_shapes()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        warm = synthetic_graph(1000, Path(tmp))
        for engine in ("fast", "pyshacl"):  # imports, caches, the shapes' queries parsed once per process
            validate_graph(warm, shapes, engine=engine)
        print(f"python {sys.version.split()[0]}; median of {args.runs} runs (1 above 500k triples); "
              f"pySHACL up to {args.pyshacl_max:,} triples")
        print(f"{'triples':>10} {'engine':12} {'seconds':>8} {'µs/triple':>10} {'peak MB':>8} {'added MB':>9} "
              f"{'findings':>9}")
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            runs.extend(measure_size(size, folder, shapes, args.runs, args.pyshacl_max))
    summary(runs)


def summary(runs: list[Run]) -> None:
    """The speed-up at the largest size pySHACL ran, and each engine's cost per triple by size."""
    reference = [r for r in runs if r.engine == "pyshacl"]
    if reference:
        largest = max(reference, key=lambda r: r.triples)
        for engine in ("fast", "fast (store)"):
            fast = next(r for r in runs if r.engine == engine and r.triples == largest.triples)
            print(f"speed-up of {engine} over pySHACL at {largest.triples:,} triples (the largest pySHACL ran): "
                  f"{largest.seconds / fast.seconds:.1f}x")
    for engine in ("fast", "fast (store)", "pyshacl"):
        mine = [r for r in runs if r.engine == engine]
        print(f"cost per triple, {engine}: " + ", ".join(f"{r.micros_per_triple:.1f} µs at {r.triples:,}"
                                                         for r in mine))

if __name__ == "__main__":
    main()
