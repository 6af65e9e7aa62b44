"""pyoxigraph's answers (of the local store or parsed from an endpoint's reply) as `Answer`s.

Large answers stay cheap on the Python side: Oxigraph writes a SELECT answer as SPARQL TSV in Rust,
and each distinct term of it becomes a `Term` once."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain, islice

import pyoxigraph as ox

from ..gc_pause import no_cycle_collection
from .terms import Answer, Boolean, Query, Table, Term, Triples, literal


def oxigraph_answer(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, query: Query,
                    limit: int | None) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Boolean(bool(result))
    if isinstance(result, ox.QuerySolutions):
        columns = tuple(variable.value for variable in result.variables)
        with no_cycle_collection():
            if limit is None and columns:
                return Table(columns, _tsv_rows(result.serialize(format=ox.QueryResultsFormat.TSV)))
            # A few rows: solutions are computed lazily, so only the first `limit` are (ORDER BY aside).
            return Table(columns, tuple(tuple(_from_ox(solution[column]) for column in columns)
                                        for solution in islice(result, limit)))
    return turtle(result, query)


def _tsv_rows(tsv: bytes) -> tuple[tuple[Term | None, ...], ...]:
    """The rows of a SPARQL TSV result as Oxigraph writes it, each distinct term converted once.

    Oxigraph evaluates and writes the whole answer in Rust; splitting it into cells is C-speed
    string work, so Python touches each distinct term once instead of making a Python object per
    cell. In that TSV a cell is one term in Turtle syntax, with tabs, line breaks, quotes and
    backslashes escaped inside strings, so a tab or a newline never occurs within a cell."""
    lines = tsv.decode("utf-8")[:-1].split("\n")  # the header line, then one line per solution
    cells = [line.split("\t") for line in lines[1:]]
    terms: dict[str, Term | None] = {"": None}  # an empty cell is an unbound variable
    unusual = []
    for token in set(chain.from_iterable(cells)) - terms.keys():
        term = _tsv_term(token)
        if term is None:
            unusual.append(token)
        else:
            terms[token] = term
    if unusual:  # escapes, numbers, blank nodes, directions, triple terms: Oxigraph's own parser reads them
        parsed = ox.parse_query_results(("?x\n" + "\n".join(unusual) + "\n").encode("utf-8"),
                                        format=ox.QueryResultsFormat.TSV)
        terms.update(zip(unusual, (_from_ox(solution[0]) for solution in parsed), strict=True))
    term_of = terms.__getitem__
    return tuple(tuple(map(term_of, row)) for row in cells)


def _tsv_term(token: str) -> Term | None:
    """The common TSV cells read directly: an IRI, or a string without escapes, with a language
    tag or a datatype. None for anything else."""
    if token[0] == "<" and token[1] != "<":
        return Term("uri", token[1:-1])
    if token[0] != '"' or "\\" in token:
        return None
    end = token.rindex('"')
    value, suffix = token[1:end], token[end + 1:]
    if not suffix:
        return Term("literal", value)
    if suffix[0] == "@" and "--" not in suffix:
        return Term("literal", value, None, suffix[1:])
    if suffix[:3] == "^^<" and suffix[-1] == ">":
        return literal(value, suffix[3:-1])
    return None


def turtle(triples: Iterable[ox.Triple], query: Query) -> Triples:
    """A graph answer as Turtle, with the query's own prefixes."""
    return Triples(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=query.prefixes).decode("utf-8"))


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    return Term("triple", str(term))
