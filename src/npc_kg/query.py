"""query: run SPARQL over a build, a graph file or a remote endpoint, and print the answer.

A query is a bundled query's name, a .rq file or SPARQL text. Local data are loaded into an
in-memory pyoxigraph store: the fast engine, and rdflib is never imported on that path. The rdflib
engine answers through the same API so that tests can show both engines agree. A remote endpoint
is any SPARQL 1.1 Protocol service.

Every answer becomes the same engine-neutral `Term`s, so what is printed does not depend on where
it came from. Large answers stay cheap on the Python side: Oxigraph writes a SELECT answer as SPARQL
TSV in Rust, each distinct term of it becomes a `Term` once, and printing formats each distinct term
of a column once and joins the rows with C-level string operations (`render`).

Parameters (`--param NAME=VALUE`) are bound as RDF terms and never pasted into the query text:
pyoxigraph substitutes them, rdflib takes them as initial bindings, and an endpoint gets a trailing
VALUES clause of terms written with N-Triples escaping, so no value changes the query. (Oxigraph
binds a substituted variable when the query runs, after it has ordered the query's patterns: a
bundled query meant to be narrowed puts the pattern that the usual parameter narrows first.)

A query may say how to print a column with a pragma comment, `#+ format: COLUMN=FORMAT ...`
(FORMATTERS lists the formats); the text formats apply it, JSON keeps the raw terms.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import chain, islice
from pathlib import Path
from typing import Literal, Protocol

import pyoxigraph as ox

from .errors import InputError, RemoteError
from .gc_pause import no_cycle_collection
from .resources import query_file, query_names

# namespaces.XSD would import rdflib, which this fast path must not; a test checks they agree.
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = frozenset(XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
DECIMAL_TYPES = frozenset(XSD + name for name in ("decimal", "double", "float"))
NUMERIC_TYPES = INTEGER_TYPES | DECIMAL_TYPES

# Graph syntaxes by file extension: rdflib's parser names; pyoxigraph knows the extensions itself.
RDFLIB_SYNTAX = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                 ".rdf": "xml"}
ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, text/turtle;q=0.9, "
          "application/n-triples;q=0.8, application/rdf+xml;q=0.7")
MAX_GET_URL = 2000  # longer queries are POSTed: many servers and proxies cap URL length near 2 KB


# --------------------------------------------------------------------------- terms and answers


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


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Query:
    text: str
    source: str  # the file, or "<query>" for text, in messages
    formats: dict[str, tuple[str, int]] = field(default_factory=dict)  # column -> (format, pragma line)

    @property
    def prefixes(self) -> dict[str, str]:
        """The query's PREFIX declarations, to write its CONSTRUCT answers with."""
        return dict(re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):\s*<([^>\s]*)>", self.text))


BUNDLED_NAME = re.compile(r"[A-Za-z0-9_-]+")


def resolve_query(argument: str) -> Query:
    """A bundled query's name, a .rq file or SPARQL text -> the query."""
    path = Path(argument)
    if not _is_file(path):
        if BUNDLED_NAME.fullmatch(argument):
            bundled = query_file(argument)
            if bundled is None:
                raise InputError(f"no bundled query called {argument!r} (bundled: {', '.join(query_names())})")
            path = bundled
        elif not argument.endswith(".rq"):
            return Query(argument, "<query>", _pragmas(argument, "<query>"))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the query: {getattr(err, 'strerror', None) or err}", str(path)) from None
    return Query(text, str(path), _pragmas(text, str(path)))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # SPARQL text too long to be a file name
        return False


def _percent2(term: Term | None) -> str:
    """A percentage with two decimals: 99.31, 99.90."""
    number = _number(term)
    return plain(term) if number is None else format(number.quantize(Decimal("0.01"), ROUND_HALF_UP), "f")


FORMATTERS: dict[str, Callable[[Term | None], str]] = {"percent2": _percent2}


def _pragmas(text: str, source: str) -> dict[str, tuple[str, int]]:
    formats: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"\s*#\+\s*([\w-]+)\s*:(.*)", line)
        if not match:
            continue
        if match[1] != "format":
            raise InputError(f"unknown pragma {match[1]!r} (known: format)", source, number)
        for item in match[2].split():
            column, _, name = item.partition("=")
            if name not in FORMATTERS:
                raise InputError(f"unknown column format {name!r} in {item!r} (known: {', '.join(FORMATTERS)})",
                                 source, number)
            formats[column.lstrip("?$")] = (name, number)
    return formats


