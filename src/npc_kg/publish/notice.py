"""The licence notice every file of the graph carries: what Wikipedia's licence asks of a reuser.

The graph is derived from Wikipedia text, which is CC BY-SA 4.0. A reuser must credit the authors
with a link to the pages reused, license the adaptation alike, say that it was changed, and keep a
licensing notice with each copy (Wikipedia's "Reusing Wikipedia content"). One function writes the
notice's lines (`notice`); Turtle, TriG, N-Triples and N-Quads carry them as `#` comments at the top
(`comment`), JSON-LD, which has no comments, under a key its context maps to null, and void.ttl
states the same as data (licence, attribution name, sources).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rdf.namespaces import CC_BY_SA, DCTERMS, PROV, SCHEMA
from ..rdf.statements import Statements

ATTRIBUTION_NAME = "Wikipedia contributors"
TITLE = "npc-kg: sessions of China's National People's Congress"


@dataclass(frozen=True, order=True)
class Source:
    """A source article: the Wikipedia page, and the revision rendered when its sidecar says."""

    url: str
    title: str
    revision: str | None = None  # the revision's permanent URL (…/w/index.php?oldid=N)
    retrieved: str | None = None  # when the text was retrieved (xsd:date or xsd:dateTime)


def sources(provenance: Statements) -> list[Source]:
    """The source articles of a build, read from its provenance graph, in URL order."""
    url, title, revision, retrieved = map(str, (SCHEMA.url, DCTERMS.title, PROV.wasDerivedFrom, DCTERMS.created))
    facts: dict[str, dict[str, str]] = {}
    for triple in provenance.having(url, title, revision, retrieved):
        facts.setdefault(triple.subject.value, {})[triple.predicate.value] = triple.object.value
    # only an npc:Article has a schema:url in the provenance graph
    return sorted(Source(values[url], values.get(title, ""), values.get(revision), values.get(retrieved))
                  for values in facts.values() if url in values)


def notice(found: list[Source]) -> list[str]:
    """The notice's lines: licence, attribution (with the changes made) and every source page."""
    lines = [
        f"{TITLE}.",
        f"Licence: Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0), {CC_BY_SA}",
        f"Attribution: derived from the text of the English Wikipedia articles below, by {ATTRIBUTION_NAME}, "
        "under CC BY-SA 4.0.",
        "Changes: facts were extracted from the text, validated and written as RDF (with links to Wikidata where "
        "found) by npc-kg; the result is shared under the same licence.",
        "Source articles:",
    ]
    for source in found:
        known = [f"revision {source.revision}" if source.revision else "",
                 f"retrieved {source.retrieved}" if source.retrieved else ""]
        detail = ", ".join(part for part in known if part)
        lines.append(f"  {source.title} <{source.url}>" + (f" ({detail})" if detail else ""))
    return lines


def comment(lines: list[str]) -> bytes:
    """The notice as `#` comment lines, then a blank line: legal at the top of Turtle, TriG,
    N-Triples and N-Quads alike."""
    return "".join(f"# {line}\n".replace("# \n", "#\n") for line in lines).encode("utf-8") + b"\n"
