"""validate: the graph against the SHACL shapes in `shapes/`, with a report people can read.

Two engines run the shapes and give the same SHACL validation report graph: the fast engine of
`npc_kg.shacl` (the default) and pySHACL (the reference). This module turns the report's results
into `Finding`s (severity, what is wrong in words, the focus node's label and IRI, the article file
and line it came from) and renders them three ways: text for people, the standard SHACL validation
report as Turtle, and JSON for tools. It also loads a graph file for `npc-kg validate`, locating
syntax errors by line and column.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.query import Result
from rdflib.term import Node

from . import shacl
from .errors import InputError
from .model import UnreadNumber
from .rdf.namespaces import DCTERMS, NPC, PREFIXES, PROV, RDF, RDFS, SH
from .rdf.oxterms import from_ox, ntriples
from .rdf.statements import Statements
from .resources import shapes_files

if TYPE_CHECKING:
    from .map import ArticleGraph
    from .shacl.shapes import Shape

EngineName = typing.Literal["fast", "pyshacl"]
ENGINES: tuple[str, ...] = typing.get_args(EngineName)
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_ORDER = ("violation", "warning", "info")

# What broke, in words, for the core constraints (a SPARQL check's message says it all).
PROBLEMS = {
    SH.MinCountConstraintComponent: "missing",
    SH.MaxCountConstraintComponent: "too many values",
    SH.DatatypeConstraintComponent: "wrong datatype or malformed value",
    SH.ClassConstraintComponent: "not a resource of the expected class",
    SH.NodeKindConstraintComponent: "wrong kind of node",
    SH.InConstraintComponent: "not an allowed value",
    SH.MinInclusiveConstraintComponent: "too small",
    SH.MaxInclusiveConstraintComponent: "too large",
    SH.MinLengthConstraintComponent: "empty",
    SH.PatternConstraintComponent: "malformed",
    SH.UniqueLangConstraintComponent: "two values in one language",
    SH.EqualsConstraintComponent: "values disagree",
}

# Links from a fact to its source; never followed when looking for the resource a node belongs to.
PROVENANCE_LINKS = frozenset({PROV.wasDerivedFrom, PROV.used, PROV.wasGeneratedBy, DCTERMS.isPartOf})

DATASET_FORMATS = frozenset({pyoxigraph.RdfFormat.TRIG, pyoxigraph.RdfFormat.N_QUADS, pyoxigraph.RdfFormat.JSON_LD})


@dataclass(frozen=True)
class Finding:
    """One validation result, in the terms a reader of the article would use."""

    severity: str  # violation, warning or info
    focus: str  # IRI (or blank node label) of the resource the finding is about
    label: str  # its name, or ""
    context: str  # name of the resource it belongs to when it has none itself (a vote's resolution), or ""
    path: str  # the property, as a CURIE or SPARQL path; "" for checks of the whole resource
    problem: str  # what broke in words ("missing"), "" when the message says it all
    message: str  # the rule, from the shape
    value: str  # the offending value in Turtle notation, or ""
    shape: str  # the shape that found it (CURIE), or ""
    file: str = ""  # article file the resource was read from, or ""
    line: int = 0  # line in that file; 0 when unknown

    @property
    def source(self) -> str:
        """'file:line', or '' for a graph without provenance."""
        return f"{self.file}:{self.line}" if self.file else ""

    def sort_key(self) -> tuple:
        """A total order (two findings can differ in their shape or problem only), so that a
        report's text and JSON do not depend on set order."""
        return (SEVERITY_ORDER.index(self.severity), self.file, self.line, self.focus, self.path, self.message,
                self.value, self.shape, self.problem, self.label, self.context)

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        about = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        about += f" in '{self.context}'" if self.context else ""
        path = f" {self.path}" if self.path else ""
        problem = f"{self.problem}: " if self.problem else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}{self.severity}: {about}{path}: {problem}{self.message}{value}"

    def to_json(self) -> dict[str, Any]:
        return {"severity": self.severity, "focus": self.focus, "label": self.label or None,
                "context": self.context or None, "path": self.path or None, "problem": self.problem or None,
                "message": self.message, "value": self.value or None, "shape": self.shape or None,
                "file": self.file or None, "line": self.line or None}


