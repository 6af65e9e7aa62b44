"""Parameters (`--param NAME=VALUE`) as typed RDF terms, bound and never pasted into the query
text: pyoxigraph substitutes them, rdflib takes them as initial bindings, and an endpoint gets a
VALUES block in the WHERE group of terms written with N-Triples escaping, so no value changes
the query."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from datetime import date

import pyoxigraph as ox

from ..errors import InputError
from ..sparql_guard import where_end
from .terms import XSD, Query, Term, literal

VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,63}:")
BARE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,63}://[^\x00-\x20<>\"{}|^`\\]+|urn:[^\x00-\x20<>\"{}|^`\\]+")
PREFIXED = re.compile(r"([A-Za-z][\w.-]{0,63}):([^\x00-\x20<>\"{}|^`\\:]*)")
LANG_STRING = re.compile(r'"(?P<text>.*)"@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)', re.S)
INTEGER = re.compile(r"[+-]?\d+")
DECIMAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+)")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEAR = re.compile(r"-?\d{4}")

# What a query may declare a parameter to be (`#+ param: session=iri year=year`), with an example
# of its spelling for messages. Labels in the graph are English (`"Xi Jinping"@en`), hence string@en.
KINDS = {"iri": "'<https://w3id.org/npc-kg/id/session/12-2>'", "string": "npc-12-2.txt",
         "string@en": "'Xi Jinping'", "integer": "2", "decimal": "7.5", "date": "2014-03-05", "year": "2014",
         "boolean": "true"}
WHAT = {"iri": "an absolute IRI", "string": "a string", "string@en": "a name or label (a string in English)",
        "integer": "an integer", "decimal": "a decimal number", "date": "a date, YYYY-MM-DD", "year": "a year",
        "boolean": "true or false"}


def bind_params(specs: Sequence[str], query: Query) -> dict[str, Term]:
    """Every NAME=VALUE as a typed term for a variable of the query: as the query declares it (a
    value in another spelling of the same thing is taken as meant, else refused with the right
    spelling), or, undeclared, typed by how it is written (`parse_param`)."""
    variables = query.variables
    bound: dict[str, Term] = {}
    for spec in specs:
        name, value = _split(spec)
        if name not in variables:
            raise InputError(f"--param {name}: {_which(query)} has no variable ?{name}; {_listing(query)}")
        kind = query.params.get(name, ("", 0))[0]
        bound[name] = declared(name, value, kind, query.prefixes) if kind else parse_param(spec)[1]
    return bound


def _which(query: Query) -> str:
    return "the query" if query.source == "<query>" else repr(query.source)


def _listing(query: Query) -> str:
    if query.params:
        return "its parameters: " + ", ".join(f"{name} ({kind})" for name, (kind, _) in query.params.items())
    return "its variables: " + " ".join(f"?{name}" for name in query.variables)


def _split(spec: str) -> tuple[str, str]:
    name, equals, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not equals or not VARIABLE.fullmatch(name):
        raise InputError(f"--param {spec!r}: expected NAME=VALUE with NAME a SPARQL variable name")
    return name, value


def parse_param(spec: str) -> tuple[str, Term]:
    """NAME=VALUE -> (NAME, typed term) by how VALUE is written: <...> or a bare absolute IRI with
    `://` (or a urn:) is an IRI, "..." a string, "..."@en a string in a language, then an integer,
    a decimal, a YYYY-MM-DD date, true/false; anything else a plain string."""
    name, value = _split(spec)
    if value.startswith("<") and value.endswith(">"):
        return name, Term("uri", _checked_iri(value[1:-1], f"--param {name}"))
    if BARE_IRI.fullmatch(value):
        return name, Term("uri", value)
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return name, literal(value[1:-1])
    if tagged := LANG_STRING.fullmatch(value):  # "Xi Jinping"@en
        return name, literal(tagged["text"], lang=tagged["lang"])
    if INTEGER.fullmatch(value):
        return name, literal(value, XSD + "integer")
    if DECIMAL.fullmatch(value):
        return name, literal(value, XSD + "decimal")
    if DATE.fullmatch(value):
        return name, literal(_date(name, value), XSD + "date")
    if value in ("true", "false"):
        return name, literal(value, XSD + "boolean")
    return name, literal(value)


def declared(name: str, value: str, kind: str, prefixes: Mapping[str, str]) -> Term:
    """VALUE as the declared kind of term: an IRI with or without <> (a prefixed name of the query's
    or the project's prefixes expanded); a name with or without quotes, given English when the kind
    is string@en; a number or date with or without quotes. Anything else is refused, with the
    spelling the kind takes."""
    if kind == "iri":
        if value.startswith("<") and value.endswith(">"):  # written as an IRI: no prefix to expand
            iri = value[1:-1] if SCHEME.match(value[1:-1]) and not IRI_FORBIDDEN.search(value[1:-1]) else None
        else:
            iri = _absolute(_unquoted(value)[0], prefixes)
        if iri is None:
            raise _refused(name, value, kind)
        return Term("uri", iri)
    if value.startswith("<") and value.endswith(">"):
        raise _refused(name, value, kind, "not an IRI")
    text, lang = _unquoted(value)
    if kind.startswith("string"):
        want = kind.partition("@")[2] or None
        if lang is not None and lang.lower() != (want or "").lower():
            spelling = shlex.quote(text)
            raise _refused(name, value, kind, f"{'in @' + want if want else 'without a language tag'}: "
                                              f"write {name}={spelling}")
        return literal(text, lang=want)
    if lang is not None:
        raise _refused(name, value, kind)
    text = text.strip()
    if kind == "integer" and INTEGER.fullmatch(text):
        return literal(text, XSD + "integer")
    if kind == "decimal" and (INTEGER.fullmatch(text) or DECIMAL.fullmatch(text)):
        return literal(text, XSD + "decimal")
    if kind == "date" and DATE.fullmatch(text):
        return literal(_date(name, text), XSD + "date")
    if kind == "year" and YEAR.fullmatch(text):
        return literal(text, XSD + "gYear")
    if kind == "boolean" and text in ("true", "false"):
        return literal(text, XSD + "boolean")
    raise _refused(name, value, kind)


def _refused(name: str, value: str, kind: str, why: str = "") -> InputError:
    why = why or f"{value!r} is not one"
    return InputError(f"--param {name}: expects {WHAT[kind]}, written like {name}={KINDS[kind]}; {why}")


def _unquoted(value: str) -> tuple[str, str | None]:
    """A value's text and language tag: `"x"@en`, `"x"` or plain `x`."""
    if tagged := LANG_STRING.fullmatch(value):
        return tagged["text"], tagged["lang"]
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1], None
    return value, None