# --------------------------------------------------------------------------- parameters

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


# --------------------------------------------------------------------------- engines


class Engine(Protocol):
    def run(self, query: Query, params: Mapping[str, Term], limit: int | None = None) -> Answer: ...


def data_file(path: Path) -> Path:
    """A graph file, or a build directory's graph.nt."""
    if path.is_dir():
        if not (path / "graph.nt").is_file():
            raise InputError("a directory without graph.nt: not a build directory", str(path))
        return path / "graph.nt"
    if not path.exists():
        raise InputError("no such graph file or build directory (run `npc-kg build`, or pass --data)", str(path))
    if path.suffix.lower() not in RDFLIB_SYNTAX:
        raise InputError(f"unknown graph syntax {path.suffix!r}: use one of {' '.join(RDFLIB_SYNTAX)}", str(path))
    return path


def open_engine(data: Path | None = None, endpoint: str | None = None,
                engine: Literal["oxigraph", "rdflib"] = "oxigraph", timeout: float = 60.0) -> Engine:
    if endpoint is not None:
        return Endpoint(endpoint, timeout)
    path = data_file(data or Path("output"))
    return Oxigraph(path) if engine == "oxigraph" else Rdflib(path)


class Oxigraph:
    """The data in an in-memory pyoxigraph store. The triples of named graphs are also merged into
    the default graph (a set: Oxigraph's own union default graph repeats a triple once per graph
    that holds it), so queries see every graph without GRAPH, and GRAPH still works."""

    def __init__(self, path: Path) -> None:
        self.store = ox.Store()
        syntax = ox.RdfFormat.from_extension(path.suffix.lower()[1:])
        try:
            self.store.load(path=path, format=syntax)
        except SyntaxError as err:
            raise InputError(str(err.msg), str(path), err.lineno) from None
        if syntax.supports_datasets:
            named = [quad for quad in self.store if not isinstance(quad.graph_name, ox.DefaultGraph)]
            self.store.extend(ox.Quad(quad.subject, quad.predicate, quad.object) for quad in named)

    def run(self, query: Query, params: Mapping[str, Term], limit: int | None = None) -> Answer:
        substitutions = {ox.Variable(name): _to_ox(term) for name, term in params.items()}
        try:
            result = self.store.query(query.text, substitutions=substitutions)
        except SyntaxError as err:
            raise _syntax_error(str(err), query.source) from None
        except RuntimeError as err:  # e.g. a parameter that is not a variable of the SELECT
            raise InputError(str(err), query.source) from None
        return oxigraph_answer(result, query, limit)


def oxigraph_answer(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, query: Query,
                    limit: int | None) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Boolean(bool(result))
    if isinstance(result, ox.QuerySolutions):
        columns = tuple(variable.value for variable in result.variables)
        with no_cycle_collection():
            if limit is None and columns:
                return Table(columns, _tsv_rows(result.serialize(format=ox.QueryResultsFormat.TSV)))
            # A few rows: solutions are computed lazily, so only the first `limit` are (ORDER BY aside).
            return Table(columns, tuple(tuple(_from_ox(solution[column]) for column in columns)
                                        for solution in islice(result, limit)))
    return turtle(result, query)


def _tsv_rows(tsv: bytes) -> tuple[tuple[Term | None, ...], ...]:
    """The rows of a SPARQL TSV result as Oxigraph writes it, each distinct term converted once.

    Oxigraph evaluates and writes the whole answer in Rust; splitting it into cells is C-speed
    string work, so Python touches each distinct term once instead of making a Python object per
    cell. In that TSV a cell is one term in Turtle syntax, with tabs, line breaks, quotes and
    backslashes escaped inside strings, so a tab or a newline never occurs within a cell."""
    lines = tsv.decode("utf-8")[:-1].split("\n")  # the header line, then one line per solution
    cells = [line.split("\t") for line in lines[1:]]
    terms: dict[str, Term | None] = {"": None}  # an empty cell is an unbound variable
    unusual = []
    for token in set(chain.from_iterable(cells)) - terms.keys():
        term = _tsv_term(token)
        if term is None:
            unusual.append(token)
        else:
            terms[token] = term
    if unusual:  # escapes, numbers, blank nodes, directions, triple terms: Oxigraph's own parser reads them
        parsed = ox.parse_query_results(("?x\n" + "\n".join(unusual) + "\n").encode("utf-8"),
                                        format=ox.QueryResultsFormat.TSV)
        terms.update(zip(unusual, (_from_ox(solution[0]) for solution in parsed), strict=True))
    term_of = terms.__getitem__
    return tuple(tuple(map(term_of, row)) for row in cells)


