"""Search by name: a small index built once from the data, answered by the server and, in a static
site, by `static/search.js` in the browser, with the same matching and the same order.

The index lists what a reader looks for by name (sessions, people, offices, organisations, measures,
resolutions and reports), each with its label, type, IRI, document path and a short description.
It is deterministic, compact JSON (`index_json`), served at /search.json and written beside a
static site, where `search.html` carries it as a JSON data block (browsers refuse `fetch` from a
page opened as a file, and a data block is no script, so the pages' Content-Security-Policy holds).

Matching (`normalise`, `matches`, `rank` here; `search.js` is their twin): label and query are
folded (Unicode NFKD, combining marks dropped, lower case, every run of other than letters and
digits one space); an item matches when the folded query is a substring of its folded label, or
each query word starts some label word. Order: the label equal to the query, then starting with
it, then a word prefix for each query word, then any substring; within each, shorter labels first,
then by folded label and IRI.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path

import pyoxigraph as ox

from ..rdf.namespaces import DCTERMS, MEASURE, NPC, ORG, RDF, RDFS, SCHEMA, SKOS
from .dataset import Dataset, natural
from .links import Links, SiteLinks
from .views import Reader, iri

# What is searched, by type name, in this order of preference among equal matches.
KINDS = (("session", NPC.Session), ("person", SCHEMA.Person), ("office", ORG.Post),
         ("organisation", ORG.Organization), ("resolution", NPC.Resolution), ("report", NPC.Report))
MEASURE_KIND = "measure"  # the concepts of the measures scheme
DESCRIPTIONS = (SKOS.definition, RDFS.comment, DCTERMS.description, SCHEMA.description)
MAX_DESCRIPTION = 120  # characters
MAX_RESULTS = 50
_OTHER = re.compile(r"[\W_]+")
STATIC_SCRIPT = "static/search.js"
SEARCH_PAGE = "search.html"
INDEX_FILE = "search.json"


@dataclass(frozen=True)
class Entry:
    label: str
    type: str
    iri: str
    path: str | None  # the document describing it on this server, if there is one
    description: str


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _OTHER.sub(" ", bare.lower()).strip()


def rank(entry: Entry, query: str) -> int | None:
    """0 equal, 1 prefix, 2 each query word starts a label word, 3 substring; None: no match."""
    label = normalise(entry.label)
    if not query:
        return None
    if label == query:
        return 0
    if label.startswith(query):
        return 1
    words = label.split(" ")
    if all(any(word.startswith(part) for word in words) for part in query.split(" ")):
        return 2
    return 3 if query in label else None


def search(entries: list[Entry], text: str) -> list[Entry]:
    """The entries matching `text`, best first (see the module's docstring)."""
    query = normalise(text)
    scored = [(score, len(e.label), normalise(e.label), e.iri, e) for e in entries
              if (score := rank(e, query)) is not None]
    return [found[-1] for found in sorted(scored, key=lambda s: s[:4])]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DESCRIPTION else text[:MAX_DESCRIPTION - 1].rstrip() + "…"


def _description(reader: Reader, subject: ox.NamedNode, kind: str) -> str:
    """Its own description if it has one; else what places it: a session's year, the offices a
    person held, the session of a resolution or report."""
    for predicate in DESCRIPTIONS:
        if (value := reader.value(subject, predicate)) is not None:
            return _short(value.value)
    if kind == "session" and (year := reader.value(subject, NPC.year)) is not None:
        return f"Session held in {year.value}"
    if kind == "person":
        offices = {reader.label(office) or office.value
                   for q in reader.store.quads_for_pattern(None, iri(ORG.member), subject)
                   for office in reader.objects(q.subject, NPC.office) if isinstance(office, ox.NamedNode)}
        return _short(", ".join(sorted(offices, key=natural)))
    sessions = sorted(reader.label(s) or s.value for s in reader.objects(subject, NPC.session)
                      if isinstance(s, ox.NamedNode))
    return _short("; ".join(sessions))


def build_index(data: Dataset) -> list[Entry]:
    """Every labelled session, person, office, organisation, measure, resolution and report."""
    reader = Reader(data)
    members: dict[str, set[ox.NamedNode]] = {
        kind: {q.subject for q in data.store.quads_for_pattern(None, iri(RDF.type), iri(cls))}
        for kind, cls in KINDS}
    members[MEASURE_KIND] = {q.subject for q in data.store.quads_for_pattern(None, iri(SKOS.inScheme),
                                                                             iri(MEASURE.scheme))}
    entries: dict[str, Entry] = {}
    for kind in (*(k for k, _ in KINDS), MEASURE_KIND):
        for subject in sorted((s for s in members[kind] if isinstance(s, ox.NamedNode)), key=lambda s: s.value):
            label = reader.label(subject)
            if label is None or subject.value in entries:
                continue
            entries[subject.value] = Entry(label, kind, subject.value, data.path(subject.value),
                                           _description(reader, subject, kind))
    return sorted(entries.values(), key=lambda e: (normalise(e.label), e.iri))


def index_json(entries: list[Entry]) -> bytes:
    """The index as compact, deterministic JSON; an entry leaves out a path or description it lacks."""
    items = [{k: v for k, v in asdict(e).items() if v} for e in entries]
    return json.dumps({"items": items}, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


# The server's page runs no script; the static one runs static/search.js only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"
STATIC_CSP = CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self';")


def search_page(query: str, found: list[Entry] | None, links: Links, index: bytes | None = None) -> str:
    """The search page: the server's results for `query`; or, given the `index` (a static site),
    an empty list that `static/search.js` fills in the browser from the index it carries."""
    items = "".join(
        f'<li><a href="{escape(links.resource(e.path) if e.path else e.iri)}">{escape(e.label)}</a> '
        f'<span class="type">{escape(e.type)}</span>'
        + (f' <span class="muted">{escape(e.description)}</span>' if e.description else "") + "</li>"
        for e in (found or [])[:MAX_RESULTS])
    if found is None:
        summary = ""
    elif not query.strip():
        summary = "<p>Type a name to search for: a session, a person, an office, a measure, a resolution.</p>"
    else:
        shown = f", the first {MAX_RESULTS} shown" if len(found) > MAX_RESULTS else ""
        summary = f"<p>{len(found)} result(s) for “{escape(query)}”{shown}.</p>"
    script = ""
    if index is not None:
        data = index.decode("utf-8").replace("</", "<\\/")  # cannot close the data block
        script = (f'<script type="application/json" id="search-index">{data}</script>\n'
                  f'<script src="{escape(links.file(STATIC_SCRIPT))}"></script>\n')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{STATIC_CSP if index is not None else CSP}">
<title>Search · npc-kg</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}}
.type{{font-size:.8rem;background:#f3f4f6;border-radius:999px;padding:0 .5rem}}.muted{{color:#666}}</style>
</head>
<body>
<p><a href="{escape(links.home())}">npc-kg</a></p>
<h1>Search</h1>
<form class="search" role="search" action="{escape(links.file(SEARCH_PAGE))}" method="get">
<input name="q" value="{escape(query)}" aria-label="search"> <button>Search</button></form>
<div id="summary">{summary}</div>
<ol id="results">{items}</ol>
<footer><p>Derived from Wikipedia articles — text under
<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>.</p></footer>
{script}</body>
</html>
"""


def script() -> bytes:
    return (Path(__file__).parent / STATIC_SCRIPT).read_bytes()


def site_files(data: Dataset) -> dict[str, bytes]:
    """What a static site needs for search: the index, the page that carries it, and its script."""
    index = index_json(build_index(data))
    return {INDEX_FILE: index, SEARCH_PAGE: search_page("", None, SiteLinks(SEARCH_PAGE), index).encode("utf-8"),
            STATIC_SCRIPT: script()}
