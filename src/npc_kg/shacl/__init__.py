"""A fast SHACL engine for the subset of SHACL the project's shapes use, with pySHACL's results.

pySHACL checks one focus node at a time, through rdflib, and on these graphs spends about 90 µs a
triple. This engine compiles the shapes once (`shapes`, which refuses any SHACL feature it does not
implement), reads the data once into dictionaries (`data`), checks each constraint for all its
focus nodes together (`components`, `engine`), and runs each SHACL-SPARQL query once over the whole
graph on pyoxigraph (`sparql`). It returns the SHACL validation report graph pySHACL would return
(`report`), so that `npc_kg.validate` reads both engines' reports the same way.

Supported: targets sh:targetClass, sh:targetSubjectsOf, sh:target with a SPARQL SELECT; paths of
predicates, sequences, sh:alternativePath and sh:inversePath of a predicate; the components
sh:minCount, maxCount, class, datatype, nodeKind, in, hasValue, minInclusive, maxInclusive,
minLength, pattern (flags i, m), uniqueLang true, equals, lessThanOrEquals, or, xone, not,
property (on node shapes) and sparql (on node shapes); sh:message, sh:severity, sh:deactivated.

Where it cannot match pySHACL: oxigraph stores typed literals in canonical form, so a SPARQL check
that reads a literal's spelling (STR, REGEX) or joins two spellings of one value sees the canonical
one: a count "2887.0"^^xsd:decimal passes `REGEX(STR(?n), "^[0-9]+$")` here, not in pySHACL.
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ..gc_pause import no_cycle_collection
from .data import Data, StoreCopy, StoreView
from .engine import Engine, Found, Result, conforms
from .report import report_graph
from .shapes import ShapeError, Shapes, compile_shapes
from .sparql import Answers, GraphAnswers, reads

# Copying into pyoxigraph only what the SPARQL checks can match (half the synthetic graphs) saves
# about 1.7 µs a triple; finding it out (rdflib parses each query) costs 0.2 s once per process.
COPY_WHAT_QUERIES_READ_FROM = 50_000


def validate_graph(graph: Graph, shapes: Shapes) -> Graph:
    """The SHACL validation report of an rdflib graph (copied into pyoxigraph for the SPARQL checks)."""
    with no_cycle_collection():
        return _validate_graph(graph, shapes)


def validate_store(store: ox.Store, shapes: Shapes) -> Graph:
    """The SHACL validation report of a pyoxigraph store's default graph."""
    with no_cycle_collection():
        found = Engine(Data.from_store(store, shapes.predicates), Answers(store)).run(shapes.all)
        return report_graph(shapes, conforms(found), _flat(found), StoreView(store))


def validate_split(store: ox.Store, shapes: Shapes, known: Found, recheck: Collection[Node] | None
                   ) -> tuple[Graph, Found]:
    """The SHACL validation report of a store's default graph, given what the local parts of the
    shapes (see `locality`) are `known` to find on some nodes: the other parts run on the whole
    graph, the local parts on the nodes in `recheck` (None: all). Also what the local parts found
    there. The same report as `validate_store` gives (tests compare them)."""
    parts = shapes.split
    with no_cycle_collection():
        if recheck is None:
            data = Data.from_store(store, parts.whole_predicates | parts.local_predicates)
        else:
            data = Data.from_store(store, parts.whole_predicates, recheck, parts.local_predicates)
        engine = Engine(data, Answers(store))
        local = engine.run(parts.local, only=recheck)
        found = [*engine.run(parts.whole), *local, *known]
        return report_graph(shapes, conforms(found), _flat(found), StoreView(store)), local


def _flat(found: Found) -> list[Result]:
    return [result for _, results in found for result in results]


def _validate_graph(graph: Graph, shapes: Shapes) -> Graph:
    copy = None
    if shapes.queries:
        copy = StoreCopy(reads(shapes.queries) if len(graph) >= COPY_WHAT_QUERIES_READ_FROM else None)
    data = Data.from_graph(graph, shapes.predicates, copy)
    answers = GraphAnswers(copy, graph) if copy is not None else Answers(ox.Store())
    found = Engine(data, answers).run(shapes.all)
    return report_graph(shapes, conforms(found), _flat(found), graph)


__all__ = ["Found", "Result", "ShapeError", "Shapes", "StoreView", "compile_shapes", "validate_graph",
           "validate_split", "validate_store"]
