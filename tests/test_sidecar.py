"""The optional sidecar `<stem>.source`: which Wikipedia revision an article renders and when it was
retrieved. Read leniently (a line it cannot read is a warning naming the sidecar's file and line),
recorded in provenance, part of what the cache keys on. The bundled corpus has none: these tests
write their own, beside copies of the articles."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from npc_kg.map import assemble, map_article
from npc_kg.pipeline import extract_articles
from npc_kg.rdf.namespaces import DCTERMS, NPC, PROV, XSD
from npc_kg.sidecar import read_sidecar, sidecar_path

from helpers import CORPUS, run_cli
from test_shacl_engine import assert_engines_agree
from test_validate import M, shapes  # noqa: F401 (fixture)

ARTICLE = "npc-12-2"
ARTICLE_IRI = f"https://w3id.org/npc-kg/id/article/{ARTICLE}"
PERMALINK = "https://en.wikipedia.org/w/index.php?oldid=1187654321"


@pytest.mark.parametrize("text, permalink, retrieved", [
    ("revision: 1187654321\nretrieved: 2024-05-01\n", PERMALINK, "2024-05-01"),
    ("# where it came from\n\nRevision: https://en.wikipedia.org/w/index.php?title=Second_session&oldid=1187654321\n",
     PERMALINK, None),
    ("retrieved: 2024-05-01T09:30:00Z\r\n", None, "2024-05-01T09:30:00Z"),
    ("", None, None),
])
def test_a_sidecar_gives_the_revision_and_the_retrieval_date(text, permalink, retrieved):
    revision = read_sidecar(text.encode("utf-8"), "a.source")
    assert (revision.permalink, revision.retrieved, revision.problems) == (permalink, retrieved, ())


@pytest.mark.parametrize("line, message", [
    ("author: me", "not a 'revision: ...' or 'retrieved: ...' line"),
    ("revision 1187654321", "not a 'revision: ...' or 'retrieved: ...' line"),
    ("revision: 12ab", "'revision' is not a revision number or its permanent URL"),
    ("revision: https://example.org/w/index.php?oldid=5", "'revision' is not a revision number"),
    ("revision: https://en.wikipedia.org/w/index.php?oldid=5&oldid=6", "'revision' is not a revision number"),
    ("retrieved: 2024-02-30", "'retrieved' is not a date"),
    ("retrieved: 1 May 2024", "'retrieved' is not a date"),
    ("retrieved:", "'retrieved' has no value"),
    ("revision: 6\nrevision: 7", "'revision' is given again (line 4 is kept)"),
    ("revision: " + "9" * 1_000_000, "'revision' is not a revision number"),  # a long line is read in linear time
])
def test_a_line_the_sidecar_cannot_read_is_a_warning_on_its_file_and_line(line, message):
    other = "revision: 1187654321" if line.startswith("retrieved") else "retrieved: 2024-05-01"
    revision = read_sidecar(f"# a note\n{other}\n\n{line}\n".encode(), "npc-12-2.source")
    assert (revision.permalink == PERMALINK) if line.startswith("retrieved") else (revision.retrieved == "2024-05-01")
    (problem,) = revision.problems
    assert str(problem.span) == f"npc-12-2.source:{4 + line.count(chr(10))}" and problem.message.startswith(message)


def test_a_sidecar_that_is_not_utf8_is_ignored_with_a_warning():
    revision = read_sidecar(b"revision: 1\nretrieved: \xff\n", "x.source")
    assert (revision.permalink, revision.retrieved) == (None, None)
    assert [str(p.span) for p in revision.problems] == ["x.source:2"]


def test_the_sidecar_is_beside_the_article_named_by_its_stem(tmp_path):
    assert sidecar_path(tmp_path / "npc-12-2.txt") == tmp_path / "npc-12-2.source"


@pytest.fixture
def folder(tmp_path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(CORPUS / f"{ARTICLE}.txt", articles)
    return articles


def provenance(out: Path) -> dict[str, set[str]]:
    """What graph.nt says of the article, by predicate."""
    found: dict[str, set[str]] = {}
    for quad in ox.parse(path=out / "graph.nt"):
        if quad.subject.value == ARTICLE_IRI:
            found.setdefault(quad.predicate.value, set()).add(str(quad.object))
    return found


def test_provenance_records_the_revision_and_the_build_says_where_it_came_from(folder, tmp_path):
    (folder / f"{ARTICLE}.source").write_text(f"revision: {PERMALINK}\nretrieved: 2024-05-01\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning: npc-12-2.source" not in result.stderr
    said = provenance(out)
    assert said[str(PROV.wasDerivedFrom)] == {f"<{PERMALINK}>"}
    assert said[str(DCTERMS.created)] == {f'"2024-05-01"^^<{XSD.date}>'}
    assert len(said[str(NPC.sha256)]) == 1  # the checksum stays, besides
    void = (out / "void.ttl").read_text(encoding="utf-8")
    assert f"(revision {PERMALINK}, retrieved 2024-05-01)" in void.split("\n\n")[0]  # the notice
    assert f"<{PERMALINK}>" in void.split("\n\n", 2)[2]  # dct:source


def test_changing_only_the_sidecar_rebuilds_the_article(folder, tmp_path):
    sidecar = folder / f"{ARTICLE}.source"
    sidecar.write_text("revision: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("build", str(folder), "--out", str(out)).returncode == 0
    sidecar.write_text("revision: 2\n", encoding="utf-8")
    assert run_cli("build", str(folder), "--out", str(out)).returncode == 0  # with the cache of the first
    assert provenance(out)[str(PROV.wasDerivedFrom)] == {"<https://en.wikipedia.org/w/index.php?oldid=2>"}
    fresh = tmp_path / "fresh"
    assert run_cli("build", str(folder), "--out", str(fresh), "--no-cache").returncode == 0
    for name in ("graph.nt", "graph.trig", "void.ttl", "report.json"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    sidecar.unlink()
    assert run_cli("build", str(folder), "--out", str(out)).returncode == 0
    assert str(PROV.wasDerivedFrom) not in provenance(out)


def test_a_malformed_sidecar_is_a_warning_and_the_article_is_built(folder, tmp_path):
    (folder / f"{ARTICLE}.source").write_text("revision: 1187654321\nrevision: soon\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (f"{ARTICLE}.txt:1: warning: {ARTICLE}.source:2: 'revision' is given again (line 1 is kept)"
            in result.stderr), result.stderr
    assert provenance(out)[str(PROV.wasDerivedFrom)] == {f"<{PERMALINK}>"}
    assert "npc-12-2.source:2" in (out / "report.txt").read_text(encoding="utf-8")
    again = run_cli("build", str(folder), "--out", str(out))  # from the cache: the same warning
    assert f"{ARTICLE}.source:2: 'revision' is given again" in again.stderr


def test_the_article_shape_checks_the_revision_with_both_engines(shapes):
    """shapes:Article knows the revision: one permanent URL, one retrieval date or time. Both
    engines (the project's and pySHACL) give the same report, clean and damaged."""
    records = extract_articles([CORPUS / f"{ARTICLE}.txt"])[0]
    revision = read_sidecar(f"revision: {PERMALINK}\nretrieved: 2024-05-01T09:30:00Z\n".encode(), "x.source")
    graph = assemble([map_article(records, M, revision)], M).union()
    article = URIRef(ARTICLE_IRI)
    assert (article, PROV.wasDerivedFrom, URIRef(PERMALINK)) in graph
    clean = assert_engines_agree(graph, shapes)
    assert not [f for f in clean.findings if f.shape == "shapes:Article"]
    graph.add((article, PROV.wasDerivedFrom, URIRef("https://example.org/elsewhere")))  # two, one not a permalink
    graph.add((article, DCTERMS.created, Literal("May 2024")))
    damaged = assert_engines_agree(graph, shapes)
    found = Counter(f.path for f in damaged.findings if f.shape == "shapes:Article")
    assert found == {"prov:wasDerivedFrom": 2, "dct:created": 2}, damaged.findings
