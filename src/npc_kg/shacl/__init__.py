"""A fast SHACL engine for the subset of SHACL the project's shapes use, with pySHACL's results.

pySHACL checks one focus node at a time and re-runs each SHACL-SPARQL query per focus node; on a
million triples that takes hours. This engine compiles the shapes once (`compile_shapes`, which
refuses any SHACL feature it does not implement), reads the data once into dictionaries (`data`),
checks each constraint for all focus nodes together (`components`), and runs each SHACL-SPARQL
query once over the whole graph on pyoxigraph (`sparql`). It returns the validation report graph
pySHACL would return (`report`), so `npc_kg.validate` renders both engines' reports the same way.

Supported: targets sh:targetClass, sh:targetSubjectsOf, sh:target with a SPARQL SELECT; paths of
predicates, sequences, sh:alternativePath and sh:inversePath of a predicate; the components
sh:minCount, maxCount, class, datatype, nodeKind, in, hasValue, minInclusive, maxInclusive,
minLength, pattern (flags i, m), uniqueLang true, equals, lessThanOrEquals, or, xone, not, property
(on node shapes) and sparql (on node shapes); sh:message, sh:severity, sh:deactivated.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from .data import Data, StoreView
from .engine import Engine
from .report import report_graph
from .shapes import ShapeError, Shapes, compile_shapes
from .sparql import Answers, GraphAnswers


def validate_graph(graph: Graph, shapes: Shapes) -> Graph:
    """The SHACL validation report of an rdflib graph (copied into pyoxigraph for the SPARQL checks)."""
    answers = GraphAnswers(graph) if shapes.queries else Answers(ox.Store())
    conforms, results = Engine(shapes, Data.from_graph(graph, shapes.predicates), answers).run()
    return report_graph(shapes, conforms, results, graph)


def validate_store(store: ox.Store, shapes: Shapes) -> Graph:
    """The SHACL validation report of a pyoxigraph store's default graph."""
    conforms, results = Engine(shapes, Data.from_store(store, shapes.predicates), Answers(store)).run()
    return report_graph(shapes, conforms, results, StoreView(store))


__all__ = ["ShapeError", "Shapes", "StoreView", "compile_shapes", "validate_graph", "validate_store"]
