"""Printing an answer: a table, CSV, TSV, W3C JSON results or Markdown for SELECT, true/false
for ASK, Turtle for graphs.

Each column's distinct terms are formatted once and the rows are joined with C-level string
operations, so a large answer costs little more than its distinct values. A query may say how to
print a column with a pragma comment, `#+ format: COLUMN=FORMAT ...` (FORMATTERS lists the
formats); the text formats apply it, JSON keeps the raw terms."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import InputError
from ..gc_pause import no_cycle_collection
from .terms import DECIMAL_TYPES, INTEGER_TYPES, NUMERIC_TYPES, Answer, Boolean, Query, Table, Term, Triples

def _percent2(term: Term | None) -> str:
    """A percentage with two decimals: 99.31, 99.90."""
    number = _number(term)
    return plain(term) if number is None else format(number.quantize(Decimal("0.01"), ROUND_HALF_UP), "f")


FORMATTERS: dict[str, Callable[[Term | None], str]] = {"percent2": _percent2}



def plain(term: Term | None) -> str:
    """A cell as DESIGN.md wants it: IRIs as IRIs, literals without language or datatype, integers
    as digits, decimals without exponent or trailing zeros, unbound as empty."""
    if term is None:
        return ""
    if term.type == "bnode":
        return f"_:{term.value}"
    if term.type == "literal" and term.datatype in INTEGER_TYPES:
        try:
            return str(int(term.value))
        except ValueError:
            return term.value
    number = _number(term)
    if number is not None and term.datatype in DECIMAL_TYPES:
        text = format(number.normalize(), "f")
        return "0" if text == "-0" else text
    return term.value


def _number(term: Term | None) -> Decimal | None:
    if term is None or term.type != "literal" or term.datatype not in NUMERIC_TYPES:
        return None
    try:
        number = Decimal(term.value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def render(answer: Answer, fmt: str, query: Query) -> str:
    """The answer as text ending in a newline: a table in `fmt` (table, csv, tsv, json or md),
    true/false, or Turtle (the module says how a large answer stays cheap)."""
    if isinstance(answer, Boolean):
        return json.dumps({"head": {}, "boolean": answer.value}) + "\n" if fmt == "json" else \
            f"{str(answer.value).lower()}\n"
    if isinstance(answer, Triples):
        return answer.turtle.rstrip("\n") + "\n" if answer.turtle else ""
    with no_cycle_collection():
        if fmt == "json":
            return json_results(answer)
        for column in query.formats.keys() - set(answer.columns):
            raise InputError(f"the format pragma names column {column!r}, which the query does not return",
                             query.source, query.formats[column][1])
        if fmt == "table":
            return _table(answer, query)
        if fmt == "md":
            def cell(text: str) -> str:
                return _one_line(text).replace("|", "\\|")

            rows = _rows(answer, _cells(answer, query, cell))
            return "".join(map("| {} |\n".format, map(" | ".join, [
                map(cell, answer.columns), ["---"] * len(answer.columns), *rows])))
        if fmt == "csv":
            header = io.StringIO()
            csv.writer(header, lineterminator="\n").writerow(answer.columns)
            rows = _rows(answer, _cells(answer, query, _csv_field(len(answer.columns))))
            return header.getvalue() + _lines(map(",".join, rows))
        escape = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

        def tsv_cell(text: str) -> str:
            return text.translate(escape)

        rows = _rows(answer, _cells(answer, query, tsv_cell))
        return _lines(map("\t".join, [map(tsv_cell, answer.columns), *rows]))


def _lines(lines: Iterable[str]) -> str:
    """Lines, each ended by a newline."""
    lines = list(lines)
    return "\n".join(lines) + "\n" if lines else ""


def _formatter(query: Query, column: str) -> Callable[[Term | None], str]:
    name = query.formats.get(column)
    return FORMATTERS[name[0]] if name else plain


def _columns(answer: Table) -> list[tuple[Term | None, ...]]:
    return list(zip(*answer.rows)) if answer.rows else [()] * len(answer.columns)


def _distinct(terms: Iterable[Term | None]) -> tuple[list[int], dict[int, Term | None]]:
    """A column as the ids of its terms, and its distinct term objects by id. An engine hands out
    one object per distinct term (Oxigraph) or not (rdflib): either way equal objects print alike,
    and the answer holds every term alive while it is printed, so an id stands for one object."""
    terms = tuple(terms)
    ids = list(map(id, terms))
    return ids, dict(zip(ids, terms))


def _texts(answer: Table, query: Query, finish: Callable[[str], str] | None = None
           ) -> list[tuple[list[int], dict[int, str], dict[int, Term | None]]]:
    """Per column: the ids of its terms, the printed text of each distinct one (`finish` applied),
    and the distinct terms."""
    out = []
    for column, terms in zip(answer.columns, _columns(answer)):
        formatter = _formatter(query, column)
        ids, distinct = _distinct(terms)
        if finish is None:
            text = {key: formatter(term) for key, term in distinct.items()}
        else:
            text = {key: finish(formatter(term)) for key, term in distinct.items()}
        out.append((ids, text, distinct))
    return out


def _cells(answer: Table, query: Query, finish: Callable[[str], str] | None = None) -> list[list[str]]:
    """The printed text of every cell, column by column, computed once per distinct term."""
    return [list(map(text.__getitem__, ids)) for ids, text, _ in _texts(answer, query, finish)]


def _rows(answer: Table, cells: list[list[str]]) -> list[tuple[str, ...]]:
    """Columns of cells back into rows (rows of no columns stay rows)."""
    return list(zip(*cells)) if cells else [()] * len(answer.rows)


def _csv_field(columns: int) -> Callable[[str], str]:
    """A cell as Python's csv module writes it in a row of `columns` cells, for joining with commas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def field(text: str) -> str:
        if not text:  # csv writes a row of one empty cell as "" to tell it from an empty line
            return '""' if columns == 1 else ""
        buffer.seek(0)
        buffer.truncate()
        writer.writerow((text,))
        return buffer.getvalue()[:-1]

    return field


