"""The vocabulary graph: the bundled ontology/*.ttl files (the ontology, the Data Cube structure and
its code lists, the measures scheme) as one graph, which a build publishes as a named graph of its
own (`Minter.vocabulary_graph()`) beside the data. So a store loaded with `npc-kg load`, `npc-kg
serve` and `npc-kg query --data` can answer what a term is called, and the Data Cube checks
(shapes/datacube.ttl) see the structure and code lists the observations refer to.

The files are the same for every build, so the graph is read once per process, and never cached
per article. A blank node in them is refused: its label would change from run to run, and the
build's output must not.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .rdf.statements import Statements
from .resources import ontology_files


@functools.cache
def vocabulary() -> Statements:
    """Every statement of ontology/*.ttl, as sorted N-Triples lines."""
    return Statements.union([_read(path) for path in ontology_files()])


def _read(path: Path) -> Statements:
    try:
        triples = [quad.triple for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE)]
    except SyntaxError as err:
        raise InputError(f"not valid Turtle: {err.msg}", str(path), err.lineno) from None
    for triple in triples:
        if any(isinstance(term, ox.BlankNode) for term in (triple.subject, triple.object)):
            raise InputError(f"a blank node in the vocabulary ({triple}): give it an IRI, so that "
                             "the build's output stays the same from run to run", str(path))
    return Statements.of_ox(triples)