@dataclass(frozen=True)
class Report:
    """The findings of one validation and the SHACL validation report graph they were read from."""

    findings: tuple[Finding, ...]
    triples: int
    results: Graph = field(default_factory=Graph, compare=False, repr=False)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def violations(self) -> int:
        return self.count("violation")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def conforms(self) -> bool:
        """Warnings and infos do not stop a build; violations do."""
        return self.violations == 0

    def text(self) -> str:
        notes = f", {self.count('info')} note(s)" if self.count("info") else ""
        head = (f"npc-kg validation report\n{self.triples} triples checked: "
                f"{self.violations} violation(s), {self.warnings} warning(s){notes}\n")
        status = "CONFORMS\n" if self.conforms else "DOES NOT CONFORM\n"
        return head + status + "".join(f"\n{finding}" for finding in self.findings) + (
            "\n" if self.findings else "")

    def json(self, unread: Sequence[UnreadNumber] = ()) -> str:
        """The findings under `results`, then the numbers the extractor did not read under `unread`."""
        document = {"conforms": self.conforms, "triples": self.triples, "violations": self.violations,
                    "warnings": self.warnings, "infos": self.count("info"),
                    "results": [finding.to_json() for finding in self.findings],
                    "unread": [{"file": number.span.file, "line": number.span.line, "text": number.text,
                                "reason": number.reason} for number in unread]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def turtle(self) -> bytes:
        """The SHACL validation report graph with its blank nodes labelled by what they describe
        (see `stable_labels`), so the same data always give the same bytes, in time linear in the
        number of findings (rdflib's canonical relabelling was quadratic)."""
        labels = stable_labels(self.results)
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in self.results.namespaces():
            graph.bind(prefix, namespace)
        for triple in self.results:
            graph.add(tuple(labels.get(term, term) for term in triple))  # type: ignore[arg-type]
        return graph.serialize(format="turtle", encoding="utf-8")


def stable_labels(graph: Graph) -> dict[Node, BNode]:
    """A label for every blank node from the graph around it: colour refinement (1-dimensional
    Weisfeiler-Leman), each round hashing a node's colour with its edges' (predicate, neighbour's
    colour) both ways, until no class splits. Isomorphic graphs get the same labels, whichever engine
    made them; each round is linear, and rounds are bounded by the depth of the report's nesting.
    Blank nodes no round tells apart (two results saying the very same thing) share a label."""
    edges: dict[Node, list[tuple[str, Node | None]]] = {}  # (direction, predicate[, other term]), other blank node
    for subject, predicate, obj in graph:
        if isinstance(subject, BNode):
            edges.setdefault(subject, []).append(
                (f"> {predicate.n3()}", obj) if isinstance(obj, BNode) else (f"> {predicate.n3()} {obj.n3()}", None))
        if isinstance(obj, BNode):
            edges.setdefault(obj, []).append(
                (f"< {predicate.n3()}", subject) if isinstance(subject, BNode) else
                (f"< {predicate.n3()} {subject.n3()}", None))
    colour = dict.fromkeys(edges, "")
    classes = 1
    while True:
        colour = {node: hashlib.sha256("\n".join(sorted(
            edge if other is None else f"{edge} {colour[other]}" for edge, other in node_edges)).encode()
            + colour[node].encode()).hexdigest() for node, node_edges in edges.items()}
        count = len(set(colour.values()))
        if count == classes:
            return {node: BNode(f"b{value[:32]}") for node, value in colour.items()}
        classes = count


def report_files(report: Report, unread: Sequence[UnreadNumber] = (),
                 warnings: Sequence[tuple[str, int, str]] = ()) -> dict[str, bytes]:
    """The three renderings of a report, by the file name a build directory gives them; the
    numbers not read go into report.txt and report.json, the source warnings into report.txt."""
    return {"report.txt": report_text(report, warnings, unread).encode("utf-8"), "report.ttl": report.turtle(),
            "report.json": report.json(unread).encode("utf-8")}


def report_text(report: Report, warnings: Sequence[tuple[str, int, str]], unread: Sequence[UnreadNumber] = ()) -> str:
    """The validation report, then what extraction found suspicious in the sources, then the
    numbers it did not read (see `publish.SourceNotes`)."""
    text = report.text()
    if warnings:
        text += f"\n{len(warnings)} source warning(s):\n" + "".join(
            f"{name}:{line}: warning: {message}\n" for name, line, message in warnings)
    if unread:
        text += f"\n{len(unread)} unread number(s):\n" + "".join(f"{number}\n" for number in unread)
    return text


def load_shapes() -> Graph:
    shapes = Graph(bind_namespaces="none")  # only the shape files' own prefixes, for the report's CURIEs
    for path in shapes_files():
        shapes.parse(path, format="turtle")
    return shapes


def validate_graph(graph: Graph, shapes: Graph | None = None, engine: EngineName = "fast") -> Report:
    """The graph checked against the shapes (default: the bundled ones) by either engine."""
    with _quiet("rdflib.term"):
        if engine == "pyshacl":
            shapes = load_shapes() if shapes is None else shapes
            return _report(graph, shapes, _pyshacl(graph, shapes), len(graph))
        if engine != "fast":
            raise ValueError(f"unknown SHACL engine {engine!r}: use one of {', '.join(ENGINES)}")
        compiled = _compiled(shapes)
        return _report(graph, compiled.graph, shacl.validate_graph(graph, compiled), len(graph))


def validate_store(store: pyoxigraph.Store, shapes: Graph | None = None) -> Report:
    """The default graph of a pyoxigraph store checked against the shapes by the fast engine,
    without copying it into rdflib."""
    compiled = _compiled(shapes)
    with _quiet("rdflib.term"):
        return _report(shacl.StoreView(store), compiled.graph, shacl.validate_store(store, compiled), _size(store))


# What the local parts of the shapes (see `shacl.locality`) found on one node, as plain text that
# outlives the process (the cache keeps it): the keys of the targeted shape and of the shape that
# reported it, the constraint component, and the focus node and value (or "") in N-Triples.
LocalResult = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class CheckedArticle:
    """A mapped article, with what the local parts of the shapes found on the nodes private to it
    when it was last validated (None: not validated yet): what the cache keeps."""

    article: ArticleGraph
    results: tuple[LocalResult, ...] | None = None

    def subjects(self) -> set[bytes]:
        return self.article.graph.subjects() | self.article.provenance.subjects()


def validate_build(store: pyoxigraph.Store, articles: Sequence[CheckedArticle], unchecked: Statements,
                   vocabulary: Statements = Statements([])) -> tuple[Report, list[tuple[LocalResult, ...] | None]]:
    """The union of `articles`, `unchecked` (what assembling and linking added) and `vocabulary` in
    `store`, checked against the bundled shapes: the same report as `validate_store` gives, with less
    work when some articles come with their results. Also, for each article, what the local parts found
    on its private nodes (None when nothing may be kept: the data have rdfs:subClassOf statements of
    their own). The class hierarchy of the bundled `vocabulary` is the same in every build (the cache
    key covers its files), so results found with it may be kept."""
    shapes = bundled_shapes()
    hierarchy = set(vocabulary.lines)
    whole = any(f"{quad.subject} {quad.predicate} {quad.object} .\n".encode() not in hierarchy
                for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(RDFS.subClassOf), None))
    subjects = [checked.subjects() for checked in articles]
    counts = Counter(subject for some in subjects for subject in some)
    shared = {subject for subject, count in counts.items() if count > 1} | unchecked.subjects() | vocabulary.subjects()
    known: dict[str, list[shacl.Result]] = {}
    unknown = set(shared)  # the nodes the local parts must check now
    by_key = {shape.key: shape for shape in shapes.all}
    for checked, some in zip(articles, subjects):
        if checked.results is None or whole:
            unknown |= some
        else:
            for top, result in _results(by_key, checked.results):
                if ntriples(result.focus).encode() not in shared:
                    known.setdefault(top, []).append(result)
    everything = whole or all(checked.results is None for checked in articles)
    recheck = None if everything else {URIRef(subject[1:-1].decode()) for subject in unknown}
    tops = {shape.key: shape for shape in shapes.split.local}
    with _quiet("rdflib.term"):
        results, local = shacl.validate_split(store, shapes, [(tops[key], found) for key, found in known.items()],
                                              recheck)
        report = _report(shacl.StoreView(store), shapes.graph, results, _size(store))
    if whole:
        return report, [None] * len(articles)
    found: dict[str, set[LocalResult]] = {}
    for top, top_results in local:
        for result in top_results:
            focus = ntriples(result.focus)
            found.setdefault(focus, set()).add((top.key, result.shape.key, str(result.component), focus,
                                                "" if result.value is None else ntriples(result.value)))
    return report, [checked.results if checked.results is not None else
                    tuple(sorted(r for subject in some - shared for r in found.get(subject.decode(), ())))
                    for checked, some in zip(articles, subjects)]


