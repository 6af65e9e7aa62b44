"""`npc-kg serve` over real HTTP: dereferencing, content negotiation, status codes, the ontology,
/.well-known/void, the SPARQL endpoint and its limits, CORS, and path traversal.

The fixtures start the real command on a free 127.0.0.1 port (`--port 0`, the address read from its
first line of output) over a build of the bundled corpus; test_serve_browser.py reuses them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, VOID

from helpers import Listener
from npc_kg.resources import ontology_file, ontology_files
from npc_kg.serve.caching import build_time
from npc_kg.serve.server import sparql_url


NPC_NAMESPACE = "https://w3id.org/npc-kg/ontology#"
BASE = "https://w3id.org/npc-kg/id/"
SESSION = "session/12-2"
TIME_LIMIT = 1.5
MAX_ROWS = 300
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~2e9 rows to count


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    pid: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(self, method: str, target: str, body: bytes | None = None, **headers: str) -> Reply:
        """One raw request: the target is sent exactly as given (no normalisation, no proxy)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, target, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()})
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def get(self, target: str, accept: str | None = None) -> Reply:
        return self.request("GET", target, **({"Accept": accept} if accept else {}))

    def follow(self, target: str, accept: str | None = None) -> Reply:
        """GET, following redirects as a browser does."""
        for _ in range(5):
            reply = self.get(target, accept)
            if reply.status not in (301, 302, 303, 307, 308):
                return reply
            target = urljoin(target, reply.header("Location"))
        raise AssertionError("too many redirects")

    def sparql(self, query: str, accept: str = "application/sparql-results+json", method: str = "GET") -> Reply:
        if method == "GET":
            return self.get("/sparql?" + urlencode({"query": query}), accept)
        return self.request("POST", "/sparql", urlencode({"query": query}).encode(), Accept=accept,
                            Content_Type="application/x-www-form-urlencoded")


@contextmanager
def running(build_dir: Path, log: Path, *options: str, **popen: object) -> Iterator[tuple[Server, subprocess.Popen]]:
    """`npc-kg serve` over a build on a free 127.0.0.1 port, until the block ends (then SIGTERM,
    unless the block stopped it itself)."""
    with open(log, "wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "npc_kg", "serve", "--data", str(build_dir), "--port", "0", *options],
            stdout=subprocess.PIPE, stderr=errors, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}, **popen)
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.search(r"http://(127\.0\.0\.1):(\d+)/", line)
        if not match:
            process.wait(timeout=30)
            pytest.fail(f"the server did not start: {line!r} {log.read_text(errors='replace')}")
        yield Server(match[1], int(match[2]), process.pid), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("serve-log") / "server.log"
    with running(build_dir, log, "--timeout", str(TIME_LIMIT), "--max-rows", str(MAX_ROWS)) as (live, process):
        yield live
    assert process.returncode == 0, log.read_text(errors="replace")


def parse(reply: Reply, fmt: str) -> Graph:
    return Graph().parse(data=reply.body, format=fmt, publicID=BASE)


