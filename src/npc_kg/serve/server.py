"""The linked-data server: routing, status codes and the HTTP plumbing (standard library only;
threads, queue and deadlines in `pool.py`, their sizes in `limits.py`).

Routes, in order (fixed routes first; minted paths always have a known first segment, so they
cannot collide):

    /                        home page
    /sparql                  SPARQL endpoint (GET, POST; an HTML form for browsers)
    /.well-known/void        the dataset description, negotiated
    /search.html?q=          search by name (search.py); /search.json the index, /static/search.js
                             the static site's search script
    /{index}/                class index pages (sessions, people, ...)
    /graph.ttl ...           the build's dumps, as void:dataDump names them
    /{path}                  a resource: 303 See Other to /{path}.{ext}, chosen by Accept or ?format=;
                             a hash document (/ontology): 200, negotiated, with Content-Location
    /{path}.{ext}            a document in one format: ttl, jsonld, nt, html

Only generated content is served: paths are looked up in the dataset's index, never joined to a
directory (the dumps are a fixed list of names), and paths with `.`/`..` segments, backslashes or
control characters are refused with 400 before any lookup.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, unquote

from ..errors import InputError
from ..resources import query_file
from . import pages, search
from .caching import DOCUMENT_CACHE, RESULTS_CACHE, Conditions, build_time, cached, encode
from .dataset import DUMPS, Dataset, load, safe_path
from .documents import render
from .limits import Limits
from .links import ServerLinks
from .negotiation import FORMATS, MEDIA_TYPES, choose, choose_format
from .pool import BoundedHandler, PooledHTTPServer
from .response import Refused, Response, text
from .sparql import Endpoint, parse_request
from .views import INDEXES, Reader

MAX_BODY = 1 << 20
HTML = "text/html; charset=utf-8"
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Content-Location, ETag"}


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # percent-decoded, without the leading "/"
    params: dict[str, list[str]]
    headers: Message
    body: bytes = b""

    @property
    def accept(self) -> str | None:
        return self.headers.get("Accept")

    def param(self, name: str) -> str | None:
        return self.params.get(name, [""])[0] or None


def parse_target(target: str) -> tuple[str, dict[str, list[str]]]:
    """Split a request target into a decoded path and its parameters; refuse anything but a plain
    path (absolute-form targets, dot segments, encoded or not, backslashes, control characters)."""
    if not target.startswith("/"):
        raise Refused(400, "the request target must be a path")
    raw_path, _, raw_query = target.partition("?")
    try:
        path = unquote(raw_path[1:], errors="strict")
        params = parse_qs(raw_query, keep_blank_values=True, errors="strict", max_num_fields=100)
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "the request target is not UTF-8") from None
    inner = path[:-1] if path.endswith("/") else path
    if inner and not safe_path(inner):
        raise Refused(400, "bad path")
    return path, params


class App:
    """Maps requests to responses; knows nothing about sockets."""

    def __init__(self, data: Dataset, endpoint: Endpoint) -> None:
        self.data = data
        self.endpoint = endpoint
        self.reader = Reader(data)
        self.links = ServerLinks()
        self.entries = search.build_index(data)  # the search index, built once
        self.search_index = search.index_json(self.entries)
        self.search_script = search.script()
        self.modified = build_time(data.store, [data.data_dir / name for name in ("graph.trig", "graph.nt",
                                                                                  "void.ttl")])

    def respond(self, request: Request) -> Response:
        """The routed response, with caching headers and gzip (`caching.py`) on what succeeded. The
        dumps are sent as stored: they are large, compressing them on every request would hold a
        thread for seconds at scale, and graph.nq.gz is their compressed form."""
        response = self.route(request)
        if response.status != 200:
            return response
        conditions = Conditions.of(request.headers)
        if request.method == "POST":  # a query sent by POST: compressed, but never cached (RFC 9111, 2)
            return encode(response, conditions.accept_encoding)
        policy = RESULTS_CACHE if request.path == "sparql" else DOCUMENT_CACHE
        return cached(response, conditions, self.modified, policy, compress=request.path not in DUMPS)

    def route(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(204, headers={"Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                                          "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match",
                                          "Access-Control-Max-Age": "86400", "Allow": "GET, HEAD, POST, OPTIONS"})
        if request.path == "sparql":
            return self.sparql(request)
        if request.method not in ("GET", "HEAD"):
            return self.error(request, 405, f"{request.method} is not allowed here", {"Allow": "GET, HEAD, OPTIONS"})
        return self.get(request)

    def get(self, request: Request) -> Response:
        path, data = request.path, self.data
        if path == "":
            return self.html(request, lambda: pages.home_page(self.reader.home(), self.links))
        if path == ".well-known/void" and (void := data.void_path()):
            return self.negotiated(request, void)
        if path == search.SEARCH_PAGE:
            query = request.param("q") or ""
            return self.html(request, lambda: pages.search_page(query, search.search(self.entries, query), self.links))
        if path == search.INDEX_FILE:
            return Response(200, self.search_index, "application/json")
        if path == search.STATIC_SCRIPT:
            return Response(200, self.search_script, "text/javascript")
        if path.endswith("/") and path[:-1] in INDEXES:
            return self.html(request, lambda: pages.index_page(self.reader.index(path[:-1]), self.links))
        if path in DUMPS and (data.data_dir / path).is_file():
            return Response(200, (data.data_dir / path).read_bytes(), MEDIA_TYPES[path.rpartition(".")[2]])
        if path in data.documents:
            return self.see_other(request, path) if data.is_thing(path) else self.negotiated(request, path)
        stem, dot, ext = path.rpartition(".")
        if dot and ext in FORMATS and stem in data.documents:
            return Response(200, render(data, stem, ext, self.links), FORMATS[ext])
        return self.error(request, 404, f"nothing is published at /{path}")

    def choose(self, request: Request) -> str | Response:
        """The format to send (`?format=` first, then Accept), or the error response."""
        try:
            fmt = choose_format(request.accept, request.param("format"))
        except KeyError as unknown:
            return self.error(request, 400, f"unknown format {unknown}: use one of {', '.join(FORMATS)}")
        if fmt is None:
            offered = ", ".join(FORMATS.values())
            return self.error(request, 406, f"not available in any type accepted; offered: {offered}",
                              {"Vary": "Accept"})
        return fmt

    def see_other(self, request: Request, path: str) -> Response:
        fmt = self.choose(request)
        if isinstance(fmt, Response):
            return fmt
        location = self.links.file(f"{path}.{fmt}")
        return text(303, f"See Other: {location}", {"Location": location, "Vary": "Accept"})

    def negotiated(self, request: Request, path: str) -> Response:
        fmt = self.choose(request)
        if isinstance(fmt, Response):
            return fmt
        return Response(200, render(self.data, path, fmt, self.links), FORMATS[fmt],
                        {"Content-Location": self.links.file(f"{path}.{fmt}"), "Vary": "Accept"})

    def html(self, request: Request, page: Callable[[], str]) -> Response:
        if choose(request.accept, ["text/html"]) is None:
            return self.error(request, 406, "this page is only available as text/html", {"Vary": "Accept"})
        return Response(200, page().encode("utf-8"), HTML, {"Vary": "Accept"})

    @staticmethod
    def wants_page(request: Request) -> bool:
        """Whether the client prefers HTML to plain text: browsers do, `*/*` clients do not."""
        return choose(request.accept, ["text/plain", "text/html"]) == "text/html"

    def error(self, request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        """An error as a page for browsers, as plain text for everything else."""
        if self.wants_page(request):
            return Response(status, pages.error_page(status, message, self.links).encode("utf-8"), HTML, headers or {})
        return text(status, message, headers)

    def sparql(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return self.error(request, 405, f"{request.method} is not allowed here",
                              {"Allow": "GET, HEAD, POST, OPTIONS"})
        as_page = self.wants_page(request) and request.param("format") in (None, "html")
        try:
            query = parse_request(request.method, request.params, request.headers.get("Content-Type"),
                                  request.body, request.accept, allow_service=self.endpoint.limits.allow_service)
        except Refused as refused:
            return self.sparql_error(refused.status, refused.message, as_page)
        if query is None:
            if not as_page:
                return text(400, "no query: pass it as ?query=, or POST it")
            example = query_file("sessions")
            form = pages.sparql_page(example.read_text(encoding="utf-8") if example else "", self.links)
            return Response(200, form.encode("utf-8"), HTML)
        answer = self.endpoint.run(query)
        if answer.status != 200:
            return self.sparql_error(answer.status, answer.body.decode("utf-8"), as_page, query.query)
        if not answer.html:
            return Response(200, answer.body, answer.media_type, {"Vary": "Accept"})
        shown = answer.body.decode("utf-8") if answer.media_type == "text/turtle" else self.reader.results(answer.body)
        page = pages.sparql_page(query.query, self.links, pages.results(shown, self.links))
        return Response(200, page.encode("utf-8"), HTML, {"Vary": "Accept"})

    def sparql_error(self, status: int, message: str, as_page: bool, query: str = "") -> Response:
        if as_page:
            return Response(status, pages.sparql_page(query, self.links, message=message).encode("utf-8"), HTML)
        return text(status, message)


class Handler(BoundedHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def version_string(self) -> str:
        return "npc-kg"

    def _respond(self) -> None:
        try:
            path, params = parse_target(self.path)
            body = self._body()
        except Refused as refused:  # the body may be unread: do not reuse the connection
            self.close_connection = True
            response = text(refused.status, refused.message)
        else:
            response = self.server.app.respond(Request(self.command, path, params, self.headers, body))
        self._send(response)

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise Refused(411, "chunked request bodies are not accepted: send Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Refused(400, "bad Content-Length") from None
        if length > MAX_BODY or length < 0:
            raise Refused(413, f"the request body is larger than {MAX_BODY} bytes")
        return self.rfile.read(length) if length else b""

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        headers = {**CORS, "X-Content-Type-Options": "nosniff", **response.headers}
        if response.media_type:
            media = response.media_type
            if media.startswith("text/") and "charset" not in media:
                media += "; charset=utf-8"
            headers["Content-Type"] = media
            if media.startswith("text/html"):
                headers["Content-Security-Policy"] = pages.CSP + "; frame-ancestors 'none'"
        if response.status not in (204, 304):  # neither has a body; a 304's length would be the 200's
            headers["Content-Length"] = str(len(response.body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_HEAD = do_POST = do_OPTIONS = do_PUT = do_DELETE = do_PATCH = _respond


class Server(PooledHTTPServer):
    """Listens as soon as it is made; answers with `app`, which is set once the address is known
    (the dataset description states the endpoint's URL, port included)."""

    app: App


def sparql_url(host: str, port: int, public_url: str | None = None) -> str:
    """The SPARQL endpoint's URL: under the URL clients reach the server at, when it is behind a
    reverse proxy (`public_url`), else at the address given to listen on (the machine's name when
    that is every interface, 0.0.0.0)."""
    if public_url:
        return public_url.rstrip("/") + "/sparql"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # a name, such as localhost
        return f"http://{host}:{port}/sparql"
    if address.is_unspecified:
        return f"http://{socket.gethostname()}:{port}/sparql"
    return f"http://[{host}]:{port}/sparql" if address.version == 6 else f"http://{host}:{port}/sparql"


class Stopped(KeyboardInterrupt):
    """Ctrl-C (exit 130, as shells report SIGINT) or SIGTERM (exit 0: a service manager's stop)."""

    def __init__(self, exit_code: int) -> None:
        super().__init__()
        self.exit_code = exit_code


def _stop(signum: int, _frame: object) -> None:
    raise Stopped(0 if signum == signal.SIGTERM else 130)


def run(data_dir: Path, host: str, port: int, base: str | None, limits: Limits,
        announce: Callable[[str], None], public_url: str | None = None) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the query workers; the exit code."""
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    endpoint = None
    try:
        data = load(data_dir, base)  # a bad build is reported before anything listens
        try:
            server = Server((host, port), Handler, limits)
        except OSError as err:
            raise InputError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
        with server:
            data = data.served_at(sparql_url(host, server.server_port, public_url))
            endpoint = Endpoint(data, limits)
            server.app = App(data, endpoint)
            announce(f"Serving {data_dir} at http://{host}:{server.server_port}/ "
                     f"(IRIs under {data.base}); press Ctrl-C to stop")
            server.serve_forever()
    except Stopped as stopped:
        return stopped.exit_code
    finally:
        for stop in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not interrupt the cleanup
            signal.signal(stop, signal.SIG_IGN)
        if endpoint is not None:
            endpoint.close()
    return 0