def _results(by_key: dict[str, Shape], kept: Iterable[LocalResult]) -> Iterator[tuple[str, shacl.Result]]:
    """Kept results as the engine's (shapes found by key), each with the key of its targeted shape."""
    for top, key, component, focus, value in kept:
        shape = by_key[key]
        yield top, shacl.Result(shape, URIRef(component), URIRef(focus[1:-1]), _from_ntriples(value) if value else None,
                                shape.messages)


def _size(store: pyoxigraph.Store) -> int:
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


NT = pyoxigraph.RdfFormat.N_TRIPLES


def _from_ntriples(text: str) -> Node:
    """An IRI or literal from its N-Triples spelling."""
    return from_ox(next(pyoxigraph.parse(f"<x:s> <x:p> {text} .".encode(), format=NT)).object)


def _compiled(shapes: Graph | None) -> shacl.Shapes:
    return shacl.compile_shapes(shapes) if shapes is not None else bundled_shapes()


@functools.cache
def bundled_shapes() -> shacl.Shapes:
    """The bundled shapes, compiled once per process."""
    return shacl.compile_shapes(load_shapes())


def _pyshacl(graph: Graph, shapes: Graph) -> Graph:
    from pyshacl import validate  # heavy: imported only when validating

    # In place: the shapes have no rules, so pySHACL need not copy the data first.
    _, results, _ = validate(_PreparedQueries(graph), shacl_graph=shapes, inference="none", advanced=True,
                             allow_warnings=True, inplace=True)
    return results


