"""A build validates the parts of the shapes that concern one article's own nodes only for new or
changed articles, and takes the earlier results for the rest (shacl.locality). These tests hold
it to the whole-graph validation of the same graph, byte for byte: every kind of damage of the
mutation suite done to one article while the others come with their cached results, nodes that
two articles describe, a synthetic corpus mapped in worker processes, and data with
rdfs:subClassOf (which turns the split off)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph

from npc_kg.rdf.iris import Minter
from npc_kg.map import ArticleGraph, assemble, en
from npc_kg.rdf.namespaces import NPC, OPENGOV, RDF, RDFS, SCHEMA
from npc_kg.rdf.oxterms import rdflib_triples
from npc_kg.pipeline import PARALLEL_FROM, map_articles
from npc_kg.resources import corpus_files
from npc_kg.shacl.locality import split
from npc_kg.rdf.statements import Statements
from npc_kg.validate import CheckedArticle, Report, bundled_shapes, validate_build, validate_store

from helpers import REPO
from test_validate import GWR, MUTATIONS, XI, YES

M = Minter()
SESSION_2013 = M.session(12, 1)


def checked_build(checked: list[CheckedArticle]) -> tuple[Report, Report, list]:
    """The same graph validated whole and split: both reports, and the results the split keeps."""
    mapped = assemble([c.article for c in checked], M)
    store = ox.Store()
    store.bulk_load(bytes(mapped.triples()), format=ox.RdfFormat.N_TRIPLES)
    report, results = validate_build(store, checked, mapped.assembled, mapped.vocabulary)
    return validate_store(store), report, results


def assert_same(whole: Report, split_report: Report) -> None:
    assert split_report == whole  # findings and triple count
    assert split_report.turtle() == whole.turtle()  # and the SHACL report itself, byte for byte


@pytest.fixture(scope="module")
def articles() -> list[ArticleGraph]:
    checked, _ = map_articles(corpus_files(), M)
    return [c.article for c in checked]


@pytest.fixture(scope="module")
def cached(articles) -> list[CheckedArticle]:
    """The bundled articles with what a first build keeps for each."""
    whole, report, results = checked_build([CheckedArticle(a) for a in articles])
    assert_same(whole, report)
    assert all(r is not None for r in results)
    return [CheckedArticle(a, r) for a, r in zip(articles, results)]


def damaged(article: ArticleGraph, damage) -> ArticleGraph:
    """The article with the damage done to its statements (new ones go to its graph)."""
    graph = Graph()
    for part in (article.graph, article.provenance):
        for triple in rdflib_triples(part):
            graph.add(triple)
    damage(graph)
    provenance = set(rdflib_triples(article.provenance))
    return ArticleGraph(article.key, Statements.of(t for t in graph if t not in provenance),
                        Statements.of(t for t in graph if t in provenance))


def changed(cached: list[CheckedArticle], stem: str, damage) -> list[CheckedArticle]:
    """The articles as cached, but the one called `stem` damaged, and so new to the build."""
    return [CheckedArticle(damaged(c.article, damage)) if c.article.key.stem == stem else c for c in cached]


def test_the_split_keeps_most_of_the_work_per_article():
    parts = split(bundled_shapes())
    assert len(parts.local) >= 20 and len(parts.whole) >= 11  # every SPARQL check runs on the whole graph


@pytest.mark.parametrize("name", MUTATIONS)
def test_damage_to_one_article_is_reported_as_the_whole_graph_reports_it(name, cached):
    damaged_2014 = changed(cached, "npc-12-2", MUTATIONS[name][0])
    whole, report, _ = checked_build(damaged_2014)
    assert_same(whole, report)
    clean_whole, clean, _ = checked_build([CheckedArticle(c.article) for c in damaged_2014])
    assert_same(clean_whole, clean)


def test_a_node_another_article_describes_is_checked_again(cached):
    """The 2014 article says something of the 2013 session, whose results were kept with the 2013
    article: two names make the session's label a violation only the whole graph shows."""
    def describe_2013(graph: Graph) -> None:
        graph.add((SESSION_2013, RDFS.label, en("Another name")))

    whole, report, _ = checked_build(changed(cached, "npc-12-2", describe_2013))
    assert whole.violations and any(f.focus == str(SESSION_2013) for f in whole.findings)
    assert_same(whole, report)


def rebuilt(first: list[ArticleGraph], second: list[ArticleGraph]) -> tuple[Report, Report]:
    """Validate `first`, keep the results, then validate `second`, where the articles that are the
    same objects as in `first` come with their kept results."""
    _, _, results = checked_build([CheckedArticle(a) for a in first])
    kept = {id(a): r for a, r in zip(first, results)}
    whole, report, _ = checked_build([CheckedArticle(a, kept.get(id(a))) for a in second])
    return whole, report


