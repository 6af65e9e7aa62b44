"""One copy per triple: every triple of a build is in exactly one named graph (what more than one
article states in the shared graph), so that any query, with or without DISTINCT, counts alike
locally (`npc-kg query --data`), on `npc-kg serve`'s /sparql and in an Oxigraph store loaded with
`npc-kg load` and queried through its union default graph; and the split, made when the corpus is
assembled, is the same after an incremental rebuild as after a clean one."""

from __future__ import annotations

import gzip
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from npc_kg import pipeline
from npc_kg.cli import cli
from npc_kg.rdf.iris import Minter
from npc_kg.map import ArticleGraph, SessionKey, assemble
from npc_kg.rdf.namespaces import PROV, RDF, SCHEMA, VOID
from npc_kg.pipeline import render_build
from npc_kg.rdf.statements import Statements
from npc_kg.validate import CheckedArticle

from helpers import ARTICLES
from test_cache import build_and_commit
from test_serve_http import running

PREFIXES = """PREFIX schema: <https://schema.org/> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX npc: <https://w3id.org/npc-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Counts without DISTINCT: each is wrong in a store as soon as one triple sits in two named graphs.
COUNTS = {
    "people": "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }",
    "people with a label": "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person ; rdfs:label ?label }",
    "offices": "SELECT (COUNT(*) AS ?n) WHERE { ?o a org:Post }",
    "organisations": "SELECT (COUNT(*) AS ?n) WHERE { ?o a org:Organization }",
    "congress terms": "SELECT (COUNT(*) AS ?n) WHERE { ?c a npc:CongressTerm }",
    "sessions": "SELECT (COUNT(*) AS ?n) WHERE { ?s a npc:Session }",
    "offices held": "SELECT (COUNT(*) AS ?n) WHERE { ?p org:holds ?o }",
    "all triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "per class": "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c",
    "per predicate": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
}
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def query(text: str, *where: str) -> str:
    result = CliRunner().invoke(cli, ["query", PREFIXES + text, *where, "--format", "csv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def quads(files: dict[str, bytes]) -> list[ox.Quad]:
    return list(ox.parse(gzip.decompress(files["graph.nq.gz"]), format=ox.RdfFormat.N_QUADS))


# --------------------------------------------------------------------------- the same answer in three places


def test_counts_agree_locally_on_serve_and_in_a_union_default_graph_store(build_dir, oxigraph_union_server,
                                                                          tmp_path):
    for _ in range(2):  # loading twice leaves the store as loading once
        result = CliRunner().invoke(cli, ["load", "--endpoint", oxigraph_union_server.store_url,
                                          "--data", str(build_dir)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    store = "--endpoint", oxigraph_union_server.query_url
    with running(build_dir, tmp_path / "serve.log") as (server, _):
        served = "--endpoint", server.url + "/sparql"
        for name, text in COUNTS.items():
            local = query(text, "--data", str(build_dir))
            assert query(text, *store) == local, name
            assert query(text, *served) == local, name
    people = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }"
    assert query(COUNTS["people"], *store) == query(people, *store)  # the 17 against 35
    assert int(query(COUNTS["people"], *store).split()[1]) > 0
    assert query(PER_GRAPH, *store) == query(PER_GRAPH, "--data", str(build_dir))  # GRAPH ?g too


# --------------------------------------------------------------------------- one graph per triple


@pytest.mark.parametrize("name", ["graph.nq.gz", "graph.trig"])
def test_no_triple_is_in_two_graphs_of_the_build(build_dir, name):
    data = (build_dir / name).read_bytes()
    found = list(ox.parse(gzip.decompress(data) if name.endswith(".gz") else data,
                          format=ox.RdfFormat.N_QUADS if name.endswith(".gz") else ox.RdfFormat.TRIG))
    copies = Counter(quad.triple for quad in found)
    assert [triple for triple, count in copies.items() if count > 1] == []
    shared = str(Minter().shared_graph())
    assert any(quad.graph_name.value == shared for quad in found)  # the corpus does share entities
    void = str(Minter().void_graph())
    build = {quad.triple for quad in found if quad.graph_name.value != void}
    assert build == {quad.triple for quad in ox.parse(path=build_dir / "graph.nt")}  # nothing lost


def test_who_states_a_shared_triple_stays_traceable(build_dir):
    """Each subject of the shared graph is mentioned by the two or more articles stating things of
    it, and the shared graph is derived from exactly the articles that mention anything."""
    minter = Minter()
    found = list(ox.parse(gzip.decompress((build_dir / "graph.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS))
    shared = {quad.subject.value for quad in found if quad.graph_name.value == str(minter.shared_graph())}
    provenance = [quad for quad in found if quad.graph_name.value == str(minter.provenance_graph())]
    mentioned = Counter(quad.object.value for quad in provenance if quad.predicate.value == str(SCHEMA.mentions))
    assert shared and set(mentioned) == shared and min(mentioned.values()) >= 2
    mentioning = {quad.subject.value for quad in provenance if quad.predicate.value == str(SCHEMA.mentions)}
    assert mentioning == {quad.object.value for quad in provenance if quad.subject.value == str(minter.shared_graph())
                          and quad.predicate.value == str(PROV.wasDerivedFrom)}


def test_void_gives_each_graph_its_size_and_the_sizes_add_up(build_dir):
    trig = Counter(quad.graph_name.value for quad in ox.parse(path=build_dir / "graph.trig"))
    void = list(ox.parse(path=build_dir / "void.ttl", base_iri=Minter().base))
    sizes = {t.subject.value: int(t.object.value) for t in void if t.predicate.value == str(VOID.triples)}
    dataset = str(Minter().dataset())
    subsets = {t.object.value for t in void if t.predicate.value == str(VOID.subset)}
    assert subsets == set(trig) and {graph: sizes[graph] for graph in subsets} == dict(trig)
    assert sum(trig.values()) == sizes[dataset]


LINES = [f"<https://example.org/s{i % 5}> <https://example.org/p> <https://example.org/o{i}> .\n".encode()
         for i in range(12)]
line_sets = st.sets(st.sampled_from(LINES), max_size=len(LINES))


@settings(max_examples=200, deadline=None)
@given(st.lists(line_sets, min_size=1, max_size=5), line_sets, line_sets)
def test_assembly_puts_each_triple_into_one_graph(stated, in_provenance, linked):
    minter = Minter()
    articles = [ArticleGraph(SessionKey(f"a{i}", 1, i + 1, 2000 + i, None, None), Statements.from_lines(lines),
                             Statements.from_lines(in_provenance if i == 0 else ()))
                for i, lines in enumerate(stated)]
    mapped = assemble(articles, minter).with_links(Statements.from_lines(linked))
    graphs = mapped.named_graphs(minter)
    every = [line for _, graph in graphs for line in graph.lines]
    assert len(every) == len(set(every))  # one graph per triple...
    assert set(every) == set().union(*stated, in_provenance, linked, mapped.provenance.lines,
                                    mapped.vocabulary.lines)  # ...none lost
    assert set(every) == set(mapped.triples().lines)
    seen = Counter(line for lines in stated for line in lines)
    shared = {line for line, count in seen.items() if count > 1} - in_provenance
    assert set(mapped.shared.lines) == shared
    provenance = set(mapped.provenance.lines)
    for i, lines in enumerate(stated):  # an article keeps what it alone states, and mentions the rest
        assert set(mapped.article_graphs[minter.article_graph(f"a{i}")].lines) == lines - shared - in_provenance
        for line in lines & shared:
            subject = line[:line.index(b" ")]
            assert b"<%s> <%s> %s .\n" % (str(minter.article(f"a{i}")).encode(), str(SCHEMA.mentions).encode(),
                                          subject) in provenance


# --------------------------------------------------------------------------- incremental rebuilds


def test_a_triple_moving_out_of_the_shared_graph_rebuilds_as_a_clean_build(tmp_path):
    """Cao Jianming is named in two articles; renamed in one, what is said of him becomes the other
    article's own, and the incremental build still equals a clean one byte for byte."""
    folder = tmp_path / "articles"
    folder.mkdir()
    corpus = [Path(shutil.copy(article, folder / article.name)) for article in ARTICLES]
    minter = Minter()
    person = ox.Triple(*(ox.NamedNode(str(term)) for term in (minter.person("Cao Jianming"), RDF.type, SCHEMA.Person)))
    _, first = build_and_commit(corpus, minter, tmp_path / "out")
    assert [q.graph_name.value for q in quads(first) if q.triple == person] == [str(minter.shared_graph())]

    [edited] = [path for path in corpus if path.stem == "npc-11-3"]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Cao Jianming", "Cao Jianmin"), encoding="utf-8")
    changed, files = build_and_commit(corpus, minter, tmp_path / "out")
    assert [q.graph_name.value for q in quads(files) if q.triple == person] == [str(minter.article_graph("npc-12-2"))]
    clean = render_build(pipeline.build_articles([CheckedArticle(c.article) for c in changed], minter))
    assert files == clean