def _report(graph: Any, shapes: Graph, results: Graph, triples: int) -> Report:
    """Findings read from a SHACL validation report graph; `graph` (an rdflib Graph or a
    StoreView) gives the labels and source lines."""
    for prefix, namespace in [*shapes.namespaces(), *PREFIXES.items()]:
        results.bind(prefix, namespace)
    findings = {_finding(graph, shapes, results, result) for result in results.subjects(RDF.type,
                                                                                          SH.ValidationResult)}
    return Report(tuple(sorted(findings, key=Finding.sort_key)), triples, results)


class _PreparedQueries(Graph):
    """The same graph (same store) parsing each SPARQL text once: pySHACL runs a SPARQL check's text
    again for every node the check reports, and rdflib's parser costs more than the query."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Result:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=512)
def _prepared(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery  # the pySHACL engine's alone: slow to import

    return prepareQuery(text)


def _finding(graph: Graph, shapes: Graph, results: Graph, result: Node) -> Finding:
    def value(prop: URIRef) -> Node | None:
        return results.value(result, prop)

    focus = value(SH.focusNode)
    offending = value(SH.value)
    file, line = _origin(graph, focus) if focus is not None else ("", 0)
    own = _label(graph, focus)
    owner = _nearest(graph, focus, lambda node: _label(graph, node) != "") if focus is not None and not own else None
    return Finding(
        severity=SEVERITIES.get(value(SH.resultSeverity), "violation"),  # type: ignore[arg-type]
        focus=str(focus),
        label=own,
        context=_label(graph, owner),
        path=_path_text(results, value(SH.resultPath)),
        problem=PROBLEMS.get(value(SH.sourceConstraintComponent), ""),  # type: ignore[arg-type]
        message=" ".join(sorted(str(m) for m in results.objects(result, SH.resultMessage))),
        value="" if offending is None or offending == focus else _n3(graph, offending),
        shape=_shape_name(shapes, value(SH.sourceShape)),
        file=file,
        line=line,
    )


def _label(graph: Graph, node: Node | None) -> str:
    """The node's English name if it has one, else any name (the smallest, to be deterministic)."""
    if node is None:
        return ""
    labels = sorted(graph.objects(node, RDFS.label), key=lambda l: (getattr(l, "language", None) != "en", str(l)))
    return str(labels[0]) if labels else ""


def _nearest(graph: Graph, node: Node, wanted: Callable[[Node], bool], hops: int = 2) -> Node | None:
    """The closest resource linking to `node` (a vote's resolution, a count's vote) that is `wanted`;
    provenance links are not followed."""
    level = [node]
    for _ in range(hops):
        level = sorted({s for n in level for s, p in graph.subject_predicates(n) if p not in PROVENANCE_LINKS},
                       key=str)
        found = next((n for n in level if wanted(n)), None)
        if found is not None:
            return found
    return None


