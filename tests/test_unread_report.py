"""Unread numbers end to end: through the CLI into report.txt and report.json with their FILE:LINE,
the build's summary (per article with --verbose), a cached rebuild giving the same bytes, and the
shape of npc:UnreadNumber checked by both SHACL engines."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef

from npc_kg.rdf.namespaces import NPC, RDF, SCHEMA

from helpers import run_cli
from test_shacl_engine import assert_engines_agree
from test_validate import copy, graph_2014, shapes  # noqa: F401 (fixtures)

ARTICLE = """= Third session of the 11th National People's Congress =

Infobox
- Year: 2010
- Session: 3rd | # = 11th | term-begin = 5 March | term-end = 14 March

The third session of the 11th National People's Congress was held at the Great Hall of the People in Beijing, China.

== Work report ==
- Profits of industrial enterprises with annual revenue of 20 million yuan or more were reported.
- Grain output rose for the seventh consecutive year.
- The G20 countries met in Toronto, and the tradition held for three decades.
"""
UNREAD = [(10, "20 million yuan", "size threshold"), (11, "seventh consecutive year", "an ordinal"),
          (12, "G20 countries", "part of a name"), (12, "three decades", "not understood")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unread")
    (folder / "t.txt").write_text(ARTICLE, encoding="utf-8")
    out = folder / "out"
    result = run_cli("build", str(folder / "t.txt"), "--out", str(out), "--verbose")
    assert result.returncode == 0, result.stderr
    return folder, out, result


def test_report_txt_lists_unread_numbers_with_file_and_line(built):
    _, out, _ = built
    lines = (out / "report.txt").read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("4 unread number(s):") + 1:] == [
        f"t.txt:{line}: unread: {text} ({reason})" for line, text, reason in UNREAD]
    source = ARTICLE.splitlines()
    assert all(text in source[line - 1] for line, text, _ in UNREAD)


def test_report_json_keeps_its_keys_and_adds_unread(built):
    _, out, _ = built
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert list(report) == ["conforms", "triples", "violations", "warnings", "infos", "results", "unread"]
    assert report["unread"] == [{"file": "t.txt", "line": line, "text": text, "reason": reason}
                                for line, text, reason in UNREAD]


def test_build_says_how_many_numbers_it_read_and_left(built):
    _, out, result = built
    assert "  t.txt: 0 number(s) read, 4 unread\n" in result.stdout
    assert result.stdout.endswith(f"0 number(s) read, 4 left unread (listed in {out}/report.txt)\n")
    quiet = run_cli("build", str(built[0] / "t.txt"), "--out", str(built[0] / "quiet"))
    assert "t.txt:" not in quiet.stdout and "4 left unread" in quiet.stdout


def test_a_cached_rebuild_gives_the_same_reports(built, tmp_path):
    folder, out, first = built
    reports = {name: (out / name).read_bytes() for name in ("report.txt", "report.json", "graph.nt")}
    again = run_cli("build", str(folder / "t.txt"), "--out", str(out), "--verbose")
    assert again.returncode == 0 and again.stdout == first.stdout
    assert {name: (out / name).read_bytes() for name in reports} == reports
    fresh = tmp_path / "fresh"
    assert run_cli("build", str(folder / "t.txt"), "--out", str(fresh), "--no-cache").returncode == 0
    assert {name: (fresh / name).read_bytes() for name in reports} == reports


def test_link_keeps_the_unread_numbers(built):
    _, out, _ = built
    before = (out / "report.json").read_bytes()
    assert run_cli("link", "--data", str(out)).returncode == 0
    assert json.loads((out / "report.json").read_bytes())["unread"] == json.loads(before)["unread"]


# --------------------------------------------------------------------------- the shape, both engines


def unread_nodes(graph):
    return sorted(graph.subjects(RDF.type, NPC.UnreadNumber))


def test_unread_numbers_of_an_article_conform(graph_2014, shapes):
    assert len(unread_nodes(graph_2014)) == 2  # "20 million yuan", "tenth consecutive year"
    report = assert_engines_agree(graph_2014, shapes)
    assert not [f for f in report.findings if f.shape == "shapes:UnreadNumber"]


@pytest.mark.parametrize("damage, path", [
    (lambda g, n: g.set((n, NPC.unreadReason, Literal("a guess"))), "npc:unreadReason"),
    (lambda g, n: g.remove((n, NPC.numberText, None)), "npc:numberText"),
    (lambda g, n: g.set((n, SCHEMA.position, Literal(0))), "schema:position"),
    (lambda g, n: g.add((URIRef(str(n).split("#")[0] + "#L1"), NPC.unreadNumber, n)), "^npc:unreadNumber"),
])
def test_a_damaged_unread_number_is_found_by_both_engines(graph_2014, shapes, damage, path):
    graph = copy(graph_2014)
    node = unread_nodes(graph)[0]
    damage(graph, node)
    report = assert_engines_agree(graph, shapes)
    assert {(f.focus, f.path) for f in report.findings if f.shape == "shapes:UnreadNumber"} == {(str(node), path)}
