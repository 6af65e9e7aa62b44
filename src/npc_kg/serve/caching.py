"""HTTP caching and compression for `npc-kg serve`: validators, conditional requests, gzip.

A server holds one build, so every document is fixed while it runs: its `ETag` is a hash of the
exact bytes sent together with their media type and content coding (the gzip and identity
representations of one page, or one body sent as two types, never share a tag), and its
`Last-Modified` the build's time, read once at start-up (`build_time`), so both are the same on
every request. A conditional GET or HEAD then gets 304 Not Modified without a body (RFC 9110,
13.1): `If-None-Match` (a list, `*`, compared weakly as RFC 9110 asks for GET) decides when sent,
and only without it does `If-Modified-Since`.

gzip is sent to a client whose Accept-Encoding accepts it (q > 0 for `gzip`, `x-gzip` or `*`) for
bodies of a compressible type above `GZIP_MIN` bytes (below that the header costs more than it
saves); the bytes are deterministic (no file name, mtime 0), so the gzip ETag is stable too.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pyoxigraph as ox

from ..rdf.namespaces import DCTERMS, PROV
from .negotiation import q_value
from .response import Response

GZIP_MIN = 1024  # bytes: a smaller body is sent as it is
# Pages, documents, the search index and the dumps change only when the server is restarted on a
# new build: shared caches may keep them five minutes, and revalidate cheaply with the ETag after.
DOCUMENT_CACHE = "public, max-age=300"
# SPARQL answers: each must be revalidated (no-cache) rather than served stale, because a client
# comparing the endpoint with `npc-kg query` after a rebuild must see the new answer; the query is
# run again to check, but a 304 still saves sending the body.
RESULTS_CACHE = "no-cache"
_COMPRESSIBLE = ("text/", "application/ld+json", "application/n-triples", "application/trig", "application/json",
                 "application/sparql-results+", "application/javascript")
# Headers a 304 repeats from the 200 it stands for (RFC 9110, 15.4.5).
_KEPT_ON_304 = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Location")


@dataclass(frozen=True)
class Conditions:
    """What a request says about the copy its client already holds."""

    if_none_match: str | None
    if_modified_since: str | None
    accept_encoding: str | None

    @classmethod
    def of(cls, headers: Message) -> Conditions:
        return cls(headers.get("If-None-Match"), headers.get("If-Modified-Since"), headers.get("Accept-Encoding"))


def build_time(store: ox.Store, files: Iterable[Path]) -> dt.datetime:
    """When the served build was made: the build activity's end (recorded from SOURCE_DATE_EPOCH)
    or the dataset's dct:modified, the latest of them; failing both, the latest mtime of the files
    the build was read from. Whole seconds, UTC, as HTTP dates have."""
    query = (f"SELECT ?t WHERE {{ {{ ?b <{PROV.endedAtTime}> ?t }} UNION {{ ?d <{DCTERMS.modified}> ?t }} }}")
    stated = []
    for row in store.query(query):
        try:
            stated.append(dt.datetime.fromisoformat(row["t"].value))
        except ValueError:
            continue
    stated = [t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc) for t in stated]
    if stated:
        when = max(stated)
    else:
        when = dt.datetime.fromtimestamp(max(path.stat().st_mtime for path in files if path.is_file()),
                                         dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).replace(microsecond=0)


def entity_tag(body: bytes, media_type: str | None, coding: str) -> str:
    digest = hashlib.sha256(f"{media_type or ''}\0{coding}\0".encode("utf-8"))
    digest.update(body)
    return f'"{digest.hexdigest()[:32]}"'


def accepts_gzip(header: str | None) -> bool:
    """Whether gzip is acceptable (RFC 9110, 12.5.3): named with q > 0, or covered by `*` with q > 0;
    an explicit `gzip;q=0` refuses it whatever `*` says. No header: identity only."""
    named: dict[str, float] = {}
    for item in (header or "").split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = q_value(value.strip())
        if coding:
            named[coding.lower()] = q
    for coding in ("gzip", "x-gzip", "*"):
        if coding in named:
            return named[coding] > 0
    return False


def _tags(header: str) -> list[str]:
    """The opaque tags of an If-None-Match list, without weakness prefixes (weak comparison)."""
    tags = []
    for item in header.split(","):
        item = item.strip()
        tags.append(item[2:] if item.startswith("W/") else item)
    return tags


def _not_modified(conditions: Conditions, tag: str, modified: dt.datetime) -> bool:
    if conditions.if_none_match is not None:
        tags = _tags(conditions.if_none_match)
        return "*" in tags or tag in tags
    if conditions.if_modified_since:
        try:
            since = parsedate_to_datetime(conditions.if_modified_since)
        except (TypeError, ValueError):
            return False  # an invalid date is ignored (RFC 9110, 13.1.3)
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.timezone.utc)
        # A date in the future is no date the server sent, and is ignored too (RFC 9110, 13.1.3).
        return modified <= since <= dt.datetime.now(dt.timezone.utc)
    return False


def _vary(headers: dict[str, str], name: str) -> dict[str, str]:
    present = [v.strip() for v in headers.get("Vary", "").split(",") if v.strip()]
    return {**headers, "Vary": ", ".join([*present, name] if name not in present else present)}


def compressible(media_type: str | None) -> bool:
    return bool(media_type) and media_type.startswith(_COMPRESSIBLE)


def encode(response: Response, accept_encoding: str | None) -> Response:
    """The response gzipped when the client accepts it and it is worth it; `Vary: Accept-Encoding`
    on every response whose coding depends on the header."""
    if not compressible(response.media_type):
        return response
    headers = _vary(response.headers, "Accept-Encoding")
    if len(response.body) < GZIP_MIN or not accepts_gzip(accept_encoding):
        return replace(response, headers=headers)
    body = gzip.compress(response.body, compresslevel=6, mtime=0)
    return replace(response, body=body, headers={**headers, "Content-Encoding": "gzip"})


def cached(response: Response, conditions: Conditions, modified: dt.datetime, cache_control: str,
           compress: bool = True) -> Response:
    """A 200 response to a GET or HEAD, encoded as the client accepts (unless not `compress`), with
    its validators and caching policy; 304 without a body when the client's copy is current."""
    if compress:
        response = encode(response, conditions.accept_encoding)
    tag = entity_tag(response.body, response.media_type, response.headers.get("Content-Encoding", "identity"))
    headers = {**response.headers, "ETag": tag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": cache_control}
    if _not_modified(conditions, tag, modified):
        return Response(304, b"", None, {name: headers[name] for name in _KEPT_ON_304 if name in headers})
    return replace(response, headers=headers)
