"""Property-based tests (hypothesis) over the bundled articles.

1. Damage (a cut, lines dropped or repeated, bytes inserted, printable garbage in infobox values
   and table cells): the build never fails with a traceback or an "internal error", exits 0, 1 or
   2, and a failed build leaves the earlier build byte-identical. The build runs in this process,
   through the CLI's own entry point (a process per example would be slow).
2. Variations a real article of the family shows (issue 11, section 5: an optional infobox line
   dropped, infobox keys reordered, a number spelt in words or digits, "%" or "per cent", a trailing
   truncated sentence): the article still builds, and every expected fact the change did not touch
   is still found.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from npc_kg import cli
from npc_kg.extract import extract_document
from npc_kg.numbers import MONTHS
from npc_kg.parse import parse_text

from helpers import ARTICLES, expected, snapshot

FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
# What a user could type into a value: any printable character of the first twelve thousand.
GARBAGE = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FFF, blacklist_categories=("Cs", "Cc")),
                  min_size=0, max_size=24)


# --------------------------------------------------------------------------- 1. damage


def run_build(*args: str) -> tuple[int, str]:
    """`npc-kg build ARGS` in this process: the exit code and what went to stderr."""
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.object(sys, "argv", ["npc-kg", "build", *args]), redirect_stdout(out), redirect_stderr(err):
        try:
            cli.main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 0
    return code, err.getvalue()


@pytest.fixture(scope="module")
def earlier_builds(tmp_path_factory) -> dict[str, Path]:
    """Each bundled article built on its own: the build a damaged copy of it is built over."""
    builds = {}
    for article in ARTICLES:
        out = tmp_path_factory.mktemp(article.stem) / "out"
        code, stderr = run_build(str(article), "--out", str(out))
        assert code == 0, stderr
        builds[article.name] = out
    return builds


def _infobox_value_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if re.match(rb"^- \w+: ", line)]


def _table_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith(b"|") and line.count(b"|") > 2]


@st.composite
def damaged(draw) -> tuple[str, bytes]:
    """A bundled article's name and its bytes after one to three kinds of damage."""
    article = draw(st.sampled_from(ARTICLES))
    data = article.read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        kind = draw(st.sampled_from(["cut", "drop", "duplicate", "insert", "infobox", "cell"]))
        line = draw(st.integers(0, len(lines) - 1))
        if kind == "cut":
            data = data[: draw(st.integers(0, len(data)))]
            continue
        if kind == "drop":
            del lines[line]
        elif kind == "duplicate":
            lines.insert(line, lines[line])
        elif kind == "insert":
            at = draw(st.integers(0, len(lines[line])))
            lines[line] = lines[line][:at] + draw(st.binary(min_size=1, max_size=8)) + lines[line][at:]
        elif kind == "infobox" and (candidates := _infobox_value_lines(lines)):
            line = draw(st.sampled_from(candidates))
            key = lines[line].split(b": ", 1)[0]
            lines[line] = key + b": " + draw(GARBAGE).encode("utf-8")
        elif kind == "cell" and (candidates := _table_lines(lines)):
            line = draw(st.sampled_from(candidates))
            cells = lines[line].split(b"|")
            cell = draw(st.integers(1, len(cells) - 2))
            cells[cell] = b" " + draw(GARBAGE).encode("utf-8") + b" "
            lines[line] = b"|".join(cells)
        data = b"\n".join(lines)
    return article.name, data


@FUZZ
@given(damaged())
def test_damaged_article_never_breaks_the_build(earlier_builds, case):
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / name
        article.write_bytes(data)
        out = Path(tmp) / "out"
        shutil.copytree(earlier_builds[name], out)
        before = snapshot(out)
        code, stderr = run_build(str(article), "--out", str(out))
        assert "internal error" not in stderr and "Traceback" not in stderr, stderr
        assert code in (0, 1, 2), stderr
        if code:
            assert snapshot(out) == before, stderr
            assert stderr.strip(), "a failed build says why"
        if code == 2:
            assert re.search(rf"^{re.escape(str(article))}:\d+: ", stderr, re.M), stderr


# --------------------------------------------------------------------------- 2. variations of the family

