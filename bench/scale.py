"""Corpus-scale build: time and peak memory of `npc-kg build` on SYNTHETIC corpora of growing size,
against the straightforward pipeline (one rdflib graph, one whole-graph pySHACL run, rdflib's
serialisers) measured in the same run on a corpus small enough for it to finish.

Prints figures; asserts nothing. Goals (issue 6): one million triples built end to end (parse,
extract, map, validate with every shape, write every output) in <= 60 s with peak memory <= 4 GiB;
>= 10x faster than the straightforward pipeline, with identical validation results; cost linear
in the corpus.

Usage: python bench/scale.py [--sizes 17,170,1700] [--baseline-articles 17,34] [--repeat 3] [--work DIR]
(sizes are article counts; a synthetic article maps to about 825 triples). Columns: a clean build
(--no-cache), a rebuild with nothing changed, a rebuild with one article changed; times are medians
of --repeat runs, memory the peak PSS of the build process and its worker processes together.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
from npc_kg.rdf.iris import Minter
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

# The product's own path (what `npc-kg build --no-cache` runs), in process, to collect its findings
# for the comparison.
FINDINGS = r"""
import json, sys
from npc_kg.pipeline import article_paths, build_graph
report = build_graph(article_paths([sys.argv[1]])).report
print(json.dumps(sorted(str(f) for f in report.findings)))
"""


def tree_pss_kib(root: int) -> int:
    """Memory of a process and all its descendants: the sum of their proportional set sizes (PSS),
    which counts a page that forked processes share once, split between them."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


def run_once(command: list[str], sample: bool) -> tuple[float, float, str]:
    """Wall seconds, peak memory in MiB (of the process tree, sampled every 50 ms when `sample`:
    sampling costs CPU, so timed runs do not sample), and stdout."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    if sample:
        while process.poll() is None:
            peak = max(peak, tree_pss_kib(process.pid))
            time.sleep(0.05)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.decode()[-2000:]}")
    return seconds, peak / 1024, stdout.decode()


def run(command: list[str], repeat: int = 1, memory: bool = True) -> tuple[float, float, str]:
    """The median time of `repeat` runs, the peak memory of one more run (when `memory`), the last
    stdout."""
    runs = [run_once(command, sample=False) for _ in range(repeat)]
    peak = run_once(command, sample=True)[1] if memory else 0.0
    return statistics.median(r[0] for r in runs), peak, runs[-1][2]


def synth(directory: Path, articles: int) -> Path:
    if not directory.is_dir():
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(directory), "--articles", str(articles)],
                       check=True, stdout=subprocess.DEVNULL)
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="17,170,1700")
    parser.add_argument("--baseline-articles", default="17,34",
                        help="corpus sizes (articles) to run the baseline on (pySHACL grows with the square of the figures)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each npc-kg build; the median is shown")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="npc-kg-scale-"))
    python = sys.executable

    print(f"SYNTHETIC corpora ({work}); one synthetic article is about 825 triples; times are medians of "
          f"{args.repeat} runs, memory is the peak PSS of the process and its workers\n")
    for size in (int(n) for n in args.baseline_articles.split(",")):
        small = synth(work / f"synthetic-{size}", size)
        # one run, sampled: it is single-threaded, so sampling on the other core does not slow it
        base_s, base_mib, base_out = run_once([python, "-c", BASELINE, str(small), str(work / "baseline-out")], True)
        baseline = json.loads(base_out)
        ours_s, ours_mib, _ = run([python, "-m", "npc_kg", "build", str(small), "--out", str(work / "small-out"),
                                   "--no-cache"], args.repeat)
        _, _, ours_findings = run([python, "-c", FINDINGS, str(small)], memory=False)
        same = json.loads(ours_findings) == baseline["findings"]
        print(f"{size} articles, {baseline['triples']} triples: baseline (rdflib graph + whole-graph pySHACL + rdflib "
              f"writers) {base_s:.2f} s, peak {base_mib:.0f} MiB; npc-kg build {ours_s:.2f} s, peak {ours_mib:.0f} MiB"
              f" -> {base_s / ours_s:.1f}x faster; validation findings identical: {same} "
              f"({len(baseline['findings'])} findings)")
    print()
    print(f"{'articles':>8} {'triples':>9} {'seconds':>8} {'µs/triple':>9} {'peak MiB':>9} {'rebuild s':>9} "
          f"{'1 changed s':>11}")
    for articles in (int(n) for n in args.sizes.split(",")):
        corpus = synth(work / f"synthetic-{articles}", articles)
        out = work / f"out-{articles}"
        seconds, mib, stdout = run([python, "-m", "npc_kg", "build", str(corpus), "--out", str(out), "--no-cache"],
                                   args.repeat)
        triples = int(stdout.split(" triples")[0].rsplit(" ", 1)[-1])
        build = [python, "-m", "npc_kg", "build", str(corpus), "--out", str(out)]
        run(build, memory=False)  # fills the cache
        rebuild, _, _ = run(build, args.repeat, memory=False)  # nothing changed
        changed = corpus / "synthetic-00001.txt"
        original = changed.read_text(encoding="utf-8")
        try:
            one, _, _ = run_once_changed(build, changed, original, args.repeat)
        finally:
            changed.write_text(original, encoding="utf-8")
        print(f"{articles:>8} {triples:>9} {seconds:>8.2f} {1e6 * seconds / triples:>9.2f} {mib:>9.0f} "
              f"{rebuild:>9.2f} {one:>11.2f}")


def run_once_changed(build: list[str], article: Path, original: str, repeat: int) -> tuple[float, float, str]:
    """A rebuild after one article changed (its bytes differ each run: blank lines added at its end),
    so that each run misses the cache for that article only."""
    runs = []
    for attempt in range(repeat):
        article.write_text(original + "\n" * (attempt + 1), encoding="utf-8")
        runs.append(run_once(build, sample=False))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


if __name__ == "__main__":
    main()
