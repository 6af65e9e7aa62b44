"""`npc-kg publish --site`: the static export works from the file system, is deterministic, and is
written atomically without ever replacing a folder it did not write."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, URIRef

from helpers import run_cli
from measure_fixture import write_measure_build

BASE = "https://w3id.org/npc-kg/id/"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def publish(site: Path, build: Path):  # type: ignore[no-untyped-def]
    return run_cli("publish", "--site", str(site), "--data", str(build))


@pytest.fixture(scope="module")
def site(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site") / "www"
    result = publish(site, build_dir)
    assert result.returncode == 0, result.stderr
    return site


def test_pages_and_documents_are_written(site):
    for name in ("index.html", "sessions/index.html", "people/index.html", "resolutions/index.html",
                 "session/12-2.html", "session/12-2.ttl", "session/12-2.jsonld", "session/12-2.nt",
                 "person/xi-jinping.html", "ontology.html", "ontology.ttl", ".well-known/void", "graph.ttl"):
        assert (site / name).is_file(), name
    session = Graph().parse(site / "session" / "12-2.ttl", format="turtle")
    assert (URIRef(BASE + "session/12-2"), None, None) in session
    assert len(Graph().parse(site / "session" / "12-2.jsonld", format="json-ld")) == len(session)


def assert_links_work(site: Path) -> int:
    """Every relative link of every page leads to a file of the site (and anchor); the number checked."""
    checked = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'id="([^"]+)"', html))
        for href in re.findall(r'href="([^"]*)"', html):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not href.startswith("/"), f"{page}: {href} is not relative"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {href} leads nowhere"
            assert site.resolve() in target.parents, f"{page}: {href} leaves the site"
            if parts.fragment and target.suffix == ".html":
                anchors = ids if target == page else set(re.findall(r'id="([^"]+)"', target.read_text()))
                assert unquote(parts.fragment) in anchors, f"{page}: {href} has no anchor"
            checked += 1
    return checked


def test_every_link_works_from_the_file_system(site):
    assert assert_links_work(site) > 1000


def test_every_page_credits_wikipedia_and_has_the_search_box(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "Derived from Wikipedia articles" in html and "CC BY-SA 4.0" in html, page
        depth = len(page.relative_to(site).parts) - 1
        assert f'<form class="search" role="search" action="{"../" * depth}search.html" method="get">' in html, page
    session = (site / "session" / "12-2.html").read_text(encoding="utf-8")
    assert "https://en.wikipedia.org/wiki/Second_session_of_the_12th_National_People%27s_Congress" in session


def test_measure_pages_in_a_site(tmp_path):
    site = tmp_path / "www"
    assert publish(site, write_measure_build(tmp_path / "build")).returncode == 0
    for name in ("measure/gdp-growth.html", "measure/gdp-growth.ttl", "measures/index.html"):
        assert (site / name).is_file(), name
    measures = (site / "measures" / "index.html").read_text(encoding="utf-8")
    assert 'href="../measure/gdp-growth.html"' in measures
    session = (site / "session" / "12-2.html").read_text(encoding="utf-8")
    assert 'href="../measure/gdp-growth.html"' in session
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart measure"' in (site / "measure/gdp-growth.html").read_text()
    assert assert_links_work(site) > 50


def test_export_is_deterministic(site, build_dir, tmp_path):
    again = tmp_path / "again"
    assert publish(again, build_dir).returncode == 0
    assert tree(again) == tree(site)


def test_republishing_replaces_the_whole_site(build_dir, tmp_path):
    site = tmp_path / "www"
    assert publish(site, build_dir).returncode == 0
    (site / "stale.html").write_text("old")
    before = tree(site)
    assert publish(site, build_dir).returncode == 0
    assert not (site / "stale.html").exists()
    assert tree(site) == {k: v for k, v in before.items() if k != "stale.html"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["www"]  # no temporary folders left behind


def test_a_folder_it_did_not_write_is_never_replaced(build_dir, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("precious")
    result = publish(mine, build_dir)
    assert result.returncode == 2 and "refusing" in result.stderr and "Traceback" not in result.stderr
    assert tree(mine) == {"notes.txt": b"precious"}


def test_missing_build_is_bad_input(tmp_path):
    result = publish(tmp_path / "site", tmp_path / "nothing")
    assert result.returncode == 2 and "not a build directory" in result.stderr
    assert not (tmp_path / "site").exists()