OFFICES = {"President": "president", "Premier": "premier", "Chairman of the NPCSC": "npcsc-chairman"}
SESSION_FIELDS = ("ordinal", "congress", "year", "start", "end", "venue", "city")
# An infobox line an article may lack, and the facts that are then no longer stated.
OFFICE_KEYS = {"Pz": "President", "Pm": "Premier", "Ch": "Chairman of the NPCSC"}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12}
_WORD_OF = {n: w for w, n in _NUMBER_WORDS.items()}
_MONTH_NAMES = "|".join(m for m in MONTHS)


def facts(records) -> dict[str, object]:
    """What the expected JSON states, as read from an article's records."""
    s = records.session
    session = {"ordinal": s.ordinal, "congress": s.congress, "year": s.year,
               "start": s.start.isoformat() if s.start else None, "end": s.end.isoformat() if s.end else None,
               "venue": s.venue, "city": s.city}
    holders: dict[tuple[str, str], set[tuple[str | None, str]]] = {}
    for t in records.tenures:  # a re-elected person holds one office twice: outgoing and elected
        holders.setdefault((t.person, t.office), set()).add((t.start.isoformat() if t.start else None, t.role.value))
    votes = [(r.topic, r.vote.yes, r.vote.no, r.vote.abstain,
              float(r.vote.stated_rate) if r.vote.stated_rate is not None else None)
             for r in records.resolutions if r.vote.origin == "table"]
    return {"session": session, "holders": holders, "votes": votes}


def wanted(stem: str) -> dict[str, object]:
    want = expected(stem)
    return {
        "session": {k: want["session"][k] for k in SESSION_FIELDS},
        "holders": {(h["person"], OFFICES[h["office"]]): (h["term_start"], h.get("role", "incumbent"))
                    for h in want["officeholders"]},
        "votes": [(r["topic"], r["for"], r["against"], r["abstain"], r["rate_percent"]) for r in want["resolutions"]],
    }


def _infobox_span(lines: list[str]) -> tuple[int, int]:
    start = lines.index("Infobox") + 1
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return start, end


@st.composite
def variant(draw) -> tuple[str, str, set[str]]:
    """A bundled article's stem, a variation of its text, and the facts the variation touched
    ('session.start', 'holder.<office>', 'holder.<office>.term')."""
    article = draw(st.sampled_from(ARTICLES))
    lines = article.read_text(encoding="utf-8").split("\n")
    touched: set[str] = set()
    start, end = _infobox_span(lines)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "reorder", "spell", "percent", "truncated"]))
        if kind == "drop" and end > start:
            index = draw(st.integers(start, end - 1))
            key = lines[index][2:].split(":", 1)[0].strip()
            touched |= _touched_by_dropping(key, lines[index])
            del lines[index]
            end -= 1
        elif kind == "reorder":
            box = lines[start:end]
            lines[start:end] = draw(st.permutations(box))
        elif kind == "spell":
            lines = _respell(lines, draw(st.integers(0, 10**6)), start, end)
        elif kind == "percent":
            lines = [_percent(line, draw(st.booleans())) if not line.startswith("- ") else line for line in lines]
        elif kind == "truncated":
            lines += ["", draw(st.sampled_from(["The session also", "Deputies approved the report with 2,",
                                                "The Premier said that GDP would grow by about",
                                                "On 12 March the"]))]
    return article.stem, "\n".join(lines), touched


def _touched_by_dropping(key: str, line: str) -> set[str]:
    """The facts an infobox line states that nothing else in the article is sure to state."""
    if key == "Session":
        return {"session.start", "session.end"}  # the title still names the session
    match = re.fullmatch(r"(Pz|Pm|Ch)(e?)(term|image|)", key)
    if match:
        office = OFFICES[OFFICE_KEYS[match[1]]]
        return {f"holder.{office}"} if match[3] == "" else ({f"holder.{office}.term"} if match[3] == "term" else set())
    return set()  # Year (inferred), Lastyear, Nextyear, Status, Chinese, Pinyin: not compared or inferable


