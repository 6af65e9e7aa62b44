"""Where candidates come from: Wikidata, or a file shaped like it.

One SPARQL query asks for the items that carry a given label or alias (in English or Chinese) and
for what tells namesakes apart: P31 (instance of), P39 (position held, with its P580/P582 start and
end dates and P2937 parliamentary term qualifiers) and P463 (member of). The same query text runs
against the Wikidata Query Service, any SPARQL 1.1 endpoint holding Wikidata-shaped data (a local
Oxigraph server loaded with reference/wikidata.ttl), and that file read in process with pyoxigraph;
only the transport differs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph
from rdflib import Literal

from .. import __version__
from ..errors import InputError, RemoteError
from ..rdf.namespaces import PQ, PS, RDFS, SKOS, WD, WDT, P
from ..remote import request, service_name

WDQS = "https://query.wikidata.org/sparql"
USER_AGENT = f"npc-kg/{__version__} (https://w3id.org/npc-kg; links NPC session articles to Wikidata) Python-urllib"
LANGUAGES = ("en", "zh")
BATCH = 40  # names per query: keeps each request small enough for the public endpoint's limits
QID = re.compile(r"Q[1-9][0-9]*")

Row = Mapping[str, str]  # one solution: variable -> IRI or lexical form


@dataclass(frozen=True)
class PositionHeld:
    """One P39 statement: the post, its dates and the parliamentary term, where Wikidata has them."""

    position: str
    start: dt.date | None = None
    end: dt.date | None = None
    term: str | None = None


@dataclass(frozen=True)
class Candidate:
    qid: str
    labels: tuple[tuple[str, str, bool], ...]  # (text, language, is the item's label and not an alias)
    types: frozenset[str] = frozenset()
    positions: frozenset[PositionHeld] = frozenset()
    member_of: frozenset[str] = frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(text for text, _, _ in self.labels)

    @property
    def label(self) -> str:
        """The English label, else an English alias, else any name: for people reviewing the candidate."""
        ranked = sorted(self.labels, key=lambda n: (n[1] != "en", not n[2], n[0]))
        return ranked[0][0] if ranked else self.qid


class ReferenceSource(Protocol):
    def search(self, names: Collection[str]) -> Mapping[str, tuple[Candidate, ...]]:
        """The items labelled exactly `name`, for each name."""
        ...


def candidate_query(names: Iterable[str]) -> str:
    values = " ".join(Literal(name, lang=language).n3() for name in sorted(set(names)) for language in LANGUAGES)
    prefixes = {"rdfs": RDFS, "skos": SKOS, "wdt": WDT, "p": P, "ps": PS, "pq": PQ}
    header = "\n".join(f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in prefixes.items())
    return f"""{header}
