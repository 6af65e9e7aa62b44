"""The one HTTP client (`npc_kg.remote`) against real HTTP servers on 127.0.0.1: credentials are
never forwarded to another origin on a redirect, never printed (not in a URL, not where an error
body echoes them), and a URL the client cannot use is a usage error (exit 2), not an internal one,
whose message shows no installed path."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import npc_kg
from npc_kg.errors import InputError
from npc_kg.link import SparqlReference
from npc_kg import remote
from npc_kg.remote import Login, Secrets, challenges, request, target

from helpers import run_cli

TOKEN = "tok-5ecret-4f9a"
PASSWORD = "hunter2-pa55"
ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()
PACKAGE_DIR = str(Path(npc_kg.__file__).resolve().parent)


@dataclass
class Seen:
    """One request a test server received."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


class Server:
    """A real HTTP server on 127.0.0.1 in a thread; `answer(handler)` returns (status, headers,
    body) for each request, and every request is recorded."""

    def __init__(self, answer: Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]) -> None:
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def handle_any(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.seen.append(Seen(self.command, self.path, dict(self.headers)))
                status, headers, body = answer(self)
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve(monkeypatch) -> Iterator[Callable[..., Server]]:
    for variable in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(variable, "127.0.0.1,localhost")
    made: list[Server] = []

    def make(answer: Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]) -> Server:
        made.append(Server(answer))
        return made[-1]

    yield make
    for server in made:
        server.close()


def sparql_true(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/sparql-results+json"}, ASK_TRUE


def redirect_to(url: str) -> Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]:
    return lambda handler: (307, {"Location": url}, b"")


