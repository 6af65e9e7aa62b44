"""`npc-kg load` and `npc-kg query --endpoint` against a real Virtuoso open source server, the second
engine besides Oxigraph: the Graph Store Protocol endpoint that asks for HTTP Digest credentials
gets every graph whole, a smaller build's stale graphs are found and deleted there too, the
bundled queries through Virtuoso's /sparql answer as they do on the local build (the bundled one
and a synthetic one), and so do term labels from the vocabulary graph. README's "Loading into
Virtuoso" shows these commands.

One Virtuoso serves the whole session (tests/virtuoso.py): each test first drops every graph under
the build's base, then loads the build it needs (the query tests: through `holding`, which loads a
build once for the tests that follow), so no test depends on another's leftovers."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from npc_kg.cli import cli
from npc_kg.rdf.iris import Minter
from npc_kg.rdf.namespaces import MEASURE, NPC, RDFS, SKOS
from npc_kg.resources import query_names

from helpers import ARTICLES, REPO, run_cli
from virtuoso import INI, SETUP_SQL, USER, isql_command, listening, server_command

BASE = Minter().base
# Virtuoso keeps its own graphs (its RDF views, http://www.openlinksw.com/schemas/virtrdf#) beside
# the user's: the counts look at the graphs under the build's base.
PER_GRAPH = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
             f'"{BASE}")) }} GROUP BY ?g ORDER BY ?g')


def build_counts(build: Path) -> dict[str, int]:
    """Triples per graph as a build has them, counted without npc_kg.store: each graph of
    graph.trig, and void.ttl in the void graph."""
    counts: dict[str, int] = {}
    for quad in ox.parse(path=build / "graph.trig"):
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    counts[str(Minter().void_graph())] = len(list(ox.parse(path=build / "void.ttl", base_iri=BASE)))
    return counts


@pytest.fixture(scope="module")
def local_counts(build_dir) -> dict[str, int]:
    return build_counts(build_dir)


# The build the query tests last loaded into the session's Virtuoso (see `holding`), if it is
# still there: `empty` forgets it.
HELD: dict[str, Path] = {}


def empty(server) -> None:
    """Drop every graph under the build's base (through isql, not the code under test)."""
    HELD.clear()
    server.sql("SPARQL DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
               f"FILTER(STRSTARTS(STR(?g), '{BASE}')) }};")


@pytest.fixture
def store(virtuoso_server, monkeypatch):
    """The session's Virtuoso with no graph under the build's base, and the loading user's
    credentials in the environment, as README sets them."""
    empty(virtuoso_server)
    for name, value in virtuoso_server.environment().items():
        monkeypatch.setenv(name, value)
    return virtuoso_server


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def load(build: Path, server, *args: str) -> str:
    return invoke("load", "--endpoint", server.store_url, "--data", str(build), *args)


def store_counts(server) -> dict[str, int]:
    text = invoke("query", PER_GRAPH, "--endpoint", server.query_url, "--format", "csv")
    return {row["g"]: int(row["n"]) for row in csv.DictReader(io.StringIO(text))}


def test_the_server_listens_on_127_0_0_1_only(virtuoso_server):
    loopback = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it
    port = int(virtuoso_server.base_url.rsplit(":", 1)[1])
    assert listening(virtuoso_server.pid) == {(loopback, virtuoso_server.isql_port), (loopback, port)}


# --------------------------------------------------------------------------- loading with Digest


def test_load_puts_every_graph_whole_through_digest(build_dir, local_counts, store):
    out = load(build_dir, store)
    assert store_counts(store) == local_counts
    assert f"loaded {len(local_counts)} graph(s), {sum(local_counts.values())} triples" in out


def test_reload_leaves_the_store_as_one_load(build_dir, local_counts, store):
    load(build_dir, store)
    everything = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{BASE}')) }}"
    once = invoke("query", everything, "--endpoint", store.query_url)
    load(build_dir, store)
    assert store_counts(store) == local_counts
    assert invoke("query", everything, "--endpoint", store.query_url) == once