class Links(HTMLParser):
    """The href of every <a> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def hrefs(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


# --------------------------------------------------------------------------- dereferencing


@pytest.mark.parametrize("accept, ext, media, syntax", [
    ("text/turtle", "ttl", "text/turtle", "turtle"),
    ("application/ld+json", "jsonld", "application/ld+json", "json-ld"),
    ("application/n-triples", "nt", "application/n-triples", "nt"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html", "text/html", None),
])
def test_thing_303_to_its_document(server, accept, ext, media, syntax):
    reply = server.get(f"/{SESSION}", accept)
    assert reply.status == 303
    assert reply.header("Location") == f"/{SESSION}.{ext}"
    assert "Accept" in reply.header("Vary")
    document = server.get(reply.header("Location"), accept)
    assert document.status == 200 and document.header("Content-Type").startswith(media)
    if syntax is None:
        assert "Second session of the 12th National People" in document.text
    else:
        graph = parse(document, syntax)
        assert (URIRef(BASE + SESSION), RDF.type, URIRef("https://w3id.org/npc-kg/ontology#Session")) in graph


@pytest.mark.parametrize("accept, ext", [
    (None, "ttl"),  # no Accept: the data
    ("*/*", "ttl"),
    ("text/*", "ttl"),
    ("text/turtle;q=0.5, application/ld+json", "jsonld"),
    ("text/html;q=0.1, application/n-triples;q=0.9", "nt"),
    ("application/ld+json;q=0, */*;q=0.5", "ttl"),
    ("text/html, text/turtle;q=0.99", "html"),
])
def test_q_values_are_honoured(server, accept, ext):
    reply = server.get(f"/{SESSION}", accept)
    assert (reply.status, reply.header("Location")) == (303, f"/{SESSION}.{ext}")


@pytest.mark.parametrize("accept, ext", [
    ("text/turtle;q=nan", "ttl"),
    ("application/ld+json;q=NaN, text/turtle;q=0.5", "jsonld"),  # unreadable q: the default, 1
    ("text/html;q=high", "html"),
])
def test_an_unreadable_q_value_counts_as_1_not_406(server, accept, ext):
    reply = server.get(f"/{SESSION}", accept)
    assert (reply.status, reply.header("Location")) == (303, f"/{SESSION}.{ext}")
    assert server.get("/", "text/html;q=nan").status == 200


def test_format_parameter_overrides_accept(server):
    assert server.get(f"/{SESSION}?format=jsonld", "text/html").header("Location") == f"/{SESSION}.jsonld"
    assert server.get(f"/{SESSION}?format=yaml").status == 400


@pytest.mark.parametrize("accept", ["image/png", "text/turtle;q=0, application/ld+json;q=0, application/n-triples;q=0, "
                                    "text/html;q=0", "application/rdf+xml"])
def test_406_when_nothing_acceptable(server, accept):
    reply = server.get(f"/{SESSION}", accept)
    assert reply.status == 406 and "text/turtle" in reply.text


@pytest.mark.parametrize("target", ["/session/99-9", "/session/99-9.ttl", "/person/nobody", "/session/12-2/",
                                    "/session/12-2.xml", "/ontology/Session", "/report.txt", "/void.ttl"])
def test_404_for_unknown_resources(server, target):
    assert server.get(target, "text/turtle").status == 404


def test_head_has_headers_and_no_body(server):
    reply = server.request("HEAD", f"/{SESSION}.ttl")
    assert reply.status == 200 and reply.body == b"" and int(reply.header("Content-Length")) > 0


def test_fragment_iris_resolve_through_their_document(server):
    article = f"{BASE}article/npc-12-2"
    reply = server.follow("/article/npc-12-2", "text/turtle")
    graph = parse(reply, "turtle")
    line = URIRef(article + "#L62")
    assert (line, URIRef("http://www.w3.org/ns/prov#value"), None) in graph
    assert (line, URIRef("http://purl.org/dc/terms/isPartOf"), URIRef(article)) in graph
    page = server.follow("/article/npc-12-2", "text/html").text
    assert 'id="L62"' in page


def test_every_minted_iri_dereferences(server, build_dir):
    graph = Graph().parse(build_dir / "graph.nt", format="nt")
    documents = {str(t).split("#")[0] for t in graph.all_nodes() if str(t).startswith(BASE)}
    documents -= {BASE + name for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")}
    assert len(documents) > 100
    for document in sorted(documents):
        path = document[len(BASE):]
        reply = server.get(f"/{path}", "text/turtle")
        assert reply.status == 303, path
        assert server.get(reply.header("Location")).status == 200, path


def test_session_page_shows_votes_and_sources(server):
    page = server.follow(f"/{SESSION}", "text/html").text
    assert "<svg" in page and 'class="bar for"' in page
    assert "2,887 for · 1 against · 8 abstain" in page
    assert "no counts" in page  # Chen Sixi's resignation: no counts in the article
    assert "npc-12-2.txt, line 8" in page  # where it came from
    assert "<script" not in page and "http-equiv=\"Content-Security-Policy\"" in page


def test_click_through_session_to_resolution_tenure_and_person(server):
    """A new user's walk: session page -> a resolution -> back; session -> a tenure -> its person."""
    session_page = server.follow(f"/{SESSION}", "text/html").text
    links = hrefs(session_page)
    resolution = next(h for h in links if "/resolution/premier-li-keqiangs" in h)
    resolution_page = server.follow(resolution, "text/html")
    assert resolution_page.status == 200
    assert "Premier Li Keqiang" in resolution_page.text and "2,887 for" in resolution_page.text
    tenure = next(h for h in links if "/tenure/li-keqiang/" in h)
    person = next(h for h in hrefs(server.follow(tenure, "text/html").text) if h.startswith("/person/"))
    assert person == "/person/li-keqiang"
    person_page = server.follow(person, "text/html").text
    assert "<h1>Li Keqiang</h1>" in person_page and "npc-12-1.txt, line" in person_page
    turtle = parse(server.follow(person, "text/turtle"), "turtle")
    assert (URIRef(BASE + "person/li-keqiang"), RDFS.label, Literal("Li Keqiang", lang="en")) in turtle


