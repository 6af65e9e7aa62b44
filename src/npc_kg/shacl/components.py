"""The SHACL constraint components the project's shapes use, each with pySHACL's semantics.

Each component reads its parameters from the shapes graph (refusing malformed ones, as pySHACL
does) and checks all focus nodes of its shape at once: `values` maps every focus node to its value
nodes. Where pySHACL departs from the letter of SHACL (how it compares literals, what a
sh:lessThanOrEquals between a string and a number gives), the code follows pySHACL, since the two
engines must report the same results.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..rdf.namespaces import RDF, RDFS, SH, XSD
from .engine import Result
from .shapes import Context, Shape, ShapeError, describe
from .sparql import Query, parse_query

if TYPE_CHECKING:
    from .engine import Engine

Values = Mapping[Node, Collection[Node]]
Violation = tuple[Node, "Node | None"]

WHOLE_NUMBERS = frozenset({XSD.integer, XSD.int, XSD.long, XSD.negativeInteger, XSD.nonNegativeInteger,
                           XSD.nonPositiveInteger, XSD.positiveInteger, XSD.short, XSD.unsignedByte,
                           XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort})  # pySHACL's list
EXACT_NUMBERS = (int, Decimal)  # bool, a subclass of int, is not one
EXACT_NUMBER_TYPES = WHOLE_NUMBERS | {XSD.decimal}
# pySHACL checks the Python value of these datatypes; any other datatype only needs a well-typed literal.
VALUE_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}
NODE_KINDS = {SH.IRI: URIRef, SH.BlankNode: BNode, SH.Literal: Literal, SH.BlankNodeOrIRI: (BNode, URIRef),
              SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal)}


class Component:
    """One constraint component of one shape."""

    component: ClassVar[URIRef]
    parameter: ClassVar[URIRef]
    property_only: ClassVar[bool] = False
    uses_shape_messages: ClassVar[bool] = True  # its results carry the shape's sh:message
    predicates: tuple[URIRef, ...] = ()  # data predicates it reads besides the shape's path
    shapes: tuple[Shape, ...] = ()  # shapes it refers to
    queries: tuple[Query, ...] = ()

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        raise NotImplementedError

    def evaluate(self, engine: Engine, shape: Shape, values: Values) -> list[Result]:
        return [Result(shape, self.component, focus, value, shape.messages)
                for focus, value in self.violations(engine, values)]

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        raise NotImplementedError


@dataclass(frozen=True)
class MinCount(Component):
    count: int
    component = SH.MinCountConstraintComponent
    parameter = SH.minCount
    property_only = True

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        return cls(_count(context, shape, cls.parameter))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        yield from ((focus, None) for focus, nodes in values.items() if not self.within(len(nodes)))

    def within(self, found: int) -> bool:
        return found >= self.count


class MaxCount(MinCount):
    component = SH.MaxCountConstraintComponent
    parameter = SH.maxCount

    def within(self, found: int) -> bool:
        return found <= self.count


@dataclass(frozen=True)
class Class(Component):
    """Each value is an instance of each class, with rdfs:subClassOf read from the data graph."""

    classes: tuple[Node, ...]
    component = SH.ClassConstraintComponent
    parameter = SH["class"]

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        return cls(tuple(context.values(shape.node, cls.parameter)))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        for cls in self.classes:
            members = engine.data.instances(cls)
            for focus, nodes in values.items():
                yield from ((focus, v) for v in nodes if isinstance(v, Literal) or v not in members)


@dataclass(frozen=True)
class Datatype(Component):
    datatype: Node
    component = SH.DatatypeConstraintComponent
    parameter = SH.datatype

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        return cls(context.one(shape.node, cls.parameter))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        matches = _datatype_matcher(self.datatype)
        for focus, nodes in values.items():
            yield from ((focus, v) for v in nodes if not matches(v))


def _datatype_matcher(datatype: Node) -> Callable[[Node], bool]:
    """pySHACL's datatype test: the datatype's IRI, a well-typed lexical form, and for the datatypes
    it knows a Python value of the right type; plain literals count as xsd:string."""
    wanted = VALUE_TYPES.get(datatype)  # type: ignore[call-overload]
    any_literal = datatype == RDFS.Literal
    any_typed = datatype == RDFS.Datatype
    plain = datatype == XSD.string
    tagged = datatype == RDF.langString

    def right_value(literal: Literal) -> bool:
        return wanted is None or isinstance(literal.value, wanted)

    def matches(node: Node) -> bool:
        if not isinstance(node, Literal):
            return False
        if node.datatype == datatype:
            return getattr(node, "ill_typed", None) is not True and right_value(node)
        if any_literal or (any_typed and node.datatype):
            return True
        if plain and node.datatype is None and node.language is None:
            return right_value(node)
        return bool(tagged and node.language and right_value(node))

    return matches


@dataclass(frozen=True)
class NodeKind(Component):
    kind: Node
    component = SH.NodeKindConstraintComponent
    parameter = SH.nodeKind

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        kind = context.one(shape.node, cls.parameter)
        if kind not in NODE_KINDS:
            raise ShapeError(f"{describe(shape.node)}: unknown sh:nodeKind {describe(kind)}")
        return cls(kind)

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        kinds = NODE_KINDS[self.kind]  # type: ignore[index]
        for focus, nodes in values.items():
            yield from ((focus, v) for v in nodes if not isinstance(v, kinds))


@dataclass(frozen=True)
class In(Component):
    allowed: frozenset[Node]
    component = SH.InConstraintComponent
    parameter = SH["in"]

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        return cls(frozenset(context.items(context.one(shape.node, cls.parameter))))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        for focus, nodes in values.items():
            yield from ((focus, v) for v in nodes if v not in self.allowed)


@dataclass(frozen=True)
class HasValue(Component):
    required: tuple[Node, ...]
    component = SH.HasValueConstraintComponent
    parameter = SH.hasValue

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        return cls(tuple(context.values(shape.node, cls.parameter)))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        for required in self.required:
            yield from ((focus, None) for focus, nodes in values.items() if not any(v == required for v in nodes))


@dataclass(frozen=True)
class MinInclusive(Component):
    bounds: tuple[Literal, ...]
    component = SH.MinInclusiveConstraintComponent
    parameter = SH.minInclusive

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        bounds = context.values(shape.node, cls.parameter)
        if not all(isinstance(bound, Literal) for bound in bounds):
            raise ShapeError(f"{describe(shape.node)}: {describe(cls.parameter)} must be a literal")
        return cls(tuple(bounds))  # type: ignore[arg-type]

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        for bound in self.bounds:
            for focus, nodes in values.items():
                yield from ((focus, v) for v in nodes if not self.within(_compare(v, bound)))

    @staticmethod
    def within(order: int | None) -> bool:
        return order is not None and order >= 0


class MaxInclusive(MinInclusive):
    component = SH.MaxInclusiveConstraintComponent
    parameter = SH.maxInclusive

    @staticmethod
    def within(order: int | None) -> bool:
        return order is not None and order <= 0


def _compare(node: Node, bound: Literal) -> int | None:
    """pySHACL's order of a value against a bound: -1, 0 or 1, or None when they cannot be
    compared (not a literal, a string against a non-string, incomparable values)."""
    if not isinstance(node, Literal):
        return None
    value, limit = node.value, bound.value
    if type(value) in EXACT_NUMBERS and type(limit) in EXACT_NUMBERS and node.datatype in EXACT_NUMBER_TYPES \
            and bound.datatype in EXACT_NUMBER_TYPES:
        return (value > limit) - (value < limit)  # what rdflib's comparison gives, without its overhead
    if isinstance(value, str) != isinstance(limit, str):
        return None
    try:
        if node.eq(bound):
            return 0
        if node.value.__class__ in (datetime, time):  # rdflib's total order would hide these
            return 0 if node.value == bound.value else 1 if node.value > bound.value else -1
        return 1 if node > bound else -1
    except (TypeError, NotImplementedError):
        return None


@dataclass(frozen=True)
class MinLength(Component):
    length: int
    component = SH.MinLengthConstraintComponent
    parameter = SH.minLength

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        length = context.one(shape.node, cls.parameter)
        if (not isinstance(length, Literal) or getattr(length, "ill_typed", False)
                or length.datatype not in WHOLE_NUMBERS or length.value < 0):
            raise ShapeError(f"{describe(shape.node)}: sh:minLength must be a whole number from 0")
        return cls(int(length.value))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        if self.length:
            for focus, nodes in values.items():
                yield from ((focus, v) for v in nodes if isinstance(v, BNode) or len(_text(v)) < self.length)


def _text(node: Node) -> str:
    """A value as pySHACL's string constraints read it."""
    if isinstance(node, Literal) and node.value is not None and node.datatype in (None, RDF.langString, XSD.string):
        return str(node.value)
    return str(node)


