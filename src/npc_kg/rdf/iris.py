"""The one place where IRIs are minted.

IRIs are readable and stable: they are built from what identifies a thing in the world (a congress
number and session ordinal, a person's name, a catalogue key), never from file order or counters
that would shift when an article is edited elsewhere. The same person named in two articles gets
one IRI. The base is configurable (`--base`, or `NPC_KG_BASE`).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/npc-kg/id/"


def slug(text: str, limit: int = 80) -> str:
    """Lower-case ASCII words joined by hyphens; tone marks and punctuation dropped."""
    return _cut(_words(text), limit) or "unnamed"


def _words(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'s ", "s ")))


def _cut(words: str, limit: int) -> str:
    """At most `limit` characters of hyphenated words, cut at a hyphen where there is one."""
    return words if len(words) <= limit else words[:limit].rsplit("-", 1)[0]


def segment(text: str, limit: int = 80) -> str:
    """A name as an IRI path segment: its slug, and when that is cut short, a short hash of all of
    it, so that two names that differ only past the cut (two long report titles) stay two IRIs."""
    words = _words(text)
    if len(words) <= limit:
        return words or "unnamed"
    return f"{_cut(words, limit - 9)}-{hashlib.sha256(words.encode()).hexdigest()[:8]}"


def file_segment(stem: str) -> str:
    """A file name (an article's stem) as an IRI path segment: percent-encoded, so that any name
    (spaces, '#', '<', quotes, newlines) makes a valid IRI, and the common ones stay as they are."""
    return quote(stem, safe="")


def base_from_env() -> str:
    return os.environ.get("NPC_KG_BASE", DEFAULT_BASE)


def build_base(void_ttl: bytes, name: str = "void.ttl") -> str:
    """The base IRI a build was made with, read back from its VoID description (void:uriSpace)."""
    import pyoxigraph

    from ..errors import InputError
    from .namespaces import VOID

    try:
        quads = list(pyoxigraph.parse(void_ttl, format=pyoxigraph.RdfFormat.TURTLE, base_iri=DEFAULT_BASE))
    except SyntaxError as err:
        raise InputError(f"not valid Turtle: {err.msg}", name, err.lineno) from None
    for quad in quads:
        if quad.predicate.value == str(VOID.uriSpace):
            return quad.object.value
    raise InputError("no void:uriSpace: cannot tell the build's base IRI (pass --base)", name)


class Minter:
    """Mints every IRI of the graph under one base."""

    def __init__(self, base: str | None = None) -> None:
        base = base or base_from_env()
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # entities shared across articles
    def congress(self, number: int) -> URIRef:
        return self._iri(f"congress/{number}")

    def session(self, congress: int, ordinal: int) -> URIRef:
        return self._iri(f"session/{congress}-{ordinal}")

    def person(self, name: str) -> URIRef:
        return self._iri(f"person/{segment(name)}")

    def office(self, key: str) -> URIRef:
        return self._iri(f"office/{key}")

    def organization(self, key: str) -> URIRef:
        return self._iri(f"organization/{key}")

    def place(self, name: str) -> URIRef:
        return self._iri(f"place/{segment(name)}")

    def term(self, person: URIRef, office: URIRef, start: str) -> URIRef:
        """One person's term in one office, from the day it began (YYYY-MM-DD): a re-election is a
        new term, so the start is part of what identifies it. Built from the person's and the
        office's IRIs, which are this minter's."""
        office_key = str(office).removeprefix(str(self._iri("office/")))
        return URIRef(f"{person}/term/{office_key}/{start}")

    # things that exist within one session
    def tenure(self, session: URIRef, person: str, office: str, role: str) -> URIRef:
        """A session's statement that a person holds an office: per session and role, because the
        role (incumbent, outgoing, elected) is relative to the session that states it, and one
        session can see a holder both go and be re-elected."""
        return URIRef(f"{session}/tenure/{segment(person)}/{office}/{role}")

    def report(self, session: URIRef, key: str) -> URIRef:
        return URIRef(f"{session}/report/{key}")

    def resolution(self, session: URIRef, topic: str) -> URIRef:
        return URIRef(f"{session}/resolution/{segment(topic)}")

    def vote(self, resolution: URIRef, tally: int = 0) -> URIRef:
        return URIRef(f"{resolution}/vote" if tally == 0 else f"{resolution}/vote-{tally + 1}")

    def count(self, vote: URIRef, option: str) -> URIRef:
        return URIRef(f"{vote}/{option}")

    def indicator(self, session: URIRef, kind: str, position: int) -> URIRef:
        return URIRef(f"{session}/{kind}/{position}")

    def guideline(self, session: URIRef, position: int) -> URIRef:
        return URIRef(f"{session}/guideline/{position}")

    # provenance and publication
    def article(self, stem: str) -> URIRef:
        return self._iri(f"article/{file_segment(stem)}")

    def source_line(self, article: URIRef, line: int) -> URIRef:
        return URIRef(f"{article}#L{line}")

    def unread_number(self, line: URIRef, position: int) -> URIRef:
        """The `position`-th number of a source line that no fact was read from."""
        return URIRef(f"{line}-unread-{position}")

    def article_graph(self, stem: str) -> URIRef:
        return self._iri(f"graph/{file_segment(stem)}")

    def provenance_graph(self) -> URIRef:
        return self._iri("graph/provenance")

    def shared_graph(self) -> URIRef:
        """The named graph of what more than one article states (people, offices, organisations,
        places, congress terms), so that each triple is in one graph only (see `map.assemble`)."""
        return self._iri("graph/shared")

    def dataset(self) -> URIRef:
        return self._iri("dataset")

    def dataset_part(self, name: str) -> URIRef:
        """A part of the dataset's description (a class partition, a linkset, its rights
        statement), named within the dataset's document."""
        return URIRef(f"{self.dataset()}#{name}")

    def figures_dataset(self) -> URIRef:
        """The qb:DataSet whose observations are the build's economic figures (see `cube`)."""
        return self._iri("dataset/figures")

    def dump(self, file_name: str) -> URIRef:
        """Where a build file is published (npc-kg serve answers it at /<file_name>)."""
        return self._iri(file_name)

    def build(self) -> URIRef:
        return self._iri("build")

    def software(self, version: str) -> URIRef:
        return self._iri(f"software/npc-kg/{version}")

    # links to Wikidata
    def link(self, entity: URIRef, qid: str) -> URIRef:
        """The statement that `entity` is the Wikidata item `qid`: readable from the entity's own path
        (link/person/xi-jinping/Q15031), so it stays put while the entity does."""
        path = str(entity).removeprefix(self.base) if str(entity).startswith(self.base) else segment(str(entity))
        return self._iri(f"link/{path}/{qid}")

    def links_graph(self) -> URIRef:
        return self._iri("graph/links")

    def vocabulary_graph(self) -> URIRef:
        """The named graph of the vocabulary a build publishes with its data (ontology/*.ttl: the
        ontology, the Data Cube structure and code lists), so that term labels can be queried."""
        return self._iri("graph/vocabulary")

    def void_graph(self) -> URIRef:
        """The named graph a triple store keeps the dataset description (void.ttl) in."""
        return self._iri("graph/void")
