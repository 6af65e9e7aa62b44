"""Incremental rebuilds: unchanged articles are read back from the cache, not parsed, extracted or
mapped again, and the build is byte-identical to a clean one."""

import shutil

import pytest

from npc_kg import pipeline
from npc_kg.cache import ArticleCache
from npc_kg.iris import Minter
from npc_kg.map import assemble
from npc_kg.publish import render_build

from helpers import ARTICLES, run_cli, snapshot


def rendered(checked, minter):
    articles = [c.article for c in checked]
    return render_build(pipeline.finish(assemble(articles, minter), minter, checked=checked), minter)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in ARTICLES:
        shutil.copy(article, folder / article.name)
    return sorted(folder.iterdir())


def test_unchanged_articles_are_not_extracted_again(corpus, tmp_path, monkeypatch):
    minter = Minter()
    cache = ArticleCache(tmp_path / "cache", minter.base)
    first, _ = pipeline.map_articles(corpus, minter, cache=cache)
    cache.commit()
    extracted = []
    real = pipeline.extract_document
    monkeypatch.setattr(pipeline, "extract_document", lambda doc, stem: extracted.append(stem) or real(doc, stem))
    again_cache = ArticleCache(tmp_path / "cache", minter.base)
    again, _ = pipeline.map_articles(corpus, minter, cache=again_cache)
    again_cache.commit()
    assert extracted == []
    assert rendered(again, minter) == rendered(first, minter)
    corpus[1].write_text(corpus[1].read_text().replace("2,887", "2,885"))
    changed, _ = pipeline.map_articles(corpus, minter, cache=ArticleCache(tmp_path / "cache", minter.base))
    assert extracted == [corpus[1].stem]
    assert rendered(changed, minter) != rendered(first, minter)


def test_a_damaged_cache_entry_is_rebuilt(corpus, tmp_path):
    minter = Minter()
    cache = ArticleCache(tmp_path / "cache", minter.base)
    first, _ = pipeline.map_articles(corpus, minter, cache=cache)
    cache.commit()
    for entry in (tmp_path / "cache").glob("*.nt"):
        entry.write_text("this is not N-Triples")
    again, _ = pipeline.map_articles(corpus, minter, cache=ArticleCache(tmp_path / "cache", minter.base))
    assert rendered(again, minter) == rendered(first, minter)


def test_another_base_does_not_reuse_entries(corpus, tmp_path):
    first = ArticleCache(tmp_path / "cache", "https://a.example/")
    second = ArticleCache(tmp_path / "cache", "https://b.example/")
    data = corpus[0].read_bytes()
    assert first.key(corpus[0].name, data) != second.key(corpus[0].name, data)


def test_cli_rebuild_equals_clean_build_and_prunes(corpus, tmp_path):
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert run_cli("build", str(corpus[0].parent), "--out", str(out)).returncode == 0
    assert len(list((out / ".npc-kg-cache").glob("*.json"))) == 3
    corpus[2].unlink()
    assert run_cli("build", str(corpus[0].parent), "--out", str(out)).returncode == 0
    assert len(list((out / ".npc-kg-cache").glob("*.json"))) == 2  # the removed article's entry is gone
    assert run_cli("build", str(corpus[0].parent), "--out", str(clean), "--no-cache").returncode == 0
    assert not (clean / ".npc-kg-cache").exists()
    assert snapshot(out) == snapshot(clean)
