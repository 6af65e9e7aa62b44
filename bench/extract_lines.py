"""Seconds to read the economic figures of one very long line, per 100 KB of line, at 100K, 200K,
400K and 1M characters, with the ratio to the 100K figure (about 1.0 throughout: linear time).
Shapes: a figure repeated ("5 percent "), a list of bare numbers ("1, 2, 3, "), long words with no
figure, and work-report prose repeated in one sentence. Goal: well under a second per 100 KB.

Prints figures; asserts nothing. Usage: python bench/extract_lines.py [--sizes 100000,200000,...]
"""

from __future__ import annotations

import argparse
import time

from npc_kg.extract.indicators import extract_indicators
from npc_kg.parse import parse_text

PROSE = ("GDP grew by 6.9 percent, above the target of around 6.5 percent, and 13 million urban jobs were "
         "created while the deficit is expected to be 3 percent of GDP; ")


def shapes(size: int) -> dict[str, str]:
    """Each shape as one line of about `size` characters."""
    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "figures": fill("5 percent "),
        "numbers": ", ".join(str(n) for n in range(size // 6))[:size],
        "long words": fill("x" * 4999 + " "),
        "prose": fill(PROSE),
    }


def seconds(line: str) -> float:
    blocks = parse_text(f"= Bench =\n\n{line}\n", "bench.txt").blocks
    start = time.perf_counter()
    extract_indicators(blocks, 2018)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,200000,400000,1000000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(f"{'shape':<12} {'size':>9} {'seconds':>9} {'s/100KB':>9} {'ratio':>7}")
    for name in shapes(1):
        base = None
        for size in sizes:
            took = seconds(shapes(size)[name])
            per = took / (size / 100_000)
            base = base or per
            print(f"{name:<12} {size:>9} {took:>9.2f} {per:>9.3f} {per / base:>7.2f}")


if __name__ == "__main__":
    main()