def _tsv_term(token: str) -> Term | None:
    """The common TSV cells read directly: an IRI, or a string without escapes, with a language
    tag or a datatype. None for anything else."""
    if token[0] == "<" and token[1] != "<":
        return Term("uri", token[1:-1])
    if token[0] != '"' or "\\" in token:
        return None
    end = token.rindex('"')
    value, suffix = token[1:end], token[end + 1:]
    if not suffix:
        return Term("literal", value)
    if suffix[0] == "@" and "--" not in suffix:
        return Term("literal", value, None, suffix[1:])
    if suffix[:3] == "^^<" and suffix[-1] == ">":
        return literal(value, suffix[3:-1])
    return None


def turtle(triples: Iterable[ox.Triple], query: Query) -> Triples:
    """A graph answer as Turtle, with the query's own prefixes."""
    return Triples(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=query.prefixes).decode("utf-8"))


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    return Term("triple", str(term))


def _to_ox(term: Term) -> ox.NamedNode | ox.Literal:
    if term.type == "uri":
        return ox.NamedNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)


def _syntax_error(message: str, source: str) -> InputError:
    """Oxigraph's 'error at LINE:COLUMN: ...' as FILE:LINE: SPARQL syntax error at column COLUMN: ..."""
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not match:
        return InputError(f"SPARQL syntax error: {message}", source)
    detail = match[3].splitlines()[0]
    detail = detail if len(detail) <= 200 else detail[:200] + "..."
    return InputError(f"SPARQL syntax error at column {match[2]}: {detail}", source, int(match[1]))


