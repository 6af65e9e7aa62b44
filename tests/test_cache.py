"""Incremental rebuilds: unchanged articles are read back from the cache, not parsed, extracted or
mapped again, and the build is byte-identical to a clean one."""

import shutil
from collections import Counter

import pytest

from npc_kg import pipeline, shacl
from npc_kg.builddir import locked, replace
from npc_kg.cache import ArticleCache
from npc_kg.cli import CACHE_DIR
from npc_kg.rdf.iris import Minter
from npc_kg.map import assemble
from npc_kg.pipeline import render_build
from npc_kg.validate import CheckedArticle
from rdflib import URIRef

from helpers import ARTICLES, run_cli, snapshot


def build_and_commit(corpus, minter, out):
    """One build as `npc-kg build` makes it: the articles (from the cache when unchanged), the
    checked build, its files, and the build directory written with its cache."""
    with locked(out):
        cache = ArticleCache(out / CACHE_DIR, minter.base)
        checked, _ = pipeline.map_articles(corpus, minter, cache=cache)
        build = pipeline.build_articles(checked, minter)
        files = render_build(build)
        replace(out, files, lambda staging: cache.commit(build.checked, staging / CACHE_DIR), {CACHE_DIR})
    return checked, files


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in ARTICLES:
        shutil.copy(article, folder / article.name)
    return sorted(folder.iterdir())


def private_nodes(checked, minter):
    """Each article's nodes that nothing else describes: no other article, nor the assembly."""
    subjects = [c.subjects() for c in checked]
    seen = Counter(s for some in subjects for s in some)
    seen.update(assemble([c.article for c in checked], minter).assembled.subjects())
    return [{URIRef(s[1:-1].decode()) for s in some if seen[s] == 1} for some in subjects]


def test_unchanged_articles_are_not_extracted_or_validated_again(corpus, tmp_path, monkeypatch):
    minter = Minter()
    first, first_files = build_and_commit(corpus, minter, tmp_path / "out")
    assert all(c.results is None for c in first)  # nothing was cached yet
    extracted, rechecked = [], []
    real_extract, real_split = pipeline.extract_document, shacl.validate_split
    monkeypatch.setattr(pipeline, "extract_document",
                        lambda doc, stem: extracted.append(stem) or real_extract(doc, stem))
    monkeypatch.setattr(shacl, "validate_split",
                        lambda store, shapes, known, recheck: rechecked.append(recheck)
                        or real_split(store, shapes, known, recheck))

    again, again_files = build_and_commit(corpus, minter, tmp_path / "out")
    assert extracted == []
    assert all(c.results is not None for c in again)
    [recheck] = rechecked
    private = private_nodes(again, minter)
    assert all(len(nodes) >= 10 for nodes in private)  # the shortest bundled article has 14
    assert not recheck & set().union(*private)  # no article's own nodes are checked again...
    assert again_files == first_files  # ...and the build is the same as a clean one

    edited = next(i for i, path in enumerate(corpus) if path.stem == "npc-12-2")
    corpus[edited].write_text(corpus[edited].read_text().replace("2,887", "2,885"))
    rechecked.clear()
    changed, changed_files = build_and_commit(corpus, minter, tmp_path / "out")
    assert extracted == [corpus[edited].stem]
    [recheck] = rechecked
    private = private_nodes(changed, minter)
    others = set().union(*(nodes for i, nodes in enumerate(private) if i != edited))
    assert private[edited] <= recheck and not recheck & others
    assert changed_files != first_files
    clean = render_build(pipeline.build_articles([CheckedArticle(c.article) for c in changed], minter))
    assert changed_files == clean


def test_a_damaged_cache_entry_is_rebuilt(corpus, tmp_path):
    minter = Minter()
    _, first_files = build_and_commit(corpus, minter, tmp_path / "out")
    for entry in (tmp_path / "out" / CACHE_DIR).glob("*.nt"):
        entry.write_text("this is not N-Triples")
    for note in (tmp_path / "out" / CACHE_DIR).glob("*.json"):
        note.write_text(note.read_text().replace('"results": [', '"results": [["not", "a", "result"], '))
    again, again_files = build_and_commit(corpus, minter, tmp_path / "out")
    assert all(c.results is None for c in again)
    assert again_files == first_files


def test_another_base_does_not_reuse_entries(corpus, tmp_path):
    first = ArticleCache(tmp_path / "cache", "https://a.example/")
    second = ArticleCache(tmp_path / "cache", "https://b.example/")
    data = corpus[0].read_bytes()
    assert first.key(corpus[0].name, data) != second.key(corpus[0].name, data)


def test_cli_rebuild_equals_clean_build_and_prunes(corpus, tmp_path):
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert run_cli("build", str(corpus[0].parent), "--out", str(out)).returncode == 0
    assert len(list((out / ".npc-kg-cache").glob("*.json"))) == len(corpus)
    corpus[2].unlink()
    assert run_cli("build", str(corpus[0].parent), "--out", str(out)).returncode == 0
    assert len(list((out / ".npc-kg-cache").glob("*.json"))) == len(corpus) - 1  # the removed article's entry is gone
    assert run_cli("build", str(corpus[0].parent), "--out", str(clean), "--no-cache").returncode == 0
    assert not (clean / ".npc-kg-cache").exists()
    assert snapshot(out) == snapshot(clean)
