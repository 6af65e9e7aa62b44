"""The data graph as the engine reads it: Python dictionaries of rdflib terms.

Reading each predicate the shapes use once into predicate → subject → objects (and, on first use,
object → subjects) makes every constraint check a dictionary lookup. The terms are rdflib's, so
that datatype and order checks behave exactly as in pySHACL, which works on rdflib terms.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..namespaces import PREFIXES, RDF, RDFS, XSD
from .shapes import Alternative, PathExpr, Sequence, Step

XSD_STRING = str(XSD.string)
Index = dict[Node, list[Node]]


class Data:
    """predicate → subject → objects for the predicates the shapes read."""

    def __init__(self, forward: dict[URIRef, Index]) -> None:
        self._forward = forward
        self._backward: dict[URIRef, Index] = {}
        self._instances: dict[Node, frozenset[Node]] = {}

    @classmethod
    def from_graph(cls, graph: Graph, predicates: Iterable[URIRef]) -> Data:
        return cls({p: _index(graph.subject_objects(p)) for p in predicates})  # type: ignore[arg-type]

    @classmethod
    def from_store(cls, store: ox.Store, predicates: Iterable[URIRef]) -> Data:
        """Read from the store's default graph, each distinct term converted once."""
        terms: dict[Any, Node] = {}

        def term(value: Any) -> Node:
            node = terms.get(value)
            if node is None:
                node = terms[value] = to_rdflib(value)
            return node

        return cls({p: _index((term(q.subject), term(q.object)) for q in store.quads_for_pattern(
            None, ox.NamedNode(p), None, ox.DefaultGraph())) for p in predicates})

    def objects(self, predicate: URIRef) -> Index:
        return self._forward[predicate]

    def subjects(self, predicate: URIRef) -> Index:
        if predicate not in self._backward:
            self._backward[predicate] = _index((o, s) for s, objects in self._forward[predicate].items()
                                               for o in objects)
        return self._backward[predicate]

    def instances(self, cls: Node) -> frozenset[Node]:
        """Instances of the class and of its subclasses (rdfs:subClassOf in the data, transitively)."""
        if cls not in self._instances:
            types = self.subjects(RDF.type)
            self._instances[cls] = frozenset(node for c in _closure(self.subjects(RDFS.subClassOf), cls)
                                             for node in types.get(c, ()))
        return self._instances[cls]

    def values(self, path: PathExpr, focus: Iterable[Node]) -> dict[Node, Collection[Node]]:
        """Each focus node's value nodes along the path (distinct, as in pySHACL)."""
        if isinstance(path, Step):
            index = self.subjects(path.predicate) if path.inverse else self.objects(path.predicate)
            return {node: index.get(node, ()) for node in focus}
        return {node: self._follow(path, node) for node in focus}

    def _follow(self, path: PathExpr, node: Node) -> set[Node]:
        if isinstance(path, Step):
            index = self.subjects(path.predicate) if path.inverse else self.objects(path.predicate)
            return set(index.get(node, ()))
        if isinstance(path, Sequence):
            reached = {node}
            for step in path.steps:
                reached = {value for start in reached for value in self._follow(step, start)}
            return reached
        assert isinstance(path, Alternative)
        return {value for option in path.options for value in self._follow(option, node)}


def _index(pairs: Iterable[tuple[Node, Node]]) -> Index:
    index: Index = {}
    for key, value in pairs:
        values = index.get(key)
        if values is None:
            index[key] = [value]
        else:
            values.append(value)
    return index


def _closure(subclasses: Index, cls: Node) -> Iterator[Node]:
    """The class and every class below it."""
    seen = {cls}
    todo = [cls]
    while todo:
        current = todo.pop()
        yield current
        for sub in subclasses.get(current, ()):
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as rdflib's; a plain xsd:string literal has no datatype in rdflib."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    raise TypeError(f"not an RDF 1.1 term: {term!r}")


def to_oxigraph(node: Node) -> Any:
    if isinstance(node, BNode):
        return ox.BlankNode(node)
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(node.datatype or XSD_STRING))
    return ox.NamedNode(node)


class StoreView:
    """The few rdflib Graph methods the report reads (labels, provenance, copies of blank nodes),
    answered from a pyoxigraph store's default graph."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.namespace_manager = NamespaceManager(Graph(bind_namespaces="none"))
        for prefix, namespace in PREFIXES.items():
            self.namespace_manager.bind(prefix, namespace)

    def _quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Any]:
        return self.store.quads_for_pattern(*(None if n is None else to_oxigraph(n) for n in (s, p, o)),
                                            ox.DefaultGraph())

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return (to_rdflib(q.object) for q in self._quads(subject, predicate, None))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(self.objects(subject, predicate), None)

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        return ((to_rdflib(q.predicate), to_rdflib(q.object)) for q in self._quads(subject, None, None))

    def subject_predicates(self, obj: Node) -> Iterator[tuple[Node, Node]]:
        return ((to_rdflib(q.subject), to_rdflib(q.predicate)) for q in self._quads(None, None, obj))
