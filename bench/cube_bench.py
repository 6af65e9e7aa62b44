"""Time of each Data Cube integrity check (shapes/datacube.ttl) on a SYNTHETIC build, and of the whole
validation with and without them.

The corpus is written by bench/synth.py, mapped as `npc-kg build` does and loaded into a pyoxigraph
store; each check's query is run once over the whole store, as the fast engine runs it. The checks
cost little without observations: a build's figures become observations only once they have a
measure (npc:measure, the measures stage), so the table says how many there are. Prints figures;
asserts nothing.

Usage: PYTHONPATH=src python bench/cube_bench.py [--articles 340]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from npc_kg.map import assemble
from npc_kg.pipeline import map_articles
from npc_kg.rdf.iris import Minter
from npc_kg.rdf.namespaces import QB
from npc_kg.resources import data_dir, shapes_files
from npc_kg.validate import validate_store

HERE = Path(__file__).resolve().parent
CHECK = re.compile(r'shapes:(\S+-check) a sh:SPARQLTarget.*?sh:select """(.*?)"""', re.S)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=340)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="npc-kg-cube-") as work:
        subprocess.run([sys.executable, str(HERE / "synth.py"), work, "--articles", str(args.articles)], check=True,
                       stdout=subprocess.DEVNULL)
        minter = Minter()
        checked, _ = map_articles(sorted(Path(work).glob("*.txt")), minter)
        mapped = assemble([c.article for c in checked], minter)
    store = ox.Store()
    store.bulk_load(bytes(mapped.triples()), format=ox.RdfFormat.N_TRIPLES)
    observations = sum(1 for _ in store.quads_for_pattern(None, None, ox.NamedNode(str(QB.Observation))))
    print(f"SYNTHETIC corpus: {args.articles} articles, {len(store)} triples, {observations} observations\n")
    text = (data_dir("shapes") / "datacube.ttl").read_text(encoding="utf-8")
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (
        ("qb", "http://purl.org/linked-data/cube#"), ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"), ("xsd", "http://www.w3.org/2001/XMLSchema#")))
    print(f"{'check':<24} {'seconds':>8} {'offenders':>9}")
    for name, query in CHECK.findall(text):
        start = time.perf_counter()
        rows = list(store.query(prefixes + query))
        print(f"{name:<24} {time.perf_counter() - start:>8.3f} {len(rows):>9}")
    without = Graph()
    for path in shapes_files():
        if path.name != "datacube.ttl":
            without.parse(path)
    for label, shapes in (("every shape", None), ("without datacube.ttl", without)):
        start = time.perf_counter()
        report = validate_store(store, shapes)
        print(f"validate_store, {label}: {time.perf_counter() - start:.2f} s ({report.violations} violation(s))")


if __name__ == "__main__":
    main()