def json_results(table: Table) -> str:
    """W3C SPARQL 1.1 Query Results JSON of the raw terms: what json.dumps(..., ensure_ascii=False,
    indent=1) writes, with each distinct binding written once per column."""
    def string(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    def binding(column: str, term: Term) -> str:
        members = [("type", term.type), ("value", term.value)]
        if term.datatype:
            members.append(("datatype", term.datatype))
        if term.lang:
            members.append(("xml:lang", term.lang))
        inner = ",\n".join(f"     {string(key)}: {string(value)}" for key, value in members)
        return f"    {string(column)}: {{\n{inner}\n    }}"

    fragments = []
    for column, terms in zip(table.columns, _columns(table)):
        ids, distinct = _distinct(terms)
        text = {key: None if term is None else binding(column, term) for key, term in distinct.items()}
        fragments.append(list(map(text.__getitem__, ids)))
    bindings = []
    for row in _rows(table, fragments):
        members = [fragment for fragment in row if fragment is not None]
        bindings.append("   {\n" + ",\n".join(members) + "\n   }" if members else "   {}")
    variables = "[\n" + ",\n".join(f"   {string(column)}" for column in table.columns) + "\n  ]" \
        if table.columns else "[]"
    results = "[\n" + ",\n".join(bindings) + "\n  ]" if bindings else "[]"
    return f'{{\n "head": {{\n  "vars": {variables}\n }},\n "results": {{\n  "bindings": {results}\n }}\n}}\n'


def _one_line(cell: str) -> str:
    return " ".join(cell.splitlines())


def _table(table: Table, query: Query) -> str:
    """Aligned columns under a header; numeric columns right-aligned."""
    columns = _texts(table, query, _one_line)
    widths = [max(len(name), max(map(len, text.values()), default=0))
              for name, (_, text, _) in zip(table.columns, columns)]
    numeric = [bool(table.rows) and all(term is None or _number(term) is not None for term in distinct.values())
               for _, _, distinct in columns]

    def line(values: Iterable[str]) -> str:
        return "  ".join(value.rjust(width) if right else value.ljust(width)
                         for value, width, right in zip(values, widths, numeric)).rstrip() + "\n"

    padded = []  # each distinct cell padded once
    for (ids, text, _), width, right in zip(columns, widths, numeric):
        pad = {key: value.rjust(width) if right else value.ljust(width) for key, value in text.items()}
        padded.append(list(map(pad.__getitem__, ids)))
    body = _lines(map(str.rstrip, map("  ".join, _rows(table, padded))))
    return line(table.columns) + line("-" * width for width in widths) + body
