"""A remote SPARQL 1.1 Protocol endpoint as a query engine.

The HTTP client (`remote`: urllib.request, http.client, ssl) is imported when an endpoint is
used, not when `npc-kg query` starts: a query of local data never needs it."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import InputError, RemoteError
from ..sparql_guard import form
from .answers import oxigraph_answer, turtle
from .params import with_values
from .terms import Answer, Query, Term

ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, text/turtle;q=0.9, "
          "application/n-triples;q=0.8, application/rdf+xml;q=0.7")
# A graph answer is asked for as a graph only: Virtuoso answers CONSTRUCT in the first type of the
# Accept header, even as a table of ?s ?p ?o in SPARQL results JSON.
GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8"
# Statuses with which a query endpoint refuses one query, and other services refuse every query.
REFUSALS = (400, 405, 406, 415)
MAX_GET_URL = 2000  # longer queries are POSTed: many servers and proxies cap URL length near 2 KB


class Endpoint:
    """A SPARQL 1.1 Protocol service: GET for short queries, a form POST for long ones; results by
    content negotiation (JSON or XML results, Turtle, N-Triples or RDF/XML graphs)."""

    def __init__(self, url: str, timeout: float) -> None:
        from ..remote import target

        self.target = target(url)  # a URL that cannot be used is a usage error before anything is sent
        self.url = url
        self.timeout = timeout

    def run(self, query: Query, params: Mapping[str, Term], limit: int | None = None) -> Answer:
        from ..remote import HttpError, request, with_query

        text = with_values(query.text, params)
        headers = {"Accept": GRAPH_ACCEPT if form(text) in ("CONSTRUCT", "DESCRIBE") else ACCEPT}
        url = with_query(self.url, {"query": text})
        try:
            if len(url) <= MAX_GET_URL:
                response = request("GET", url, headers=headers, timeout=self.timeout)
            else:
                response = request("POST", self.url, body=urllib.parse.urlencode({"query": text}).encode("ascii"),
                                   headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
                                   timeout=self.timeout)
        except HttpError as err:
            if err.status in REFUSALS:  # a query endpoint refusing this query, or no query endpoint at all
                self._check_answers_queries(f"HTTP {err.status}")
            if err.status == 400:  # the service rejected the query itself: bad input, not a failed service
                raise InputError(f"the endpoint rejected the query: {err}", query.source) from None
            raise
        if (form(query.text) in ("SELECT", "ASK")
                and ox.QueryResultsFormat.from_media_type(response.media_type) is None):
            self._check_answers_queries(f"a {response.media_type} document")
        return self._answer(response.media_type, response.body, query, limit)

    def _check_answers_queries(self, what: str) -> None:
        """An answer a query endpoint would not give (an RDF document to SELECT, a 400): ask `ASK {}`,
        which every SPARQL query endpoint answers with a result; when this one does not, the URL is
        some other service (a Graph Store Protocol or update endpoint): say so, and where to ask."""
        from ..remote import HttpError, request, with_query

        try:
            probe = request("GET", with_query(self.url, {"query": "ASK {}"}), timeout=self.timeout,
                            headers={"Accept": "application/sparql-results+json, application/sparql-results+xml"})
            if ox.QueryResultsFormat.from_media_type(probe.media_type) is not None:
                return
        except HttpError as err:
            if err.status is None or err.status >= 500:
                return  # the service is failing, not misnamed: the caller reports what it got
        raise InputError(f"{self.target.name} is not a SPARQL query endpoint: it answered the query with {what}. "
                         f"It looks like a Graph Store Protocol (or update) endpoint, which `npc-kg load` writes "
                         f"to; ask the SPARQL query endpoint instead: {_query_url(self.target.name)}")

    def _answer(self, media_type: str, body: bytes, query: Query, limit: int | None) -> Answer:
        results, graph = ox.QueryResultsFormat.from_media_type(media_type), ox.RdfFormat.from_media_type(media_type)
        try:
            if results is not None:
                return oxigraph_answer(ox.parse_query_results(body, format=results), query, limit)
            if graph is not None:
                return turtle((quad.triple for quad in ox.parse(body, format=graph)), query)
        except SyntaxError as err:
            detail = self.target.secrets.redact(str(err))
            raise RemoteError(f"{self.target.name}: unreadable {media_type} answer: {detail}") from None
        raise RemoteError(f"{self.target.name}: unexpected answer of type {media_type!r}")


# The last path segment of the usual Graph Store Protocol and update endpoints.
NOT_QUERY = ("store", "data", "rdf-graph-store", "sparql-graph-crud", "sparql-graph-crud-auth", "update", "statements")


def _query_url(url: str) -> str:
    """Where the query endpoint of a service probably is."""
    parts = urllib.parse.urlsplit(url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if last.lower() in NOT_QUERY:
        guess = urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{head}/", "", ""))
        return f"{guess}query (Oxigraph), {guess}sparql (Virtuoso, Fuseki: the dataset's /sparql)"
    return "Oxigraph's is http://HOST:PORT/query, Virtuoso's http://HOST:PORT/sparql"
