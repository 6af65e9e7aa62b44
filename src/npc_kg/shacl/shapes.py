"""The shapes graph compiled once into plain objects that the engine walks.

Compiling is also the gate: every SHACL term the engine does not implement exactly as pySHACL does
raises `ShapeError` here, at load time, so that a shape edit can never quietly escape validation.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..rdf.namespaces import OWL, PREFIXES, RDF, RDFS, SH

if TYPE_CHECKING:
    from .components import Component
    from .locality import Split
    from .sparql import Query

SEVERITIES = frozenset({SH.Violation, SH.Warning, SH.Info})

# Terms the engine reads; any other term of the SHACL namespace in the shapes graph is refused.
TARGETS = frozenset({SH.targetClass, SH.targetSubjectsOf, SH.target})
DESCRIPTIVE = frozenset({SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
                         SH.path, SH.flags})
PATHS = frozenset({SH.inversePath, SH.alternativePath})
SPARQL_TERMS = frozenset({SH.select, SH.prefixes, SH.declare, SH.prefix, SH.namespace})
KNOWN_TYPES = frozenset({SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint, SH.SPARQLTarget, *SEVERITIES})


class ShapeError(ValueError):
    """A shapes graph that uses SHACL the fast engine does not implement (or malformed SHACL)."""


@dataclass(frozen=True)
class Step:
    """One predicate, followed forwards or (sh:inversePath) backwards."""

    predicate: URIRef
    inverse: bool = False


@dataclass(frozen=True)
class Sequence:
    steps: tuple[PathExpr, ...]


@dataclass(frozen=True)
class Alternative:
    options: tuple[PathExpr, ...]


PathExpr = Union[Step, Sequence, Alternative]


@dataclass(eq=False)
class Shape:
    """A node or property shape; `constraints` are filled in once every shape exists, since
    shapes refer to each other (sh:property, sh:or, ...)."""

    node: Node
    severity: URIRef
    messages: tuple[Literal, ...]
    deactivated: bool
    path: PathExpr | None = None
    path_node: Node | None = None
    classes: tuple[URIRef, ...] = ()
    subjects_of: tuple[URIRef, ...] = ()
    queries: tuple[Query, ...] = ()
    constraints: tuple[Component, ...] = ()
    key: str = ""  # the same in every process that compiles the same shapes (see `_keys`)

    @property
    def targeted(self) -> bool:
        return bool(self.classes or self.subjects_of or self.queries)


@dataclass
class Shapes:
    """Compiled shapes and the shapes graph they came from (the report copies blank-node shapes
    and paths out of it)."""

    graph: Graph
    all: tuple[Shape, ...]

    @functools.cached_property
    def predicates(self) -> frozenset[URIRef]:
        """Every predicate a core constraint or target reads from the data."""
        return predicates_read(self.all) | {RDF.type, RDFS.subClassOf}

    @functools.cached_property
    def split(self) -> Split:
        """The shapes cut into the parts checked article by article and the rest (see `locality`)."""
        from .locality import split  # locality imports this module

        return split(self)

    @functools.cached_property
    def queries(self) -> tuple[Query, ...]:
        """Every SPARQL query of a target or a constraint, each once."""
        seen: dict[str, Query] = {}
        for shape in self.all:
            for query in (*shape.queries, *(q for c in shape.constraints for q in c.queries)):
                seen.setdefault(query.text, query)
        return tuple(seen.values())


@dataclass
class Context:
    """The shapes graph as the component parsers need it."""

    graph: Graph
    shapes: dict[Node, Shape] = field(default_factory=dict)

    def values(self, node: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.graph.objects(node, predicate), key=_order)

    def iris(self, node: Node, predicate: URIRef) -> tuple[URIRef, ...]:
        values = self.values(node, predicate)
        if not all(isinstance(value, URIRef) for value in values):
            raise ShapeError(f"{describe(node)}: {describe(predicate)} must be an IRI")
        return tuple(values)  # type: ignore[arg-type]

    def one(self, node: Node, predicate: URIRef) -> Node:
        """The single value of a parameter that SHACL allows only once."""
        values = self.values(node, predicate)
        if len(values) != 1:
            raise ShapeError(f"{describe(node)} needs exactly one {describe(predicate)}, has {len(values)}")
        return values[0]

    def items(self, node: Node) -> list[Node]:
        try:
            return list(self.graph.items(node))
        except ValueError as error:
            raise ShapeError(f"{describe(node)}: {error}") from None

    def shape(self, node: Node, owner: Node) -> Shape:
        if node not in self.shapes:
            raise ShapeError(f"{describe(owner)} refers to {describe(node)}, which is not a shape")
        return self.shapes[node]


def compile_shapes(graph: Graph) -> Shapes:
    """Every shape of `graph`, found as pySHACL finds them, with its targets and constraints."""
    from .components import parse_constraints  # components import this module

    _refuse_unknown_terms(graph)
    context = Context(graph)
    for node, is_property in _shape_nodes(graph).items():
        context.shapes[node] = _shape(context, node, is_property)
    for node, shape in context.shapes.items():
        shape.constraints = tuple(parse_constraints(context, shape))
        _require_messages(context, shape)
    shapes = tuple(context.shapes.values())
    _refuse_cycles(shapes)
    for shape, key in _keys(graph, shapes):
        shape.key = key
    return Shapes(graph, shapes)


def _keys(graph: Graph, shapes: tuple[Shape, ...]) -> Iterator[tuple[Shape, str]]:
    """A name for each shape that a later process compiling the same shapes gives it too, so that
    results kept in the cache can be tied back to their shapes: an IRI names itself; a blank node
    is named by a hash of what it says (shapes saying exactly the same are told apart by a count,
    which may pair them differently another time: harmless, since they give the same results)."""
    seen: dict[str, int] = {}
    for shape in sorted(shapes, key=lambda shape: _order(shape.node)):
        if isinstance(shape.node, BNode):
            digest = hashlib.sha256(_content(graph, shape.node, frozenset()).encode()).hexdigest()[:24]
            seen[digest] = seen.get(digest, -1) + 1
            yield shape, f"_:{digest}.{seen[digest]}"
        else:
            yield shape, str(shape.node)


def _content(graph: Graph, node: Node, within: frozenset[Node]) -> str:
    if not isinstance(node, BNode):
        return node.n3()
    if node in within:
        return "[...]"
    inner = within | {node}
    pairs = sorted(f"{p.n3()} {_content(graph, o, inner)}" for p, o in graph.predicate_objects(node))
    return "[" + " ; ".join(pairs) + "]"


def _shape_nodes(graph: Graph) -> dict[Node, bool]:
    """Shape nodes and whether each is a property shape, as pySHACL's shapes graph discovers them:
    typed shapes, subjects of targets and sh:property, values of shape-expecting parameters."""
    typed = {**{s: False for s in graph.subjects(RDF.type, SH.NodeShape)},
             **{s: True for s in graph.subjects(RDF.type, SH.PropertyShape)}}
    implied = {s for p in (SH.targetClass, SH.targetSubjectsOf, SH.property) for s in graph.subjects(p, None)}
    implied |= {o for p in (SH.property, SH["not"]) for o in graph.objects(None, p)}
    implied |= {item for p in (SH["or"], SH.xone) for lst in graph.objects(None, p) for item in graph.items(lst)}
    found = dict(typed)
    for node in sorted(implied - typed.keys(), key=_order):
        found[node] = graph.value(node, SH.path) is not None
    for node, is_property in found.items():
        if not is_property and graph.value(node, SH.path) is not None:
            raise ShapeError(f"{describe(node)} is a node shape with a sh:path")
    return found


def _shape(context: Context, node: Node, is_property: bool) -> Shape:
    from .sparql import parse_query

    graph = context.graph
    severities = context.values(node, SH.severity)
    if len(severities) > 1 or (severities and severities[0] not in SEVERITIES):
        raise ShapeError(f"{describe(node)}: sh:severity must be one of sh:Violation, sh:Warning, sh:Info")
    deactivated = context.values(node, SH.deactivated)
    if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
        raise ShapeError(f"{describe(node)}: at most one sh:deactivated, a literal")
    if {RDFS.Class, OWL.Class} & set(graph.objects(node, RDF.type)):
        raise ShapeError(f"{describe(node)}: implicit class targets (a shape that is also a class) are not supported")
    path_node = context.one(node, SH.path) if is_property else None
    return Shape(
        node=node,
        severity=severities[0] if severities else SH.Violation,
        messages=tuple(context.values(node, SH.message)),
        deactivated=bool(deactivated and deactivated[0].value),
        path=_path(context, path_node) if path_node is not None else None,
        path_node=path_node,
        classes=context.iris(node, SH.targetClass),
        subjects_of=context.iris(node, SH.targetSubjectsOf),
        queries=tuple(parse_query(context, target) for target in context.values(node, SH.target)),
    )


def _path(context: Context, node: Node) -> PathExpr:
    """A SHACL property path. Inverse paths are taken of a predicate only: pySHACL inverts a
    complex path step by step (^(a/b) as ^a/^b), which is not what SHACL means."""
    graph = context.graph
    if isinstance(node, URIRef):
        return Step(node)
    if not isinstance(node, BNode):
        raise ShapeError(f"a property path cannot be {node!r}")
    if graph.value(node, RDF.first) is not None:
        steps = context.items(node)
        if len(steps) < 2:
            raise ShapeError(f"the sequence path {describe(node)} needs at least two steps")
        return Sequence(tuple(_path(context, step) for step in steps))
    inverse = graph.value(node, SH.inversePath)
    if isinstance(inverse, URIRef):
        return Step(inverse, inverse=True)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        options = context.items(alternatives)
        if len(options) < 2:
            raise ShapeError(f"the alternative path {describe(node)} needs at least two options")
        return Alternative(tuple(_path(context, option) for option in options))
    raise ShapeError(f"unsupported property path {describe(node)}: only predicates, sequences, sh:alternativePath "
                     "and sh:inversePath of a predicate are supported")


def predicates_read(shapes: Iterable[Shape]) -> frozenset[URIRef]:
    """Every predicate the shapes' targets, paths and constraints read, nested shapes included."""
    found: set[URIRef] = set()
    todo, seen = list(shapes), set()
    while todo:
        shape = todo.pop()
        if id(shape) in seen:
            continue
        seen.add(id(shape))
        found.update(shape.subjects_of)
        found.update(_predicates(shape.path))
        for constraint in shape.constraints:
            found.update(constraint.predicates)
            todo.extend(constraint.shapes)
    return frozenset(found)


