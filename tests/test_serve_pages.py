"""The parts of `npc_kg.serve` without a server: negotiation, links, the chart, and HTML escaping of
hostile data (literals and IRIs that try to inject markup or scripts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, VOID

from npc_kg.serve.chart import Row, vote_chart
from npc_kg.serve.dataset import load, safe_path
from npc_kg.serve.documents import render
from npc_kg.serve.links import ServerLinks, SiteLinks
from npc_kg.serve.negotiation import choose, choose_format
from npc_kg.serve.pages import index_page
from npc_kg.serve.views import Reader

BASE = "https://example.org/id/"
NPC = "https://w3id.org/npc-kg/ontology#"


@pytest.mark.parametrize("accept, expected", [
    (None, "ttl"),
    ("", "ttl"),
    ("text/html", "html"),
    ("text/*;q=0.2, text/turtle;q=0", "html"),  # the most specific range decides: turtle is refused
    ("application/*", "jsonld"),
    ("application/n-triples, application/ld+json;q=0.9", "nt"),
    ("text/turtle;q=0.5, text/html;q=0.5", "ttl"),  # a tie goes to the server's preference
    ("TEXT/HTML", "html"),
    ("text/html;level=1;q=0.3, application/ld+json;q=0.2", "html"),
    ("garbage", "ttl"),  # an unreadable header accepts anything
    ("image/png", None),
    ("text/turtle;q=0", None),  # only what is listed is acceptable
])
def test_choose_format(accept, expected):
    assert choose_format(accept, None) == expected


def test_format_override_and_unknown_format():
    assert choose_format("text/html", "nt") == "nt"
    with pytest.raises(KeyError):
        choose_format(None, "xml")
    assert choose("text/plain;q=0.9, text/html", ["text/plain", "text/html"]) == "text/html"


@pytest.mark.parametrize("path, ok", [
    ("session/12-2", True), ("article/npc.12", True), ("", False), ("../etc/passwd", False), ("a/../b", False),
    ("a//b", False), ("/etc/passwd", False), ("a/./b", False), ("a\\b", False), ("a\x00b", False), ("a/", False),
])
def test_safe_path(path, ok):
    assert safe_path(path) is ok


def test_links_on_the_server_and_in_a_site():
    assert ServerLinks().resource("article/npc-12-2", "L62") == "/article/npc-12-2#L62"
    assert ServerLinks().index("people") == "/people/"
    page = SiteLinks("session/12-2/resolution/x.html")
    assert page.resource("person/li-keqiang") == "../../../person/li-keqiang.html"
    assert page.resource("session/12-2") == "../../12-2.html"
    assert page.index("people") == "../../../people/index.html"
    assert SiteLinks("index.html").resource("ontology", "Session") == "ontology.html#Session"
    assert SiteLinks("index.html").file("a b/c?.ttl") == "a%20b/c%3F.ttl"


def test_chart_draws_known_counts_and_says_when_there_are_none():
    svg = vote_chart([Row("Report <b>", "/r?a=1&b=2", (2887, 1, 8)), Row("Resignation", None, (None, None, None)),
                      Row("Partial", None, (100, None, 3))], "Votes")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "Report &lt;b&gt;" in svg and 'href="/r?a=1&amp;b=2"' in svg
    assert len(re.findall(r'class="bar for"', svg)) == 2
    assert "no counts" in svg and "against: no count" in svg
    assert "0 against" not in svg  # an unknown count is never drawn as 0
    assert 'class="bar against"' in svg  # the single vote against is visible


HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_build(tmp_path: Path) -> Path:
    """A build directory whose data try to inject markup: in a label, a literal, an IRI and a language tag."""
    graph = Graph()
    thing = URIRef(BASE + "session/1-1")
    graph.add((thing, RDF.type, URIRef(NPC + "Session")))
    graph.add((thing, RDFS.label, Literal(HOSTILE, lang="en")))
    graph.add((thing, RDFS.comment, Literal(HOSTILE)))
    graph.add((thing, URIRef(NPC + "status"), Literal(HOSTILE, datatype=URIRef("urn:x'onload='alert(1)"))))
    graph.add((thing, RDFS.seeAlso, URIRef("javascript:alert(1)")))
    graph.add((thing, RDFS.seeAlso, URIRef("https://example.org/?q='onmouseover='alert(1)&x=1")))
    graph.add((URIRef(BASE + "person/x"), URIRef(NPC + "session"), thing))
    graph.serialize(tmp_path / "graph.nt", format="nt", encoding="utf-8")
    void = Graph()
    void.add((URIRef(BASE + "dataset"), RDF.type, VOID.Dataset))
    void.add((URIRef(BASE + "dataset"), VOID.uriSpace, Literal(BASE)))
    void.serialize(tmp_path / "void.ttl", format="turtle")
    return tmp_path


def assert_inert(html: str) -> None:
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert 'href="javascript:' not in html and "'onmouseover=" not in html and "'onload=" not in html
    assert "&lt;script&gt;" in html


def test_hostile_data_cannot_inject_markup(hostile_build):
    data = load(hostile_build)
    assert data.base == BASE
    page = render(data, "session/1-1", "html", ServerLinks()).decode()
    assert_inert(page)
    assert "<title>&lt;script&gt;" in page and ">javascript:alert(1)</span>" in page
    assert 'href="https://example.org/?q=&#x27;onmouseover=&#x27;alert(1)&amp;x=1"' in page
    assert_inert(index_page(Reader(data).index("sessions"), SiteLinks("sessions/index.html")))
    turtle = render(data, "session/1-1", "ttl", ServerLinks())
    assert len(Graph().parse(data=turtle, format="turtle")) == 7
