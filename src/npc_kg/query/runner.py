"""Resolving a query (a bundled query's name, a .rq file or SPARQL text) and running it on local
data: a graph file or a build directory loaded into an in-memory pyoxigraph store (the fast engine;
rdflib is never imported on that path), or into rdflib, which answers through the same API so that
tests can show both engines agree. `open_engine` also hands out the remote endpoint.

Oxigraph binds a substituted variable when the query runs, after it has ordered the query's
patterns: a bundled query meant to be narrowed puts the pattern that the usual parameter narrows
first."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Mapping
from itertools import islice
from pathlib import Path
from typing import Literal, Protocol

import pyoxigraph as ox

from ..errors import InputError
from ..resources import query_file, query_names
from ..sparql_guard import names, uses_federation
from .answers import oxigraph_answer
from .endpoint import Endpoint
from .formats import FORMATTERS
from .params import KINDS, to_ox
from .terms import Answer, Boolean, Query, Table, Term, Triples, literal

# Graph syntaxes by file extension: rdflib's parser names; pyoxigraph knows the extensions itself.
RDFLIB_SYNTAX = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                 ".rdf": "xml"}


BUNDLED_NAME = re.compile(r"[A-Za-z0-9_-]+")


def resolve_query(argument: str) -> Query:
    """A bundled query's name, a .rq file or SPARQL text -> the query, with the project's prefixes
    it uses without declaring them (`with_prefixes`)."""
    path = Path(argument)
    source = str(path)
    if not _is_file(path):
        if BUNDLED_NAME.fullmatch(argument):
            bundled = query_file(argument)
            if bundled is None:
                raise InputError(f"no bundled query called {argument!r} (bundled: {', '.join(query_names())})")
            path, source = bundled, argument  # messages name the query, not where it is installed
        elif not argument.endswith(".rq"):
            return _query(argument, "<query>")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the query: {getattr(err, 'strerror', None) or err}", source) from None
    return _query(text, source)


def _query(text: str, source: str) -> Query:
    formats, params = _pragmas(text, source)
    final, shift = with_prefixes(text)
    return Query(final, source, formats, params, shift)


def with_prefixes(text: str) -> tuple[str, int]:
    """The query with a PREFIX declaration for each of the project's prefixes (rdf/namespaces.PREFIXES)
    it uses and does not declare, all put before its first line so that its line numbers stay;
    and how many characters were put there. A prefix the query declares is its own. The prefixes
    are looked up (and rdflib imported) only when a query needs one."""
    found = names(text)
    missing = found.used - found.declared.keys()
    if not missing:
        return text, 0
    from ..rdf.namespaces import PREFIXES

    added = "".join(f"PREFIX {name}: <{PREFIXES[name]}> " for name in PREFIXES if name in missing)
    body = text.removeprefix("\ufeff")
    return added + body, len(added) - (len(text) - len(body))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # SPARQL text too long to be a file name
        return False


PRAGMAS = ("format", "param")


def _pragmas(text: str, source: str) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
    """`#+ format: COLUMN=FORMAT ...` and `#+ param: VARIABLE=KIND ...` lines: how to print a column,
    and what a --param of a variable must be (see params.KINDS)."""
    found: dict[str, dict[str, tuple[str, int]]] = {pragma: {} for pragma in PRAGMAS}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"\s*#\+\s*([\w-]+)\s*:(.*)", line)
        if not match:
            continue
        if match[1] not in PRAGMAS:
            raise InputError(f"unknown pragma {match[1]!r} (known: {', '.join(PRAGMAS)})", source, number)
        known = FORMATTERS if match[1] == "format" else KINDS
        for item in match[2].split():
            variable, _, name = item.partition("=")
            if name not in known:
                raise InputError(f"unknown {'column format' if known is FORMATTERS else 'parameter kind'} "
                                 f"{name!r} in {item!r} (known: {', '.join(known)})", source, number)
            found[match[1]][variable.lstrip("?$")] = (name, number)
    return found["format"], found["param"]


class Engine(Protocol):
    def run(self, query: Query, params: Mapping[str, Term], limit: int | None = None) -> Answer: ...


def data_file(path: Path) -> Path:
    """A graph file (also gzipped, as graph.nq.gz), or a build directory's graph.nq.gz: every graph
    `npc-kg load` puts into a store (the dataset description too), so that a query answers here as
    it does there; graph.nt, the build's graph alone, in a directory without it."""
    if path.is_dir():
        for name in ("graph.nq.gz", "graph.nt"):
            if (path / name).is_file():
                return path / name
        raise InputError("a directory without graph.nt: not a build directory", str(path))
    if not path.exists():
        raise InputError("no such graph file or build directory (run `npc-kg build`, or pass --data)", str(path))
    if syntax_of(path) not in RDFLIB_SYNTAX:
        raise InputError(f"unknown graph syntax {syntax_of(path)!r}: use one of {' '.join(RDFLIB_SYNTAX)} "
                         "(or the same followed by .gz; a gzipped file is read whatever its name)", str(path))
    return path