def test_class_indexes_and_home(server):
    home = server.get("/", "text/html")
    assert home.status == 200 and "First session of the 12th National People" in home.text
    sessions = server.get("/sessions/", "text/html").text
    assert {"/session/12-1", "/session/12-2", "/session/13-2"} <= set(hrefs(sessions))
    for index in ("people", "offices", "organizations", "resolutions", "figures"):
        assert server.get(f"/{index}/", "text/html").status == 200
    assert server.get("/", "text/turtle").status == 406


# --------------------------------------------------------------------------- ontology and VoID


def test_ontology_as_html_documents_every_term(server):
    reply = server.get("/ontology", "text/html")
    assert reply.status == 200 and reply.header("Content-Location") == "/ontology.html"
    assert "Accept" in reply.header("Vary")
    ontology = Graph().parse(ontology_file(), format="turtle")
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in ontology.subjects(RDF.type, kind)}
    assert len(terms) > 30
    for term in terms:
        fragment = str(term).rpartition("#")[2]
        assert f'id="{fragment}"' in reply.text, term
        for text in (ontology.value(term, RDFS.label), ontology.value(term, RDFS.comment)):
            assert text is not None and str(text) in unescape(reply.text), (term, text)


def test_ontology_as_turtle(server):
    reply = server.get("/ontology", "text/turtle")
    assert reply.status == 200 and reply.header("Content-Location") == "/ontology.ttl"
    served = parse(reply, "turtle")
    # every statement about an npc: term, from the ontology and the other vocabulary files (cube.ttl)
    stated = {t for path in ontology_files() for t in Graph().parse(path, format="turtle")
              if str(t[0]).startswith(NPC_NAMESPACE)}
    assert set(Graph().parse(ontology_file(), format="turtle")) <= stated
    assert stated == {t for t in served if str(t[0]).startswith(NPC_NAMESPACE)}


def test_well_known_void(server, build_dir):
    reply = server.get("/.well-known/void", "text/turtle")
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/turtle")
    void = parse(reply, "turtle")
    dataset = next(void.subjects(RDF.type, VOID.Dataset))
    assert int(void.value(dataset, VOID.triples)) == len(Graph().parse(build_dir / "graph.nt", format="nt"))
    dumps = sorted(str(d) for d in void.objects(dataset, VOID.dataDump))
    assert dumps and all(d.startswith(BASE) for d in dumps)
    for dump in dumps:  # each void:dataDump is served at its path
        got = server.get("/" + dump[len(BASE):])
        assert got.status == 200 and got.body == (build_dir / dump[len(BASE):]).read_bytes()


def test_the_served_description_states_its_sparql_endpoint(server, build_dir):
    """void:sparqlEndpoint names this server's /sparql, in the description it serves (negotiated
    and as the dataset's document) and in the description's graph its endpoint queries; the
    build's void.ttl, the same wherever it is served, names none."""
    endpoint = URIRef(f"{server.url}/sparql")
    for target in ("/.well-known/void", "/dataset.ttl", "/dataset.jsonld"):
        reply = server.follow(target, "text/turtle")
        assert reply.status == 200, target
        void = parse(reply, "json-ld" if target.endswith(".jsonld") else "turtle")
        assert list(void.objects(URIRef(BASE + "dataset"), VOID.sparqlEndpoint)) == [endpoint], target
    assert b"sparqlEndpoint" not in (build_dir / "void.ttl").read_bytes()
    asked = json.loads(server.sparql(f"SELECT ?e WHERE {{ GRAPH <{BASE}graph/void> {{ <{BASE}dataset> "
                                     f"<{VOID.sparqlEndpoint}> ?e }} }}").body)
    assert [b["e"]["value"] for b in asked["results"]["bindings"]] == [str(endpoint)]
    # the default graph stays what `npc-kg load` puts into a store: it names no endpoint
    default = json.loads(server.sparql(f"ASK {{ ?d <{VOID.sparqlEndpoint}> ?e }}").body)
    assert default["boolean"] is False


