"""JSON-LD for developers: compact JSON-LD with a context of term definitions, written straight
from sorted N-Triples text.

The context is derived from the data, so it is right by construction: each property gets a term
(its local name, or its prefixed name where two vocabularies share a local name) and, when every
value it has is of one kind, the coercion that lets a consumer read plain JSON: `"@type": "@id"`
for links, the datatype for typed literals (`"line": 12`, `"value": "7.7"`), the language for
labels, a language map for names in several languages. A property whose values are of more than
one kind is coerced to nothing, and its values stay explicit. Integers and booleans are written as
JSON numbers and booleans only when that is exactly their canonical lexical form (and an integer is
one JavaScript reads exactly), since a JSON-LD processor turns a native value back into canonical
text; every other literal keeps its lexical form as a string, so expanding the document gives back
exactly the triples of graph.nt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..gc_pause import no_cycle_collection
from ..rdf.namespaces import PREFIXES, RDF, XSD

_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
RDF_TYPE = f"<{RDF.type}>"
XSD_STRING, XSD_INTEGER, XSD_BOOLEAN = str(XSD.string), str(XSD.integer), str(XSD.boolean)
# The top-level key that carries the licence notice: mapped to null, so it is never read as data.
NOTICE_KEY = "licence"
IRI, STRING = "@id", "string"  # kinds of value, besides ("@language", tag) and a datatype IRI
_TERM = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,100}")
_SAFE_INTEGER = 2 ** 53  # beyond this a JavaScript consumer would read a JSON number inexactly
NT_ESCAPE = re.compile(r'\\(?:([tbnrf"\'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))')
NT_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_JSON = json.JSONEncoder(ensure_ascii=False)


@dataclass(frozen=True)
class Term:
    """How one property (or class) is written: its key in a node, and how its values are."""

    key: str
    kind: str | tuple[str, str] | None  # IRI, a datatype, ("@language", tag), "@language" (a map), None


def jsonld(ntriples: bytes, notice: Sequence[str] = ()) -> bytes:
    """Compact JSON-LD of sorted N-Triples text (no blank nodes, as a build has none), with the
    derived context embedded, and the licence notice (when given) under the ignored key
    `licence`. One node per line: readable, diff-friendly, and json's fast C encoder."""
    return _Document.read(ntriples).render(notice)


def jsonld_files(ntriples: bytes, notice: Sequence[str]) -> tuple[bytes, bytes]:
    """graph.jsonld and context.jsonld (its context as a file of its own), from one reading."""
    document = _Document.read(ntriples)
    context = json.dumps({"@context": document.context()}, ensure_ascii=False, indent=2)
    return document.render(notice), f"{context}\n".encode("utf-8")