def test_a_wrong_password_exits_3_and_prints_no_password(build_dir, store):
    wrong = "not-" + store.password
    result = run_cli("load", "--endpoint", store.store_url, "--data", str(build_dir), "--retries", "0",
                     env={"NPC_KG_STORE_USER": store.user, "NPC_KG_STORE_PASSWORD": wrong})
    assert result.returncode == 3 and f"{store.store_url}: HTTP 401" in result.stderr
    assert wrong not in result.stderr + result.stdout and "Traceback" not in result.stderr
    assert store_counts(store) == {}


def test_credentials_in_the_url_work_too(build_dir, local_counts, store, monkeypatch):
    for name in store.environment():
        monkeypatch.delenv(name)
    endpoint = store.store_url.replace("//", f"//{store.user}:{store.password}@")
    out = invoke("load", "--endpoint", endpoint, "--data", str(build_dir))
    assert store.password not in out
    assert store_counts(store) == local_counts


@pytest.fixture(scope="module")
def one_article_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("one-article") / "build"
    result = run_cli("build", str(ARTICLES[0]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_a_smaller_build_deletes_the_graphs_it_no_longer_has(build_dir, local_counts, one_article_build, store):
    load(build_dir, store)
    notes = str(Minter().article_graph("my-notes"))  # the user's own graph under the build's base
    store.sql(f"SPARQL INSERT DATA {{ GRAPH <{notes}> {{ <{BASE}a> <{BASE}b> <{BASE}c> }} }};")
    smaller = build_counts(one_article_build)
    gone = sorted(set(local_counts) - set(smaller))
    assert len(gone) == len(ARTICLES)  # every other article's graph and the shared graph

    result = run_cli("load", "--endpoint", store.store_url, "--data", str(one_article_build))
    assert result.returncode == 0, result.stderr
    assert f"deleted {len(gone)} graph(s) no longer in the build: " + ", ".join(f"<{g}>" for g in gone) \
        in result.stderr
    counts = store_counts(store)
    assert counts == {**smaller, notes: 1}
    again = run_cli("load", "--endpoint", store.store_url, "--data", str(one_article_build))
    assert again.returncode == 0 and "deleted" not in again.stderr
    assert store_counts(store) == counts


# --------------------------------------------------------------------------- querying Virtuoso


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory) -> Path:
    """Five articles of bench/synth.py, with figures in every session: with the session order and
    the figures in two joined DISTINCT sub-selects, Virtuoso lost 6 of their 69 figures in every
    run, where on the bundled build it lost 5 of 31 only now and then."""
    folder = tmp_path_factory.mktemp("synthetic")
    subprocess.run([sys.executable, str(REPO / "bench" / "synth.py"), str(folder / "corpus"), "--articles", "5"],
                   check=True, capture_output=True)
    result = run_cli("build", str(folder / "corpus"), "--out", str(folder / "build"))
    assert result.returncode == 0, result.stderr
    return folder / "build"


@pytest.fixture
def holding(virtuoso_server):
    """holding(build): the session's Virtuoso with `build` loaded, and nothing else under the base;
    a build is loaded once for the query tests that follow, again after a test emptied the store."""
    def hold(build: Path):
        if HELD.get("build") != build:
            empty(virtuoso_server)
            result = run_cli("load", "--endpoint", virtuoso_server.store_url, "--data", str(build),
                             env=virtuoso_server.environment())
            assert result.returncode == 0, result.stderr
            HELD["build"] = build
        return virtuoso_server
    return hold


@pytest.mark.parametrize("corpus,name", [(corpus, name) for corpus in ("bundled", "synthetic")
                                         for name in query_names()])
def test_bundled_queries_through_virtuoso_match_local(request, holding, corpus, name):
    """Virtuoso's default graph is the union of all its graphs: the queries run as they are."""
    build = request.getfixturevalue("build_dir" if corpus == "bundled" else "synthetic_build")
    server = holding(build)
    local = invoke("query", name, "--data", str(build), "--format", "csv")
    remote = invoke("query", name, "--endpoint", server.query_url, "--format", "csv")
    assert remote.splitlines() == local.splitlines()  # every row, in the same order


@pytest.mark.parametrize("name,param", [("resolutions", "session=<https://w3id.org/npc-kg/id/session/12-2>"),
                                        ("indicators", "session=<https://w3id.org/npc-kg/id/session/13-2>"),
                                        ("people", "name=Xi Jinping")])
def test_params_through_virtuoso_match_local(build_dir, holding, name, param):
    """A --param binds a variable that a sub-select matches (resolutions, indicators) or the query
    itself (people): Virtuoso ignored a VALUES clause after the query for the first kind."""
    server = holding(build_dir)
    local = invoke("query", name, "--data", str(build_dir), "--format", "csv", "--param", param)
    remote = invoke("query", name, "--endpoint", server.query_url, "--format", "csv", "--param", param)
    assert len(local.splitlines()) > 1 and remote.splitlines() == local.splitlines()


def test_the_vocabulary_graph_answers_term_labels(build_dir, holding):
    """`load` puts the vocabulary graph (the ontology and the measures scheme) into Virtuoso too,
    so a term's label can be asked there, as the ontology files give it."""
    server = holding(build_dir)
    graph = Minter().vocabulary_graph()
    query = (f"SELECT ?term ?label WHERE {{ GRAPH <{graph}> {{ VALUES (?term ?property) {{ "
             f"(<{NPC.Resolution}> <{RDFS.label}>) (<{NPC.statedRate}> <{RDFS.label}>) "
             f"(<{MEASURE['gdp-growth']}> <{SKOS.prefLabel}>) }} ?term ?property ?label }} }} ORDER BY ?term")
    remote = invoke("query", query, "--endpoint", server.query_url, "--format", "csv")
    ontology = [*ox.parse(path=REPO / "ontology" / "npc.ttl"), *ox.parse(path=REPO / "ontology" / "measures.ttl")]
    labels = {(quad.subject.value, quad.object.value) for quad in ontology
              if quad.predicate.value in (str(RDFS.label), str(SKOS.prefLabel))}
    rows = [tuple(row) for row in csv.reader(io.StringIO(remote))]
    assert rows[0] == ("term", "label") and len(rows) == 4 and set(rows[1:]) <= labels
    assert remote == invoke("query", query, "--data", str(build_dir), "--format", "csv")


# Votes the bundled build lacks, where Virtuoso's SQL arithmetic departs from SPARQL's unless the
# query guards against it: a rate with a fraction, a total of 0 (Virtuoso fails the whole query on
# a division by zero), a count of 0 beside an unknown one, and no counts at all.
EDGE_VOTES = """\
@prefix npc: <https://w3id.org/npc-kg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/edge/> .
:term npc:congressNumber 99 .
:session schema:superEvent :term ; npc:ordinal 1 .
:r1 a npc:Resolution ; npc:session :session ; rdfs:label "Two to one"@en ; npc:vote :v1 ; prov:wasDerivedFrom :line1 .
:v1 npc:statedRate 66.67 ; npc:deputiesPresent 20 ; npc:voidVotes 1 ; opengov:result "pass" ;
    opengov:count :v1-yes , :v1-no , :v1-abstain .
:v1-yes opengov:option "yes" ; rdf:value 2 . :v1-no opengov:option "no" ; rdf:value 1 .
:v1-abstain opengov:option "abstain" ; rdf:value 0 .
:r2 a npc:Resolution ; npc:session :session ; rdfs:label "No ballots"@en ; npc:vote :v2 ; prov:wasDerivedFrom :line2 .
:v2 opengov:count :v2-yes , :v2-no , :v2-abstain .
:v2-yes opengov:option "yes" ; rdf:value 0 . :v2-no opengov:option "no" ; rdf:value 0 .
:v2-abstain opengov:option "abstain" ; rdf:value 0 .
:r3 a npc:Resolution ; npc:session :session ; rdfs:label "A nought then nothing"@en ; npc:vote :v3 ; prov:wasDerivedFrom :line3 .
:v3 npc:impliedNotVoting 4 ; opengov:count :v3-yes , :v3-no .
:v3-yes opengov:option "yes" ; rdf:value 10 . :v3-no opengov:option "no" ; rdf:value 0 .
:r4 a npc:Resolution ; npc:session :session ; rdfs:label "Nothing counted"@en ; npc:vote :v4 ; prov:wasDerivedFrom :line4 .
:line1 npc:line 1 . :line2 npc:line 2 . :line3 npc:line 3 . :line4 npc:line 4 .
"""


def test_resolutions_of_edge_votes_through_virtuoso_match_local(virtuoso_server, tmp_path):
    """The edge votes in a graph of their own beside whatever the store holds: their session's rows."""
    data = tmp_path / "edge.ttl"
    data.write_text(EDGE_VOTES, encoding="utf-8")
    graph, session = "https://example.org/edge/graph", "https://example.org/edge/session"
    triples = ox.serialize(ox.parse(path=data), format=ox.RdfFormat.N_TRIPLES).decode()  # named nodes: isql ignored blank nodes
    virtuoso_server.sql(f"SPARQL INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }};")
    try:
        remote = invoke("query", "resolutions", "--endpoint", virtuoso_server.query_url, "--format", "csv")
    finally:
        virtuoso_server.sql(f"SPARQL CLEAR GRAPH <{graph}>;")
    local = invoke("query", "resolutions", "--data", str(data), "--format", "csv")
    assert local.splitlines() == ["session,topic,for,against,abstain,stated_rate,computed_rate,not_voting,result",
                                  f"{session},Two to one,2,1,0,66.67,66.67,16,pass",
                                  f"{session},No ballots,0,0,0,,,,",
                                  f"{session},A nought then nothing,10,0,,,,4,",
                                  f"{session},Nothing counted,,,,,,,"]
    rows = remote.splitlines()
    assert [rows[0], *(row for row in rows if row.startswith(session + ","))] == local.splitlines()


def test_ask_and_construct_through_virtuoso(build_dir, holding):
    loaded = holding(build_dir)
    ask = run_cli("query", "ASK { ?s a <https://example.org/Nothing> }", "--endpoint", loaded.query_url)
    assert (ask.returncode, ask.stdout) == (1, "false\n")
    turtle = invoke("query", "PREFIX npc: <https://w3id.org/npc-kg/ontology#>\n"
                             "CONSTRUCT { ?s npc:ordinal ?o } WHERE { ?s npc:ordinal ?o }", "--endpoint", loaded.query_url)
    assert "npc:ordinal" in turtle and len(list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))) == len(ARTICLES)


# --------------------------------------------------------------------------- README


def test_readme_shows_the_commands_these_tests_run():
    """README's "Loading into Virtuoso" is this module's setup, with fixed ports and passwords."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Loading into Virtuoso"):]
    section = section[:section.index("\n#", 1)]
    blocks = re.findall(r"```(\w+)\n(.*?)```", section, re.DOTALL)
    assert blocks[0] == ("ini", INI.format(dir="/abs/path/virtuoso-db", port=1111, http_port=8890))
    shell = blocks[1][1]
    sql = SETUP_SQL.format(user=USER, password="loader-password", dba_password="new-dba-password")
    assert " ".join(server_command(Path("/abs/path/virtuoso-db/virtuoso.ini"))) + " &\n" in shell
    assert " ".join(isql_command(1111, "dba")) + f" <<'SQL'\n{sql}SQL\n" in shell
    assert (f"NPC_KG_STORE_USER={USER} NPC_KG_STORE_PASSWORD=loader-password \\\n"
            "  .venv/bin/npc-kg load --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --data output\n") in shell
    assert ".venv/bin/npc-kg query sessions --endpoint http://127.0.0.1:8890/sparql\n" in shell