def test_the_endpoint_url_names_the_address_listened_on():
    assert sparql_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/sparql"
    assert sparql_url("localhost", 80) == "http://localhost:80/sparql"
    # every interface is no address a client can use: the machine's name stands for it
    assert sparql_url("0.0.0.0", 8000) == f"http://{socket.gethostname()}:8000/sparql"
    assert sparql_url("::", 8000) == f"http://{socket.gethostname()}:8000/sparql"
    assert sparql_url("::1", 8000) == "http://[::1]:8000/sparql"  # an IPv6 address is bracketed in a URL


def test_behind_a_proxy_the_description_names_the_public_endpoint(build_dir, tmp_path):
    public = "https://data.example.org/npc/sparql"
    with running(build_dir, tmp_path / "server.log", "--public-url", "https://data.example.org/npc/") as (live, _):
        void = parse(live.follow("/.well-known/void", "text/turtle"), "turtle")
    assert list(void.objects(URIRef(BASE + "dataset"), VOID.sparqlEndpoint)) == [URIRef(public)]


@pytest.mark.parametrize("url, says", [("data.example.org/npc/", "no scheme"), ("ftp://data.example.org/", "http"),
                                       ("https://data.example.org/?a=1", "query")])
def test_a_public_url_clients_cannot_reach_is_refused(build_dir, url, says):
    result = subprocess.run([sys.executable, "-m", "npc_kg", "serve", "--data", str(build_dir), "--port", "0",
                             "--public-url", url], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- SPARQL

SESSIONS = ("SELECT ?s ?label WHERE { ?s a <https://w3id.org/npc-kg/ontology#Session> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s")


def built_sessions(build_dir: Path) -> list[str]:
    """The build's sessions, read from graph.nt without the server, in IRI order (SESSIONS' ORDER BY)."""
    graph = Graph().parse(build_dir / "graph.nt", format="nt")
    return sorted(str(s) for s in graph.subjects(RDF.type, URIRef("https://w3id.org/npc-kg/ontology#Session")))


def test_select_as_json(server, build_dir):
    reply = server.sparql(SESSIONS)
    assert reply.status == 200 and reply.header("Content-Type").startswith("application/sparql-results+json")
    results = json.loads(reply.body)
    assert results["head"]["vars"] == ["s", "label"]
    sessions = [b["s"]["value"] for b in results["results"]["bindings"]]
    assert sessions == built_sessions(build_dir)
    assert {BASE + "session/12-1", BASE + "session/12-2", BASE + "session/13-2"} <= set(sessions)
    assert results["results"]["bindings"][0]["label"]["xml:lang"] == "en"


def test_select_as_csv_by_post(server, build_dir):
    reply = server.sparql(SESSIONS, accept="text/csv", method="POST")
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/csv")
    lines = reply.text.splitlines()
    assert lines[0] == "s,label" and any(line.startswith(BASE + "session/12-1,First session") for line in lines)
    assert [line.split(",", 1)[0] for line in lines[1:]] == built_sessions(build_dir)


def test_query_in_body_tsv_xml_and_construct(server):
    reply = server.request("POST", "/sparql", SESSIONS.encode(), Content_Type="application/sparql-query",
                           Accept="text/tab-separated-values")
    assert reply.status == 200 and reply.text.startswith("?s\t?label")
    xml = server.sparql("ASK { ?s ?p ?o }", accept="application/sparql-results+xml")
    assert xml.status == 200 and "<boolean>true</boolean>" in xml.text
    construct = server.sparql("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5", accept="application/n-triples")
    assert construct.status == 200 and len(parse(construct, "nt")) == 5
    assert server.sparql("CONSTRUCT WHERE { ?s a ?c } LIMIT 5", accept="text/csv").status == 406


def test_term_labels_are_in_the_default_graph(server):
    """The build's vocabulary graph puts the ontology and the measures into the default graph, so
    a query asks for a term's label as for any other (issue 14: "queryable in serve's default graph")."""
    vocabulary = Graph()
    for path in ontology_files():
        vocabulary.parse(path, format="turtle")
    asked = {URIRef(NPC_NAMESPACE + "Resolution"): RDFS.label,
             URIRef("https://w3id.org/npc-kg/measure/gdp-growth"): SKOS.prefLabel}
    for term, predicate in asked.items():
        reply = server.sparql(f"SELECT ?label WHERE {{ <{term}> <{predicate}> ?label }}")
        found = {(b["label"]["value"], b["label"].get("xml:lang")) for b in json.loads(reply.body)["results"]["bindings"]}
        assert found == {(str(label), label.language) for label in vocabulary.objects(term, predicate)}, term
        assert found, term
    # nowhere but the build's vocabulary graph (no second copy of npc.ttl in a graph of its own)
    graphs = json.loads(server.sparql(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{NPC_NAMESPACE}Resolution> ?p ?o }} }}").body)
    assert [b["g"]["value"] for b in graphs["results"]["bindings"]] == [BASE + "graph/vocabulary"]


