"""`npc-kg query`: the bundled queries on the bundled build (every expected fact of
corpus/expected/*.json comes out), both engines agree, output formats, parameters that cannot
change the query, ASK exit codes, CONSTRUCT as Turtle, and errors that name what is wrong."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from npc_kg import catalogue
from npc_kg.cli import cli
from npc_kg.errors import InputError
from npc_kg.query import (FORMATTERS, XSD, Query, Table, Term, literal, oxigraph_answer, parse_param,
                          plain, render, resolve_query, with_values)
from npc_kg.query.answers import _from_ox
from npc_kg.query.formats import _number
from npc_kg.resources import query_file, query_names

from helpers import ARTICLES, expected, run_cli

COLUMNS = {  # DESIGN.md, "Bundled queries"
    "sessions": "session,title,congress,ordinal,year,start,end,venue,city",
    "officeholders": "session,person,office,role,term_start",
    "terms": "person,office,term_start,term_end,predecessor,successor",
    "resolutions": "session,topic,for,against,abstain,stated_rate,computed_rate,not_voting,result",
    "people": "person,name,wikidata",
    "indicators": "session,label,value,unit,kind,qualifier,value_high,measure",
    "targets": "measure,year,target,target_high,qualifier,outcome,difference,met",
    "links": "entity,label,wikidata,score",
}
SCALES = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3}
UNITS = {"%": "percent", "% of GDP": "percent", "yuan": "CNY", "US$": "USD", "jobs": "jobs", "people": "people", "metric tons": "tonnes"}
NASTY = ['} UNION { ?s ?p ?o }', '" } UNION { ?s ?p ?o } #', '\\" . } #', "a\nb'c", "\\u0022 } #", "<x> {}",
         '"""', "?title", "$title ) { (1) }"]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, ["query", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(build_dir: Path, name: str, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(invoke(name, "--data", str(build_dir), "--format", "csv", *args))))


@pytest.fixture(scope="module")
def session_iris(build_dir) -> dict[tuple[int, int], str]:
    return {(int(r["congress"]), int(r["ordinal"])): r["session"] for r in rows(build_dir, "sessions")}


def facts() -> list[tuple[str, dict]]:
    return [(article.stem, expected(article.stem)) for article in ARTICLES]


def session_of(gold: dict, session_iris: dict) -> str:
    return session_iris[(gold["session"]["congress"], gold["session"]["ordinal"])]


# --------------------------------------------------------------------------- the bundled queries


def test_every_design_query_is_bundled():
    assert set(COLUMNS) <= set(query_names())


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_csv_header_is_the_design_columns(build_dir, name):
    assert invoke(name, "--data", str(build_dir), "--format", "csv").splitlines()[0] == COLUMNS[name]


@pytest.mark.parametrize("name", query_names())
def test_query_file_documents_itself_and_each_column(build_dir, name):
    text = query_file(name).read_text(encoding="utf-8")
    assert text.startswith(f"# {name}: ")
    header = text[:text.index("PREFIX")]
    for column in invoke(name, "--data", str(build_dir), "--format", "csv").splitlines()[0].split(","):
        assert f"#   {column} " in header, f"{name}.rq does not document its column {column}"
    assert "ORDER BY" in text


@pytest.mark.parametrize("stem,gold", facts())
def test_sessions_facts(build_dir, session_iris, stem, gold):
    row = {r["session"]: r for r in rows(build_dir, "sessions")}[session_of(gold, session_iris)]
    s = gold["session"]
    assert row["title"] == gold["title"]
    assert (row["year"], row["start"], row["end"]) == (str(s["year"]), s["start"], s["end"])
    assert (row["venue"], row["city"]) == (s["venue"], s["city"])


@pytest.mark.parametrize("stem,gold", facts())
def test_officeholders_facts(build_dir, session_iris, stem, gold):
    found = rows(build_dir, "officeholders")
    session = session_of(gold, session_iris)
    assert {r["role"] for r in found} <= {"incumbent", "outgoing", "elected"}
    for holder in gold["officeholders"]:
        wanted = {"session": session, "person": holder["person"], "office": office_label(holder["office"]),
                  "term_start": holder["term_start"], **({"role": holder["role"]} if "role" in holder else {})}
        assert any(wanted.items() <= r.items() for r in found), f"{stem}: no row {wanted}"