def _respell(lines: list[str], seed: int, start: int, end: int) -> list[str]:
    """One number respelt: a small table count or prose number in digits becomes words, or a
    number word in prose becomes digits; dates, ordinals and figures glued to signs are left alone."""
    spots = []
    for i, line in enumerate(lines):
        if start <= i < end or line.startswith("="):
            continue
        if line.startswith("|"):
            spots += [(i, m.start(), m.end(), _WORD_OF[int(m[1])])
                      for m in re.finditer(r"(?<=\| )([1-9]|1[0-2])(?= \|)", line)]
            continue
        spots += [(i, m.start(), m.end(), _WORD_OF[int(m[0])])
                  for m in re.finditer(r"(?<![\w.,$%-])([1-9]|1[0-2])(?![\w.,%-])", line)
                  if not _next_to_month(line, m)]
        spots += [(i, m.start(), m.end(), str(_NUMBER_WORDS[m[0].lower()]))
                  for m in re.finditer(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b(?!-)", line, re.I)]
    if not spots:
        return lines
    i, a, b, new = spots[seed % len(spots)]
    lines = list(lines)
    lines[i] = lines[i][:a] + new + lines[i][b:]
    return lines


def _next_to_month(line: str, match: re.Match[str]) -> bool:
    """Whether a number is a date's day ("5 March", "March 5")."""
    return bool(re.search(rf"\b(?:{_MONTH_NAMES})\.? $", line[:match.start()], re.I)
                or re.match(rf" (?:{_MONTH_NAMES})\b", line[match.end():], re.I))


def _percent(line: str, to_words: bool) -> str:
    if to_words:
        return re.sub(r"(?<=[0-9])\s?%", " per cent", line)
    return re.sub(r"(?<=[0-9])\s?per[\s-]?cent\b|(?<=[0-9])\s?percent\b", "%", line, flags=re.I)


def _compare(got: dict, want: dict, touched: set[str]) -> list[str]:
    """The expected facts the variation did not touch and that were not found."""
    missing = []
    for field, value in want["session"].items():
        if f"session.{field}" not in touched and got["session"][field] != value:
            missing.append(f"session {field}: {got['session'][field]!r} != {value!r}")
    for (person, office), (term, role) in want["holders"].items():
        if f"holder.{office}" in touched:
            continue
        found = got["holders"].get((person, office), set())
        if not any(r == role and (f"holder.{office}.term" in touched or t == term) for t, r in found):
            missing.append(f"officeholder {person} ({office}): {sorted(found, key=str)} lacks {(term, role)}")
    if got["votes"] != want["votes"]:
        missing.append(f"table votes differ: {set(got['votes']) ^ set(want['votes'])}")
    return missing


@FUZZ
@given(variant())
def test_variations_of_the_family_keep_every_untouched_fact(case):
    stem, text, touched = case
    records = extract_document(parse_text(text, f"{stem}.txt"), stem)  # raises on a failed build
    assert not _compare(facts(records), wanted(stem), touched)


@FUZZ
@given(variant())
def test_variations_of_the_family_build(case):
    stem, text, _ = case
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / f"{stem}.txt"
        article.write_text(text, encoding="utf-8")
        code, stderr = run_build(str(article), "--no-cache", "--out", str(Path(tmp) / "out"))
        assert code == 0, stderr


def _infobox_lines() -> list[tuple[str, int]]:
    cases = []
    for article in ARTICLES:
        lines = article.read_text(encoding="utf-8").split("\n")
        start, end = _infobox_span(lines)
        cases += [(article.stem, index) for index in range(start, end)]
    return cases


@pytest.mark.parametrize("stem, index", _infobox_lines())
def test_dropping_any_one_infobox_line_keeps_every_untouched_fact(stem, index):
    """Every single drop, not only those hypothesis happens to draw."""
    lines = next(a for a in ARTICLES if a.stem == stem).read_text(encoding="utf-8").split("\n")
    key = lines[index][2:].split(":", 1)[0].strip()
    touched = _touched_by_dropping(key, lines[index])
    records = extract_document(parse_text("\n".join(lines[:index] + lines[index + 1:]), f"{stem}.txt"), stem)
    assert not _compare(facts(records), wanted(stem), touched), key