def test_a_value_typed_only_by_another_article_is_checked_again(articles):
    """The 2014 article, kept from the first build, names Xi Jinping without typing him; the other
    articles typed him, and no longer do: his tenure's sh:class must fail now."""
    def untype(graph: Graph) -> None:
        graph.remove((XI, RDF.type, None))

    first = [damaged(a, untype) if a.key.stem == "npc-12-2" else a for a in articles]
    second = [a if a.key.stem == "npc-12-2" else damaged(a, untype) for a in first]
    whole, report = rebuilt(first, second)
    assert any(f.problem == "not a resource of the expected class" for f in whole.findings)
    assert_same(whole, report)


def test_a_finding_another_article_mends_is_dropped(articles):
    """The 2014 article, kept from the first build, left a resolution without its topic (a
    violation on a node then private to it); another article now gives the topic."""
    article_2014 = next(a for a in articles if a.key.stem == "npc-12-2")
    label = next(t for t in rdflib_triples(article_2014.graph) if t[0] == GWR and t[1] == RDFS.label)
    first = [damaged(a, lambda g: g.remove(label)) if a.key.stem == "npc-12-2" else a for a in articles]
    second = [damaged(a, lambda g: g.add(label)) if a.key.stem == "npc-12-1" else a for a in first]
    whole, report = rebuilt(first, second)
    assert whole.conforms
    assert_same(whole, report)


def test_a_node_another_article_points_at_is_checked_again(cached):
    """A count of the 2014 vote, private to the cached 2014 article, is claimed by a vote of the
    2013 article too: a count of two votes, seen only by reading the statements that point at it."""
    other_vote = M.vote(M.resolution(SESSION_2013, "Premier Wen Jiabao's Government Work Report"))

    def claim(graph: Graph) -> None:
        graph.add((other_vote, OPENGOV["count"], YES))

    whole, report, _ = checked_build(changed(cached, "npc-12-1", claim))
    assert any(f.focus == str(YES) for f in whole.findings)
    assert_same(whole, report)


def test_a_person_named_differently_by_two_articles_is_caught(cached):
    def rename(graph: Graph) -> None:
        graph.remove((XI, RDFS.label, None))
        graph.add((XI, RDFS.label, en("Xi Jin-ping")))

    whole, report, _ = checked_build(changed(cached, "npc-12-2", rename))
    assert any(f.focus == str(XI) for f in whole.findings)
    assert_same(whole, report)


def test_subclass_statements_turn_the_split_off(cached):
    """An article's own class hierarchy: the vocabulary's (npc:Session rdfs:subClassOf schema:Event,
    in every build and in the cache key) leaves the split on, as the `cached` fixture shows."""
    def subclass(graph: Graph) -> None:
        graph.add((NPC.Session, RDFS.subClassOf, SCHEMA.PublicationEvent))

    whole, report, results = checked_build(changed(cached, "npc-12-2", subclass))
    assert_same(whole, report)
    assert results == [None] * len(cached)  # nothing may be kept


def test_an_article_twice_under_another_name(tmp_path, cached):
    """Two files of one session describe the same nodes, here with one count told differently: none
    of them is private to either."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in corpus_files():
        shutil.copy(path, folder / path.name)
    text = (folder / "npc-12-2.txt").read_text(encoding="utf-8")
    (folder / "npc-12-2-copy.txt").write_text(text.replace("2,887", "2,885"), encoding="utf-8")
    checked, _ = map_articles(sorted(folder.glob("*.txt")), M)
    whole, report, _ = checked_build(checked)
    assert_same(whole, report)
    by_stem = {c.article.key.stem: c for c in cached}
    again = [by_stem.get(c.article.key.stem, c) for c in checked]  # the copy is new, the rest cached
    whole, report, _ = checked_build(again)
    assert_same(whole, report)
    assert whole.violations  # the count with two values


def test_a_synthetic_corpus_mapped_in_worker_processes(tmp_path):
    folder = tmp_path / "synthetic"
    subprocess.run([sys.executable, str(REPO / "bench" / "synth.py"), str(folder), "--articles",
                    str(PARALLEL_FROM + 4)], check=True, capture_output=True)
    checked, _ = map_articles(sorted(folder.glob("*.txt")), M)
    whole, report, results = checked_build(checked)
    assert_same(whole, report)
    assert whole.findings  # the synthetic corpus has its warnings
    kept = [CheckedArticle(c.article, r) for c, r in zip(checked, results)]
    kept[3] = CheckedArticle(kept[3].article)  # one article changed
    whole, report, again = checked_build(kept)
    assert_same(whole, report)
    assert again == results