def test_counts_agree_with_void(server, build_dir):
    """The default graph holds what `npc-kg load` puts into a store: the build and its description."""
    reply = server.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    count = int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])
    void = Graph().parse(build_dir / "void.ttl", format="turtle", publicID=BASE)
    assert count == int(void.value(next(void.subjects(RDF.type, VOID.Dataset)), VOID.triples)) + len(void)


@pytest.mark.parametrize("method, target, body, content_type", [
    ("GET", "/sparql?" + urlencode({"update": "CLEAR ALL"}), None, None),
    ("POST", "/sparql", urlencode({"update": "DROP ALL"}).encode(), "application/x-www-form-urlencoded"),
    ("POST", "/sparql", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
    ("GET", "/sparql?" + urlencode({"query": "PREFIX x: <urn:x#> # note\nDELETE WHERE { ?s ?p ?o }"}), None, None),
    ("GET", "/sparql?" + urlencode({"query": "\ufeffDROP ALL"}), None, None),  # behind a byte-order mark
    ("POST", "/sparql", "\ufeffCLEAR DEFAULT".encode(), "application/sparql-query"),
])
def test_updates_are_refused(server, method, target, body, content_type):
    headers = {"Content_Type": content_type} if content_type else {}
    reply = server.request(method, target, body, **headers)
    assert reply.status == 403 and "read-only" in reply.text
    assert server.sparql("ASK { ?s ?p ?o }").status == 200  # and nothing changed


FEDERATED = [
    "SELECT * WHERE { BIND(1 AS ?z) SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(1 AS ?z) SERVICE SILENT <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "select * where { ?s ?p ?o service silent <http://127.0.0.1:PORT/x> { ?a ?b ?c } } limit 1",
]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("template", FEDERATED)
def test_service_is_refused_and_nothing_is_called(server, template, method):
    with Listener() as listener:
        reply = server.sparql(template.replace("PORT", str(listener.port)), method=method)
        assert reply.status == 403 and "SERVICE" in reply.text and "disabled" in reply.text
        time.sleep(0.3)  # a call, had one been made, would have arrived by now
        assert listener.connections == 0


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def test_runaway_query_is_stopped_by_the_time_limit(server):
    server.sparql("ASK { ?s ?p ?o }")  # the workers are up
    before = children(server.pid)
    started = time.monotonic()
    reply = server.sparql(RUNAWAY)
    elapsed = time.monotonic() - started
    assert reply.status == 503 and "time limit" in reply.text
    assert elapsed < TIME_LIMIT + 3, f"answered after {elapsed:.1f}s"
    after = children(server.pid)
    assert len(before - after) == 1, "the worker running the query was not ended"
    assert server.sparql(SESSIONS).status == 200  # the endpoint still answers


def test_result_size_limit(server):
    too_many = server.sparql("SELECT * WHERE { ?s ?p ?o }")
    assert too_many.status == 422 and str(MAX_ROWS) in too_many.text
    assert server.sparql("CONSTRUCT WHERE { ?s ?p ?o }", accept="text/turtle").status == 422
    page = server.sparql(f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert page.status == 200 and len(json.loads(page.body)["results"]["bindings"]) == MAX_ROWS


def test_bad_query_is_400(server):
    reply = server.sparql("SELECT WHERE nonsense")
    assert reply.status == 400 and "SPARQL" in reply.text


def test_cors(server):
    assert server.sparql("ASK {}").header("Access-Control-Allow-Origin") == "*"
    assert server.get(f"/{SESSION}.ttl").header("Access-Control-Allow-Origin") == "*"
    preflight = server.request("OPTIONS", "/sparql", Origin="http://example.org",
                               Access_Control_Request_Method="POST", Access_Control_Request_Headers="content-type")
    assert preflight.status == 204
    assert preflight.header("Access-Control-Allow-Origin") == "*"
    assert "POST" in preflight.header("Access-Control-Allow-Methods")
    assert "content-type" in preflight.header("Access-Control-Allow-Headers").lower()


def test_sparql_form_for_browsers(server):
    form = server.get("/sparql", "text/html")
    assert form.status == 200 and "<textarea" in form.text
    table = server.sparql(SESSIONS, accept="text/html")
    assert table.status == 200 and 'href="/session/12-2"' in table.text
    assert server.get("/sparql").status == 400  # no query, not a browser


# --------------------------------------------------------------------------- path traversal


@pytest.mark.parametrize("target", [
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/session/../../etc/passwd",
    "/session/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/graph.ttl/../../../etc/passwd",
    "/..%5c..%5cetc%5cpasswd", "/etc/passwd", "/%00", "/./graph.ttl", "/ontology/../../../../etc/passwd",
    "http://127.0.0.1/etc/passwd", "/%ff%fe",
])
def test_path_traversal_is_refused(server, target):
    reply = server.get(target, "text/turtle")
    assert reply.status in (400, 404), target
    assert b"root:" not in reply.body


# --------------------------------------------------------------------------- caching and compression

DOCUMENT = f"/{SESSION}.ttl"


def test_documents_carry_validators_and_a_caching_policy(server, build_dir):
    first, second = server.get(DOCUMENT), server.get(DOCUMENT)
    assert first.status == 200 and re.fullmatch(r'"[0-9a-f]{32}"', first.header("ETag"))
    assert first.header("ETag") == second.header("ETag") and first.body == second.body
    assert first.header("Last-Modified") == second.header("Last-Modified")
    # No SOURCE_DATE_EPOCH in the test build: the build's time is its files' latest mtime.
    newest = max(os.stat(build_dir / name).st_mtime for name in ("graph.trig", "void.ttl"))
    assert parsedate_to_datetime(first.header("Last-Modified")).timestamp() == int(newest)
    assert first.header("Cache-Control") == "public, max-age=300"
    assert "Accept-Encoding" in first.header("Vary")
    page = server.get("/", "text/html")
    assert page.header("ETag") and {"Accept", "Accept-Encoding"} <= {v.strip() for v in page.header("Vary").split(",")}


@pytest.mark.parametrize("if_none_match", ["{tag}", 'W/{tag}', '"other", {tag}', '"a",W/{tag} , "b"', "*"])
def test_if_none_match_answers_304_without_a_body(server, if_none_match):
    tag = server.get(DOCUMENT).header("ETag")
    reply = server.request("GET", DOCUMENT, If_None_Match=if_none_match.format(tag=tag))
    assert reply.status == 304 and reply.body == b""
    assert reply.header("ETag") == tag and reply.header("Cache-Control") and reply.header("Last-Modified")
    assert "content-length" not in reply.headers


def test_a_different_etag_gets_the_document(server):
    full = server.get(DOCUMENT)
    reply = server.request("GET", DOCUMENT, If_None_Match='"0123456789abcdef0123456789abcdef", W/"x"')
    assert reply.status == 200 and reply.body == full.body
    other = server.get("/session/12-1.ttl").header("ETag")
    assert other != full.header("ETag") and server.request("GET", DOCUMENT, If_None_Match=other).status == 200


def test_if_modified_since_and_the_precedence_of_if_none_match(server):
    modified = server.get(DOCUMENT).header("Last-Modified")
    assert server.request("GET", DOCUMENT, If_Modified_Since=modified).status == 304
    assert server.request("GET", DOCUMENT, If_Modified_Since="Sun, 06 Nov 1994 08:49:37 GMT").status == 200
    assert server.request("GET", DOCUMENT, If_Modified_Since="not a date").status == 200
    assert server.request("GET", DOCUMENT, If_Modified_Since="Fri, 01 Jan 2100 00:00:00 GMT").status == 200
    # If-None-Match decides when sent (RFC 9110, 13.2.2): a stale tag wins over a current date.
    assert server.request("GET", DOCUMENT, If_None_Match='"stale"', If_Modified_Since=modified).status == 200


def test_redirects_and_errors_are_not_cached(server):
    reply = server.request("GET", f"/{SESSION}", Accept="text/turtle", If_None_Match="*")
    assert reply.status == 303 and not reply.header("ETag") and reply.header("Location") == DOCUMENT
    missing = server.request("GET", "/session/99-9.ttl", If_None_Match="*")
    assert missing.status == 404 and not missing.header("ETag")


@pytest.mark.parametrize("accept_encoding", ["gzip", "gzip, deflate, br", "x-gzip", "*", "br;q=1, gzip;q=0.5"])
def test_gzip_decodes_to_the_identity_body(server, accept_encoding):
    identity = server.get(DOCUMENT)
    zipped = server.request("GET", DOCUMENT, Accept_Encoding=accept_encoding)
    assert zipped.header("Content-Encoding") == "gzip" and int(zipped.header("Content-Length")) == len(zipped.body)
    assert gzip.decompress(zipped.body) == identity.body and len(zipped.body) < len(identity.body)
    assert zipped.header("ETag") != identity.header("ETag")
    again = server.request("GET", DOCUMENT, Accept_Encoding=accept_encoding)
    assert again.body == zipped.body and again.header("ETag") == zipped.header("ETag")  # deterministic bytes
    assert server.request("GET", DOCUMENT, Accept_Encoding="gzip", If_None_Match=zipped.header("ETag")).status == 304


@pytest.mark.parametrize("accept_encoding", ["gzip;q=0", "identity", "*;q=0, identity", "gzip;q=0, *", "deflate", ""])
def test_no_gzip_unless_accepted(server, accept_encoding):
    reply = server.request("GET", DOCUMENT, Accept_Encoding=accept_encoding)
    assert reply.status == 200 and not reply.header("Content-Encoding")
    assert reply.body == server.get(DOCUMENT).body


def test_small_bodies_and_compressed_dumps_are_sent_as_they_are(server, build_dir):
    small = server.sparql("ASK { ?s ?p ?o }")
    assert server.request("GET", "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }"}),
                          Accept="application/sparql-results+json", Accept_Encoding="gzip").body == small.body
    dump = server.request("GET", "/graph.nt", Accept_Encoding="gzip")
    assert not dump.header("Content-Encoding") and dump.body == (build_dir / "graph.nt").read_bytes()
    assert dump.header("ETag") and server.request("GET", "/graph.nt", If_None_Match=dump.header("ETag")).status == 304


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_head_has_the_headers_of_get(server, encoding):
    get = server.request("GET", DOCUMENT, Accept_Encoding=encoding)
    head = server.request("HEAD", DOCUMENT, Accept_Encoding=encoding)
    assert head.status == 200 and head.body == b""
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Type", "Content-Length",
                 "Content-Encoding"):
        assert head.header(name) == get.header(name), name
    assert server.request("HEAD", DOCUMENT, Accept_Encoding=encoding, If_None_Match=get.header("ETag")).status == 304