@dataclass(frozen=True)
class Pattern(Component):
    patterns: tuple[re.Pattern[str], ...]
    component = SH.PatternConstraintComponent
    parameter = SH.pattern

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        flags = context.values(shape.node, SH.flags)
        if len(flags) > 1 or (flags and not set(str(flags[0]).lower()) <= {"i", "m"}):
            raise ShapeError(f"{describe(shape.node)}: only one sh:flags, of 'i' and 'm'")
        options = (re.I if flags and "i" in str(flags[0]).lower() else 0) | (
            re.M if flags and "m" in str(flags[0]).lower() else 0)
        patterns = context.values(shape.node, cls.parameter)
        if not all(isinstance(p, Literal) and isinstance(p.value, str) for p in patterns):
            raise ShapeError(f"{describe(shape.node)}: sh:pattern must be a string")
        return cls(tuple(re.compile(str(p), options) for p in patterns))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        for pattern in self.patterns:
            for focus, nodes in values.items():
                yield from ((focus, v) for v in nodes if isinstance(v, BNode) or not pattern.search(_text(v)))


@dataclass(frozen=True)
class UniqueLang(Component):
    """One result (without a value) per language tag that two values share, tags compared in
    lower case."""

    component = SH.UniqueLangConstraintComponent
    parameter = SH.uniqueLang
    property_only = True

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        unique = context.one(shape.node, cls.parameter)
        if not (isinstance(unique, Literal) and unique.value is True):
            raise ShapeError(f"{describe(shape.node)}: only sh:uniqueLang true is supported")
        return cls()

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        for focus, nodes in values.items():
            seen: set[str] = set()
            shared: set[str] = set()
            for node in nodes:
                if isinstance(node, Literal) and node.language:
                    language = node.language.lower()
                    (shared if language in seen else seen).add(language)
            yield from ((focus, None) for _ in shared)


