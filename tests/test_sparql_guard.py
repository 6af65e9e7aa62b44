"""sparql_guard: updates and federation found by reading the text, never by running it.

The federation cases are checked against pyoxigraph itself: each query that the guard must flag is
first run on a store with a local listener as the service, to show that pyoxigraph really calls out
for that spelling (so the case is a real way out, not an imagined one).
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from helpers import Listener

from npc_kg.sparql_guard import is_update, uses_federation, where_end

# Spellings of SERVICE that pyoxigraph 0.5 evaluates (each calls the listener).
CALLS_OUT = [
    "SELECT * WHERE { BIND(1 AS ?z) SERVICE <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(1 AS ?z) SERVICE SILENT <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "select * where { bind(1 as ?z) service silent <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(1 AS ?z) SeRvIcE<http://127.0.0.1:PORT/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { BIND(1 AS ?z) SERVICE#c\n<http://127.0.0.1:PORT/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { BIND(1 AS ?z) #c\rSERVICE<http://127.0.0.1:PORT/x>{ ?s ?p ?o } }",  # \r ends a comment
    "PREFIX ex: <urn:x#> SELECT * WHERE { BIND(ex:a\\'b AS ?z) SERVICE SILENT <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "PREFIX ex: <http://e/> SELECT * WHERE { BIND(ex:a\\#b AS ?z) SERVICE SILENT <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://e/\\u0041#x> AS ?z) SERVICE SILENT <http://127.0.0.1:PORT/x> { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:PORT/> SELECT * WHERE { BIND(1 AS ?z) SERVICE:x { ?s ?p ?o } }",
    "SELECT * WHERE { ?z ?p 1e5SERVICE<http://127.0.0.1:PORT/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { ?z ?p trueSERVICE<http://127.0.0.1:PORT/x>{ ?s ?p ?o } }",
    'SELECT * WHERE { BIND("""a""b""" AS ?z) SERVICE<http://127.0.0.1:PORT/x>{ ?s ?p ?o } }',
]


def _store() -> ox.Store:
    """A store where `?z ?p 1e5` and `?z ?p true` match, so a SERVICE after them is reached."""
    store = ox.Store()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for value, kind in (("1e5", "double"), ("true", "boolean")):
        store.add(ox.Quad(ox.NamedNode("urn:z"), ox.NamedNode("urn:p"), ox.Literal(value, datatype=ox.NamedNode(xsd + kind))))
    return store


@pytest.mark.parametrize("template", CALLS_OUT)
def test_every_spelling_pyoxigraph_calls_out_with_is_flagged(template):
    with Listener() as listener:
        query = template.replace("PORT", str(listener.port))
        try:
            list(_store().query(query))
        except OSError:  # the listener hangs up without an answer
            pass
        deadline = time.monotonic() + 5
        while listener.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert listener.connections >= 1, "pyoxigraph did not call out: the case proves nothing"
    assert uses_federation(query)


def test_a_byte_order_mark_hides_nothing():
    assert uses_federation("\ufeffSELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }")


@pytest.mark.parametrize("query", [
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT * WHERE { ?s ?p $service }",
    "PREFIX ex: <urn:x#> SELECT * WHERE { ?s ex:service ?o }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:1/x> { }" }',
    "SELECT * WHERE { ?s ?p 'service' }",
    'SELECT * WHERE { ?s ?p """a\nSERVICE <http://x/> {}\n""" }',
    "SELECT * WHERE { ?s ?p '''SERVICE''' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:1/x> { }",
    "PREFIX : <urn:x#> SELECT * WHERE { ?s :SERVICE ?o }",
    "",
])
def test_service_inside_names_strings_comments_and_iris_is_not_federation(query):
    assert not uses_federation(query)


@pytest.mark.parametrize("query, update", [
    ("\ufeffINSERT DATA { <urn:a> <urn:b> <urn:c> }", True),
    ("\ufeff# note\nPREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }", True),
    ("BASE <urn:b> PREFIX x: <urn:x#> clear all", True),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("SELECT * WHERE { ?s ?p 'INSERT' }", False),
    ("# DROP ALL\nASK {}", False),
    ("PREFIX insert: <urn:x#> SELECT * WHERE { ?s insert:p ?o }", False),
    ("\ufeffSELECT * WHERE { ?s ?p ?o }", False),
])
def test_updates_are_found_behind_a_bom_comments_and_the_prologue(query, update):
    assert is_update(query) is update


@pytest.mark.parametrize("shape", [
    "<" * (1 << 20),
    "<a" * (1 << 19),
    '"' + "\\" * (1 << 20),
    "'''" + "'" * (1 << 20),
    '"""' + '""a' * (1 << 18),
    "a." * (1 << 19),
    "ex:" + "a\\'" * (1 << 18),
    "#" * (1 << 20),
    "?" * (1 << 20),
    "SERVICE " * (1 << 17),
    "1e5" * (1 << 18),
    "{" * (1 << 20),
    "{}" * (1 << 19),
])
def test_a_megabyte_of_a_pathological_shape_is_read_in_linear_time(shape):
    started = time.monotonic()
    uses_federation(shape)
    is_update(shape)
    where_end(shape)
    assert time.monotonic() - started < 5, "the scan is not linear"


@pytest.mark.parametrize("query, group", [
    ("SELECT ?x WHERE { ?x ?p ?o }", "{ ?x ?p ?o }"),
    ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p '}' }", "{ ?x ?p '}' }"),
    ("SELECT * { { SELECT ?x { ?x ?p ?o } } } ORDER BY ?x", "{ { SELECT ?x { ?x ?p ?o } } }"),
    ('# }\nASK { ?x ?p """{""" } VALUES ?x { <urn:a> } # {', '{ ?x ?p """{""" }'),
    ("\ufeffSELECT * {}", "{}"),
])
def test_where_end_is_the_brace_that_closes_the_where_group(query, group):
    """Where an endpoint's --param VALUES block goes: braces in strings and comments, a sub-select's
    and a trailing VALUES block's do not count."""
    end = where_end(query)
    assert end is not None and query[:end + 1].endswith(group)


@pytest.mark.parametrize("query", ["CONSTRUCT WHERE { ?x ?p ?o }", "DESCRIBE <urn:a>", "SELECT ?x WHERE { ?x ?p ?o"])
def test_no_where_group_to_bind_in(query):
    """The short CONSTRUCT's group is its template too; DESCRIBE may have none; an open one is not."""
    assert where_end(query) is None
