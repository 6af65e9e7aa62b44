"""Which parts of the shapes give a node the same results whatever the other articles say.

A rebuild does not check an unchanged article again: the cache keeps, with each article, what the
"local" parts of the shapes found on the nodes "private" to it, and the next build takes those
results as found. A local part reads nothing but the focus node's own statements (its types
included, for targets and an sh:class on the node itself) and the value terms themselves; a node
is private to an article when every statement about it (as subject) comes from that article. A private node then has the same statements, in any build with the
unchanged article, so it gets the same results from the local parts.

Everything else is checked on the whole graph every build: the other parts of the shapes (SPARQL
targets and checks, inverse and sequence paths, sh:class on a value node, which reads the value's
types, and shapes run on value nodes),
and the local parts on every node that is not private (shared entities such as people and
offices, sessions given links by the assembly, any node two articles both describe) or belongs
to an article that is new or changed.

rdfs:subClassOf statements in the data would make class membership depend on other articles; a
graph that has any is checked whole (see `npc_kg.validate.validate_build`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from rdflib import URIRef

from ..rdf.namespaces import RDF, RDFS
from .components import (Class, Component, Datatype, Equals, HasValue, In, LessThanOrEquals, MaxCount, MaxInclusive,
                         MinCount, MinInclusive, MinLength, NodeKind, Not, Or, Pattern, Property, UniqueLang, Xone)
from .shapes import Shape, Shapes, Step, predicates_read

VALUE_TERM = (Datatype, NodeKind, In, HasValue, MinInclusive, MaxInclusive, MinLength, Pattern)  # the value alone
FOCUS_STATEMENTS = (MinCount, MaxCount, UniqueLang, Equals, LessThanOrEquals)  # the focus node's own statements
LOGICAL = (Or, Xone, Not)


@dataclass(frozen=True)
class Split:
    """The targeted shapes cut in two: each keeps its node, targets and severity, and either its
    local parts or its other parts (a shape with nothing on one side is left out of it)."""

    local: tuple[Shape, ...]
    whole: tuple[Shape, ...]
    local_predicates: frozenset[URIRef]  # what the local parts read
    whole_predicates: frozenset[URIRef]  # what the other parts read, of every node


def split(shapes: Shapes) -> Split:
    local, whole = [], []
    for shape in shapes.all:
        if not shape.targeted or shape.deactivated:
            continue
        if shape.queries:  # a SPARQL target finds its focus nodes in the whole graph
            whole.append(shape)
            continue
        if shape.path is not None:
            (local if _at_focus(shape) else whole).append(shape)
            continue
        mine: list[Component] = []
        rest: list[Component] = []
        for constraint in shape.constraints:
            if isinstance(constraint, Property):
                parts = [p for p in constraint.shapes if _at_focus(p)]
                others = [p for p in constraint.shapes if p not in parts]
                mine.extend([Property(tuple(parts))] if parts else [])
                rest.extend([Property(tuple(others))] if others else [])
            else:
                (mine if _on_focus(constraint) else rest).append(constraint)
        local.extend([dataclasses.replace(shape, constraints=tuple(mine))] if mine else [])
        whole.extend([dataclasses.replace(shape, constraints=tuple(rest))] if rest else [])
    always = {RDF.type, RDFS.subClassOf}  # targets and sh:class
    return Split(tuple(local), tuple(whole), predicates_read(local) | always, predicates_read(whole) | always)


def _at_focus(shape: Shape) -> bool:
    """Whether the shape, run on a focus node, reads only that node's statements and value terms."""
    if shape.deactivated:
        return True
    if shape.path is None:
        return all(_on_focus(c) for c in shape.constraints)
    if not (isinstance(shape.path, Step) and not shape.path.inverse):
        return False
    return all(isinstance(c, VALUE_TERM + FOCUS_STATEMENTS)
               or (isinstance(c, LOGICAL) and all(_value_only(m) for m in c.shapes)) for c in shape.constraints)


def _on_focus(constraint: Component) -> bool:
    """Whether a node-level constraint, whose value is the focus node itself, is local."""
    if isinstance(constraint, VALUE_TERM + (Class, Equals)):
        return True  # sh:class here reads the focus node's own types
    if isinstance(constraint, (Property, *LOGICAL)):
        return all(_at_focus(p) for p in constraint.shapes)
    return False


def _value_only(shape: Shape) -> bool:
    """Whether the shape, run on a value node (which may be shared), reads only the value term."""
    if shape.deactivated:
        return True
    return shape.path is None and all(
        isinstance(c, VALUE_TERM) or (isinstance(c, LOGICAL) and all(_value_only(m) for m in c.shapes))
        for c in shape.constraints)
