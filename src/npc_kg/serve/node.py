"""An RDF term as a page shows it: a label where one exists, else a readable name, never a raw path."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES

_LINE = re.compile(r"L(\d{1,9})")


def iri(term: object) -> ox.NamedNode:
    """An rdflib namespace term as a pyoxigraph node."""
    return ox.NamedNode(str(term))


def curie(value: str) -> str | None:
    for prefix, namespace in PREFIXES.items():
        local = value.removeprefix(str(namespace))
        if local != value and local and all(c.isalnum() or c in "_-." for c in local):
            return f"{prefix}:{local}"
    return None


def readable(path: str) -> str:
    """A name for a resource without a label, from its path under the base: the segments below the
    first (for a deep path, the resource it belongs to and the last three), words for slugs
    ("li-keqiang" -> "li keqiang"), "line 62" for `#L62`:
    `session/12-2/tenure/li-keqiang/premier/incumbent` -> "session 12-2 · li keqiang · premier · incumbent"."""
    document, _, fragment = path.partition("#")
    segments = [s.replace("-", " ") if not any(c.isdigit() for c in s) else s for s in document.split("/")]
    if len(segments) > 4:
        words = [f"{segments[0]} {segments[1]}", *segments[-3:]]
    else:
        words = segments[1:] or segments
    if fragment:
        line = _LINE.fullmatch(fragment)
        words.append(f"line {line[1]}" if line else fragment)
    return " · ".join(words)


@dataclass(frozen=True)
class Node:
    """An RDF term as a page shows it."""

    text: str  # a label, a prefixed name, a readable name or a literal's lexical form
    iri: str | None = None  # None for a literal
    path: str | None = None  # the document that describes it on this server
    fragment: str = ""
    datatype: str | None = None  # for typed literals other than xsd:string
    lang: str | None = None
