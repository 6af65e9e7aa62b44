"""The SHACL validation report graph, triple for triple as pySHACL writes it.

Besides the standard terms, pySHACL copies into the report the description of every blank node a
result names (an anonymous property shape, an inverse path): the top node keeps its label, nested
blank nodes and lists are new, and copying stops five levels down. The copy is reproduced here so
that the canonical Turtle of both engines is byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.term import Node

from ..rdf.namespaces import RDF, SH
from .engine import Result
from .shapes import Shapes

MAX_DEPTH = 10  # pySHACL's recursion limit; each level of nesting counts twice


class Source(Protocol):
    """Where blank nodes are copied from: the shapes graph, or the data (a Graph or a StoreView)."""

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]: ...

    def value(self, subject: Node, predicate: Node) -> Node | None: ...


def report_graph(shapes: Shapes, conforms: bool, results: list[Result], data: Source) -> Graph:
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.graph.namespace_manager.namespaces():
        graph.namespace_manager.bind(prefix, namespace)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    copies: dict[tuple[int, Node], Node] = {}

    def copy(source: Source, node: Node) -> Node:
        """A node of the shapes graph or the data, blank nodes copied once per report."""
        if not isinstance(node, BNode):
            return node
        if (id(source), node) not in copies:
            copies[id(source), node] = _copy(source, node, graph, 0, BNode(str(node)))
        return copies[id(source), node]

    for result in results:
        shape = result.shape
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        graph.add((node, SH.sourceShape, copy(shapes.graph, shape.node)))
        graph.add((node, SH.resultSeverity, shape.severity))
        graph.add((node, SH.focusNode, copy(data, result.focus)))
        if result.value is not None:
            graph.add((node, SH.value, copy(data, result.value)))
        if shape.path_node is not None:
            graph.add((node, SH.resultPath, copy(shapes.graph, shape.path_node)))
        if result.constraint is not None:
            graph.add((node, SH.sourceConstraint, copy(shapes.graph, result.constraint)))
        for message in result.messages:
            graph.add((node, SH.resultMessage, message))
    return graph


def _copy(source: Source, node: BNode, target: Graph, depth: int, into: BNode) -> BNode:
    if depth >= MAX_DEPTH:
        return into
    pairs = list(source.predicate_objects(node))
    if any(predicate == RDF.first for predicate, _ in pairs):
        Collection(target, into, [_copy_term(source, item, target, depth + 1) for item in _items(source, node)])
        return into
    for predicate, obj in pairs:
        target.add((into, predicate, _copy_term(source, obj, target, depth + 1)))
    return into


def _copy_term(source: Source, node: Node, target: Graph, depth: int) -> Node:
    if isinstance(node, BNode):
        return _copy(source, node, target, depth + 1, BNode())
    if isinstance(node, Literal):
        return Literal(str(node), node.language, node.datatype)
    return node


def _items(source: Source, head: Node) -> Iterator[Node]:
    """The members of an RDF list, as rdflib's Graph.items reads them."""
    seen = {head}
    cell: Node | None = head
    while cell:
        first = source.value(cell, RDF.first)
        if first is not None:
            yield first
        cell = source.value(cell, RDF.rest)
        if cell in seen:
            raise ValueError("List contains a recursive rdf:rest reference")
        seen.add(cell)  # type: ignore[arg-type]