SELECT ?name ?item ?label ?labelLang ?labelProperty ?type ?position ?start ?end ?term ?memberOf WHERE {{
  VALUES ?name {{ {values} }}
  ?item rdfs:label|skos:altLabel ?name .
  {{ VALUES ?labelProperty {{ rdfs:label skos:altLabel }}
     ?item ?labelProperty ?label .
     BIND(LANG(?label) AS ?labelLang)
     FILTER(LANGMATCHES(?labelLang, "en") || LANGMATCHES(?labelLang, "zh")) }}
  UNION {{ ?item wdt:P31 ?type }}
  UNION {{ ?item p:P39 ?statement .
           ?statement ps:P39 ?position .
           OPTIONAL {{ ?statement pq:P580 ?start }}
           OPTIONAL {{ ?statement pq:P582 ?end }}
           OPTIONAL {{ ?statement pq:P2937 ?term }} }}
  UNION {{ ?item wdt:P463 ?memberOf }}
}}"""


def search_with(run: Callable[[str], Iterable[Row]], names: Collection[str]) -> dict[str, tuple[Candidate, ...]]:
    """Ask `run` the candidate query in batches and gather its rows into candidates per name."""
    ordered = sorted(set(names))
    batches = (ordered[start:start + BATCH] for start in range(0, len(ordered), BATCH))
    return collect(row for batch in batches for row in run(candidate_query(batch)))


def collect(rows: Iterable[Row]) -> dict[str, tuple[Candidate, ...]]:
    by_name: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[tuple[str, str, bool]]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    positions: dict[str, set[PositionHeld]] = defaultdict(set)
    member_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        qid = _qid(row.get("item"))
        if qid is None:
            continue
        by_name[row["name"]].add(qid)
        if "label" in row:
            labels[qid].add((row["label"], row.get("labelLang", ""), row.get("labelProperty") == str(RDFS.label)))
        if kind := _qid(row.get("type")):
            types[qid].add(kind)
        if post := _qid(row.get("position")):
            positions[qid].add(PositionHeld(post, _date(row.get("start")), _date(row.get("end")),
                                            _qid(row.get("term"))))
        if body := _qid(row.get("memberOf")):
            member_of[qid].add(body)
    candidates = {qid: Candidate(qid, tuple(sorted(labels[qid])), frozenset(types[qid]),
                                 frozenset(positions[qid]), frozenset(member_of[qid]))
                  for qids in by_name.values() for qid in qids}
    return {name: tuple(candidates[qid] for qid in sorted(qids, key=lambda q: int(q[1:])))
            for name, qids in by_name.items()}


class LocalReference:
    """A Wikidata-shaped RDF file (Turtle or N-Triples), queried in process with pyoxigraph."""

    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        formats = {".ttl": pyoxigraph.RdfFormat.TURTLE, ".nt": pyoxigraph.RdfFormat.N_TRIPLES}
        if path.suffix not in formats:
            raise InputError("a reference file must be Turtle (.ttl) or N-Triples (.nt)", str(path), 1)
        self._store = pyoxigraph.Store()
        try:
            self._store.load(path=str(path), format=formats[path.suffix])
        except (OSError, SyntaxError) as error:
            raise InputError(f"cannot read the reference: {error}", str(path), 1) from error

    def search(self, names: Collection[str]) -> dict[str, tuple[Candidate, ...]]:
        return search_with(self._rows, names)

    def _rows(self, query: str) -> list[Row]:
        solutions = self._store.query(query)
        variables = [v.value for v in solutions.variables]
        return [{v: term.value for v in variables if (term := solution[v]) is not None} for solution in solutions]


class SparqlReference:
    """A SPARQL 1.1 endpoint over HTTP: the Wikidata Query Service unless told otherwise."""

    def __init__(self, endpoint: str = WDQS, timeout: float = 60.0, user_agent: str = USER_AGENT) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.user_agent = user_agent

    def search(self, names: Collection[str]) -> dict[str, tuple[Candidate, ...]]:
        return search_with(self._rows, names)

    def _rows(self, query: str) -> list[Row]:
        """The query's solutions, through the shared HTTP client (`remote`), which never sends the
        user's store credentials to this service."""
        response = request("POST", self.endpoint, body=urllib.parse.urlencode({"query": query}).encode(),
                           headers={"Accept": "application/sparql-results+json", "User-Agent": self.user_agent,
                                    "Content-Type": "application/x-www-form-urlencoded"},
                           timeout=self.timeout, store_credentials=False)
        try:
            bindings = json.loads(response.body)["results"]["bindings"]
            return [{variable: term["value"] for variable, term in binding.items()} for binding in bindings]
        except (ValueError, KeyError, TypeError, AttributeError) as error:  # not JSON, or not SPARQL results
            raise RemoteError(f"SPARQL endpoint {service_name(self.endpoint)} failed: "
                              f"not a SPARQL JSON results answer ({type(error).__name__})") from None


def _qid(iri: str | None) -> str | None:
    local = iri.removeprefix(str(WD)) if iri and iri.startswith(str(WD)) else None
    return local if local and QID.fullmatch(local) else None


def _date(value: str | None) -> dt.date | None:
    """The day of a Wikidata time ('2013-03-14T00:00:00Z'); None when absent or not a plain CE date."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