COMPRESSED = (".gz", ".gzip")
GZIP_MAGIC = b"\x1f\x8b"


def syntax_of(path: Path) -> str:
    """A graph file's extension, lower-case; for a compressed file (.gz) the one before it."""
    name = path.name.lower()
    for suffix in COMPRESSED:
        name = name.removesuffix(suffix)
    return Path(name).suffix


def _graph_input(path: Path) -> Path | bytes:
    """What a parser reads: the file itself, or, when its first bytes are gzip's (whatever its
    name), its decompressed bytes."""
    try:
        with open(path, "rb") as handle:
            compressed = handle.read(len(GZIP_MAGIC)) == GZIP_MAGIC
        if not compressed:
            return path
        return gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"not a readable gzip file: {getattr(err, 'strerror', None) or err}", str(path)) from None


def _offline(query: Query) -> None:
    """Local data are queried without the network, but both engines evaluate SERVICE by sending
    the inner query to its address: a query that federates is refused before it runs."""
    if uses_federation(query.text):
        raise InputError("SERVICE asks a remote service, and a query of local data (--data) makes no network "
                         "call: ask that service with --endpoint instead", query.source)


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
        syntax = ox.RdfFormat.from_extension(syntax_of(path)[1:])
        source = _graph_input(path)
        try:
            if isinstance(source, bytes):
                self.store.load(source, format=syntax)
            else:
                self.store.load(path=source, format=syntax)
        except SyntaxError as err:
            raise InputError(str(err.msg), str(path), err.lineno) from None
        if syntax.supports_datasets:
            named = [quad for quad in self.store if not isinstance(quad.graph_name, ox.DefaultGraph)]
            self.store.extend(ox.Quad(quad.subject, quad.predicate, quad.object) for quad in named)

    def run(self, query: Query, params: Mapping[str, Term], limit: int | None = None) -> Answer:
        _offline(query)
        substitutions = {ox.Variable(name): to_ox(term) for name, term in params.items()}
        try:
            result = self.store.query(query.text, substitutions=substitutions)
        except SyntaxError as err:
            raise _syntax_error(str(err), query) from None
        except RuntimeError as err:  # e.g. a parameter that is not a variable of the SELECT
            raise InputError(str(err), query.source) from None
        return oxigraph_answer(result, query, limit)


def _syntax_error(message: str, query: Query) -> InputError:
    """Oxigraph's 'error at LINE:COLUMN: ...' as FILE:LINE: SPARQL syntax error at column COLUMN: ...,
    the column counted in the user's line (without the prefixes put before it)."""
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not match:
        return InputError(f"SPARQL syntax error: {message}", query.source)
    line, column = int(match[1]), int(match[2])
    if line == 1:
        column = max(1, column - query.shift)
    detail = match[3].splitlines()[0]
    detail = detail if len(detail) <= 200 else detail[:200] + "..."
    return InputError(f"SPARQL syntax error at column {column}: {detail}", query.source, line)


class Rdflib:
    """The data in an rdflib Dataset whose default graph is the union of its graphs."""

    def __init__(self, path: Path) -> None:
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)
        source = _graph_input(path)
        try:
            if isinstance(source, bytes):
                self.dataset.parse(data=source, format=RDFLIB_SYNTAX[syntax_of(path)])
            else:
                self.dataset.parse(source, format=RDFLIB_SYNTAX[syntax_of(path)])
        except Exception as err:  # rdflib's parsers raise many unrelated types
            raise InputError(f"cannot read the graph: {err}", str(path)) from None

    def run(self, query: Query, params: Mapping[str, Term], limit: int | None = None) -> Answer:
        from rdflib import BNode, URIRef, Variable
        from rdflib import Literal as RDFLiteral
        from rdflib.plugins.sparql import prepareQuery

        _offline(query)
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