def _predicates(path: PathExpr | None) -> Iterator[URIRef]:
    if isinstance(path, Step):
        yield path.predicate
    elif isinstance(path, Sequence):
        for step in path.steps:
            yield from _predicates(step)
    elif isinstance(path, Alternative):
        for option in path.options:
            yield from _predicates(option)


def _refuse_unknown_terms(graph: Graph) -> None:
    """No SHACL term outside the supported subset anywhere in the shapes graph: not as a predicate
    (sh:node, sh:closed, sh:rule, sh:parameter of a custom component...), nor as a type."""
    from .components import PARAMETERS

    allowed = PARAMETERS | TARGETS | DESCRIPTIVE | PATHS | SPARQL_TERMS | {SH.property}
    for predicate in sorted(set(graph.predicates()), key=str):
        if predicate.startswith(SH) and predicate not in allowed:
            raise ShapeError(f"the fast SHACL engine does not support {describe(predicate)} (use --engine pyshacl)")
    for kind in sorted(set(graph.objects(None, RDF.type)), key=str):
        if kind.startswith(SH) and kind not in KNOWN_TYPES:
            raise ShapeError(f"the fast SHACL engine does not support {describe(kind)} (use --engine pyshacl)")


def _require_messages(context: Context, shape: Shape) -> None:
    """A shape must say what it reports: the engine does not reproduce pySHACL's generated
    messages, so a shape whose own results reach the report carries an sh:message (checked when
    the shape has constraints of its own besides sh:property and sh:sparql)."""
    own = [c for c in shape.constraints if c.uses_shape_messages]
    if own and not shape.messages and _reported(context, shape):
        raise ShapeError(f"{describe(shape.node)} has constraints but no sh:message; the fast engine does not "
                         "generate pySHACL's default messages")


