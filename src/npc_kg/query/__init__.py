"""query: run SPARQL over a build, a graph file or a remote endpoint, and print the answer.

One module per concern: `terms` (the values every engine answers in), `runner` (resolving a query
and running it on local data), `params` (typed parameters, bound and never pasted), `answers`
(pyoxigraph's results as answers), `formats` (printing) and `endpoint` (a remote SPARQL service).
The names other modules use are re-exported here.
"""

from .answers import oxigraph_answer, turtle
from .endpoint import ACCEPT, MAX_GET_URL, Endpoint
from .formats import FORMATTERS, json_results, plain, render
from .params import KINDS, bind_params, ntriples, parse_param, to_ox, with_values
from .runner import RDFLIB_SYNTAX, Engine, Oxigraph, Rdflib, data_file, open_engine, resolve_query, with_prefixes
from .terms import (DECIMAL_TYPES, INTEGER_TYPES, NUMERIC_TYPES, XSD, Answer, Boolean, Query, Table, Term, Triples,
                    literal)

__all__ = [
    "ACCEPT", "DECIMAL_TYPES", "FORMATTERS", "INTEGER_TYPES", "KINDS", "MAX_GET_URL", "NUMERIC_TYPES", "RDFLIB_SYNTAX", "XSD",
    "Answer", "Boolean", "Endpoint", "Engine", "Oxigraph", "Query", "Rdflib", "Table", "Term", "Triples",
    "bind_params", "data_file", "json_results", "literal", "ntriples", "open_engine", "oxigraph_answer", "parse_param", "plain",
    "render", "resolve_query", "to_ox", "turtle", "with_prefixes", "with_values",
]
