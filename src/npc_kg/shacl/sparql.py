"""SHACL-SPARQL on pyoxigraph: each query runs ONCE over the whole graph.

pySHACL runs a constraint's query once per focus node with $this pre-bound. Here $this stays a
free variable and the answers are grouped by it, which gives the same answers when every answer
binds $this through the query's own patterns (true of each query in shapes/consistency.ttl: each
starts from `?this a <class>` or `?this <predicate> ?x`, and RateMatchesCounts' subquery projects
and groups by ?this). A query must therefore project ?this, and may not rebind it.

oxigraph keeps typed literals in canonical form ("7.0"^^xsd:decimal comes back as "7"). A value the
query read from the data is given back in the data's own spelling, so that messages and sh:value
match pySHACL's; values the query computed (bound with AS) keep oxigraph's spelling.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..rdf.namespaces import OWL, RDF, RDFS, SH
from ..rdf.oxterms import from_ox, ntriples
from .data import StoreCopy
from .shapes import ShapeError, describe

if TYPE_CHECKING:
    from .shapes import Context

Row = dict[str, Node]

# What pySHACL refuses in a SHACL-SPARQL query, or pre-binds and the engine does not support.
REFUSED = re.compile(r"(?<![\w:?$-])(MINUS|VALUES|SERVICE)\b|[?$](PATH|shapesGraph|currentShape)\b", re.I)
NESTED_SELECT = re.compile(r"SELECT[\s\(\)\$\?\a-z]*\{[^\}]*SELECT\s+((?:(?:[\?\$]\w+\s+)|(?:\*\s+))+)",
                           re.M | re.I)  # pySHACL's test that a nested SELECT projects $this
COMPUTED = re.compile(r"\bAS\s+[?$](\w+)", re.I)
DEFAULT_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}


@dataclass(frozen=True)
class Query:
    """A sh:select query of a SPARQL target or constraint, ready to run."""

    node: Node  # the sh:SPARQLConstraint / sh:SPARQLTarget node: the result's sh:sourceConstraint
    text: str  # with the PREFIX declarations pySHACL would prepend
    messages: tuple[Literal, ...]
    deactivated: bool
    variables: tuple[str, ...]  # projected, in order
    computed: frozenset[str]  # bound with AS: values the query made, not data terms


def parse_query(context: Context, node: Node) -> Query:
    select = context.one(node, SH.select)
    if not (isinstance(select, Literal) and isinstance(select.value, str)):
        raise ShapeError(f"{describe(node)}: sh:select must be a string")
    refused = REFUSED.search(select)
    if refused:
        raise ShapeError(f"{describe(node)}: the fast engine does not support {refused.group(0)} in a query")
    if re.search(r"\bAS\s+[?$]this\b", select, re.I):
        raise ShapeError(f"{describe(node)}: a query may not rebind ?this")
    nested = NESTED_SELECT.search(select)
    if nested and "this" not in [v.lstrip("?$") for v in nested.group(1).split()]:
        raise ShapeError(f"{describe(node)}: a nested SELECT must project ?this")
    prefixes = _prefixes(context, node)
    text = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in prefixes.items()) + "\n" + select
    try:
        answers = ox.Store().query(text)
    except SyntaxError as error:
        raise ShapeError(f"{describe(node)}: {error}") from None
    if not isinstance(answers, ox.QuerySolutions):
        raise ShapeError(f"{describe(node)}: sh:select must be a SELECT query")
    variables = tuple(v.value for v in answers.variables)
    if "this" not in variables or {"path", "failure"} & set(variables):
        raise ShapeError(f"{describe(node)}: a query must project ?this (and neither ?path nor ?failure)")
    deactivated = context.values(node, SH.deactivated)
    if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
        raise ShapeError(f"{describe(node)}: at most one sh:deactivated, a boolean")
    messages = context.values(node, SH.message)
    if not all(isinstance(m, Literal) and isinstance(m.value, str) for m in messages):
        raise ShapeError(f"{describe(node)}: sh:message must be a string")
    return Query(node, text, tuple(messages), bool(deactivated and deactivated[0].value), variables,  # type: ignore
                 frozenset(COMPUTED.findall(select)))


def _prefixes(context: Context, node: Node) -> dict[str, str]:
    """The prefixes pySHACL declares for a query: rdf, rdfs, owl and the sh:declare of each
    sh:prefixes node (with those of the shapes graph's ontologies when that node is not one)."""
    graph = context.graph
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    of_graph = set(graph.objects(graph.identifier, SH.declare))
    everywhere = of_graph | {d for o in ontologies for d in graph.objects(o, SH.declare)}
    found = dict(DEFAULT_PREFIXES)
    for holder in context.values(node, SH.prefixes):
        own = set(graph.objects(holder, SH.declare))
        for declaration in sorted(own | of_graph if own and holder in ontologies else own | everywhere, key=str):
            prefix, namespace = context.one(declaration, SH.prefix), context.one(declaration, SH.namespace)
            if not (isinstance(prefix, Literal) and isinstance(namespace, Literal)):
                raise ShapeError(f"{describe(declaration)}: sh:prefix and sh:namespace must be literals")
            if found.get(str(prefix), str(namespace)) != str(namespace) and str(prefix) not in DEFAULT_PREFIXES:
                raise ShapeError(f"{describe(node)}: two namespaces for the prefix {prefix}")
            found[str(prefix)] = str(namespace)
    return found


@dataclass(frozen=True)
class Reads:
    """What a set of queries can match in the data: triples of these predicates, and rdf:type
    triples of these classes; copying only those into pyoxigraph gives the same answers."""

    predicates: frozenset[Node]
    classes: frozenset[Node]

    def __or__(self, other: Reads) -> Reads:
        return Reads(self.predicates | other.predicates, self.classes | other.classes)


def reads(queries: Iterable[Query]) -> Reads | None:
    """What the queries read, or None when one may read any triple."""
    found = Reads(frozenset(), frozenset())
    for query in queries:
        one = _reads(query.text)
        if one is None:
            return None
        found |= one
    return found


@functools.lru_cache(maxsize=None)
def _reads(text: str) -> Reads | None:
    """The query's triple patterns, read from rdflib's algebra of it; None for anything that could
    match an unforeseen triple: a variable or negated predicate, rdf:type of a variable class, a
    pattern inside EXISTS or GRAPH (which rdflib leaves untranslated), a query rdflib cannot parse."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    predicates: set[Node] = set()
    classes: set[Node] = set()

    def path(step: Any) -> bool:
        if isinstance(step, URIRef):
            predicates.add(step)
            return step != RDF.type  # rdf:type inside a path could reach any class
        if isinstance(step, (SequencePath, AlternativePath)):
            return all(path(part) for part in step.args)
        if isinstance(step, InvPath):
            return path(step.arg)
        return isinstance(step, MulPath) and path(step.path)

    def walk(node: Any) -> bool:
        if isinstance(node, CompValue):
            if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS", "Graph", "TriplesBlock"):
                return False
            if node.name == "BGP":
                for _, predicate, obj in node["triples"]:
                    if predicate == RDF.type and isinstance(obj, URIRef):
                        predicates.add(predicate)
                        classes.add(obj)
                    elif not path(predicate):
                        return False
            return all(walk(value) for value in node.values())
        if isinstance(node, (list, tuple)):
            return all(walk(value) for value in node)
        return True

    try:
        algebra = prepareQuery(text).algebra
    except Exception:  # rdflib cannot parse what oxigraph can: read everything
        return None
    return Reads(frozenset(predicates), frozenset(classes)) if walk(algebra) else None


class Answers:
    """Queries over a pyoxigraph store whose default graph holds the data; answers as rdflib terms,
    grouped by ?this, each distinct answer once (pySHACL drops repeated answers too)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._cache: dict[str, dict[Node, list[Row]]] = {}

    def rows(self, query: Query) -> dict[Node, list[Row]]:
        if query.text not in self._cache:
            grouped: dict[Node, dict[frozenset, Row]] = {}
            for solution in self.store.query(query.text):
                row = {name: self.node(solution[name], name not in query.computed) for name in query.variables
                       if solution[name] is not None}
                if "this" in row:
                    grouped.setdefault(row["this"], {}).setdefault(frozenset(row.items()), row)
            self._cache[query.text] = {this: list(rows.values()) for this, rows in grouped.items()}
        return self._cache[query.text]

    def node(self, term: Any, from_data: bool) -> Node:
        return from_ox(term)


class GraphAnswers(Answers):
    """Queries over an rdflib graph copied into a pyoxigraph store (see `data.StoreCopy`)."""

    def __init__(self, copy: StoreCopy, graph: Graph) -> None:
        super().__init__(copy.store())
        self.blank = copy.blank
        self.graph = graph
        self._spellings: dict[Literal, Literal] | None = None

    def node(self, term: Any, from_data: bool) -> Node:
        if isinstance(term, ox.BlankNode):
            return self.blank[term.value]
        node = from_ox(term)
        return self.original(node) if from_data and isinstance(node, Literal) else node

    def original(self, literal: Literal) -> Literal:
        """The data's own spelling of a literal oxigraph gave back in canonical form."""
        for _, _, spelt in self.graph.triples((None, None, literal)):  # rdflib also finds "x"@EN for "x"@en
            return spelt  # type: ignore[return-value]
        if self._spellings is None:
            self._spellings = _spellings(o for o in self.graph.objects() if isinstance(o, Literal) and o.datatype)
        return self._spellings.get(literal, literal)


def _spellings(literals: Iterable[Literal]) -> dict[Literal, Literal]:
    """Each typed literal's canonical form (as oxigraph stores it) → the literal as the data spells
    it; of two spellings with one canonical form the first in sorted order wins."""
    spelt = sorted(set(literals), key=lambda literal: (str(literal.datatype), str(literal)))
    scratch = ox.Store()
    scratch.load("".join(f"<urn:x:{i}> <urn:x:v> {ntriples(literal)} .\n" for i, literal in enumerate(spelt)),
                 format=ox.RdfFormat.N_TRIPLES, lenient=True)
    canonical: dict[Literal, Literal] = {}
    for quad in sorted(scratch, key=lambda q: int(q.subject.value[6:])):
        canonical.setdefault(from_ox(quad.object), spelt[int(quad.subject.value[6:])])  # type: ignore[arg-type]
    return canonical