def test_sparql_results_compressed_and_revalidated(server):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 200"
    target = "/sparql?" + urlencode({"query": query})
    identity = server.request("GET", target, Accept="text/csv")
    zipped = server.request("GET", target, Accept="text/csv", Accept_Encoding="gzip")
    assert len(identity.body) > 1024 and gzip.decompress(zipped.body) == identity.body
    assert identity.header("Cache-Control") == zipped.header("Cache-Control") == "no-cache"
    assert {"Accept", "Accept-Encoding"} <= {v.strip() for v in zipped.header("Vary").split(",")}
    again = server.request("GET", target, Accept="text/csv", Accept_Encoding="gzip",
                           If_None_Match=zipped.header("ETag"))
    assert again.status == 304 and again.body == b""
    posted = server.request("POST", "/sparql", urlencode({"query": query}).encode(), Accept="text/csv",
                            Content_Type="application/x-www-form-urlencoded", Accept_Encoding="gzip")
    assert gzip.decompress(posted.body) == identity.body and not posted.header("ETag")


def test_the_build_time_is_the_recorded_one(tmp_path):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(BASE + "build"), ox.NamedNode("http://www.w3.org/ns/prov#endedAtTime"),
                      ox.Literal("2024-03-05T01:02:03Z", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"))))
    (tmp_path / "void.ttl").write_text("")
    assert build_time(store, [tmp_path / "void.ttl"]) == dt.datetime(2024, 3, 5, 1, 2, 3, tzinfo=dt.timezone.utc)
    os.utime(tmp_path / "void.ttl", (1_700_000_000.5, 1_700_000_000.5))
    assert build_time(ox.Store(), [tmp_path / "void.ttl", tmp_path / "absent"]).timestamp() == 1_700_000_000
