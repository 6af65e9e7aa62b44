"""The Wikidata Query Service path, offline: a WDQS-format answer (tests/fixtures/wdqs-candidates.json,
constructed from the reference's identifiers, see tests/fixtures/README.md) served by a local HTTP
server, so the real client code (request, headers, JSON parsing, qualifiers) runs end to end."""

import datetime as dt
import http.server
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from npc_kg.errors import RemoteError
from npc_kg.rdf.iris import Minter
from npc_kg.link import SparqlReference, link_graph
from npc_kg.rdf.namespaces import NPC, ORG, RDF, RDFS, SCHEMA, SKOS

FIXTURE = Path(__file__).parent / "fixtures" / "wdqs-candidates.json"
M = Minter()


@dataclass
class Replay:
    """What the fake endpoint answers, and what it was asked."""

    status: int = 200
    body: bytes = field(default_factory=FIXTURE.read_bytes)
    delay: float = 0.0
    requests: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def wdqs(monkeypatch) -> Iterator[Replay]:
    replay = Replay()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            replay.requests.append((self.command, dict(self.headers), body))
            time.sleep(replay.delay)
            self.send_response(replay.status)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(replay.body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    replay.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield replay
    server.shutdown()
    server.server_close()


def officeholders(li_keqiang_since: dt.date) -> Graph:
    """Xi Jinping and Li Keqiang in office at the second session of the 12th NPC."""
    graph = Graph()
    congress, session = M.congress(12), M.session(12, 2)
    graph.add((congress, RDF.type, NPC.CongressTerm))
    graph.add((congress, RDFS.label, Literal("12th National People's Congress", lang="en")))
    graph.add((session, SCHEMA.superEvent, congress))
    for name, key, title, start in (("Xi Jinping", "president", "President", dt.date(2013, 3, 14)),
                                    ("Li Keqiang", "premier", "Premier", li_keqiang_since)):
        person, office, tenure = M.person(name), M.office(key), M.tenure(session, name, key, "incumbent")
        graph.add((person, RDF.type, SCHEMA.Person))
        graph.add((person, RDFS.label, Literal(name, lang="en")))
        graph.add((office, RDF.type, ORG.Post))
        graph.add((office, RDFS.label, Literal(title, lang="en")))
        graph.add((office, SKOS.altLabel, Literal(f"{title} of the People's Republic of China", lang="en")))
        graph.add((tenure, ORG.member, person))
        graph.add((tenure, NPC.office, office))
        graph.add((tenure, SCHEMA.startDate, Literal(start)))
        graph.add((tenure, NPC.session, session))
    return graph


def test_a_wdqs_answer_links_officeholders_on_their_dates(wdqs):
    result = link_graph(officeholders(dt.date(2013, 3, 15)), SparqlReference(wdqs.url))
    assert {link.entity: (link.qid, link.score) for link in result.links} == {
        M.congress(12): ("Q247766", 1.0),
        M.office("president"): ("Q655407", 1.0),
        M.office("premier"): ("Q4122271", 1.0),
        M.person("Xi Jinping"): ("Q15031", 1.0),
        M.person("Li Keqiang"): ("Q18111", 1.0),
    }
    method, headers, body = wdqs.requests[0]
    assert method == "POST" and len(wdqs.requests) == 1
    assert headers["Accept"] == "application/sparql-results+json"
    assert headers["User-Agent"].startswith("npc-kg/")
    query = urllib.parse.parse_qs(body)["query"][0]
    assert '"Xi Jinping"@en' in query and '"Xi Jinping"@zh' in query and "pq:P580" in query


def test_dates_that_contradict_keep_the_link_back(wdqs):
    """Wikidata's Li Keqiang became Premier in 2013, not 1998: a different man, or a wrong article."""
    result = link_graph(officeholders(dt.date(1998, 3, 17)), SparqlReference(wdqs.url))
    li = M.person("Li Keqiang")
    assert li not in {link.entity for link in result.links}
    (row,) = [r for r in result.review if r.entity == li]
    assert row.qid == "Q18111" and "held Q4122271, but not on 1998-03-17" in row.evidence


@pytest.mark.parametrize("status, body", [(500, b"Internal Server Error"), (200, b"<html>not json</html>"),
                                          (200, json.dumps({"head": {}}).encode())])
def test_a_failing_endpoint_is_a_remote_error(wdqs, status, body):
    wdqs.status, wdqs.body = status, body
    with pytest.raises(RemoteError) as error:
        SparqlReference(wdqs.url).search(["Xi Jinping"])
    assert error.value.exit_code == 3 and wdqs.url in str(error.value)


def test_a_slow_endpoint_times_out(wdqs):
    wdqs.delay = 0.5
    with pytest.raises(RemoteError):
        SparqlReference(wdqs.url, timeout=0.1).search(["Xi Jinping"])


def test_an_unreachable_endpoint_is_a_remote_error(monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/sparql"
    with pytest.raises(RemoteError):
        SparqlReference(closed, timeout=2).search(["Xi Jinping"])