class Rdflib:
    """The data in an rdflib Dataset whose default graph is the union of its graphs."""

    def __init__(self, path: Path) -> None:
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)
        try:
            self.dataset.parse(path, format=RDFLIB_SYNTAX[path.suffix.lower()])
        except Exception as err:  # rdflib's parsers raise many unrelated types
            raise InputError(f"cannot read the graph: {err}", str(path)) from None

    def run(self, query: Query, params: Mapping[str, Term], limit: int | None = None) -> Answer:
        from rdflib import BNode, URIRef, Variable
        from rdflib import Literal as RDFLiteral
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(query.text)
        except Exception as err:  # pyparsing's ParseException carries the line; others do not
            raise InputError(f"SPARQL syntax error: {getattr(err, 'msg', err)}", query.source,
                             getattr(err, "lineno", None)) from None
        bindings = {Variable(name): URIRef(term.value) if term.type == "uri"
                    else RDFLiteral(term.value, lang=term.lang, datatype=term.datatype)
                    for name, term in params.items()}
        result = self.dataset.query(prepared, initBindings=bindings)
        if result.type == "ASK":
            return Boolean(bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            for prefix, namespace in query.prefixes.items():
                result.graph.bind(prefix, namespace)
            return Triples(result.graph.serialize(format="turtle"))

        def convert(term: object) -> Term | None:
            if isinstance(term, URIRef):
                return Term("uri", str(term))
            if isinstance(term, BNode):
                return Term("bnode", str(term))
            if isinstance(term, RDFLiteral):
                return literal(str(term), str(term.datatype) if term.datatype else None, term.language)
            return None

        columns = tuple(str(variable) for variable in result.vars or ())
        return Table(columns, tuple(tuple(convert(value) for value in row) for row in islice(result, limit)))


class Endpoint:
    """A SPARQL 1.1 Protocol service: GET for short queries, a form POST for long ones; results by
    content negotiation (JSON or XML results, Turtle, N-Triples or RDF/XML graphs)."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout

    def run(self, query: Query, params: Mapping[str, Term], limit: int | None = None) -> Answer:
        from .store import HttpError, request, with_query

        text = with_values(query.text, params)
        headers = {"Accept": ACCEPT}
        url = with_query(self.url, {"query": text})
        try:
            if len(url) <= MAX_GET_URL:
                response = request("GET", url, headers=headers, timeout=self.timeout)
            else:
                response = request("POST", self.url, body=urllib.parse.urlencode({"query": text}).encode("ascii"),
                                   headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
                                   timeout=self.timeout)
        except HttpError as err:
            if err.status == 400:  # the service rejected the query itself: bad input, not a failed service
                raise InputError(f"the endpoint rejected the query: {err}", query.source) from None
            raise
        return self._answer(response.media_type, response.body, query, limit)

    def _answer(self, media_type: str, body: bytes, query: Query, limit: int | None) -> Answer:
        from .store import service_name

        results, graph = ox.QueryResultsFormat.from_media_type(media_type), ox.RdfFormat.from_media_type(media_type)
        try:
            if results is not None:
                return oxigraph_answer(ox.parse_query_results(body, format=results), query, limit)
            if graph is not None:
                return turtle((quad.triple for quad in ox.parse(body, format=graph)), query)
        except SyntaxError as err:
            raise RemoteError(f"{service_name(self.url)}: unreadable {media_type} answer: {err}") from None
        raise RemoteError(f"{service_name(self.url)}: unexpected answer of type {media_type!r}")


# --------------------------------------------------------------------------- printing


def plain(term: Term | None) -> str:
    """A cell as DESIGN.md wants it: IRIs as IRIs, literals without language or datatype, integers
    as digits, decimals without exponent or trailing zeros, unbound as empty."""
    if term is None:
        return ""
    if term.type == "bnode":
        return f"_:{term.value}"
    if term.type == "literal" and term.datatype in INTEGER_TYPES:
        try:
            return str(int(term.value))
        except ValueError:
            return term.value
    number = _number(term)
    if number is not None and term.datatype in DECIMAL_TYPES:
        text = format(number.normalize(), "f")
        return "0" if text == "-0" else text
    return term.value


def _number(term: Term | None) -> Decimal | None:
    if term is None or term.type != "literal" or term.datatype not in NUMERIC_TYPES:
        return None
    try:
        number = Decimal(term.value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def render(answer: Answer, fmt: str, query: Query) -> str:
    """The answer as text ending in a newline: a table in `fmt` (table, csv, tsv, json or md),
    true/false, or Turtle.

    Each column's distinct terms are formatted once and the rows are put together by C-level
    string joins, so a large answer costs little more than its distinct values."""
    if isinstance(answer, Boolean):
        return json.dumps({"head": {}, "boolean": answer.value}) + "\n" if fmt == "json" else \
            f"{str(answer.value).lower()}\n"
    if isinstance(answer, Triples):
        return answer.turtle.rstrip("\n") + "\n" if answer.turtle else ""
    with no_cycle_collection():
        if fmt == "json":
            return json_results(answer)
        for column in query.formats.keys() - set(answer.columns):
            raise InputError(f"the format pragma names column {column!r}, which the query does not return",
                             query.source, query.formats[column][1])
        if fmt == "table":
            return _table(answer, query)
        if fmt == "md":
            def cell(text: str) -> str:
                return _one_line(text).replace("|", "\\|")

            rows = _rows(answer, _cells(answer, query, cell))
            return "".join(map("| {} |\n".format, map(" | ".join, [
                map(cell, answer.columns), ["---"] * len(answer.columns), *rows])))
        if fmt == "csv":
            header = io.StringIO()
            csv.writer(header, lineterminator="\n").writerow(answer.columns)
            rows = _rows(answer, _cells(answer, query, _csv_field(len(answer.columns))))
            return header.getvalue() + _lines(map(",".join, rows))
        escape = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

        def tsv_cell(text: str) -> str:
            return text.translate(escape)

        rows = _rows(answer, _cells(answer, query, tsv_cell))
        return _lines(map("\t".join, [map(tsv_cell, answer.columns), *rows]))


def _lines(lines: Iterable[str]) -> str:
    """Lines, each ended by a newline."""
    lines = list(lines)
    return "\n".join(lines) + "\n" if lines else ""


def _formatter(query: Query, column: str) -> Callable[[Term | None], str]:
    name = query.formats.get(column)
    return FORMATTERS[name[0]] if name else plain


def _columns(answer: Table) -> list[tuple[Term | None, ...]]:
    return list(zip(*answer.rows)) if answer.rows else [()] * len(answer.columns)


def _distinct(terms: Iterable[Term | None]) -> tuple[list[int], dict[int, Term | None]]:
    """A column as the ids of its terms, and its distinct term objects by id. An engine hands out
    one object per distinct term (Oxigraph) or not (rdflib): either way equal objects print alike,
    and the answer holds every term alive while it is printed, so an id stands for one object."""
    terms = tuple(terms)
    ids = list(map(id, terms))
    return ids, dict(zip(ids, terms))


def _texts(answer: Table, query: Query, finish: Callable[[str], str] | None = None
           ) -> list[tuple[list[int], dict[int, str], dict[int, Term | None]]]:
    """Per column: the ids of its terms, the printed text of each distinct one (`finish` applied),
    and the distinct terms."""
    out = []
    for column, terms in zip(answer.columns, _columns(answer)):
        formatter = _formatter(query, column)
        ids, distinct = _distinct(terms)
        if finish is None:
            text = {key: formatter(term) for key, term in distinct.items()}
        else:
            text = {key: finish(formatter(term)) for key, term in distinct.items()}
        out.append((ids, text, distinct))
    return out


def _cells(answer: Table, query: Query, finish: Callable[[str], str] | None = None) -> list[list[str]]:
    """The printed text of every cell, column by column, computed once per distinct term."""
    return [list(map(text.__getitem__, ids)) for ids, text, _ in _texts(answer, query, finish)]


def _rows(answer: Table, cells: list[list[str]]) -> list[tuple[str, ...]]:
    """Columns of cells back into rows (rows of no columns stay rows)."""
    return list(zip(*cells)) if cells else [()] * len(answer.rows)


def _csv_field(columns: int) -> Callable[[str], str]:
    """A cell as Python's csv module writes it in a row of `columns` cells, for joining with commas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def field(text: str) -> str:
        if not text:  # csv writes a row of one empty cell as "" to tell it from an empty line
            return '""' if columns == 1 else ""
        buffer.seek(0)
        buffer.truncate()
        writer.writerow((text,))
        return buffer.getvalue()[:-1]

    return field


def json_results(table: Table) -> str:
    """W3C SPARQL 1.1 Query Results JSON of the raw terms: what json.dumps(..., ensure_ascii=False,
    indent=1) writes, with each distinct binding written once per column."""
    def string(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    def binding(column: str, term: Term) -> str:
        members = [("type", term.type), ("value", term.value)]
        if term.datatype:
            members.append(("datatype", term.datatype))
        if term.lang:
            members.append(("xml:lang", term.lang))
        inner = ",\n".join(f"     {string(key)}: {string(value)}" for key, value in members)
        return f"    {string(column)}: {{\n{inner}\n    }}"

    fragments = []
    for column, terms in zip(table.columns, _columns(table)):
        ids, distinct = _distinct(terms)
        text = {key: None if term is None else binding(column, term) for key, term in distinct.items()}
        fragments.append(list(map(text.__getitem__, ids)))
    bindings = []
    for row in _rows(table, fragments):
        members = [fragment for fragment in row if fragment is not None]
        bindings.append("   {\n" + ",\n".join(members) + "\n   }" if members else "   {}")
    variables = "[\n" + ",\n".join(f"   {string(column)}" for column in table.columns) + "\n  ]" \
        if table.columns else "[]"
    results = "[\n" + ",\n".join(bindings) + "\n  ]" if bindings else "[]"
    return f'{{\n "head": {{\n  "vars": {variables}\n }},\n "results": {{\n  "bindings": {results}\n }}\n}}\n'


def _one_line(cell: str) -> str:
    return " ".join(cell.splitlines())


def _table(table: Table, query: Query) -> str:
    """Aligned columns under a header; numeric columns right-aligned."""
    columns = _texts(table, query, _one_line)
    widths = [max(len(name), max(map(len, text.values()), default=0))
              for name, (_, text, _) in zip(table.columns, columns)]
    numeric = [bool(table.rows) and all(term is None or _number(term) is not None for term in distinct.values())
               for _, _, distinct in columns]

    def line(values: Iterable[str]) -> str:
        return "  ".join(value.rjust(width) if right else value.ljust(width)
                         for value, width, right in zip(values, widths, numeric)).rstrip() + "\n"

    padded = []  # each distinct cell padded once
    for (ids, text, _), width, right in zip(columns, widths, numeric):
        pad = {key: value.rjust(width) if right else value.ljust(width) for key, value in text.items()}
        padded.append(list(map(pad.__getitem__, ids)))
    body = _lines(map(str.rstrip, map("  ".join, _rows(table, padded))))
    return line(table.columns) + line("-" * width for width in widths) + body