def _reported(context: Context, shape: Shape) -> bool:
    """Whether the shape's results reach the report: it has targets, or is the sh:property of one
    that does (shapes used only in sh:or, sh:xone and sh:not count for conformance only)."""
    if shape.targeted:
        return True
    owners = [context.shapes[s] for s in context.graph.subjects(SH.property, shape.node) if s in context.shapes]
    return any(_reported(context, owner) for owner in owners)


def _refuse_cycles(shapes: tuple[Shape, ...]) -> None:
    """Shapes that refer to themselves (through sh:property, sh:or, ...) are not supported."""
    state: dict[int, bool] = {}

    def visit(shape: Shape) -> None:
        if state.get(id(shape)) is False:
            raise ShapeError(f"{describe(shape.node)} refers to itself through other shapes")
        if id(shape) in state:
            return
        state[id(shape)] = False
        for constraint in shape.constraints:
            for nested in constraint.shapes:
                visit(nested)
        state[id(shape)] = True

    for shape in shapes:
        visit(shape)


def _order(node: Node) -> tuple[str, str]:
    """Deterministic order of shapes-graph nodes."""
    return type(node).__name__, str(node)


def describe(node: Node) -> str:
    """A shapes-graph node as an error message names it: sh:closed, npc:Session, <iri>."""
    if isinstance(node, URIRef):
        return node.n3(_names())
    return f"blank node {node.n3()}" if isinstance(node, BNode) else repr(node)


@functools.cache
def _names() -> NamespaceManager:
    names = NamespaceManager(Graph(bind_namespaces="none"))
    for prefix, namespace in {"sh": SH, **PREFIXES}.items():
        names.bind(prefix, namespace)
    return names