class _Document:
    """The nodes of a graph, each with its statements as written, and the term of each property
    and class, derived from the kinds of value each property has (a class has none)."""

    def __init__(self, nodes: list[tuple[str, list[tuple[str, str]]]], kinds: dict[str, set]) -> None:
        self.nodes = nodes  # (subject IRI, [(predicate as written, object as written)])
        self.terms = _terms(kinds)

    @classmethod
    def read(cls, ntriples: bytes) -> _Document:
        """The nodes, and the kinds of value each property has (each subject's lines come
        together in sorted N-Triples, and no IRI has a space)."""
        nodes: list[tuple[str, list[tuple[str, str]]]] = []
        kinds: dict[str, set] = {}
        subject = None
        statements: list[tuple[str, str]] = []
        with no_cycle_collection():  # a few containers per subject, no cycles
            for line in ntriples.decode("utf-8").splitlines():
                if not line or line[0] == "#":
                    continue
                this, predicate, obj = line.split(" ", 2)
                obj = obj[:-2]
                if this != subject:
                    subject, statements = this, []
                    nodes.append((this[1:-1], statements))
                statements.append((predicate, obj))
                if predicate == RDF_TYPE:
                    kinds.setdefault(obj[1:-1], set())  # a class, named by a term too
                else:
                    kinds.setdefault(predicate[1:-1], set()).add(_kind(obj))
        return cls(nodes, kinds)

    def context(self) -> dict:
        """The prefixes, the notice's key, and a definition for each term that needs one, sorted."""
        definitions: dict[str, object] = {}
        for iri, term in self.terms.items():
            definition: dict[str, str] = {"@id": compact(iri)}
            if term.kind == IRI:
                definition["@type"] = "@id"
            elif term.kind == "@language":
                definition["@container"] = "@language"
            elif isinstance(term.kind, tuple):
                definition["@language"] = term.kind[1]
            elif term.kind is not None:
                definition["@type"] = compact(term.kind)
            if len(definition) > 1 or term.key != definition["@id"]:
                definitions[term.key] = definition if len(definition) > 1 else definition["@id"]
        return {**_PREFIXES, NOTICE_KEY: None, **dict(sorted(definitions.items()))}

    def render(self, notice: Sequence[str]) -> bytes:
        context = json.dumps(self.context(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        head = f'{{\n  "@context": {context},\n'
        if notice:
            head += f'  "{NOTICE_KEY}": {_JSON.encode(list(notice))},\n'
        body = ",\n    ".join(_JSON.encode(self.node(subject, statements)) for subject, statements in self.nodes)
        return f'{head}  "@graph": [\n    {body}\n  ]\n}}\n'.encode("utf-8")

    def node(self, subject: str, statements: list[tuple[str, str]]) -> dict:
        node: dict = {"@id": subject}
        for predicate, obj in statements:
            if predicate == RDF_TYPE:
                node.setdefault("@type", []).append(self.terms[obj[1:-1]].key)
                continue
            term = self.terms[predicate[1:-1]]
            if term.kind == "@language":
                end = obj.rindex('"')
                node.setdefault(term.key, {}).setdefault(obj[end + 2:], []).append(_text(obj[1:end]))
            else:
                node.setdefault(term.key, []).append(_value(obj, term.kind))
        return {key: _single(values) for key, values in node.items()}


def _single(values: object) -> object:
    """One value as itself, not a list of one, as JSON-LD compaction writes it (`"line": 12`)."""
    if isinstance(values, dict):
        return {key: _single(value) for key, value in values.items()}
    return values[0] if isinstance(values, list) and len(values) == 1 else values


def _kind(obj: str) -> str | tuple[str, str]:
    if obj[0] == "<":
        return IRI
    end = obj.rindex('"')
    rest = obj[end + 1:]
    if rest.startswith("@"):
        return ("@language", rest[1:])
    if not rest or rest[3:-1] == XSD_STRING:
        return STRING
    return rest[3:-1]


def _terms(kinds: dict[str, set]) -> dict[str, Term]:
    """Each property's and class's term: its local name where no other of them has that name (and
    it is a plain word that is not a prefix), else its prefixed name. A property's values are
    coerced when they are all of one kind; lang-tagged values of several languages make a map."""
    names = {iri: _local(iri) for iri in kinds}
    taken: dict[str, int] = {}
    for name in names.values():
        taken[name] = taken.get(name, 0) + 1
    terms = {}
    for iri, found in sorted(kinds.items()):
        name = names[iri]
        plain = taken[name] == 1 and _TERM.fullmatch(name) and name not in _PREFIXES and name != NOTICE_KEY
        kind: str | tuple[str, str] | None = None
        if len(found) == 1:
            (kind,) = found
            kind = None if kind == STRING else kind
        elif found and all(isinstance(k, tuple) for k in found):
            kind = "@language"
        terms[iri] = Term(name if plain else compact(iri), kind)
    return terms


def _local(iri: str) -> str:
    short = compact(iri)
    return short.split(":", 1)[1] if short != iri else iri


@lru_cache(maxsize=1 << 16)
def compact(iri: str) -> str:
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _text(escaped: str) -> str:
    return NT_ESCAPE.sub(_unescape, escaped) if "\\" in escaped else escaped


def _value(obj: str, kind: str | tuple[str, str] | None) -> object:
    """An N-Triples object as a JSON-LD value under a term coerced to `kind`: plain where the
    coercion says what it is, explicit otherwise."""
    if obj[0] == "<":
        return obj[1:-1] if kind == IRI else {"@id": obj[1:-1]}
    end = obj.rindex('"')
    text, rest = _text(obj[1:end]), obj[end + 1:]
    if kind is not None:  # one kind for all the property's values: the context says which
        if kind == XSD_INTEGER and text == str(_integer(text)) and abs(int(text)) < _SAFE_INTEGER:
            return int(text)
        if kind == XSD_BOOLEAN and text in ("true", "false"):
            return text == "true"
        return text
    if rest.startswith("@"):
        return {"@value": text, "@language": rest[1:]}
    if not rest or rest[3:-1] == XSD_STRING:
        return text
    return {"@value": text, "@type": compact(rest[3:-1])}


def _integer(text: str) -> int | None:
    """The integer a canonical xsd:integer lexical form spells (digits, a minus sign, no padding)."""
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isascii() and digits.isdigit() and len(digits) < 20 else None


def _unescape(match: re.Match) -> str:
    simple, short, long = match.groups()
    return NT_ESCAPES[simple] if simple else chr(int(short or long, 16))