def _absolute(value: str, prefixes: Mapping[str, str]) -> str | None:
    """The absolute IRI a value names: a prefixed name expanded (the query's prefixes, then the
    project's), or the value itself when it has a scheme; None when it is neither."""
    if IRI_FORBIDDEN.search(value) or not value:
        return None
    if (prefixed := PREFIXED.fullmatch(value)) and not value.startswith(prefixed[1] + "://"):
        namespace = prefixes.get(prefixed[1])
        if namespace is None:
            from ..rdf.namespaces import PREFIXES

            namespace = PREFIXES.get(prefixed[1])
        if namespace is not None:
            return str(namespace) + prefixed[2]
    return value if SCHEME.match(value) else None


def _date(name: str, value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--param {name}: {value!r} is not a date") from None
    return value


def _checked_iri(value: str, where: str) -> str:
    if not value or IRI_FORBIDDEN.search(value) or not SCHEME.match(value):
        raise InputError(f"{where}: {value!r} is not an absolute IRI (a scheme such as https:, no spaces, quotes, "
                         "braces or angle brackets)")
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
    """The query with a VALUES block binding `params` at the end of its WHERE group, where it joins
    what the group matches (SPARQL 1.1, section 18.2.4.3, says the same of a VALUES clause after
    the query, but Virtuoso 7.2 ignores one of those for a variable a sub-select binds: it printed
    the value in every row instead). A query without such a group gets the clause after it."""
    if not params:
        return text
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(ntriples(term) for term in params.values())
    block = f"VALUES ({names}) {{ ({terms}) }}"
    end = where_end(text)
    if end is None:
        return f"{text.rstrip()}\n{block}\n"
    return f"{text[:end]}\n{block}\n{text[end:]}"  # its own line: nothing earlier moves, nothing runs into it


def to_ox(term: Term) -> ox.NamedNode | ox.Literal:
    """The term as the pyoxigraph value substituted for its variable."""
    if term.type == "uri":
        return ox.NamedNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)
