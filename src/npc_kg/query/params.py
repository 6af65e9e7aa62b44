"""Parameters (`--param NAME=VALUE`) as typed RDF terms, bound and never pasted into the query
text: pyoxigraph substitutes them, rdflib takes them as initial bindings, and an endpoint gets a
trailing VALUES clause of terms written with N-Triples escaping, so no value changes the query."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import pyoxigraph as ox

from ..errors import InputError
from .terms import XSD, Term, literal

VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


LANG_STRING = re.compile(r'"(?P<text>.*)"@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)', re.S)


def parse_param(spec: str) -> tuple[str, Term]:
    """NAME=VALUE -> (NAME, typed term): <...> is an IRI, "..." a string, "..."@en a string in a
    language, then an integer, a
    decimal, a YYYY-MM-DD date, true/false; anything else a plain string."""
    name, equals, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not equals or not VARIABLE.fullmatch(name):
        raise InputError(f"--param {spec!r}: expected NAME=VALUE with NAME a SPARQL variable name")
    if value.startswith("<") and value.endswith(">"):
        return name, Term("uri", _checked_iri(value[1:-1], f"--param {name}"))
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return name, literal(value[1:-1])
    if tagged := LANG_STRING.fullmatch(value):  # "Xi Jinping"@en
        return name, literal(tagged["text"], lang=tagged["lang"])
    if re.fullmatch(r"[+-]?\d+", value):
        return name, literal(value, XSD + "integer")
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", value):
        return name, literal(value, XSD + "decimal")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise InputError(f"--param {name}: {value!r} is not a date") from None
        return name, literal(value, XSD + "date")
    if value in ("true", "false"):
        return name, literal(value, XSD + "boolean")
    return name, literal(value)


def _checked_iri(value: str, where: str) -> str:
    if not value or IRI_FORBIDDEN.search(value):
        raise InputError(f"{where}: {value!r} is not an IRI (no spaces, quotes, braces or angle brackets)")
    return value


_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
                        "\f": "\\f"})


def ntriples(term: Term) -> str:
    """The term in N-Triples syntax (also valid SPARQL): quotes, backslashes and line breaks escaped."""
    if term.type == "uri":
        return f"<{_checked_iri(term.value, 'IRI')}>"
    if term.type != "literal":
        raise InputError(f"a {term.type} cannot be sent as a parameter")
    text = f'"{term.value.translate(_ECHAR)}"'
    if term.lang:
        if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.lang):
            raise InputError(f"{term.lang!r} is not a language tag")
        return f"{text}@{term.lang}"
    return f"{text}^^<{_checked_iri(term.datatype, 'datatype')}>" if term.datatype else text


def with_values(text: str, params: Mapping[str, Term]) -> str:
    """The query with a trailing VALUES clause binding `params` (SPARQL 1.1, section 18.2.4.3)."""
    if not params:
        return text
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(ntriples(term) for term in params.values())
    return f"{text.rstrip()}\nVALUES ({names}) {{ ({terms}) }}\n"



def to_ox(term: Term) -> ox.NamedNode | ox.Literal:
    """The term as the pyoxigraph value substituted for its variable."""
    if term.type == "uri":
        return ox.NamedNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)
