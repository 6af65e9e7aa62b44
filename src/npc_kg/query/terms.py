"""The values a query deals in: engine-neutral RDF terms, the three kinds of answer, and a query
with its source and column formats. Every engine and the endpoint answer in these, so what is
printed does not depend on where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sparql_guard import names

# namespaces.XSD would import rdflib, which this fast path must not; a test checks they agree.
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = frozenset(XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
DECIMAL_TYPES = frozenset(XSD + name for name in ("decimal", "double", "float"))
NUMERIC_TYPES = INTEGER_TYPES | DECIMAL_TYPES


@dataclass(frozen=True)
class Term:
    """An RDF term as the W3C JSON results format has it."""

    type: str  # "uri", "literal", "bnode" or "triple"
    value: str
    datatype: str | None = None  # None for simple and language-tagged strings
    lang: str | None = None


def literal(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    return Term("literal", value, None if lang or datatype == XSD + "string" else datatype, lang or None)


@dataclass(frozen=True)
class Table:
    """The answer to SELECT: columns in the query's order, unbound cells as None."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]


@dataclass(frozen=True)
class Boolean:
    """The answer to ASK."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """The answer to CONSTRUCT or DESCRIBE, as Turtle."""

    turtle: str


Answer = Table | Boolean | Triples


@dataclass(frozen=True)
class Query:
    text: str  # what the engine runs: the project's prefixes the query uses undeclared come first, on line 1
    source: str  # the file, a bundled query's name, or "<query>" for text, in messages
    formats: dict[str, tuple[str, int]] = field(default_factory=dict)  # column -> (format, pragma line)
    params: dict[str, tuple[str, int]] = field(default_factory=dict)  # variable -> (declared kind, pragma line)
    shift: int = 0  # characters put before the user's first line: a column on line 1 is that much further

    @property
    def prefixes(self) -> dict[str, str]:
        """The query's PREFIX declarations (the added ones too), to write its CONSTRUCT answers with."""
        return names(self.text).declared

    @property
    def variables(self) -> tuple[str, ...]:
        return names(self.text).variables