def asking_basic(answer: Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]
                 ) -> Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]:
    """A server that asks for HTTP Basic credentials (401) before it answers: a user and password
    are sent only then."""
    def ask(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        if "Authorization" not in handler.headers:
            return 401, {"WWW-Authenticate": 'Basic realm="store"'}, b""
        return answer(handler)

    return ask


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean(stderr: str) -> None:
    """What every failure message here must be: no traceback, no internal error, no installed path."""
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert PACKAGE_DIR not in stderr and "site-packages" not in stderr


# --------------------------------------------------------------------------- redirects


def test_a_redirect_to_another_port_does_not_carry_the_bearer_token(serve):
    other = serve(sparql_true)
    first = serve(redirect_to(other.url + "/sparql"))
    result = run_cli("query", "ASK {}", "--endpoint", first.url + "/sparql", env={"NPC_KG_STORE_TOKEN": TOKEN})
    assert (result.returncode, result.stdout) == (0, "true\n"), result.stderr
    assert first.seen[0].headers.get("Authorization") == f"Bearer {TOKEN}"
    assert len(other.seen) == 1 and "Authorization" not in other.seen[0].headers


def test_a_redirect_to_another_port_does_not_carry_url_credentials(serve):
    other = serve(sparql_true)
    first = serve(asking_basic(redirect_to(other.url + "/sparql")))
    endpoint = first.url.replace("//", f"//loader:{PASSWORD}@") + "/sparql"
    result = run_cli("query", "ASK {}", "--endpoint", endpoint)
    assert result.returncode == 0, result.stderr
    assert [seen.headers.get("Authorization") for seen in first.seen] == [
        None, "Basic " + base64.b64encode(f"loader:{PASSWORD}".encode()).decode()]
    assert len(other.seen) == 1 and "Authorization" not in other.seen[0].headers


def test_a_redirect_within_the_origin_keeps_the_token(serve):
    def answer(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        return redirect_to("/moved")(handler) if handler.path.startswith("/sparql") else sparql_true(handler)

    server = serve(answer)
    result = run_cli("query", "ASK {}", "--endpoint", server.url + "/sparql", env={"NPC_KG_STORE_TOKEN": TOKEN})
    assert result.returncode == 0, result.stderr
    assert [seen.headers.get("Authorization") for seen in server.seen] == [f"Bearer {TOKEN}"] * 2


# --------------------------------------------------------------------------- redaction


def echo_authorization(status: int) -> Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]:
    """A server that refuses the request, echoing the Authorization header it got in its body."""
    def answer(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        body = f"refused: Authorization: {handler.headers.get('Authorization')} is not allowed here\n"
        return status, {"Content-Type": "text/plain"}, body.encode()

    return answer


@pytest.mark.parametrize("status", [401, 500])
def test_an_error_body_echoing_the_token_is_printed_redacted(serve, status):
    server = serve(echo_authorization(status))
    result = run_cli("query", "ASK {}", "--endpoint", server.url + "/sparql", env={"NPC_KG_STORE_TOKEN": TOKEN})
    assert result.returncode == 3 and f"HTTP {status}" in result.stderr
    assert "refused: Authorization: ***" in result.stderr and TOKEN not in result.stderr
    clean(result.stderr)


def test_an_error_body_echoing_basic_credentials_is_printed_redacted(serve, build_dir):
    server = serve(asking_basic(echo_authorization(403)))
    result = run_cli("load", "--endpoint", server.url + "/store", "--data", str(build_dir),
                     env={"NPC_KG_STORE_USER": "loader", "NPC_KG_STORE_PASSWORD": PASSWORD})
    encoded = base64.b64encode(f"loader:{PASSWORD}".encode()).decode()
    assert result.returncode == 3 and "HTTP 403" in result.stderr and "Authorization: ***" in result.stderr
    assert encoded not in result.stderr and PASSWORD not in result.stderr
    clean(result.stderr)


def test_a_password_in_the_endpoint_url_is_sent_as_basic_and_never_printed(serve, build_dir):
    server = serve(asking_basic(echo_authorization(500)))
    endpoint = server.url.replace("//", f"//loader:{PASSWORD}@") + "/sparql"
    for args in (("query", "ASK {}", "--endpoint", endpoint, "--timeout", "5"),
                 ("load", "--endpoint", endpoint, "--data", str(build_dir), "--retries", "0")):
        result = run_cli(*args)
        assert result.returncode == 3 and f"{server.url}/sparql: HTTP 500" in result.stderr
        assert PASSWORD not in result.stderr and PASSWORD not in result.stdout
        clean(result.stderr)
    assert all(PASSWORD not in seen.path and PASSWORD not in seen.headers.get("Host", "") for seen in server.seen)
    assert [seen.headers.get("Authorization") for seen in server.seen] == [
        None, "Basic " + base64.b64encode(f"loader:{PASSWORD}".encode()).decode()] * 2  # asked, then sent


def test_a_password_in_an_unreachable_endpoint_url_is_never_printed(build_dir):
    endpoint = f"http://loader:{PASSWORD}@127.0.0.1:{closed_port()}/store"
    for args in (("query", "ASK {}", "--endpoint", endpoint, "--timeout", "5"),
                 ("load", "--endpoint", endpoint, "--data", str(build_dir), "--retries", "0"),
                 ("load", "--endpoint", endpoint, "--data", str(build_dir), "--dry-run", "--retries", "0")):
        result = run_cli(*args)
        assert result.returncode == 3 and "cannot connect" in result.stderr
        assert PASSWORD not in result.stderr + result.stdout
        clean(result.stderr)


def test_redaction_blanks_secrets_and_what_looks_like_credentials():
    secrets = target(f"http://loader:{PASSWORD}@127.0.0.1/x").secrets
    assert secrets.redact(f"no {PASSWORD} here") == "no *** here"
    assert Secrets().redact("Authorization: Bearer abc.def-123 rest") == "Authorization: Bearer *** rest"
    assert Secrets().redact("see http://u:pw@host/x") == "see http://u:***@host/x"
    assert Secrets().redact('{"authorization": "Basic dTpw"}') == '{"authorization": "Basic ***"}'
    assert Secrets().redact("a basic graph pattern; Bearer tokens") == "a basic graph pattern; Bearer tokens"


def test_the_wikidata_source_never_gets_the_store_token(serve, monkeypatch):
    """The store's token is for the user's store: the shared client does not send it to Wikidata."""
    monkeypatch.setenv("NPC_KG_STORE_TOKEN", TOKEN)
    empty = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
    server = serve(lambda handler: (200, {"Content-Type": "application/sparql-results+json"}, empty))
    assert SparqlReference(server.url + "/sparql").search(["Xi Jinping"]) == {}
    request("POST", server.url + "/sparql", body=b"query=ASK%7B%7D")  # the store path does send it
    assert [seen.headers.get("Authorization") for seen in server.seen] == [None, f"Bearer {TOKEN}"]


# --------------------------------------------------------------------------- unusable URLs


@pytest.mark.parametrize("url", [
    "http://[::1/x",  # an IPv6 literal without its closing bracket
    f"http://loader:{PASSWORD}@[::1/x",
    "http://127.0.0.1:99999999/x",  # a port out of range
    "http://127.0.0.1:port/x",
    "file:///etc/passwd",  # never a local file
    "ftp://127.0.0.1/x",
    "http:///no-host",
])
def test_an_unusable_url_is_a_usage_error(build_dir, url):
    for args in (("query", "ASK {}", "--endpoint", url),
                 ("query", "sessions", "--endpoint", url, "--format", "csv"),
                 ("load", "--endpoint", url, "--data", str(build_dir)),
                 ("load", "--endpoint", url, "--data", str(build_dir), "--dry-run")):
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "not a valid URL" in result.stderr or "not an http:// or https:// URL" in result.stderr
        assert PASSWORD not in result.stderr
        clean(result.stderr)


def test_the_wikidata_source_refuses_an_unusable_url_as_usage_error():
    with pytest.raises(InputError, match="not a valid URL") as caught:
        SparqlReference("http://[::1/x").search(["Xi Jinping"])
    assert caught.value.exit_code == 2


# --------------------------------------------------------------------------- HTTP Digest


class DigestStore:
    """The server side of HTTP Digest (RFC 7616, qop=auth), written from the RFC apart from the
    client: a 401 with a challenge to a request without valid credentials, `nonces` issued in turn
    (a new one when `rotate` says the last has served enough), every request recorded."""

    def __init__(self, algorithm: str = "MD5", user: str = "loader", password: str = PASSWORD,
                 rotate: Callable[[int], bool] = lambda used: False) -> None:
        self.algorithm, self.user, self.password, self.rotate = algorithm, user, password, rotate
        self.nonces = [os.urandom(8).hex()]
        self.used = 0
        self.counts: list[str] = []  # the nc of every accepted answer

    def hash(self, text: str) -> str:
        return (hashlib.sha256 if self.algorithm == "SHA-256" else hashlib.md5)(text.encode()).hexdigest()

    def challenge(self, stale: bool = False) -> dict[str, str]:
        return {"WWW-Authenticate": f'Digest realm="npc", nonce="{self.nonces[-1]}", qop="auth", '
                                    f'algorithm={self.algorithm}, opaque="op4que"' + (", stale=true" if stale else "")}

    def __call__(self, handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        header = handler.headers.get("Authorization", "")
        if not header.startswith("Digest "):
            return 401, self.challenge(), b""
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header[len("Digest "):]))
        if fields.get("nonce") != self.nonces[-1] or self.rotate(self.used):
            self.nonces.append(os.urandom(8).hex())
            self.used = 0
            return 401, self.challenge(stale=True), b""
        secret = self.hash(f"{self.user}:npc:{self.password}")
        expected = self.hash(f"{secret}:{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:auth:"
                             f"{self.hash(handler.command + ':' + fields['uri'])}")
        if (fields.get("response") != expected or fields.get("uri") != handler.path
                or fields.get("opaque") != "op4que" or fields.get("algorithm") != self.algorithm):
            return 401, self.challenge(), b"wrong credentials\n"
        self.used += 1
        self.counts.append(fields["nc"])
        return sparql_true(handler)


@pytest.fixture(autouse=True)
def no_remembered_challenges() -> Iterator[None]:
    """Each test starts as a new process does: no origin has challenged yet."""
    remote._CHALLENGES.clear()
    yield
    remote._CHALLENGES.clear()


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_a_digest_challenge_is_answered_without_the_password(serve, monkeypatch, algorithm):
    store = DigestStore(algorithm)
    server = serve(store)
    monkeypatch.setenv("NPC_KG_STORE_USER", "loader")
    monkeypatch.setenv("NPC_KG_STORE_PASSWORD", PASSWORD)
    for _ in range(3):
        assert request("POST", server.url + "/sparql?x=1", body=b"query=ASK%7B%7D").status == 200
    sent = [seen.headers.get("Authorization") for seen in server.seen]
    assert sent[0] is None and all(header.startswith("Digest ") for header in sent[1:])
    assert len(server.seen) == 4  # one challenge, then its nonce serves every later request
    assert store.counts == ["00000001", "00000002", "00000003"]
    basic = base64.b64encode(f"loader:{PASSWORD}".encode()).decode()
    assert all(PASSWORD not in str(seen) and basic not in str(seen) for seen in server.seen)


def test_a_new_nonce_is_answered_once(serve, monkeypatch):
    store = DigestStore(rotate=lambda used: used >= 1)  # every nonce serves one request
    server = serve(store)
    endpoint = server.url.replace("//", f"//loader:{PASSWORD}@") + "/sparql"
    for _ in range(3):
        assert request("GET", endpoint).status == 200
    assert [seen.headers.get("Authorization", "")[:6] for seen in server.seen] == [
        "", "Digest", "Digest", "Digest", "Digest", "Digest"]
    assert store.counts == ["00000001"] * 3  # each a new nonce's first use


def test_a_wrong_password_is_tried_once_and_never_printed(serve):
    server = serve(DigestStore())
    wrong = "wr0ng-pa55word"
    endpoint = server.url.replace("//", f"//loader:{wrong}@") + "/sparql"
    result = run_cli("query", "ASK {}", "--endpoint", endpoint, "--timeout", "5")
    assert result.returncode == 3 and f"{server.url}/sparql: HTTP 401" in result.stderr
    assert wrong not in result.stderr + result.stdout
    clean(result.stderr)
    assert len(server.seen) == 2  # asked, answered, refused: no loop


def test_digest_is_chosen_over_basic_and_sha_256_over_md5(serve, monkeypatch):
    store = DigestStore("SHA-256")

    def offer_all(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        status, headers, body = store(handler)
        if status == 401:
            md5 = headers["WWW-Authenticate"].replace("SHA-256", "MD5")
            return status, {"WWW-Authenticate": f'Basic realm="npc", {md5}, {headers["WWW-Authenticate"]}'}, body
        return status, headers, body

    server = serve(offer_all)
    monkeypatch.setenv("NPC_KG_STORE_USER", "loader")
    monkeypatch.setenv("NPC_KG_STORE_PASSWORD", PASSWORD)
    assert request("GET", server.url + "/sparql").status == 200
    assert "algorithm=SHA-256" in server.seen[1].headers["Authorization"]


def test_a_challenge_after_a_redirect_to_another_origin_is_not_answered(serve):
    other = serve(DigestStore())
    first = serve(redirect_to(other.url + "/sparql"))
    endpoint = first.url.replace("//", f"//loader:{PASSWORD}@") + "/sparql"
    result = run_cli("query", "ASK {}", "--endpoint", endpoint, "--timeout", "5")
    assert result.returncode == 3 and "HTTP 401" in result.stderr
    assert len(other.seen) == 1 and "Authorization" not in other.seen[0].headers


@pytest.mark.parametrize("algorithm,response", [  # RFC 7616, section 3.9.1
    ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
    ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
])
def test_the_digest_answer_is_the_rfc_example(algorithm, response):
    header = ('Digest realm="http-auth@example.org", qop="auth, auth-int", '
              f'algorithm={algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
              'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"')
    [challenge] = challenges([header])
    answer = challenge.answer(Login("Mufasa", "Circle of Life"), "GET", "/dir/index.html",
                              cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    assert f'response="{response}"' in answer and "nc=00000001" in answer and "Circle" not in answer