def _lines(graph: Graph, node: Node) -> list[tuple[str, int]]:
    """(file, line) of every article line `node` was read from; a source line is its own."""
    lines = []
    for line in (node, *graph.objects(node, PROV.wasDerivedFrom)):
        number = graph.value(line, NPC.line)
        article = graph.value(line, DCTERMS.isPartOf)
        name = graph.value(article, NPC.fileName) if article is not None else None
        if isinstance(number, Literal) and isinstance(number.value, int) and name is not None:
            lines.append((str(name), number.value))
    return sorted(lines)


def _origin(graph: Graph, node: Node) -> tuple[str, int]:
    """Where `node`, or failing that the resource it belongs to, was read: (file, line) or ('', 0)."""
    lines = _lines(graph, node)
    if not lines:
        owner = _nearest(graph, node, lambda other: bool(_lines(graph, other)))
        lines = _lines(graph, owner) if owner is not None else []
    return lines[0] if lines else ("", 0)


def source_of(graph: Graph, node: Node | None) -> str:
    """'file:line' of the first article line the node (or the resource it belongs to) was read
    from, if the graph says."""
    if node is None:
        return ""
    file, line = _origin(graph, node)
    return f"{file}:{line}" if file else ""


def _n3(graph: Graph, node: Node) -> str:
    return node.n3(graph.namespace_manager)


def _path_text(results: Graph, path: Node | None) -> str:
    """A SHACL property path as SPARQL path syntax (npc:office/org:postIn, ^npc:vote)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _n3(results, path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(results, inverse)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(results, p) for p in Collection(results, alternatives)) + ")"
    return "/".join(_path_text(results, p) for p in Collection(results, path))


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """The shape's CURIE; an anonymous property shape is named by the node shape that holds it."""
    if isinstance(shape, BNode):
        shape = next(iter(sorted(shapes.subjects(SH.property, shape), key=str)), None)
    if not isinstance(shape, URIRef):
        return ""
    return shape.n3(shapes.namespace_manager)


# --------------------------------------------------------------------------- reading graph files


class GraphSyntaxError(InputError):
    """A graph file that does not parse: reported as FILE:LINE:COLUMN: message."""

    def __init__(self, message: str, file: str, line: int, column: int) -> None:
        super().__init__(message, file, line)
        self.column = column

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


def graph_file(path: Path) -> Path:
    """The graph file `path` names: itself, or a build directory's graph.ttl."""
    if path.is_dir():
        inside = path / "graph.ttl"
        if not inside.is_file():
            raise InputError("is a directory without graph.ttl, not a build directory", str(path))
        return inside
    if not path.is_file():
        raise InputError("no such graph file or build directory", str(path))
    return path


def load_graph(path: Path) -> Graph:
    """Every triple of a graph file in any RDF syntax (by extension), or of a build directory, as one
    graph; the named graphs of a dataset are merged, since the shapes check across them."""
    file = graph_file(path)
    rdf_format = pyoxigraph.RdfFormat.from_extension(file.suffix.lstrip("."))
    if rdf_format is None:
        raise InputError(f"unknown RDF syntax {file.suffix!r}: use .ttl, .nt, .trig, .nq, .jsonld or .rdf",
                         str(file))
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    with _quiet("rdflib.term"):
        for triple in _parse(file, rdf_format):
            graph.add(triple)
    return graph


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal (a date like 2014-13-45); the shapes
    report those as findings, so the log would only be noise."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _parse(file: Path, rdf_format: pyoxigraph.RdfFormat) -> Iterator[tuple[Node, Node, Node]]:
    """Parse with pyoxigraph, whose errors carry line and column; yield rdflib triples."""
    try:
        for quad in pyoxigraph.parse(path=file, format=rdf_format, base_iri=file.resolve().as_uri(),
                                     without_named_graphs=rdf_format not in DATASET_FORMATS):
            yield _term(quad.subject, file), _term(quad.predicate, file), _term(quad.object, file)
    except SyntaxError as error:
        message = str(error.msg).split(": ", 1)[-1]  # drop pyoxigraph's own "Parser error at line ..."
        raise GraphSyntaxError(message, str(file), error.lineno or 1, error.offset or 1) from None


def _term(term: Any, file: Path) -> Node:
    try:
        return from_ox(term)
    except TypeError:
        raise InputError("RDF 1.2 triple terms are not supported", str(file)) from None
