"""Errors that help (issue 14): --param values checked against what the query declares (and taken
as meant when the spelling differs but the meaning is plain), the project's prefixes usable without
PREFIX lines, and messages that name a bundled query rather than where it is installed."""

from __future__ import annotations

import csv
import io
import re

import pytest

from npc_kg.rdf.namespaces import PREFIXES
from npc_kg.resources import data_dir, query_names

from helpers import ARTICLES, run_cli

SESSION = "https://w3id.org/npc-kg/id/session/12-2"


def csv_rows(*args: str) -> list[dict[str, str]]:
    result = run_cli("query", *args, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def refused(*args: str) -> str:
    result = run_cli("query", *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert str(data_dir("queries")) not in result.stderr and "site-packages" not in result.stderr
    return result.stderr


# --------------------------------------------------------------------------- --param


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_declared_params_take_every_plain_spelling(build_dir, engine):
    data = ("--data", str(build_dir), "--engine", engine)
    resolutions = csv_rows("resolutions", *data, "--param", f"session=<{SESSION}>")
    assert len(resolutions) == 8
    for spelling in (SESSION, f'"{SESSION}"'):  # an absolute IRI without <>
        assert csv_rows("resolutions", *data, "--param", f"session={spelling}") == resolutions
    second = csv_rows("sessions", *data, "--param", "ordinal=2")
    assert len(second) >= 2 and csv_rows("sessions", *data, "--param", 'ordinal="2"') == second  # a number as text
    [year] = csv_rows("sessions", *data, "--param", "year=2014")  # npc:year is an xsd:gYear
    assert year["session"] == SESSION
    assert csv_rows("sessions", *data, "--param", 'year="2014"') == [year]
    lines = csv_rows("provenance", *data, "--param", "file=npc-12-2.txt", "--param", 'line="62"')
    assert lines and {(r["file"], r["line"]) for r in lines} == {("npc-12-2.txt", "62")}


@pytest.mark.parametrize("args,spelling", [
    (("sessions", "--param", "ordinal=two"), "ordinal=2"),
    (("sessions", "--param", "ordinal=2.5"), "ordinal=2"),
    (("sessions", "--param", "year=last"), "year=2014"),
    (("sessions", "--param", "start=5 March 2014"), "start=2014-03-05"),
    (("sessions", "--param", "session=session/12-2"), "session='<https://"),
    (("sessions", "--param", "session=<12-2>"), "session='<https://"),
    (("sessions", "--param", "session=Xi Jinping"), "session='<https://"),
    (("sessions", "--param", "title=<https://example.org/x>"), "title='Xi Jinping'"),
    (("people", "--param", 'name="Xi Jinping"@fr'), "name='Xi Jinping'"),
    (("provenance", "--param", 'file="npc-12-2.txt"@en'), "file=npc-12-2.txt"),
])
def test_a_value_of_the_wrong_kind_is_refused_with_its_spelling(build_dir, args, spelling):
    message = refused(*args, "--data", str(build_dir))
    assert message.startswith(f"npc-kg: --param {args[2].split('=')[0]}: expects ") and spelling in message


def test_an_unknown_parameter_lists_the_querys_parameters(build_dir):
    message = refused("sessions", "--data", str(build_dir), "--param", "sesion=<https://x.org/s>")
    assert "'sessions' has no variable ?sesion" in message
    assert "session (iri)" in message and "ordinal (integer)" in message and "year (year)" in message
    text = "SELECT ?s WHERE { ?s ?p ?o }"
    assert "its variables: ?s ?p ?o" in refused(text, "--data", str(build_dir), "--param", "x=1")


@pytest.mark.parametrize("name", query_names())
def test_every_bundled_query_declares_parameters_it_has(name):
    from npc_kg.query import resolve_query

    query = resolve_query(name)
    assert query.source == name  # messages name the query, not the installed file
    assert query.params and set(query.params) <= set(query.variables)


def test_a_bundled_querys_errors_name_it_not_its_installed_path(build_dir, tmp_path):
    message = refused("provenance", "--data", str(build_dir), "--param", "nope=1")
    assert "'provenance' has no variable ?nope" in message  # `refused` checks the installed path is not shown
    broken = run_cli("query", "people", "--data", str(tmp_path / "missing.nt"))
    assert str(data_dir("queries")) not in broken.stderr


# --------------------------------------------------------------------------- the project's prefixes


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_query_may_use_the_project_prefixes_undeclared(build_dir, tmp_path, engine):
    text = "SELECT ?title WHERE { ?s a npc:Session ; rdfs:label ?title ; npc:year ?y FILTER(?y = \"2014\"^^xsd:gYear) }"
    data = ("--data", str(build_dir), "--engine", engine)
    assert [r["title"] for r in csv_rows(text, *data)] == ["Second session of the 12th National People's Congress"]
    rq = tmp_path / "sessions.rq"
    rq.write_text("# count\n" + text.replace("?title WHERE", "(COUNT(*) AS ?n) WHERE").replace(
        ' FILTER(?y = "2014"^^xsd:gYear)', ""), encoding="utf-8")
    assert csv_rows(str(rq), *data) == [{"n": str(len(ARTICLES))}]
    own = "PREFIX npc: <https://example.org/other#>\nSELECT (COUNT(*) AS ?n) WHERE { ?s a npc:Session }"
    assert csv_rows(own, *data) == [{"n": "0"}]  # a prefix the query declares is its own


def test_construct_answers_use_the_prefixes_too(build_dir):
    result = run_cli("query", "CONSTRUCT { ?s npc:ordinal ?o } WHERE { ?s a npc:Session ; npc:ordinal ?o }",
                     "--data", str(build_dir))
    assert result.returncode == 0 and "npc:ordinal" in result.stdout and "@prefix npc:" in result.stdout


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_errors_point_at_the_users_lines_and_columns(build_dir, engine):
    data = ("--data", str(build_dir), "--engine", engine)
    second = refused("# a comment\nSELECT ?s WHERE { ?s a npc:Session ; rdfs:label }", *data)
    assert second.startswith("<query>:2: SPARQL syntax error")
    if engine == "oxigraph":  # rdflib's messages carry no column
        text = "SELECT ?s WHERE { ?s a npc:Session ; rdfs:label }"
        undeclared = refused(text, *data)
        declared = refused(f"PREFIX npc: <{PREFIXES['npc']}>\nPREFIX rdfs: <{PREFIXES['rdfs']}>\n{text}", *data)
        assert undeclared.startswith("<query>:1:") and declared.startswith("<query>:3:")
        assert re.search(r"column (\d+)", undeclared)[1] == re.search(r"column (\d+)", declared)[1]


def test_the_service_guard_reads_the_final_text(build_dir):
    message = refused("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s rdfs:label ?o } }",
                      "--data", str(build_dir))
    assert "SERVICE" in message


def test_query_help_lists_the_prefixes():
    result = run_cli("query", "--help")
    assert result.returncode == 0
    for name, namespace in PREFIXES.items():
        assert re.search(rf"^\s+{name}:\s+{re.escape(str(namespace))}$", result.stdout, re.M), name


def test_prefixes_through_an_endpoint(build_dir, oxigraph_server):
    oxigraph_server.load(build_dir / "graph.nt")
    text = "SELECT ?title WHERE { ?s a npc:Session ; rdfs:label ?title } ORDER BY ?title"
    local = csv_rows(text, "--data", str(build_dir / "graph.nt"))
    assert len(local) == len(ARTICLES) and csv_rows(text, "--endpoint", oxigraph_server.query_url) == local
    assert csv_rows("sessions", "--endpoint", oxigraph_server.query_url, "--param", f"session={SESSION}") == \
        csv_rows("sessions", "--data", str(build_dir / "graph.nt"), "--param", f"session=<{SESSION}>")


# --------------------------------------------------------------------------- --data: gzipped dumps


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_gzipped_dumps_are_read_by_their_bytes(build_dir, tmp_path, engine):
    import gzip

    expected = csv_rows("sessions", "--data", str(build_dir))
    files = {"graph.ttl.gz": gzip.compress((build_dir / "graph.ttl").read_bytes()),
             "graph.nt.gz": gzip.compress((build_dir / "graph.nt").read_bytes()),
             "packed.nt": gzip.compress((build_dir / "graph.nt").read_bytes()),  # gzip without saying so
             "plain.nt.gz": (build_dir / "graph.nt").read_bytes()}  # says .gz, is not
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        assert csv_rows("sessions", "--data", str(tmp_path / name), "--engine", engine) == expected, name


# --------------------------------------------------------------------------- --base


@pytest.mark.parametrize("base,why", [
    ("example.org/id/", "has no scheme"), ("id/", "has no scheme"), ("https://example.org/my id/", "space"),
    ("https://example.org/id#", "fragment"), ("https://example.org/id/#x", "fragment"),
    ("https:/example.org/id/", "no host"), ("https://example.org/id?x=1", "query"),
])
@pytest.mark.parametrize("command", ["build", "inspect"])
def test_a_base_that_is_not_an_absolute_iri_is_refused(tmp_path, base, why, command):
    out = tmp_path / "out"
    args = ("build", str(ARTICLES[0]), "--out", str(out)) if command == "build" else ("inspect", str(ARTICLES[0]))
    for given in (("--base", base), ()):
        result = run_cli(*args, *given, env={} if given else {"NPC_KG_BASE": base})
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert f"Invalid value for '--base': {base!r}" in result.stderr and why in result.stderr
    assert not out.exists()


def test_an_absolute_base_is_taken(tmp_path):
    result = run_cli("inspect", str(ARTICLES[0]), "--stage", "map", "--base", "urn:npc:id/")
    assert result.returncode == 0 and f"<urn:npc:id/article/{ARTICLES[0].stem}>" in result.stdout


# --------------------------------------------------------------------------- --endpoint: not a query endpoint


@pytest.mark.parametrize("path", ["/store", "/update"])
@pytest.mark.parametrize("query", ["sessions", "ASK { ?s ?p ?o }"])
def test_a_graph_store_url_is_told_where_to_ask(build_dir, oxigraph_server, path, query):
    oxigraph_server.load(build_dir / "graph.nt")
    result = run_cli("query", query, "--endpoint", oxigraph_server.base_url + path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"{oxigraph_server.base_url}{path} is not a SPARQL query endpoint" in result.stderr
    assert f"{oxigraph_server.query_url} (Oxigraph)" in result.stderr


def test_a_bad_query_at_a_query_endpoint_is_still_the_querys_fault(oxigraph_server):
    result = run_cli("query", "SELECT ?s WHERE { ?s ?p }", "--endpoint", oxigraph_server.query_url)
    assert result.returncode == 2 and "the endpoint rejected the query" in result.stderr
    assert "not a SPARQL query endpoint" not in result.stderr


@pytest.mark.parametrize("value,iri", [
    ("wd:Q15031", "http://www.wikidata.org/entity/Q15031"),  # the project's prefix
    ("ex:a", "https://example.org/a"),  # the query's own prefix wins
    ("npc:Session", "https://example.org/npc#Session"),
    ("urn:isbn:0451450523", "urn:isbn:0451450523"),
    ("<npc:Session>", "npc:Session"),  # written as an IRI: taken as written
])
def test_an_iri_parameter_expands_prefixed_names(value, iri):
    from npc_kg.query.params import declared
    from npc_kg.query.terms import Term

    prefixes = {"ex": "https://example.org/", "npc": "https://example.org/npc#"}
    assert declared("x", value, "iri", prefixes) == Term("uri", iri)


def test_names_reads_declarations_uses_and_variables_lexically():
    from npc_kg.sparql_guard import names

    found = names('\ufeffprefix ex:<http://e/> # npc:x ?hidden\nPREFIX : <http://d/> SELECT $x ?y '
                  'WHERE { ?x rdfs:label "a:b ?z" ; ex:p :q ; <http://x/npc:y> _:b }')
    assert found.variables == ("x", "y") and found.declared == {"ex": "http://e/", "": "http://d/"}
    assert found.used == {"rdfs", "ex"}