@dataclass(frozen=True)
class Equals(Component):
    """The value nodes and the focus node's values of each predicate are the same set; each node
    in one set only is a result."""

    predicates: tuple[URIRef, ...]
    component = SH.EqualsConstraintComponent
    parameter = SH.equals

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        return cls(context.iris(shape.node, cls.parameter))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        for predicate in self.predicates:
            others = engine.data.objects(predicate)
            for focus, nodes in values.items():
                mine, theirs = set(nodes), set(others.get(focus, ()))
                yield from ((focus, v) for v in mine - theirs)
                yield from ((focus, v) for v in theirs - mine)


@dataclass(frozen=True)
class LessThanOrEquals(Component):
    predicates: tuple[URIRef, ...]
    component = SH.LessThanOrEqualsConstraintComponent
    parameter = SH.lessThanOrEquals
    property_only = True

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        return cls(context.iris(shape.node, cls.parameter))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        for predicate in self.predicates:
            index = engine.data.objects(predicate)
            for focus, nodes in values.items():
                others = [_comparable(other) for other in set(index.get(focus, ()))]
                for node in set(nodes):
                    value = _comparable(node)
                    yield from ((focus, node) for other in others if not _at_most(value, other))


def _comparable(node: Node) -> tuple[bool, Any]:
    """A node as pySHACL compares it: (is it text, what is compared): IRIs and string literals as
    text, other literals as rdflib literals (ordered by value); blank nodes raise, as in pySHACL."""
    if isinstance(node, BNode):
        raise ValueError("Cannot use sh:lessThanOrEquals to compare a BlankNode.")
    if isinstance(node, URIRef):
        return True, str(node)
    if isinstance(node, Literal) and isinstance(node.value, str):
        return True, node.value
    return False, node


def _at_most(value: tuple[bool, Any], other: tuple[bool, Any]) -> bool:
    """Text is never at most a number, nor a number at most text; Python raises, as in pySHACL,
    on values it cannot order."""
    return value[0] == other[0] and bool(value[1] <= other[1])


@dataclass(frozen=True)
class _ShapeList(Component):
    """sh:or and sh:xone: each value node is checked for conformance to the listed shapes."""

    lists: tuple[tuple[Shape, ...], ...]

    @property
    def shapes(self) -> tuple[Shape, ...]:  # type: ignore[override]
        return tuple(shape for members in self.lists for shape in members)

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        lists = []
        for head in context.values(shape.node, cls.parameter):
            members = [context.shape(item, shape.node) for item in context.items(head)]
            if not members:
                raise ShapeError(f"{describe(shape.node)}: {describe(cls.parameter)} needs a non-empty list")
            lists.append(cls.members(members))
        return cls(tuple(lists))

    @staticmethod
    def members(shapes: list[Shape]) -> tuple[Shape, ...]:
        return tuple(shapes)

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        nodes = {node for group in values.values() for node in group}
        for members in self.lists:
            counts = dict.fromkeys(nodes, 0)
            for member in members:
                for node in engine.conforming(member, nodes):
                    counts[node] += 1
            for focus, group in values.items():
                yield from ((focus, v) for v in group if not self.satisfied(counts[v]))

    @staticmethod
    def satisfied(count: int) -> bool:
        raise NotImplementedError


