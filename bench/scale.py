"""Corpus-scale build: time and peak memory of `npc-kg build` on SYNTHETIC corpora of growing size,
against the straightforward pipeline (one rdflib graph, one whole-graph pySHACL run, rdflib's
serialisers) measured in the same run on a corpus small enough for it to finish.

Prints figures; asserts nothing. Goals (issue 6): one million triples built end to end (parse,
extract, map, validate with every shape, write every output) in <= 60 s with peak memory <= 4 GiB;
>= 10x faster than the straightforward pipeline, with identical validation results; cost linear
in the corpus.

Usage: python bench/scale.py [--sizes 17,170,1700] [--baseline-articles 17] [--work DIR]
(sizes are article counts; a synthetic article maps to about 590 triples)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The straightforward pipeline, run in a child process so that its time and memory are its own.
BASELINE = r"""
import json, sys, time
from pathlib import Path
from npc_kg.iris import Minter
from npc_kg.map import map_corpus
from npc_kg.pipeline import article_paths, extract_articles
from npc_kg.validate import validate_graph
start = time.perf_counter()
minter = Minter()
records = extract_articles(article_paths([sys.argv[1]]))
graph = map_corpus(records, minter).union()
report = validate_graph(graph, engine="pyshacl")
out = Path(sys.argv[2])
out.mkdir(exist_ok=True)
for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
    graph.serialize(out / name, format=fmt)
print(json.dumps({"seconds": time.perf_counter() - start, "triples": len(graph),
                  "findings": sorted(str(f) for f in report.findings)}))
"""

# The product's own path, in process, to collect its findings for the comparison.
FINDINGS = r"""
import json, sys
from npc_kg.iris import Minter
from npc_kg.map import map_corpus
from npc_kg.pipeline import article_paths, extract_articles
from npc_kg.validate import validate_graph
records = extract_articles(article_paths([sys.argv[1]]))
report = validate_graph(map_corpus(records, Minter()).union())
print(json.dumps(sorted(str(f) for f in report.findings)))
"""


def run(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory in MiB (of the child, via GNU time), and stdout."""
    with tempfile.NamedTemporaryFile("r") as stats:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats.name, *command], capture_output=True,
                              text=True)
        seconds = time.perf_counter() - start
        if done.returncode not in (0,):
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        return seconds, int(stats.read().strip().splitlines()[-1]) / 1024, done.stdout


def synth(directory: Path, articles: int) -> Path:
    if not directory.is_dir():
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(directory), "--articles", str(articles)],
                       check=True, stdout=subprocess.DEVNULL)
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="17,170,1700")
    parser.add_argument("--baseline-articles", type=int, default=17)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="npc-kg-scale-"))
    python = sys.executable

    small = synth(work / f"synthetic-{args.baseline_articles}", args.baseline_articles)
    base_s, base_mib, base_out = run([python, "-c", BASELINE, str(small), str(work / "baseline-out")])
    baseline = json.loads(base_out)
    ours_s, ours_mib, _ = run([python, "-m", "npc_kg", "build", str(small), "--out", str(work / "small-out"),
                               "--no-cache"])
    _, _, ours_findings = run([python, "-c", FINDINGS, str(small)])
    same = json.loads(ours_findings) == baseline["findings"]
    print(f"SYNTHETIC corpora ({work}); one synthetic article is about 590 triples\n")
    print(f"baseline (rdflib graph + whole-graph pySHACL + rdflib writers), {args.baseline_articles} articles, "
          f"{baseline['triples']} triples: {base_s:.2f} s, peak {base_mib:.0f} MiB")
    print(f"npc-kg build, same corpus: {ours_s:.2f} s, peak {ours_mib:.0f} MiB -> {base_s / ours_s:.1f}x faster; "
          f"validation findings identical: {same} ({len(baseline['findings'])} findings)\n")

    print(f"{'articles':>8} {'triples':>9} {'seconds':>8} {'µs/triple':>9} {'peak MiB':>9} {'rebuild s':>9}")
    for articles in (int(n) for n in args.sizes.split(",")):
        corpus = synth(work / f"synthetic-{articles}", articles)
        out = work / f"out-{articles}"
        seconds, mib, stdout = run([python, "-m", "npc_kg", "build", str(corpus), "--out", str(out), "--no-cache"])
        triples = int(stdout.split(" triples")[0].rsplit(" ", 1)[-1])
        run([python, "-m", "npc_kg", "build", str(corpus), "--out", str(out)])  # fills the cache
        rebuild, _, _ = run([python, "-m", "npc_kg", "build", str(corpus), "--out", str(out)])
        print(f"{articles:>8} {triples:>9} {seconds:>8.2f} {1e6 * seconds / triples:>9.2f} {mib:>9.0f} "
              f"{rebuild:>9.2f}")


if __name__ == "__main__":
    main()
