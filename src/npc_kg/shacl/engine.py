"""Evaluation: focus nodes, value nodes and results, shape by shape, all focus nodes at once.

The results are pySHACL's, one for one, including its repetitions (a node targeted by two node
shapes that share a property shape is reported twice, as pySHACL does). Conformance follows
validate.py's pySHACL run, which allows warnings: a shape of severity sh:Warning or sh:Info always
conforms, any other conforms when none of its results is more severe than a warning.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..rdf.namespaces import SH
from .data import Data
from .shapes import Shape
from .sparql import Answers, Query, Row

ALLOWED = frozenset({SH.Warning, SH.Info})


@dataclass(frozen=True)
class Result:
    """One validation result: which shape and component found what on which focus node."""

    shape: Shape
    component: URIRef
    focus: Node
    value: Node | None
    messages: tuple[Literal, ...]
    constraint: Node | None = None  # the SPARQL constraint node, for sh:sourceConstraint


Found = list[tuple[Shape, list[Result]]]  # each targeted shape with its results


class Engine:
    def __init__(self, data: Data, answers: Answers) -> None:
        self.data = data
        self.answers = answers

    def run(self, shapes: Iterable[Shape], only: Collection[Node] | None = None) -> Found:
        """Every targeted shape over its focus nodes (`only`: those of them that are in it)."""
        found: Found = []
        for shape in shapes:
            if shape.targeted and not shape.deactivated:
                focus = self.focus(shape)
                found.append((shape, self.results(shape, focus if only is None else focus.intersection(only))))
        return found

    def focus(self, shape: Shape) -> set[Node]:
        nodes: set[Node] = set()
        for cls in shape.classes:
            nodes.update(self.data.instances(cls))
        for predicate in shape.subjects_of:
            nodes.update(self.data.objects(predicate))  # type: ignore[arg-type]
        for query in shape.queries:
            nodes.update(self.answers.rows(query))
        return nodes

    def results(self, shape: Shape, focus: Iterable[Node]) -> list[Result]:
        if shape.deactivated:
            return []
        values: Mapping[Node, Collection[Node]] = (
            self.data.values(shape.path, focus) if shape.path is not None else {node: (node,) for node in focus})
        return [result for constraint in shape.constraints for result in constraint.evaluate(self, shape, values)]

    def conforming(self, shape: Shape, nodes: set[Node]) -> set[Node]:
        """The nodes that conform to the shape (for sh:or, sh:xone, sh:not)."""
        if shape.deactivated or shape.severity in ALLOWED:
            return set(nodes)
        return nodes - {r.focus for r in self.results(shape, nodes) if r.shape.severity not in ALLOWED}

    def sparql_results(self, shape: Shape, query: Query, values: Mapping[Node, Collection[Node]]) -> list[Result]:
        rows = self.answers.rows(query)
        return [Result(shape, SH.SPARQLConstraintComponent, focus, row.get("value", focus),
                       _messages(shape, query, row, focus), query.node)
                for focus in values for row in rows.get(focus, ())]


def conforms(found: Found) -> bool:
    return not any(_fails(shape, results) for shape, results in found)


def _fails(shape: Shape, results: list[Result]) -> bool:
    return shape.severity not in ALLOWED and any(r.shape.severity not in ALLOWED for r in results)


def _messages(shape: Shape, query: Query, row: Row, focus: Node) -> tuple[Literal, ...]:
    """pySHACL's messages of a SPARQL result: the query's sh:message, then the shape's, each with
    {?var} replaced (by re.sub, as pySHACL does) and the language tag dropped."""
    bound = {**{k: v for k, v in row.items() if k not in ("this", "value")}, "this": row["this"],
             "value": row.get("value", focus)}

    def fill(message: Literal) -> Literal:
        text = str(message.value)
        for name, value in bound.items():
            text = re.sub("{[?$]" + name + "}", str(value), text)
        return Literal(text)

    return (*(fill(m) for m in query.messages if m not in shape.messages), *(fill(m) for m in shape.messages))
