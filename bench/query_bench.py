"""Median latency of each bundled query on Oxigraph and on rdflib's engine, side by side.

What is timed: `render(engine.run(query, params), FORMAT, query)`, i.e. everything `npc-kg query NAME
--format FORMAT` does in the process once the data are loaded: the SPARQL evaluation, turning the
answer into the tool's terms, and formatting every cell into the text that is printed. Not timed:
starting Python and importing, reading the graph into the store (reported once per graph as
"load"), and writing the text to stdout. FORMAT is `table` (what `npc-kg query` prints by default)
and `csv`; rdflib is timed with `table` only.

Besides the bundled queries as they are, the provenance query is also timed as people use it on a
large graph, narrowed to one resource (`--param resource=<IRI>`) and to one article file
(`--param file=NAME`); the resource and the file are picked from the middle of the graph.

Sizes: the bundled build (output/), and SYNTHETIC graphs made by replicating the build's triples
under renamed IRIs (every IRI under the base gets a /synthetic/<copy>/ segment, so each copy is a
disjoint set of sessions, people and votes; nothing about the real sessions changes). Each copy's
articles also get their own file name (npc:fileName "synthetic/<copy>/npc-12-2.txt"), as distinct
articles have: otherwise every copy claims to come from the same file and `file=NAME` would select
a share of the whole graph rather than one article. Every other literal is copied unchanged, so the
copies tie on titles, ordinals and names and the queries' ORDER BY falls through to IRIs: a harder
case than a real corpus. rdflib is slow on large graphs: it runs only up to --rdflib-max triples and
the table says so.

Prints figures; asserts nothing.

Usage: python bench/query_bench.py [--data output] [--sizes 100000 1000000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from npc_kg.rdf.iris import DEFAULT_BASE
from npc_kg.query import Engine, Oxigraph, Query, Rdflib, Term, data_file, literal, render, resolve_query
from npc_kg.resources import query_names

FILE_NAME = "<https://w3id.org/npc-kg/ontology#fileName>"
DERIVED_FROM = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
FORMATS = ("table", "csv")


def synthetic(source: Path, triples: int, out: Path) -> int:
    """Write copies of `source` (N-Triples) to `out` until it holds at least `triples` triples."""
    lines = source.read_text(encoding="utf-8").splitlines()
    copies = -(-triples // len(lines))
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            renamed = f"<{DEFAULT_BASE}synthetic/{copy}/"
            for line in lines:
                subject, predicate, rest = line.replace(f"<{DEFAULT_BASE}", renamed).split(" ", 2)
                if predicate == FILE_NAME and rest.startswith('"'):
                    rest = f'"synthetic/{copy}/{rest[1:]}'
                handle.write(f"{subject} {predicate} {rest}\n")
    return copies * len(lines)


def narrowings(path: Path) -> list[tuple[str, dict[str, Term]]]:
    """The provenance query's usual parameters, with a resource and a file from the middle of the
    graph (an N-Triples file)."""
    resources, files = [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            subject, predicate, rest = line.split(" ", 2)
            if predicate == DERIVED_FROM and "#L" in rest:  # derived from a line of an article
                resources.append(subject[1:-1])
            elif predicate == FILE_NAME:
                files.append(rest[1:rest.rindex('"')])
    resource, file = resources[len(resources) // 2], files[len(files) // 2]
    return [("", {}), (" resource=<IRI>", {"resource": Term("uri", resource)}),
            (" file=NAME", {"file": literal(file)})]


def median_ms(engine: Engine, query: Query, params: Mapping[str, Term], fmt: str, runs: int) -> tuple[float, int]:
    """The median time of running `query` and rendering its answer, and the number of rows."""
    answer = engine.run(query, params)  # warm up: caches, lazy imports
    render(answer, fmt, query)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render(engine.run(query, params), fmt, query)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(getattr(answer, "rows", ()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("output"), help="build directory (default output/)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000],
                        help="synthetic graph sizes in triples")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rdflib-max", type=int, default=25_000,
                        help="largest graph rdflib is run on (its resolutions query grows quadratically)")
    args = parser.parse_args()
    source = data_file(args.data)
    if source.suffix != ".nt":
        parser.error("--data must be a build directory or an N-Triples file")
    with tempfile.TemporaryDirectory() as tmp:
        graphs = [("bundled", source)]
        for size in args.sizes:
            path = Path(tmp) / f"synthetic-{size}.nt"
            graphs.append((f"synthetic {synthetic(source, size, path):,}", path))
        print(f"median of {args.runs} runs, milliseconds, of query + conversion + formatting "
              f"(render(engine.run(...))); python {sys.version.split()[0]}")
        print(f"{'graph':20} {'query':30} {'rows':>7} {'ox table':>9} {'ox csv':>9} {'rdflib':>9} {'ratio':>7}")
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
                query = resolve_query(name)
                for suffix, params in narrowings(path) if name == "provenance" else [("", {})]:
                    fast = {fmt: median_ms(oxigraph, query, params, fmt, args.runs) for fmt in FORMATS}
                    rows = fast["table"][1]
                    slow = median_ms(rdflib, query, params, "table", max(1, args.runs // 2))[0] if rdflib else None
                    print(f"{label:20} {name + suffix:30} {rows:7} {fast['table'][0]:9.1f} {fast['csv'][0]:9.1f} "
                          + (f"{slow:9.1f} {slow / fast['table'][0]:6.1f}x" if slow else f"{'skipped':>9} {'-':>7}"))
            loads = f"load: oxigraph {oxigraph_load:.1f} s" + (f", rdflib {rdflib_load:.1f} s" if rdflib else
                                                               f", rdflib not run (> {args.rdflib_max:,} triples)")
            print(f"{label:20} ({triples:,} triples; {loads})")


if __name__ == "__main__":
    main()
