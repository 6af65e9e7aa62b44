"""The data graph as the engine reads it: Python dictionaries of rdflib terms.

Reading each predicate the shapes use once into predicate → subject → objects (and, on first use,
object → subjects) makes every constraint check a dictionary lookup. The terms are rdflib's, so
that datatype and order checks behave exactly as in pySHACL, which works on rdflib terms.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..rdf.namespaces import PREFIXES, RDF, RDFS
from ..rdf.oxterms import from_ox, ntriples, to_ox
from .shapes import Alternative, PathExpr, Sequence, Step

if TYPE_CHECKING:
    from .sparql import Reads

Index = dict[Node, list[Node]]
RDF_TYPE = str(RDF.type)


class Data:
    """predicate → subject → objects for the predicates the shapes read."""

    def __init__(self, forward: dict[URIRef, Index]) -> None:
        self._forward = forward
        self._backward: dict[URIRef, Index] = {}
        self._instances: dict[Node, frozenset[Node]] = {}

    @classmethod
    def from_graph(cls, graph: Graph, predicates: Iterable[URIRef], copy: StoreCopy | None = None) -> Data:
        """Read from an rdflib graph in one pass, which also fills `copy` when given (iterating an
        rdflib graph costs more than anything done with the triples)."""
        forward: dict[URIRef, Index] = {p: {} for p in predicates}
        # One object per node, so that dictionary lookups compare identities, not with rdflib's slow
        # __eq__ (rdflib gives a subject's triples together, one object per subject).
        nodes: dict[Node, Node] = {}
        given = subject = None
        for s, p, o in graph:
            index = forward.get(p)  # type: ignore[call-overload]
            if index is not None:
                if s is not given:
                    given, subject = s, nodes.setdefault(s, s)
                s = subject
                if not isinstance(o, Literal):
                    o = nodes.setdefault(o, o)
                objects = index.get(s)
                if objects is None:
                    index[s] = [o]
                else:
                    objects.append(o)
            if copy is not None:
                copy.add(s, p, o)
        return cls(forward)

    @classmethod
    def from_store(cls, store: ox.Store, predicates: Iterable[URIRef], subjects: Iterable[Node] = (),
                   also: Iterable[URIRef] = ()) -> Data:
        """Read from the store's default graph: every statement of `predicates`, and those of
        `also` whose subject is one of `subjects`."""
        term = _Terms()
        forward = {p: _index((term(q.subject), term(q.object)) for q in store.quads_for_pattern(
            None, to_ox(p), None, ox.DefaultGraph())) for p in predicates}
        some = {str(p): forward.setdefault(p, {}) for p in also if p not in forward}
        for subject in subjects:
            for quad in store.quads_for_pattern(to_ox(subject), None, None, ox.DefaultGraph()):
                index = some.get(quad.predicate.value)
                if index is not None:
                    index.setdefault(subject, []).append(term(quad.object))
        return cls(forward)

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


class _Terms(dict):
    """pyoxigraph terms as rdflib terms, each distinct term converted once."""

    def __call__(self, value: Any) -> Node:
        node = self.get(value)
        if node is None:
            node = self[value] = from_ox(value)
        return node


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


class StoreCopy:
    """The triples of an rdflib graph that the SPARQL checks read (`reads`; None: all), for a new
    pyoxigraph store: as N-Triples text (loading text is much faster than adding terms one by one),
    except triples with blank nodes, added as quads so that their labels (mapped back in `blank`)
    survive."""

    def __init__(self, reads: Reads | None) -> None:
        # Tested as plain strings: rdflib gives each triple its own term objects, and comparing two
        # of those runs rdflib's __eq__, in Python.
        self.predicates = None if reads is None else frozenset(map(str, reads.predicates))
        self.classes = None if reads is None else frozenset(map(str, reads.classes))
        self.lines: list[str] = []
        self.quads: list[ox.Quad] = []
        self.blank: dict[str, BNode] = {}
        self._labels: dict[BNode, ox.BlankNode] = {}

    def add(self, s: Node, p: Node, o: Node) -> None:
        if self.predicates is not None:
            predicate = str(p)
            if predicate not in self.predicates or (predicate == RDF_TYPE and str(o) not in self.classes):
                return
        if isinstance(s, BNode) or isinstance(o, BNode):
            self.quads.append(ox.Quad(self._term(s), ox.NamedNode(p), self._term(o)))
        else:
            self.lines.append(f"{ntriples(s)} {ntriples(p)} {ntriples(o)} .\n")

    def _term(self, node: Node) -> Any:
        if not isinstance(node, BNode):
            return to_ox(node)
        if node not in self._labels:
            self._labels[node] = ox.BlankNode(f"b{len(self._labels)}")
            self.blank[self._labels[node].value] = node
        return self._labels[node]

    def store(self) -> ox.Store:
        store = ox.Store()
        store.load("".join(self.lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        store.extend(self.quads)
        return store


class StoreView:
    """The few rdflib Graph methods the report reads (labels, provenance, copies of blank nodes),
    answered from a pyoxigraph store's default graph."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.namespace_manager = NamespaceManager(Graph(bind_namespaces="none"))
        for prefix, namespace in PREFIXES.items():
            self.namespace_manager.bind(prefix, namespace)

    def _quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Any]:
        return self.store.quads_for_pattern(*(None if n is None else to_ox(n) for n in (s, p, o)),
                                            ox.DefaultGraph())

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return (from_ox(q.object) for q in self._quads(subject, predicate, None))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(self.objects(subject, predicate), None)

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        return ((from_ox(q.predicate), from_ox(q.object)) for q in self._quads(subject, None, None))

    def subject_predicates(self, obj: Node) -> Iterator[tuple[Node, Node]]:
        return ((from_ox(q.subject), from_ox(q.predicate)) for q in self._quads(None, None, obj))
