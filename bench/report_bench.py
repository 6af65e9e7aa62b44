"""Time to write report.ttl (the SHACL validation report graph as Turtle) by number of findings.

The data are N people without a label (each one finding of the bundled shapes: a missing
rdfs:label), checked by the fast engine; timed is `Report.turtle()` only, the validation is not.
Prints figures; asserts nothing.

Usage: python bench/report_bench.py [--findings 500 1000 2000 8000]
"""

from __future__ import annotations

import argparse
import time

from rdflib import Graph, URIRef

from npc_kg.rdf.namespaces import RDF, SCHEMA
from npc_kg.validate import Report, validate_graph


def unlabelled_people(count: int) -> Graph:
    graph = Graph()
    for index in range(count):
        graph.add((URIRef(f"https://example.org/person/{index}"), RDF.type, SCHEMA.Person))
    return graph


def report_with(findings: int) -> Report:
    return validate_graph(unlabelled_people(findings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, nargs="+", default=[500, 1000, 2000, 8000])
    args = parser.parse_args()
    print(f"{'findings':>9} {'seconds':>8} {'bytes':>10}")
    for findings in args.findings:
        report = report_with(findings)
        start = time.perf_counter()
        data = report.turtle()
        seconds = time.perf_counter() - start
        print(f"{len(report.findings):>9} {seconds:>8.2f} {len(data):>10}")


if __name__ == "__main__":
    main()
