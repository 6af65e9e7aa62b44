"""Precision and recall of the Wikidata links against reference/key-entities.tsv.

    python bench/link_quality.py                       # the bundled corpus, built with npc_kg.pipeline
    python bench/link_quality.py output/graph.ttl      # any graph file (e.g. `npc-kg build`'s output)
    python bench/link_quality.py --endpoint URL        # candidates from a SPARQL endpoint instead

Candidates come from reference/wikidata.ttl unless --endpoint names a SPARQL endpoint holding
Wikidata-shaped data. key-entities.tsv covers the entities of npc-12-2.txt; links on other entities
are listed as unjudged for a person to check. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph

from npc_kg.link import LocalReference, SparqlReference, link_graph
from npc_kg.link.evaluate import assess, expected_links
from npc_kg.resources import corpus_files, data_dir


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.2f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", type=Path, help="an RDF graph file; default: build the bundled corpus")
    parser.add_argument("--reference", type=Path, default=data_dir("reference") / "wikidata.ttl")
    parser.add_argument("--key-entities", type=Path, default=data_dir("reference") / "key-entities.tsv")
    parser.add_argument("--endpoint", help="a SPARQL endpoint to take candidates from instead of --reference")
    args = parser.parse_args()

    if args.graph:
        graph, what = Graph().parse(args.graph), str(args.graph)
    else:
        from npc_kg.pipeline import build_graph

        graph, what = build_graph(corpus_files()).mapped.union(), "the bundled corpus"
    source = SparqlReference(args.endpoint) if args.endpoint else LocalReference(args.reference)
    result = link_graph(graph, source)
    quality = assess(result.links, expected_links(graph, args.key_entities))

    print(f"links on {what}: {len(result.links)} made, {len(result.review)} candidate(s) left for review")
    print(f"precision {percent(quality.precision)} ({len(quality.correct)} right, {len(quality.wrong)} wrong)")
    print(f"recall    {percent(quality.recall)} ({len(quality.correct)} of "
          f"{len(quality.correct) + len(quality.missed)} entities with a QID in {args.key_entities.name})")
    for title, links in (("wrong", quality.wrong), ("unjudged", quality.unjudged)):
        for link in links:
            print(f"  {title}: {link.entity} -> {link.qid} ({link.label}, score {link.score}, {link.method.value})")
    for entity, qid in quality.missed:
        print(f"  missed: {entity} -> {qid}")


if __name__ == "__main__":
    main()
