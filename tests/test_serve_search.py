"""Search by name: the index built from the data, the server's /search.html and /search.json, and the
static site's search page run by headless Chromium from the file system, which must find what the
server finds, in the same order.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest

from helpers import run_cli
from npc_kg.serve.dataset import load
from npc_kg.serve.search import Entry, build_index, index_json, normalise, search
from test_serve_browser import dump_dom
from test_serve_http import BASE, hrefs, server  # noqa: F401  (fixture: a live server over the build)

SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture(scope="module")
def entries(build_dir: Path) -> list[Entry]:
    return build_index(load(build_dir))


def labels_in(html: str) -> list[str]:
    """The labels of the result list, in order."""
    results = re.search(r'<ol id="results">(.*?)</ol>', html, re.S)
    assert results, html[-2000:]
    return [unescape(label) for label in re.findall(r"<li><(?:a|span)[^>]*>([^<]*)</(?:a|span)>", results[1])]


def test_normalise_folds_case_accents_and_punctuation():
    assert normalise("Lǐ Kèqiáng") == "li keqiang"
    assert normalise("  Premier LI Keqiang's  Report ") == "premier li keqiang s report"
    assert normalise("第十二届") == "第十二届"


def test_the_index_holds_what_people_look_up(entries):
    by_iri = {e.iri: e for e in entries}
    person = by_iri[BASE + "person/li-keqiang"]
    assert (person.label, person.type, person.path) == ("Li Keqiang", "person", "person/li-keqiang")
    assert "Premier" in person.description
    assert by_iri[BASE + "session/12-2"].type == "session"
    assert by_iri[BASE + "office/premier"].type == "office"
    kinds = {e.type for e in entries}
    assert {"session", "person", "office", "organisation", "resolution", "report"} <= kinds
    assert not any("/achievement/" in e.iri or "/tenure/" in e.iri for e in entries)  # not things people name


def test_the_index_is_deterministic_compact_json(build_dir, entries):
    again = index_json(build_index(load(build_dir)))
    assert again == index_json(entries)
    assert b"\n" not in again and b'": ' not in again
    items = json.loads(again)["items"]
    assert len(items) == len(entries) and {"label", "type", "iri"} <= set(items[0])


def test_labelled_measures_are_indexed(build_dir):
    data = load(build_dir)
    concept = ox.NamedNode("https://w3id.org/npc-kg/measure/gdp-growth")
    graph = ox.DefaultGraph()
    data.store.add(ox.Quad(concept, ox.NamedNode(SKOS + "inScheme"),
                           ox.NamedNode("https://w3id.org/npc-kg/measure/scheme"), graph))
    data.store.add(ox.Quad(concept, ox.NamedNode(SKOS + "prefLabel"), ox.Literal("GDP growth", language="en"), graph))
    data.store.add(ox.Quad(concept, ox.NamedNode(SKOS + "definition"),
                           ox.Literal("Real growth of the gross domestic product.", language="en"), graph))
    found = search(build_index(data), "gdp gro")
    assert [(e.label, e.type, e.description) for e in found] == [
        ("GDP growth", "measure", "Real growth of the gross domestic product.")]


def test_ranking(entries):
    found = search(entries, "li keqiang")
    assert found[0].iri == BASE + "person/li-keqiang"  # the label itself before labels containing it
    assert all("keqiang" in normalise(e.label) for e in found) and len(found) > 1
    assert search(entries, "KÈQIÁNG") == search(entries, "keqiang")
    words = search(entries, "gov wor")  # each word starts a word of the label
    assert words and all("government work" in normalise(e.label) for e in words)
    assert search(entries, "") == [] and search(entries, "zzzz-nothing") == []


# --------------------------------------------------------------------------- the server


def test_server_search_finds_the_person(server):
    reply = server.get("/search.html?" + urlencode({"q": "Li Keqiang"}), "text/html")
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/html")
    results = reply.text.partition('<ol id="results">')[2]
    assert hrefs(results)[0] == "/person/li-keqiang"
    assert labels_in(reply.text)[0] == "Li Keqiang"
    assert "result(s) for “Li Keqiang”" in reply.text
    assert reply.header("ETag") and server.request("GET", "/search.html?q=Li+Keqiang", Accept="text/html",
                                                   If_None_Match=reply.header("ETag")).status == 304


def test_server_search_escapes_the_query(server):
    attack = '"><script>alert(1)</script>'
    reply = server.get("/search.html?q=" + quote(attack), "text/html")
    assert reply.status == 200 and "<script>alert" not in reply.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reply.text
    assert 'value="&quot;&gt;&lt;script&gt;' in reply.text


@pytest.mark.parametrize("target", ["/search.html", "/search.html?q=", "/search.html?q=%20%20"])
def test_server_search_without_a_query(server, target):
    reply = server.get(target, "text/html")
    assert reply.status == 200 and labels_in(reply.text) == [] and "Type a name" in reply.text


def test_search_json_is_the_index_and_cacheable(server, entries):
    reply = server.get("/search.json")
    assert reply.status == 200 and reply.header("Content-Type").startswith("application/json")
    assert reply.body == index_json(entries)
    assert reply.header("Cache-Control") == "public, max-age=300"
    assert server.request("GET", "/search.json", If_None_Match=reply.header("ETag")).status == 304
    script = server.get("/static/search.js")
    assert script.status == 200 and script.header("Content-Type").startswith("text/javascript")


# --------------------------------------------------------------------------- the static site, in Chromium


@pytest.fixture(scope="module")
def site(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search-site") / "site"
    result = run_cli("publish", "--site", str(folder), "--data", str(build_dir))
    assert result.returncode == 0, result.stderr
    return folder


def test_the_static_site_carries_the_index_and_script(site, entries):
    assert (site / "search.json").read_bytes() == index_json(entries)
    assert (site / "static" / "search.js").is_file()
    page = (site / "search.html").read_text(encoding="utf-8")
    assert 'src="static/search.js"' in page and "script-src 'self'" in page


@pytest.mark.parametrize("query", ["keqiang", "Lǐ Kè", "work report"])
def test_static_search_in_chromium_finds_what_the_server_finds(site, entries, query, tmp_path):
    dom = dump_dom((site / "search.html").as_uri() + "?" + urlencode({"q": query}), tmp_path / "profile")
    found = labels_in(dom)
    assert found == [e.label for e in search(entries, query)][:50] and found
    if query == "keqiang":
        assert found[0] == "Li Keqiang" and 'href="person/li-keqiang.html"' in dom
        assert (site / "person" / "li-keqiang.html").is_file()
