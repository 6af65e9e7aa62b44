"""Coverage: the facts the extractor finds against each article's expected facts, and the numbers
it reads against the numbers it sees.

    python bench/coverage.py                      # the bundled corpus, against corpus/expected/
    python bench/coverage.py ARTICLE|FOLDER ...   # any articles; expected facts from <folder>/expected/<stem>.json
    python bench/coverage.py --expected DIR ...   # or from DIR/<stem>.json

Facts are counted per kind, as corpus/expected/*.json lists them: session fields (ordinal,
congress, year, start, end, venue, city), officeholders (person, office, term start, role),
resolutions (topic and its counts and rate), prose votes (every count the file gives), economic
figures (value, upper bound, kind, scale and unit), people named. An article with no expected file
has its numbers counted only; an article the build rejects finds none of its facts. Numbers are those
`extract.audit` counts (a unit or counted noun): read into a fact of their line, or unread. Prints
figures, then each fact missed; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from npc_kg import catalogue
from npc_kg.errors import UserError
from npc_kg.model import ArticleRecords, Indicator, VoteCount
from npc_kg.pipeline import article_paths, extract_article
from npc_kg.resources import data_dir

KINDS = ("session", "officeholders", "resolutions", "prose_votes", "indicators", "people")
SESSION_FIELDS = ("ordinal", "congress", "year", "start", "end", "venue", "city")
# A vote's counts in expected/*.json, and the VoteCount field that holds each.
TALLY_FIELDS = {"for": "yes", "against": "no", "abstain": "abstain", "void": "void", "attended": "present",
                "deputies_total": "seats"}
UNITS = {"%": "percent", "yuan": "CNY", "US$": "USD"}


@dataclass
class Coverage:
    found: Counter = field(default_factory=Counter)
    expected: Counter = field(default_factory=Counter)
    read: int = 0
    seen: int = 0
    missed: list[str] = field(default_factory=list)

    def add(self, other: Coverage) -> None:
        self.found.update(other.found)
        self.expected.update(other.expected)
        self.read += other.read
        self.seen += other.seen

    def check(self, kind: str, ok: bool, what: str) -> None:
        self.expected[kind] += 1
        if ok:
            self.found[kind] += 1
        else:
            self.missed.append(f"{kind}: {what}")


def coverage(records: ArticleRecords | None, facts: dict | None) -> Coverage:
    result = Coverage()
    if records is not None:
        result.read, result.seen = records.numbers_read, records.numbers_read + len(records.unread)
    if facts is None:
        return result
    session = records.session if records else None
    for name in SESSION_FIELDS:
        want = facts["session"].get(name)
        if want is not None:
            got = getattr(session, name, None)
            result.check("session", str(got.isoformat() if hasattr(got, "isoformat") else got) == str(want),
                         f"{name} {want}")
    tenures = records.tenures if records else ()
    for holder in facts.get("officeholders", []):
        offices = {o.key for o in catalogue.OFFICES if holder["office"] in (o.label, *o.aliases)}
        ok = any(t.person == holder["person"] and t.office in offices
                 and (t.start.isoformat() if t.start else None) == holder.get("term_start")
                 and t.role.value == holder.get("role", t.role.value) for t in tenures)
        result.check("officeholders", ok, f"{holder['person']}, {holder['office']}")
    resolutions = records.resolutions if records else ()
    for row in facts.get("resolutions", []):
        tallies = [t for r in resolutions if r.topic == row["topic"] for t in (r.vote, *r.other_tallies)]
        result.check("resolutions", any(_tally_matches(t, row) for t in tallies), row["topic"])
    for row in facts.get("prose_votes", []):
        tallies = [t for r in resolutions for t in (r.vote, *r.other_tallies) if t.origin == "prose"]
        result.check("prose_votes", any(_tally_matches(t, row) for t in tallies), row["topic"])
    free = list(records.indicators if records else ())
    for figure in facts.get("indicators", []):
        match = next((i for i in free if _figure_matches(i, figure)), None)
        if match is not None:
            free.remove(match)
        result.check("indicators", match is not None, f"{figure['text']} {figure['value']} {figure['unit']}")
    names = {p.name for p in records.people} if records else set()
    for name in facts.get("people_mentioned", []):
        result.check("people", name in names, name)
    return result


def _tally_matches(tally: VoteCount, row: dict) -> bool:
    if any(key in row and getattr(tally, name) != row[key] for key, name in TALLY_FIELDS.items()):
        return False
    if "rate_percent" in row:
        rate, stated = row["rate_percent"], tally.stated_rate
        return (rate is None and stated is None) or (
            rate is not None and stated is not None and Decimal(str(rate)) == stated)
    return True


def _figure_matches(indicator: Indicator, figure: dict) -> bool:
    unit_text = figure["unit"]
    scale = next((word for word in ("thousand", "million", "billion", "trillion") if word in unit_text), None)
    unit = next((code for sign, code in UNITS.items() if sign in unit_text), None)
    high = figure.get("value_high")
    return (indicator.kind.value == figure["kind"] and indicator.value == Decimal(str(figure["value"]))
            and indicator.scale == scale and (unit is None or indicator.unit == unit)
            and (high is None or indicator.value_high == Decimal(str(high))))


def expected_facts(path: Path, folder: Path | None) -> dict | None:
    candidate = (folder or path.parent / "expected") / f"{path.stem}.json"
    return json.loads(candidate.read_text(encoding="utf-8")) if candidate.is_file() else None


def fraction(found: int, expected: int) -> str:
    return f"{found}/{expected}" if expected else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", help="article files or folders; default: the bundled corpus")
    parser.add_argument("--expected", type=Path, default=None,
                        help="folder of <stem>.json expected facts [default: expected/ beside each article]")
    args = parser.parse_args()
    paths = article_paths(args.articles)
    expected_dir = args.expected or (data_dir("corpus") / "expected" if not args.articles else None)

    header = ["article", *KINDS, "facts", "%", "numbers read", "%"]
    rows, total, missed = [], Coverage(), []
    for path in paths:
        try:
            records: ArticleRecords | None = extract_article(path)
        except UserError as err:
            records = None
            missed.append(f"{path.name}: rejected: {err}")
        result = coverage(records, expected_facts(path, expected_dir))
        total.add(result)
        missed.extend(f"{path.name}: {what}" for what in result.missed)
        rows.append(_row(path.stem, result))
    rows.append(_row("total", total))
    widths = [max(len(str(row[k])) for row in [header, *rows]) for k in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).rjust(width) if k else str(cell).ljust(width)
                        for k, (cell, width) in enumerate(zip(row, widths))))
    if missed:
        print(f"\n{len(missed)} fact(s) missed:")
        print("".join(f"  {line}\n" for line in missed), end="")


def _row(name: str, result: Coverage) -> list[str]:
    facts, expected = sum(result.found.values()), sum(result.expected.values())
    return [name, *(fraction(result.found[kind], result.expected[kind]) for kind in KINDS),
            fraction(facts, expected), _percent(facts, expected), fraction(result.read, result.seen),
            _percent(result.read, result.seen)]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


if __name__ == "__main__":
    main()
