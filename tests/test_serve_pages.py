"""The parts of `npc_kg.serve` without a server: negotiation, links, the charts, numbers as people
write them, the pages for readers (session, person, office, measure) and HTML escaping of hostile
data (literals and IRIs that try to inject markup or scripts)."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from npc_kg.resources import measures_file

from npc_kg.serve.chart import Row, vote_chart
from npc_kg.serve.node import readable
from npc_kg.serve.wording import Amount, amount
from npc_kg.serve.dataset import load, safe_path
from npc_kg.serve.documents import render
from npc_kg.serve.links import ServerLinks, SiteLinks
from npc_kg.serve.negotiation import choose, choose_format
from npc_kg.serve.pages import ENVIRONMENT, index_page
from npc_kg.serve.views import Reader
from measure_fixture import WARNING, write_measure_build, write_void

BASE = "https://example.org/id/"
NPC = "https://w3id.org/npc-kg/ontology#"
MEASURE = "https://w3id.org/npc-kg/measure/"
SESSION = "https://w3id.org/npc-kg/id/session/12-2"  # in the bundled build


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


def render_votes(rows: list[Row]) -> str:
    """The vote chart as the templates draw it."""
    template = ENVIRONMENT.from_string('{% import "charts.html" as c %}{{ c.votes(chart, "Votes") }}')
    return template.render(chart=vote_chart(rows))


def test_chart_draws_known_counts_and_says_when_there_are_none():
    svg = render_votes([Row("Report <b>", "/r?a=1&b=2", (2887, 1, 8)), Row("Resignation", None, (None, None, None)),
                        Row("Partial", None, (100, None, 3))]).strip()
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "Report &lt;b&gt;" in svg and 'href="/r?a=1&amp;b=2"' in svg
    assert len(re.findall(r'class="bar for"', svg)) == 2
    assert "no counts" in svg and "against: no count" in svg
    assert "0 against" not in svg  # an unknown count is never drawn as 0
    assert 'class="bar against"' in svg  # the single vote against is visible


@pytest.mark.parametrize("figure, text", [
    (Amount(Decimal("56900000000000"), unit="CNY", scale="trillion"), "56.9 trillion yuan"),
    (Amount(Decimal("7.7"), unit="percent"), "7.7%"),
    (Amount(Decimal("13100000"), unit="jobs", scale="million"), "13.1 million jobs"),
    (Amount(Decimal("4000000000000"), unit="USD", scale="trillion"), "US$4 trillion"),
    (Amount(None, Decimal("6.0"), Decimal("6.5"), unit="percent"), "6–6.5%"),
    (Amount(Decimal("600000000"), unit="tonnes", scale="million"), "600 million tonnes"),
    (Amount(Decimal("1234567"), unit="people"), "1,234,567 people"),
    (Amount(Decimal("3"), unit="widgets"), "3 widgets"),
])
def test_figures_are_written_as_people_write_them(figure, text):
    assert amount(figure) == text
    assert amount(figure, "about") == f"about {text}"


def test_resources_without_a_label_get_a_readable_name():
    assert readable("session/12-2/tenure/li-keqiang/premier/incumbent") == \
        "session 12-2 · li keqiang · premier · incumbent"
    assert readable("office/premier") == "premier"
    assert readable("article/npc-12-2#L62") == "npc-12-2 · line 62"
    assert readable("dataset") == "dataset"


def test_templates_are_package_data():
    """A non-editable install must carry the templates: pyproject lists them as package data."""
    folder = files("npc_kg.serve") / "templates"
    for name in ("base.html", "session.html", "person.html", "office.html", "measure.html", "style.css"):
        assert (folder / name).is_file(), name


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
    write_void(tmp_path, BASE)
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
    assert 'href="https://example.org/?q=&#39;onmouseover=&#39;alert(1)&amp;x=1"' in page
    assert_inert(index_page(Reader(data).index("sessions"), SiteLinks("sessions/index.html")))
    turtle = render(data, "session/1-1", "ttl", ServerLinks())
    assert len(Graph().parse(data=turtle, format="turtle")) == 7


# --------------------------------------------------------------------------- pages for readers

LINK_TEXT = re.compile(r"<a [^>]*>([^<]*)</a>")
RAW_PATH = re.compile(r"^[a-z]+(/[^/\s]+)+$")  # "session/12-2/tenure/…": a path shown where a name belongs


def page(build: Path, path: str) -> str:
    return render(load(build), path, "html", ServerLinks()).decode()


def row(html: str, text: str) -> str:
    """The table row that contains `text`."""
    rows = [r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if text in r]
    assert rows, f"no row with {text!r}"
    return rows[0]


def cells(html_row: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html_row, re.S)]


def assert_no_raw_paths(html: str) -> None:
    shown = [text.strip() for text in LINK_TEXT.findall(html)]
    assert shown and not [t for t in shown if RAW_PATH.match(t)], [t for t in shown if RAW_PATH.match(t)][:5]


def test_session_page_for_readers(build_dir):
    html = page(build_dir, "session/12-2")
    premier = cells(row(html, "/office/premier"))
    assert premier[:3] == ["Premier of the State Council of the People's Republic of China", "Li Keqiang", "incumbent"]
    assert cells(row(html, "/resolution/premier-li-keqiangs-government-work-report\""))[1:] == [
        "2,887", "1", "8", "99.31%", "99.69%", "11"]
    assert "2907 deputies present, so 11 did not vote" in html  # the report's note on that vote
    court = row(html, "chief-justice-zhou-qiangs")
    assert 'class="finding warning"' in court and "matches neither the counts" in court
    assert cells(row(html, "56.9 trillion yuan"))[:3] == ["GDP", "outcome", "56.9 trillion yuan"]
    # each figure is named by its measure's label, which the build's vocabulary graph gives (the
    # article's own words for it differ: "profits of industrial enterprises growth")
    data = Graph().parse(build_dir / "graph.nt", format="nt")
    figures = html[html.index('id="figures"'):html.index('id="reports"')]
    named = {data.value(measure, SKOS.prefLabel) for figure in data.subjects(URIRef(NPC + "session"), URIRef(SESSION))
             if (measure := data.value(figure, URIRef(NPC + "measure"))) is not None}
    assert len(named) > 10 and {str(label) for label in named} <= set(map(unescape, re.findall(r">([^<>]+)</a>", figures)))
    assert "profits of industrial enterprises growth" not in figures
    for text in ("7.7%", "13.1 million jobs", "exceeded US$4 trillion", "about 7.5%", "not above 4.6%"):
        assert f">{text}</a>" in html, text
    assert "Government Work Report</a>, presented by <a" in html
    assert re.search(r'← Previous: <a href="/session/12-1"[^>]*>First session of the 12th', html)
    assert re.search(r'From 2014-03-05 to 2014-03-13, at <a href="/place/great-hall-of-the-people"[^>]*>Great Hall', html)
    assert_no_raw_paths(html)


def test_footer_gives_licence_and_sources(build_dir):
    html = page(build_dir, "session/12-2")
    footer = html[html.index("<footer>"):]
    assert "Derived from Wikipedia articles" in footer and "CC BY-SA 4.0" in footer
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in footer
    assert 'href="https://en.wikipedia.org/wiki/Second_session_of_the_12th_National_People%27s_Congress"' in footer
    assert 'href="/article/npc-12-2"' in footer  # the article the facts were read from


def test_incoming_links_are_grouped_by_property_and_sorted(build_dir):
    html = page(build_dir, "person/li-keqiang")
    linked = html[html.index("<h2>Linked from</h2>"):html.index("</table>", html.index("<h2>Linked from</h2>"))]
    properties = [cells(r)[0] for r in re.findall(r"<tr>.*?</tr>", linked, re.S)]
    assert properties == sorted(properties) and len(properties) == len(set(properties)) >= 2
    assert_no_raw_paths(linked)


def test_person_page_lists_offices_and_terms(build_dir):
    html = page(build_dir, "person/li-keqiang")
    assert "<h1>Li Keqiang</h1>" in html
    terms = html[html.index('id="terms"'):html.index("</table>", html.index('id="terms"'))]
    rows = [cells(r) for r in re.findall(r"<tr>.*?</tr>", terms, re.S)][1:]
    premier = "Premier of the State Council of the People's Republic of China"
    assert rows == [[premier, "2013-03-15", "2018-03-18", "Wen Jiabao", "Li Keqiang"],
                    [premier, "2018-03-18", "2023-03-11", "Li Keqiang", "Li Qiang"]]
    assert cells(row(html, "/session/12-2\""))[:3] == ["Second session of the 12th National People's Congress",
                                                       premier, "incumbent"]
    assert_no_raw_paths(html)


def test_office_page_lists_holders_over_time(build_dir):
    html = page(build_dir, "office/premier")
    holders = html[html.index('id="holders"'):html.index("</table>", html.index('id="holders"'))]
    rows = [cells(r) for r in re.findall(r"<tr>.*?</tr>", holders, re.S)][1:]
    assert [r[:2] for r in rows] == [["Wen Jiabao", "2003-03-16"], ["Li Keqiang", "2013-03-15"],
                                     ["Li Keqiang", "2018-03-18"], ["Li Qiang", "2023-03-11"]]
    assert rows[0][2] == "2013-03-15" and rows[-1][2] == "–"  # the last term has no known end
    assert_no_raw_paths(html)


@pytest.fixture(scope="module")
def measure_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_measure_build(tmp_path_factory.mktemp("measures") / "build")


def test_measure_pairs_targets_with_outcomes(measure_build):
    pairs = Reader(load(measure_build)).document("measure/gdp-growth").story.pairs
    assert [(p.year, p.target and p.target.text, p.outcome and p.outcome.text, p.difference, p.met) for p in pairs] == [
        (2013, "about 7.5%", "7.7%", "+0.2 points", None),  # "about" decides nothing
        (2014, "7–7.5%", "7.4%", "0 points", True),  # inside the range
        (2015, "at least 7%", None, "", None),  # no outcome yet
    ]
    missed = Reader(load(measure_build)).document("measure/registered-urban-unemployment-rate").story.pairs
    assert [(p.difference, p.met) for p in missed] == [("+0.3 points", False)]


def test_measure_page_draws_bands_and_points(measure_build):
    html = page(measure_build, "measure/gdp-growth")
    scheme = Graph().parse(measures_file(), format="turtle")  # the build's vocabulary graph describes it
    assert "<h1>GDP growth</h1>" in html
    assert str(scheme.value(URIRef(MEASURE + "gdp-growth"), SKOS.definition)) in unescape(html)
    svg = re.search(r'<svg[^>]*class="chart measure".*?</svg>', html, re.S)[0]
    bands = {kind: (float(y), float(h)) for kind, y, h in
             re.findall(r'<rect class="target (\w+)[^"]*" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"', svg)}
    assert set(bands) == {"about", "range", "bound"}
    met = re.search(r'<circle class="outcome met" cx="[\d.]+" cy="([\d.]+)"', svg)
    undecided = re.search(r'<circle class="outcome undecided" cx="[\d.]+" cy="([\d.]+)"', svg)
    assert met and undecided and "outcome missed" not in svg
    top, height = bands["range"]
    assert top < float(met[1]) < top + height  # 7.4 drawn inside the 7-7.5 band
    assert float(undecided[1]) < bands["about"][0]  # 7.7 drawn above the line at 7.5
    assert 'aria-describedby="measure-table"' in svg and 'id="measure-table"' in html  # the table says it in words
    assert "✓ met" in html and "✗ missed" not in html and "(target missed)" not in html
    missed = page(measure_build, "measure/registered-urban-unemployment-rate")
    assert "<path class=\"outcome missed\"" in missed and "(target missed)" in missed and "✗ missed" in missed


def test_session_figures_link_to_their_measure_and_votes_carry_source_warnings(measure_build):
    html = page(measure_build, "session/12-2")
    assert cells(row(html, "7–7.5%"))[:2] == ["GDP growth", "target"]  # the measure's label, not the article's words
    assert "economic growth" not in html[html.index('id="figures"'):html.index('id="reports"')]
    assert 'href="/measure/gdp-growth"' in row(html, "7–7.5%")
    vote = row(html, "government-work-report\"")
    assert cells(vote)[1:] == ["2,887", "1", "8", "99.31%", "99.69%", "11"]  # 2907 present, 2896 cast
    assert "Source warning:" in vote and WARNING in vote
    assert cells(row(html, "/measure/registered-urban-unemployment-rate"))[2] == "not above 4.6%"


def test_measures_are_served_under_measure(measure_build):
    data = load(measure_build)
    concept = "https://w3id.org/npc-kg/measure/gdp-growth"
    assert data.path(concept) == "measure/gdp-growth" and data.iri("measure/gdp-growth") == concept
    assert data.is_thing("measure/gdp-growth")  # a slash IRI: 303 to its documents, as any thing
    listed = {item.text for item in Reader(data).index("measures").items}
    assert {"GDP growth", "registered urban unemployment rate"} <= listed  # labelled by the vocabulary graph
    assert data.path("https://w3id.org/npc-kg/measurement") is None  # only the measures' folder