class Or(_ShapeList):
    component = SH.OrConstraintComponent
    parameter = SH["or"]

    @staticmethod
    def members(shapes: list[Shape]) -> tuple[Shape, ...]:
        return tuple(dict.fromkeys(shapes))  # pySHACL takes the list as a set

    @staticmethod
    def satisfied(count: int) -> bool:
        return count > 0


class Xone(_ShapeList):
    component = SH.XoneConstraintComponent
    parameter = SH.xone

    @staticmethod
    def satisfied(count: int) -> bool:
        return count == 1


@dataclass(frozen=True)
class Not(Component):
    shapes: tuple[Shape, ...]
    component = SH.NotConstraintComponent
    parameter = SH["not"]

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        return cls(tuple(context.shape(node, shape.node) for node in context.values(shape.node, cls.parameter)))

    def violations(self, engine: Engine, values: Values) -> Iterator[Violation]:
        nodes = {node for group in values.values() for node in group}
        for negated in self.shapes:
            conforming = engine.conforming(negated, nodes)
            for focus, group in values.items():
                yield from ((focus, v) for v in group if v in conforming)


@dataclass(frozen=True)
class Property(Component):
    """sh:property: the results of the property shapes, each run on the node shape's focus nodes
    (sh:property on a property shape, whose value nodes would be the focus nodes, is refused)."""

    shapes: tuple[Shape, ...]
    component = SH.PropertyConstraintComponent
    parameter = SH.property
    uses_shape_messages = False

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        if shape.path is not None:
            raise ShapeError(f"{describe(shape.node)}: sh:property on a property shape is not supported")
        nested = tuple(context.shape(node, shape.node) for node in context.values(shape.node, cls.parameter))
        for property_shape in nested:
            if property_shape.path is None:
                raise ShapeError(f"{describe(property_shape.node)} is used by sh:property but has no sh:path")
        return cls(nested)

    def evaluate(self, engine: Engine, shape: Shape, values: Values) -> list[Result]:
        return [result for nested in self.shapes for result in engine.results(nested, values.keys())]


@dataclass(frozen=True)
class Sparql(Component):
    """sh:sparql: each query runs once over the whole graph (see `sparql`)."""

    queries: tuple[Query, ...]
    component = SH.SPARQLConstraintComponent
    parameter = SH.sparql
    uses_shape_messages = False

    @classmethod
    def parse(cls, context: Context, shape: Shape) -> Component:
        if shape.path is not None:
            raise ShapeError(f"{describe(shape.node)}: sh:sparql on a property shape is not supported")
        return cls(tuple(parse_query(context, node) for node in context.values(shape.node, cls.parameter)))

    def evaluate(self, engine: Engine, shape: Shape, values: Values) -> list[Result]:
        return [result for query in self.queries if not query.deactivated
                for result in engine.sparql_results(shape, query, values)]


COMPONENTS: tuple[type[Component], ...] = (
    MinCount, MaxCount, Class, Datatype, NodeKind, In, HasValue, MinInclusive, MaxInclusive, MinLength, Pattern,
    UniqueLang, Equals, LessThanOrEquals, Or, Xone, Not, Property, Sparql)
PARAMETERS = frozenset(c.parameter for c in COMPONENTS)


def parse_constraints(context: Context, shape: Shape) -> Iterator[Component]:
    present = set(context.graph.predicates(shape.node, None))
    for component in COMPONENTS:
        if component.parameter in present:
            if component.property_only and shape.path is None:
                raise ShapeError(f"{describe(shape.node)}: {describe(component.parameter)} needs a property shape")
            yield component.parse(context, shape)


def _count(context: Context, shape: Shape, parameter: URIRef) -> int:
    count = context.one(shape.node, parameter)
    if not (isinstance(count, Literal) and count.datatype == XSD.integer and int(count.value) >= 0):
        raise ShapeError(f"{describe(shape.node)}: {describe(parameter)} must be an xsd:integer from 0")
    return int(count.value)
