"""Precision and recall of the Wikidata links against reference/key-entities.tsv or a judged table.

    python bench/link_quality.py                       # the bundled corpus, built with npc_kg.pipeline
    python bench/link_quality.py output/graph.ttl      # any graph file (e.g. `npc-kg build`'s output)
    python bench/link_quality.py --endpoint URL        # candidates from a SPARQL endpoint instead
    python bench/link_quality.py --judged tests/fixtures/link-held-out/expected.tsv \\
        tests/fixtures/link-held-out/*.txt             # held-out articles, each alone, then together

Candidates come from reference/wikidata.ttl unless --endpoint names a SPARQL endpoint holding
Wikidata-shaped data. key-entities.tsv covers the entities of npc-12-2.txt; --judged names a table
of entities by kind and name with their QID or none (`npc_kg.link.evaluate.judged_links`). Links
on entities no row names are listed as unjudged for a person to check. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from npc_kg.rdf.iris import Minter
from npc_kg.link import LocalReference, ReferenceSource, SparqlReference, link_graph
from npc_kg.link.evaluate import Quality, assess, expected_links, judged_links
from npc_kg.pipeline import build_graph
from npc_kg.resources import corpus_files, data_dir


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.2f}%"


def report(what: str, graph: Graph, source: ReferenceSource, args: argparse.Namespace) -> Quality:
    result = link_graph(graph, source)
    expected = judged_links(args.judged, Minter()) if args.judged else expected_links(graph, args.key_entities)
    present = set(graph.subjects())
    quality = assess(result.links, {iri: qid for iri, qid in expected.items() if iri in present})
    yardstick = args.judged or args.key_entities
    print(f"links on {what}: {len(result.links)} made, {len(result.review)} candidate(s) left for review")
    print(f"  precision {percent(quality.precision)} ({len(quality.correct)} right, {len(quality.wrong)} wrong)")
    print(f"  recall    {percent(quality.recall)} ({len(quality.correct)} of "
          f"{len(quality.correct) + len(quality.missed)} entities with a QID in {yardstick.name})")
    for title, links in (("wrong", quality.wrong), ("unjudged", quality.unjudged)):
        for link in links:
            print(f"    {title}: {link.entity} -> {link.qid} ({link.label}, score {link.score}, {link.method.value})")
    for entity, qid in quality.missed:
        print(f"    missed: {entity} -> {qid}")
    return quality


def graphs(inputs: Sequence[Path]) -> list[tuple[str, Graph]]:
    """Article files each alone and then together (an unseen article's graph knows no other term);
    a graph file as it is; nothing: the bundled corpus."""
    articles = [path for path in inputs if path.suffix == ".txt"]
    found = [(str(path), Graph().parse(path)) for path in inputs if path.suffix != ".txt"]
    if articles:
        found += [(path.name, build_graph([path]).mapped.union()) for path in articles]
        if len(articles) > 1:
            found.append((f"{len(articles)} articles together", build_graph(articles).mapped.union()))
    return found or [("the bundled corpus", build_graph(corpus_files()).mapped.union())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path,
                        help="article files (.txt) or an RDF graph file; default: build the bundled corpus")
    parser.add_argument("--reference", type=Path, default=data_dir("reference") / "wikidata.ttl")
    parser.add_argument("--key-entities", type=Path, default=data_dir("reference") / "key-entities.tsv")
    parser.add_argument("--judged", type=Path, help="a table of entities (kind, name, qid) to judge links by")
    parser.add_argument("--endpoint", help="a SPARQL endpoint to take candidates from instead of --reference")
    args = parser.parse_args()

    source = SparqlReference(args.endpoint) if args.endpoint else LocalReference(args.reference)
    alone = [report(what, graph, source, args) for what, graph in graphs(args.inputs)]
    articles = [path for path in args.inputs if path.suffix == ".txt"]
    if len(articles) > 1 and len(articles) == len(args.inputs):  # each article alone, then together
        summed = Quality(*(tuple(item for quality in alone[:-1] for item in getattr(quality, part))
                           for part in ("correct", "wrong", "missed", "unjudged")))
        right, wrong, missed = len(summed.correct), len(summed.wrong), len(summed.missed)
        print(f"each article alone, summed: precision {percent(summed.precision)} ({right} right, {wrong} wrong), "
              f"recall {percent(summed.recall)} ({right} of {right + missed})")


if __name__ == "__main__":
    main()
