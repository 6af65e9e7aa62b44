"""Provenance: every fact of the bundled corpus says which article line it was read from, and the
bundled `provenance` query answers "where did this come from" for it."""

import csv
import io

import pyoxigraph as ox

from helpers import ARTICLES, run_cli

FACT_CLASSES = ("npc:Session", "npc:CongressTerm", "schema:Person", "npc:Tenure", "npc:Report", "npc:Resolution",
                "opengov:VoteEvent", "opengov:Count", "npc:EconomicFigure", "npc:PolicyGuideline")
PREFIXES = """PREFIX npc: <https://w3id.org/npc-kg/ontology#> PREFIX schema: <https://schema.org/>
PREFIX opengov: <http://www.w3.org/ns/opengov#> PREFIX prov: <http://www.w3.org/ns/prov#>"""


def store_of(build_dir):
    store = ox.Store()
    store.load((build_dir / "graph.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_every_fact_points_at_its_line(build_dir):
    store = store_of(build_dir)
    for cls in FACT_CLASSES:
        facts = {r["s"].value for r in store.query(f"{PREFIXES} SELECT ?s {{ ?s a {cls} }}")}
        traced = {r["s"].value for r in store.query(
            f"{PREFIXES} SELECT ?s {{ ?s a {cls} ; prov:wasDerivedFrom/npc:line ?line }}")}
        assert facts and facts == traced, (cls, facts - traced)


def test_provenance_query_names_file_line_and_text(build_dir):
    result = run_cli("query", "provenance", "--data", str(build_dir), "--format", "csv", "--param",
                     "resource=<https://w3id.org/npc-kg/id/session/12-2/achievement/1>")
    assert result.returncode == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["label"], row["file"], row["line"]) == ("GDP", "npc-12-2.txt", "28")
    assert "56.9 trillion yuan" in row["text"]


def test_articles_are_described_with_checksum_and_url(build_dir):
    store = store_of(build_dir)
    rows = list(store.query(f"""{PREFIXES} PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?file ?sha ?url {{ ?a a npc:Article , prov:Entity ; npc:fileName ?file ; npc:sha256 ?sha ;
                                  <https://schema.org/url> ?url ; dct:title ?title }} ORDER BY ?file"""))
    assert [r["file"].value for r in rows] == [path.name for path in ARTICLES]
    assert all(len(r["sha"].value) == 64 for r in rows)
    url = next(r["url"].value for r in rows if r["file"].value == "npc-12-2.txt")
    assert url.endswith("Second_session_of_the_12th_National_People%27s_Congress")
    build = list(store.query(f"{PREFIXES} SELECT ?agent {{ ?b a prov:Activity ; prov:wasAssociatedWith ?agent }}"))
    assert build and build[0]["agent"].value.endswith("/software/npc-kg/0.1.0")


def test_build_time_only_from_source_date_epoch(tmp_path, build_dir):
    out = tmp_path / "dated"
    result = run_cli("build", "--out", str(out), "--no-cache", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    times = [r["t"].value for r in store_of(out).query(f"{PREFIXES} SELECT ?t {{ ?b prov:startedAtTime ?t }}")]
    assert times == ["2023-11-14T22:13:20Z"]
    assert not list(store_of(build_dir).query(f"{PREFIXES} SELECT ?t {{ ?b prov:startedAtTime ?t }}"))
