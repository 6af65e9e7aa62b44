"""How the build's time grows with the length of one line: linear means a constant time per 100 KB.

For each shape of line (prose words, a list of numbers, "5 percent " repeated, digit groups, a long
vote sentence, names, number words, a long table row, a long title, heading and infobox value), an
article holding one such line of each size is built by the CLI in its own process, killed after
--timeout seconds (a superlinear pattern then shows as a timeout, not a hang). Prints seconds per
100 KB and the ratio to the 100 KB figure.

With --stages, each stage (parse, then every extractor) is timed on its own at the given sizes,
which names the function that is superlinear.

Usage: python bench/long_lines.py [--sizes 100000,200000,400000,1000000] [--timeout 60]
                                  [--shapes words,numbers] [--stages]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEAD = ("= Second session of the 12th National People's Congress =\n\nInfobox\n- Year: 2014\n"
        "- Session: 2nd | # = 12th | term-begin = 5 March | term-end = 13 March\n")
LEAD = ("\nThe second session of the 12th National People's Congress was held in March 2014 at the Great Hall "
        "of the People in Beijing, China.\n\n== The session ==\n\n")


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _numbers(size: int) -> str:
    parts, length, i = [], 0, 1
    while length < size:
        parts.append(str(i))
        length += len(parts[-1]) + 2
        i += 1
    return ", ".join(parts)[:size]


# shape -> (where the long line goes, how it is made from a size in bytes)
PROSE: dict[str, Callable[[int], str]] = {
    "words": lambda n: _repeat("the deputies debated the report in Beijing and ", n),
    "numbers": _numbers,
    "percent": lambda n: _repeat("5 percent ", n),
    "commas": lambda n: _repeat("2,887,", n),
    "vote": lambda n: "The report was approved with " + _repeat("2,887 votes in favour, ", n) + "and 3 abstentions.",
    "names": lambda n: _repeat("Premier Li Keqiang said ", n),
    "numwords": lambda n: _repeat("one two three ", n),
    "spaces": lambda n: "The report" + " " * n + "was approved.",
    "long words": lambda n: _repeat("x" * 9999 + " ", n),
    "figures": lambda n: _repeat("GDP grew by 6.9 percent, above the target of around 6.5 percent, and 13 million "
                                 "urban jobs were created while the deficit is expected to be 3 percent of GDP; ", n),
}
SHAPES: dict[str, Callable[[int], str]] = {
    **{name: (lambda make: lambda n: HEAD + LEAD + make(n) + "\n")(make) for name, make in PROSE.items()},
    "row": lambda n: HEAD + LEAD + "| Topic | For | Against |\n| " + _repeat("Report on the budget ", n) + " | 1 | 2 |\n",
    "title": lambda n: "= " + _repeat("Second session ", n) + " =\n" + HEAD.split("\n", 1)[1] + LEAD,
    "heading": lambda n: HEAD + LEAD + "== " + " " * n + "x\n\nText.\n",
    "infobox": lambda n: HEAD + "- Status: " + _repeat("inactive ", n) + "\n" + LEAD,
}


def article(shape: str, size: int) -> str:
    """An article of the family whose long line is `size` characters of `shape`."""
    return SHAPES[shape](size)


def _stages() -> dict[str, Callable[[object], object]]:
    """Each stage of extraction on its own, for --stages."""
    from npc_kg.extract import extract_document
    from npc_kg.extract.indicators import extract_indicators
    from npc_kg.extract.people import find_people
    from npc_kg.extract.session import extract_session
    from npc_kg.extract.votes import extract_votes, honorific_tenures

    return {
        "session": extract_session,
        "votes": extract_votes,
        "honorifics": honorific_tenures,
        "indicators": lambda doc: extract_indicators(doc.blocks, 2014),
        "people": lambda doc: [find_people(text) for text, _ in doc.texts()],
        "extract": lambda doc: extract_document(doc, "t"),
    }


def _time_stage(shape: str, size: int, stage: str) -> None:
    """Child process: print the seconds one stage takes (a bad-input error counts as done)."""
    from npc_kg.errors import UserError
    from npc_kg.parse import parse_text

    text, run = article(shape, size), _stages().get(stage)
    start = time.perf_counter()
    try:
        doc = parse_text(text, "t.txt")
        if run is not None:
            start = time.perf_counter()
            run(doc)
    except UserError:
        pass
    print(time.perf_counter() - start)


def _run(command: list[str], timeout: float) -> float | None:
    start = time.perf_counter()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if result.returncode not in (0, 1, 2) or "Traceback" in result.stderr:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,200000,400000,1000000")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--stages", action="store_true", help="time parse and each extractor on its own")
    parser.add_argument("--child", nargs=3, metavar=("SHAPE", "SIZE", "STAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _time_stage(args.child[0], int(args.child[1]), args.child[2])
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    stages = ["parse", *_stages()] if args.stages else ["build"]
    print(f"{'shape':10} {'stage':11}" + "".join(f"{s // 1000:>8} KB" for s in sizes) + "   s/100KB at each size; ratio to the first")
    with tempfile.TemporaryDirectory() as tmp:
        baseline = _run([sys.executable, "-m", "npc_kg", "build", _write(Path(tmp), "base", HEAD + LEAD + "Text.\n"),
                         "--no-cache", "--out", str(Path(tmp) / "out")], args.timeout) or 0.0
        for shape in args.shapes.split(","):
            for stage in stages:
                figures: list[float | None] = []
                for size in sizes:
                    if figures and figures[-1] is None:  # a larger line would only time out as well
                        figures.append(None)
                        continue
                    if stage == "build":
                        path = _write(Path(tmp), f"{shape}-{size}", article(shape, size))
                        seconds = _run([sys.executable, "-m", "npc_kg", "build", path, "--no-cache", "--out",
                                        str(Path(tmp) / "out")], args.timeout)
                        seconds = None if seconds is None else max(seconds - baseline, 0.0)
                    else:
                        seconds = _child(shape, size, stage, args.timeout)
                    figures.append(None if seconds is None else seconds / (size / 100_000))
                cells = "".join(f"{f:>11.3f}" if f is not None else f"{'>' + str(int(args.timeout)) + 's':>11}"
                                for f in figures)
                ratio = f"{figures[-1] / figures[0]:.1f}x" if figures[0] and figures[-1] is not None else "-"
                print(f"{shape:10} {stage:11}{cells}   {ratio}", flush=True)
    print(f"(build figures exclude {baseline:.2f} s for building a short article; a timeout means superlinear)")


def _child(shape: str, size: int, stage: str, timeout: float) -> float | None:
    try:
        result = subprocess.run([sys.executable, __file__, "--child", shape, str(size), stage], capture_output=True,
                                text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(result.stdout)


def _write(folder: Path, stem: str, text: str) -> str:
    path = folder / f"{stem}.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


if __name__ == "__main__":
    main()