def office_label(name: str) -> str:
    """The label the graph gives the office an expected file names by a short form ("Premier")."""
    key = catalogue.find_office(name)
    assert key is not None, name
    return catalogue.office(key).label


def test_officeholders_one_role_per_tenure(build_dir):
    """A person holds an office in one role per term at a session; re-elected at it, they are both
    the incumbent (of the old term) and elected (to the new one)."""
    seen: dict[tuple[str, str, str, str], set[str]] = {}
    for r in rows(build_dir, "officeholders"):
        seen.setdefault((r["session"], r["person"], r["office"], r["term_start"]), set()).add(r["role"])
    assert all(len(roles) == 1 for roles in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}


def two_decimals(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01"), ROUND_HALF_UP), "f")


@pytest.mark.parametrize("stem,gold", facts())
def test_resolutions_facts(build_dir, session_iris, stem, gold):
    session = session_of(gold, session_iris)
    found = [r for r in rows(build_dir, "resolutions") if r["session"] == session]
    # A vote stated only in prose is a row of its own (with no table, every prose vote is); one the
    # table also reports is the table's row (its prose tally kept as npc:otherTally).
    standalone = [v for v in gold.get("prose_votes", []) if any(r["topic"] == v["topic"] for r in found)]
    if not gold["resolutions"]:
        assert len(standalone) == len(gold.get("prose_votes", []))
    assert len(found) == len(gold["resolutions"]) + len(standalone)
    for vote in standalone:
        row = next(r for r in found if r["topic"] == vote["topic"])
        assert [row["for"], row["against"], row["abstain"]] == [
            "" if vote.get(option) is None else str(vote[option]) for option in ("for", "against", "abstain")]
    for vote in gold["resolutions"]:
        row = next(r for r in found if r["topic"] == vote["topic"])
        counts = [vote["for"], vote["against"], vote["abstain"]]
        assert [row["for"], row["against"], row["abstain"]] == ["" if c is None else str(c) for c in counts]
        rate = vote["rate_percent"]
        assert row["stated_rate"] == ("" if rate is None else two_decimals(Decimal(str(rate))))
        computed = "" if None in counts else two_decimals(Decimal(counts[0] * 100) / sum(counts))
        assert row["computed_rate"] == computed


def test_unknown_counts_print_empty_cells(build_dir):
    line = next(line for line in invoke("resolutions", "--data", str(build_dir), "--format", "csv").splitlines()
                if "Chen Sixi" in line)
    assert line.endswith("Resignation of Chen Sixi from the NPCSC,,,,,,,")


def test_not_voting_is_stated_or_implied_attendance_and_result_is_settled_by_the_counts(build_dir):
    found = {(r["session"].rsplit("/", 1)[1], r["topic"][:24]): r for r in rows(build_dir, "resolutions")}
    gwr_2014 = found["12-2", "Premier Li Keqiang's Gov"]
    assert (gwr_2014["stated_rate"], gwr_2014["not_voting"], gwr_2014["result"]) == ("99.31", "11", "pass")
    amendment = found["13-1", "amendment to the Constit"]  # attended by 2,964: 2,958 + 2 + 3 + 1 void
    assert (amendment["not_voting"], amendment["result"]) == ("0", "pass")
    court_2014 = found["12-2", "Chief Justice Zhou Qiang"]  # 83.69%: no attendance gives it
    assert (court_2014["not_voting"], court_2014["result"]) == ("", "pass")
    assert found["12-2", "Report on the Implementat"[:24]]["not_voting"] == ""  # the counts give 95.04%
    chen = found["12-2", "Resignation of Chen Sixi"]
    assert (chen["not_voting"], chen["result"]) == ("", "")


def test_rates_print_two_decimals(build_dir):
    rates = [r["stated_rate"] for r in rows(build_dir, "resolutions")] + \
            [r["computed_rate"] for r in rows(build_dir, "resolutions")]
    assert "99.90" in rates and "99.31" in rates
    assert all(rate == "" or len(rate.split(".")[1]) == 2 for rate in rates)


@pytest.mark.parametrize("stem,gold", facts())
def test_people_facts(build_dir, stem, gold):
    found = rows(build_dir, "people")
    names = {r["name"] for r in found}
    assert set(gold["people_mentioned"]) <= names
    assert all(r["person"].startswith("https://") and (r["wikidata"] == "" or r["wikidata"][1:].isdigit())
               for r in found)


def magnitude(indicator: dict) -> tuple[str, str]:
    """The expected (value, unit) as the indicators query prints them: 56.9 trillion yuan ->
    ('56900000000000', 'CNY')."""
    scale, _, unit = indicator["unit"].partition(" ") if indicator["unit"].split(" ")[0] in SCALES \
        else ("", "", indicator["unit"])
    value = Decimal(str(indicator["value"])) * SCALES.get(scale, 1)
    return format(value.normalize(), "f"), UNITS[unit]


@pytest.mark.parametrize("stem,gold", facts())
def test_indicators_facts(build_dir, session_iris, stem, gold):
    found = rows(build_dir, "indicators")
    for r in found:
        assert r["kind"] in ("achievement", "target") and r["label"] and r["unit"]
        assert "e" not in r["value"].lower() and not (("." in r["value"]) and r["value"].endswith("0"))
    session = session_of(gold, session_iris)
    for indicator in gold["indicators"]:
        value, unit = magnitude(indicator)
        wanted = {"session": session, "value": value, "unit": unit, "kind": indicator["kind"],
                  **({"qualifier": indicator["qualifier"]} if "qualifier" in indicator else {})}
        assert any(wanted.items() <= r.items() for r in found), f"{stem}: no row {wanted} ({indicator['text']})"


def test_links_rows_are_bare_qids(build_dir):
    assert all(r["wikidata"][:1] == "Q" and r["wikidata"][1:].isdigit() for r in rows(build_dir, "links"))


LINKED = """\
@prefix npc: <https://w3id.org/npc-kg/ontology#> .  @prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .  @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .  @prefix wd: <http://www.wikidata.org/entity/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .  @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/npc-kg/id/> .
id:graph\\/npc-12-2 {
  id:person\\/xi-jinping a schema:Person ; rdfs:label "Xi Jinping"@en .
  id:office\\/president a org:Post ; rdfs:label "President"@en .
}
id:graph\\/links {
  id:person\\/xi-jinping owl:sameAs wd:Q15031 .
  id:office\\/president skos:exactMatch wd:Q655407 .
  id:link\\/person\\/xi-jinping\\/Q15031 a npc:Link ; rdf:subject id:person\\/xi-jinping ;
      rdf:predicate owl:sameAs ; rdf:object wd:Q15031 ; npc:linkScore 0.970 .
}
"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_people_and_links_read_the_linker_graph(tmp_path, engine):
    """The shape of the link stage's named graph (ontology: npc:Link), here written by hand."""
    data = tmp_path / "linked.trig"
    data.write_text(LINKED, encoding="utf-8")
    people = invoke("people", "--data", str(data), "--format", "csv", "--engine", engine)
    assert people == "person,name,wikidata\nhttps://w3id.org/npc-kg/id/person/xi-jinping,Xi Jinping,Q15031\n"
    links = invoke("links", "--data", str(data), "--format", "csv", "--engine", engine)
    assert links.splitlines() == ["entity,label,wikidata,score",
                                  "https://w3id.org/npc-kg/id/office/president,President,Q655407,",
                                  "https://w3id.org/npc-kg/id/person/xi-jinping,Xi Jinping,Q15031,0.97"]


@pytest.mark.parametrize("name", query_names())
def test_both_engines_give_the_same_rows(build_dir, name):
    oxigraph = invoke(name, "--data", str(build_dir), "--format", "csv")
    assert invoke(name, "--data", str(build_dir), "--format", "csv", "--engine", "rdflib") == oxigraph


@pytest.mark.parametrize("name", query_names())
def test_rows_do_not_repeat_on_a_union_default_graph(build_dir, name):
    """A store that keeps each article in a named graph and queries their union (Oxigraph with
    --union-default-graph, Virtuoso) repeats a triple once per graph that holds it: a person's
    name, a congress term's number. The answer is still the one the merged graph gives."""
    store = pyoxigraph.Store()
    store.load(path=build_dir / "graph.trig", format=pyoxigraph.RdfFormat.TRIG)
    query = resolve_query(name)
    answer = oxigraph_answer(store.query(query.text, use_default_graph_as_union=True), query, None)
    assert render(answer, "csv", query) == invoke(name, "--data", str(build_dir), "--format", "csv")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_provenance_narrowed_to_a_resource_or_a_file(build_dir, session_iris, engine):
    every = rows(build_dir, "provenance", "--engine", engine)
    session = session_iris[(12, 2)]
    assert rows(build_dir, "provenance", "--engine", engine, "--param", f"resource=<{session}>") == \
        [r for r in every if r["resource"] == session] != []
    assert rows(build_dir, "provenance", "--engine", engine, "--param", "file=npc-12-2.txt") == \
        [r for r in every if r["file"] == "npc-12-2.txt"] != []
    assert {r["file"] for r in every} == {article.name for article in ARTICLES}


# --------------------------------------------------------------------------- formats and values


def test_table_format_aligns_columns(build_dir):
    lines = invoke("sessions", "--data", str(build_dir)).splitlines()
    assert lines[0].split() == COLUMNS["sessions"].split(",")
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 2 + len(ARTICLES)
    assert lines[2].index("https://") == 0


def test_tsv_has_the_csv_cells(build_dir):
    tsv = [line.split("\t") for line in invoke("resolutions", "--data", str(build_dir), "--format", "tsv").splitlines()]
    assert tsv == list(csv.reader(io.StringIO(invoke("resolutions", "--data", str(build_dir), "--format", "csv"))))


def test_json_is_w3c_sparql_results(build_dir):
    doc = json.loads(invoke("resolutions", "--data", str(build_dir), "--format", "json"))
    assert doc["head"]["vars"] == COLUMNS["resolutions"].split(",")
    bindings = doc["results"]["bindings"]
    assert len(bindings) == len(rows(build_dir, "resolutions"))
    first = bindings[0]
    assert first["session"]["type"] == "uri"
    assert first["for"] == {"type": "literal", "value": first["for"]["value"], "datatype": XSD + "integer"}
    assert first["topic"]["xml:lang"] == "en"
    chen = next(b for b in bindings if "Chen Sixi" in b["topic"]["value"])
    assert not {"for", "against", "abstain", "computed_rate"} & chen.keys()


def test_markdown_table(build_dir):
    lines = invoke("sessions", "--data", str(build_dir), "--format", "md").splitlines()
    assert lines[0] == "| " + " | ".join(COLUMNS["sessions"].split(",")) + " |"
    assert lines[1] == "| " + " | ".join(["---"] * 9) + " |"
    assert len(lines) == 2 + len(ARTICLES)


@pytest.mark.parametrize("term,text", [
    (None, ""),
    (Term("uri", "https://example.org/a"), "https://example.org/a"),
    (Term("bnode", "b0"), "_:b0"),
    (literal("Xi Jinping", lang="en"), "Xi Jinping"),
    (literal("+05", XSD + "integer"), "5"),
    (literal("56900000000000.0", XSD + "decimal"), "56900000000000"),
    (literal("7.70", XSD + "decimal"), "7.7"),
    (literal("5.69E13", XSD + "double"), "56900000000000"),
    (literal("2014-03-05", XSD + "date"), "2014-03-05"),
    (literal("2014", XSD + "gYear"), "2014"),
])
def test_cell_values(term, text):
    assert plain(term) == text


def test_percent_format_rounds_half_up():
    query = Query("SELECT ?r WHERE {}", "<query>", {"r": ("percent2", 1)})
    answer = Table(("r",), ((literal("99.305", XSD + "decimal"),), (literal("99.9", XSD + "decimal"),), (None,)))
    assert render(answer, "csv", query) == 'r\n99.31\n99.90\n""\n'  # csv quotes a lone empty cell


def test_limit(build_dir):
    assert len(rows(build_dir, "resolutions", "--limit", "3")) == 3


NASTY_TERMS = [
    pyoxigraph.NamedNode("https://example.org/a?b=c#d"), pyoxigraph.BlankNode("b0"),
    pyoxigraph.Literal(""), pyoxigraph.Literal("plain"), pyoxigraph.Literal('a\tb\nc\rd"e\\f, g|h'),
    pyoxigraph.Literal("\u2028\x0b\x85\x1c line breaks Python knows, SPARQL TSV does not"),
    pyoxigraph.Literal("Xi Jinping", language="en"), pyoxigraph.Literal('"quoted"', language="zh-hans"),
    pyoxigraph.Literal("left", language="en", direction=pyoxigraph.BaseDirection.LTR),
    pyoxigraph.Literal("+05", datatype=pyoxigraph.NamedNode(XSD + "integer")),
    pyoxigraph.Literal("-0.50", datatype=pyoxigraph.NamedNode(XSD + "decimal")),
    pyoxigraph.Literal("5.69E13", datatype=pyoxigraph.NamedNode(XSD + "double")),
    pyoxigraph.Literal("abc", datatype=pyoxigraph.NamedNode(XSD + "integer")),
    pyoxigraph.Literal("true", datatype=pyoxigraph.NamedNode(XSD + "boolean")),
    pyoxigraph.Literal("2014", datatype=pyoxigraph.NamedNode(XSD + "gYear")),
    pyoxigraph.Literal("x y", datatype=pyoxigraph.NamedNode("https://example.org/type")),
]


def test_tsv_answer_is_the_solutions():
    """The whole-answer path (Oxigraph writes TSV, each distinct cell read once) gives exactly the
    terms that reading the solutions one by one gives, whatever the strings hold."""
    store = pyoxigraph.Store()
    value, other = pyoxigraph.NamedNode("https://example.org/value"), pyoxigraph.NamedNode("https://example.org/other")
    for i, term in enumerate(NASTY_TERMS * 2):
        row = pyoxigraph.NamedNode(f"https://example.org/row/{i:02d}")
        store.add(pyoxigraph.Quad(row, value, term))
        if i % 3:  # some rows leave ?other unbound
            store.add(pyoxigraph.Quad(row, other, NASTY_TERMS[-i % len(NASTY_TERMS)]))
    text = ("SELECT ?row ?value ?other ?triple WHERE { ?row <https://example.org/value> ?value "
            "OPTIONAL { ?row <https://example.org/other> ?other } "
            "BIND(TRIPLE(?row, <https://example.org/value>, ?value) AS ?triple) } ORDER BY ?row")
    query = Query(text, "<query>")
    whole = oxigraph_answer(store.query(text), query, None)
    one_by_one = oxigraph_answer(store.query(text), query, 10**6)  # with a limit: solution by solution
    assert whole == one_by_one and len(whole.rows) == 2 * len(NASTY_TERMS)
    assert sum(term is None for row in whole.rows for term in row) > 0


def reference_render(answer: Table, fmt: str, query: Query) -> str:
    """What `render` prints, computed cell by cell the plain way."""
    def formatter(column: str):
        return FORMATTERS[query.formats[column][0]] if column in query.formats else plain

    def one_line(text: str) -> str:
        return " ".join(text.splitlines())

    if fmt == "json":
        def binding(term: Term) -> dict[str, str]:
            return {"type": term.type, "value": term.value, **({"datatype": term.datatype} if term.datatype else {}),
                    **({"xml:lang": term.lang} if term.lang else {})}
        bindings = [{c: binding(t) for c, t in zip(answer.columns, row) if t is not None} for row in answer.rows]
        return json.dumps({"head": {"vars": list(answer.columns)}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    cells = [[formatter(c)(t) for c, t in zip(answer.columns, row)] for row in answer.rows]
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([answer.columns, *cells])
        return out.getvalue()
    if fmt == "tsv":
        escape = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
        return "".join("\t".join(c.translate(escape) for c in row) + "\n" for row in [answer.columns, *cells])
    if fmt == "md":
        return "".join("| " + " | ".join(one_line(c).replace("|", "\\|") for c in row) + " |\n"
                       for row in [answer.columns, ["---"] * len(answer.columns), *cells])
    lines = [[one_line(c) for c in row] for row in cells]
    widths = [max([len(c), *(len(row[i]) for row in lines)]) for i, c in enumerate(answer.columns)]
    numeric = [bool(answer.rows) and all(row[i] is None or _number(row[i]) is not None for row in answer.rows)
               for i in range(len(answer.columns))]
    return "".join("  ".join(v.rjust(w) if right else v.ljust(w) for v, w, right in zip(row, widths, numeric))
                   .rstrip() + "\n" for row in [answer.columns, ["-" * w for w in widths], *lines])


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "md", "json"])
def test_printing_matches_the_cell_by_cell_reference(fmt):
    """`render` formats each distinct term once: on random answers, with terms shared between cells
    and equal terms that are distinct objects, it prints what formatting every cell would."""
    pool = [None, *(_from_ox(term) for term in NASTY_TERMS), literal("99.305", XSD + "decimal"),
            literal("12", XSD + "integer"), literal("7", XSD + "integer"), Term("uri", "https://example.org/x")]
    rng = random.Random(fmt)
    for width in range(4):
        for height in (0, 1, 2, 17):
            columns = tuple(f"c{i}" for i in range(width))
            answer = Table(columns, tuple(tuple(copy.copy(term) if rng.random() < 0.3 else term
                                                for term in rng.choices(pool, k=width)) for _ in range(height)))
            for query in (Query("", "<query>"), Query("", "<query>", {"c0": ("percent2", 1)})):
                if "c0" in query.formats and not width:
                    continue
                assert render(answer, fmt, query) == reference_render(answer, fmt, query), (width, height)


def test_a_lone_empty_csv_cell_is_quoted():
    answer = Table(("a",), ((None,), (literal("x"),)))
    assert render(answer, "csv", Query("", "<query>")) == 'a\n""\nx\n'
    answer = Table(("a", "b"), ((None, None),))
    assert render(answer, "csv", Query("", "<query>")) == "a,b\n,\n"


def test_query_file_and_text(build_dir, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("# how many sessions\nPREFIX npc: <https://w3id.org/npc-kg/ontology#>\n"
                  "SELECT (COUNT(*) AS ?n) WHERE { ?s a npc:Session }\n", encoding="utf-8")
    assert invoke(str(rq), "--data", str(build_dir), "--format", "csv") == f"n\n{len(ARTICLES)}\n"
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/npc-kg/ontology#Session> }"
    assert invoke(text, "--data", str(build_dir), "--format", "csv") == f"n\n{len(ARTICLES)}\n"


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig"])
def test_any_graph_file_works_as_data(build_dir, name):
    assert rows(build_dir, "resolutions") == list(csv.DictReader(io.StringIO(
        invoke("resolutions", "--data", str(build_dir / name), "--format", "csv"))))


def test_xsd_agrees_with_namespaces():
    from npc_kg.rdf.namespaces import XSD as NAMESPACE

    assert XSD == str(NAMESPACE)


def test_fast_path_imports_neither_rdflib_nor_pyshacl(build_dir):
    code = ("import sys\nfrom npc_kg.cli import cli\n"
            f"cli.main(['query', 'resolutions', '--data', {str(build_dir)!r}], standalone_mode=False)\n"
            "assert 'rdflib' not in sys.modules and 'pyshacl' not in sys.modules, 'slow import'\n"
            "assert 'npc_kg.remote' not in sys.modules, 'the HTTP client, for local data'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize("spec,term", [
    ("n=12", literal("12", XSD + "integer")),
    ("x=-1.50", literal("-1.50", XSD + "decimal")),
    ("d=2014-03-05", literal("2014-03-05", XSD + "date")),
    ("b=true", literal("true", XSD + "boolean")),
    ("s=<https://w3id.org/npc-kg/id/session/12-2>", Term("uri", "https://w3id.org/npc-kg/id/session/12-2")),
    ('q="12"', literal("12")),
    ('l="Xi Jinping"@en', literal("Xi Jinping", lang="en")),
    ('p="Dì-èrcì"@zh-latn-pinyin', literal("Dì-èrcì", lang="zh-latn-pinyin")),
    ('w="x"@not a tag', literal('"x"@not a tag')),
    ("?t=Xi Jinping", literal("Xi Jinping")),
])
def test_params_are_typed(spec, term):
    assert parse_param(spec)[1] == term


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_param_binds_a_variable(build_dir, session_iris, engine):
    session = session_iris[(12, 2)]
    found = rows(build_dir, "resolutions", "--engine", engine, "--param", f"session=<{session}>")
    assert len(found) == 8 and {r["session"] for r in found} == {session}
    ordinals = rows(build_dir, "sessions", "--engine", engine, "--param", "ordinal=2")
    assert {r["session"] for r in ordinals} == {iri for (_, ordinal), iri in session_iris.items() if ordinal == 2}
    assert len(ordinals) >= 2


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("value", NASTY)
def test_param_values_cannot_change_the_query(build_dir, engine, value):
    assert rows(build_dir, "sessions", "--engine", engine, "--param", f"title={value}") == []


@pytest.mark.parametrize("value", NASTY)
def test_values_clause_carries_the_value_unchanged(value):
    """What --endpoint sends: the VALUES clause, parsed by a real engine, binds exactly the value."""
    store = pyoxigraph.Store()
    query = with_values("SELECT ?x ?y WHERE {}", {"x": literal(value), "y": literal(value, lang="en")})
    [solution] = list(store.query(query))
    assert (solution["x"].value, solution["y"].value, solution["y"].language) == (value, value, "en")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_param_in_a_language_matches_labels(build_dir, engine):
    people = rows(build_dir, "people", "--param", 'name="Xi Jinping"@en', "--engine", engine)
    assert [r["name"] for r in people] == ["Xi Jinping"]
    # people declares `name=string@en`: a name without a tag is the English label
    for spelling in ('"Xi Jinping"', "Xi Jinping"):
        assert rows(build_dir, "people", "--param", f"name={spelling}", "--engine", engine) == people
    # undeclared, a quoted string is a plain string, which no English label equals
    text = "SELECT ?p ?name WHERE { ?p rdfs:label ?name }"
    assert rows(build_dir, text, "--param", 'name="Xi Jinping"@en', "--engine", engine)
    assert rows(build_dir, text, "--param", 'name="Xi Jinping"', "--engine", engine) == []


def test_param_for_a_variable_the_query_does_not_return(build_dir):
    result = run_cli("query", "officeholders", "--data", str(build_dir), "--param", "holder=<https://x.org/p>")
    assert result.returncode == 2 and "?holder" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("spec", ["title=<https://x> } UNION {<y>", "1x=2", "noequals", "d=2014-02-30"])
def test_bad_params_are_refused(spec):
    result = run_cli("query", "sessions", "--param", spec)
    assert result.returncode == 2 and "--param" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- query forms and errors


def test_ask_exits_0_for_true_and_1_for_false(build_dir):
    yes = run_cli("query", "ASK { ?s a <https://w3id.org/npc-kg/ontology#Session> }", "--data", str(build_dir))
    assert (yes.returncode, yes.stdout) == (0, "true\n")
    no = run_cli("query", "ASK { ?s a <https://example.org/Nothing> }", "--data", str(build_dir))
    assert (no.returncode, no.stdout, no.stderr) == (1, "false\n", "")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_construct_prints_turtle_that_parses(build_dir, engine):
    text = ("PREFIX npc: <https://w3id.org/npc-kg/ontology#>\n"
            "CONSTRUCT { ?s npc:ordinal ?o } WHERE { ?s a npc:Session ; npc:ordinal ?o }")
    turtle = invoke(text, "--data", str(build_dir), "--engine", engine)
    assert "npc:ordinal" in turtle
    assert len(list(pyoxigraph.parse(turtle.encode(), format=pyoxigraph.RdfFormat.TURTLE))) == len(ARTICLES)


def test_missing_query_file():
    result = run_cli("query", "nowhere/missing.rq")
    assert result.returncode == 2 and result.stderr.startswith("nowhere/missing.rq:1: cannot read the query")


def test_unknown_bundled_query():
    result = run_cli("query", "sesions")
    assert result.returncode == 2
    assert "no bundled query called 'sesions'" in result.stderr and "sessions" in result.stderr


def test_syntax_error_names_line_and_column(build_dir):
    result = run_cli("query", "SELECT ?s\nWHERE { ?s ?p }", "--data", str(build_dir))
    assert result.returncode == 2
    assert result.stderr.startswith("<query>:2: SPARQL syntax error at column ")


def test_syntax_error_in_a_query_file(build_dir, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("# broken\nSELECT * WHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    result = run_cli("query", str(rq), "--data", str(build_dir))
    assert result.returncode == 2 and re.match(rf"{re.escape(str(rq))}:[45]: SPARQL syntax error at column \d+: ",
                                                result.stderr)


def test_rdflib_syntax_error_is_input_error(build_dir):
    result = run_cli("query", "SELECT ?s\nWHERE { ?s ?p }", "--data", str(build_dir), "--engine", "rdflib")
    assert result.returncode == 2 and "SPARQL syntax error" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("data,message", [("missing-dir", "no such graph file or build directory"),
                                          ("graph.csv", "unknown graph syntax")])
def test_missing_or_unknown_data(tmp_path, data, message):
    (tmp_path / "graph.csv").write_text("a,b\n")
    result = run_cli("query", "sessions", "--data", str(tmp_path / data))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_default_data_is_output_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        CliRunner().invoke(cli, ["query", "sessions"], catch_exceptions=False)
    assert str(caught.value).startswith("output:1: no such graph file")


def test_unreadable_graph_names_its_line(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://a> <http://b> "x" .\n<http://a> <http://b> oops .\n')
    result = run_cli("query", "sessions", "--data", str(bad))
    assert result.returncode == 2 and result.stderr.startswith(f"{bad}:2: ")


@pytest.mark.parametrize("pragma,message", [("#+ format: r=percent3", "unknown column format 'percent3'"),
                                            ("#+ colour: r=red", "unknown pragma 'colour'")])
def test_bad_pragmas_name_their_line(tmp_path, pragma, message):
    rq = tmp_path / "p.rq"
    rq.write_text(f"# doc\n{pragma}\nSELECT ?r WHERE {{}}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        resolve_query(str(rq))
    assert str(caught.value).startswith(f"{rq}:2: {message}")


def test_pragma_for_a_missing_column(build_dir, tmp_path):
    rq = tmp_path / "p.rq"
    rq.write_text("#+ format: rate=percent2\nSELECT ?r WHERE {}\n", encoding="utf-8")
    result = run_cli("query", str(rq), "--data", str(build_dir))
    assert result.returncode == 2 and "names column 'rate'" in result.stderr


# --------------------------------------------------------------------------- no network from local data


@pytest.fixture
def listener() -> Iterator[tuple[str, list[socket.socket]]]:
    """A TCP listener on 127.0.0.1 that records every connection it accepts (and answers none)."""
    accepted: list[socket.socket] = []
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o . SERVICE SILENT <{url}> {{ ?s ?q ?x }} }} LIMIT 1",
    "PREFIX x: <{url}#>\nask {{ sErViCe x: {{ ?s ?p ?o }} }}",
])
def test_local_data_never_federates(build_dir, listener, engine, template):
    url, accepted = listener
    result = run_cli("query", template.format(url=url), "--data", str(build_dir), "--engine", engine)
    assert result.returncode == 2 and "SERVICE" in result.stderr and "--endpoint" in result.stderr
    assert "Traceback" not in result.stderr
    time.sleep(0.2)  # a connection the query started would have been accepted by now
    assert accepted == []


def test_the_word_service_elsewhere_is_no_federation(build_dir):
    text = 'SELECT ?service WHERE { BIND("SERVICE <http://127.0.0.1:9/x> {}" AS ?service) }  # SERVICE'
    assert run_cli("query", text, "--data", str(build_dir), "--format", "csv").stdout.startswith("service\n")


# --------------------------------------------------------------------------- gzipped dumps


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_gzipped_dump_is_read(build_dir, engine):
    from_dump = run_cli("query", "sessions", "--data", str(build_dir / "graph.nq.gz"), "--format", "csv",
                        "--engine", engine)
    assert from_dump.returncode == 0, from_dump.stderr
    assert from_dump.stdout == run_cli("query", "sessions", "--data", str(build_dir), "--format", "csv").stdout
    assert from_dump.stdout.count("\n") == 1 + len(ARTICLES)


def test_a_broken_gzip_file_is_bad_input(build_dir, tmp_path):
    broken = tmp_path / "graph.nq.gz"
    broken.write_bytes((build_dir / "graph.nq.gz").read_bytes()[:200])
    result = run_cli("query", "sessions", "--data", str(broken))
    assert result.returncode == 2 and result.stderr.startswith(f"{broken}:1: not a readable gzip file")


def test_a_session_held_in_a_city_alone_prints_the_city(tmp_path):
    """'held in Beijing, China' names no venue: the city is the session's location, and both the
    query and the shapes (both engines) accept it."""
    article = tmp_path / "npc-12-4.txt"
    article.write_text("= Fourth session of the 12th National People's Congress =\n\nInfobox\n- Year: 2016\n\n"
                       "The fourth session of the 12th National People's Congress was held in Beijing, China, "
                       "from 5 to 16 March 2016.\n", encoding="utf-8")
    out = tmp_path / "build"
    assert run_cli("build", str(article), "--out", str(out)).returncode == 0
    [row] = rows(out, "sessions")
    assert (row["venue"], row["city"], row["start"], row["end"]) == ("", "Beijing", "2016-03-05", "2016-03-16")
    for engine in ("fast", "pyshacl"):
        result = run_cli("validate", str(out), "--engine", engine)
        assert result.returncode == 0 and "0 violation(s)" in result.stdout, result.stdout
