"""A publisher's obligations, checked with independent tools: the licence notice at the top of every
graph file, a VoID description whose figures agree with graph.nt (read with rdflib), and JSON-LD
whose context lets a developer read plain JSON while pyld still expands it to exactly graph.nt."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

from npc_kg.pipeline import build_graph
from npc_kg.publish import DUMPS, jsonld, void
from npc_kg.publish.notice import sources
from npc_kg.rdf.iris import Minter
from npc_kg.rdf.namespaces import CC, CC_BY_SA, NPC, PREFIXES, SCHEMA, WD, WIKIDATA

from helpers import ARTICLES, CORPUS, run_cli

EPOCH = 1700000000
BASE = "https://example.org/npc/"
COMMENTED = ("graph.ttl", "graph.nt", "graph.trig", "graph.nq.gz", "void.ttl")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """A linked build, dated by SOURCE_DATE_EPOCH, under a base of its own."""
    directory = tmp_path_factory.mktemp("published") / "out"
    result = run_cli("build", "--link", "--base", BASE, "--out", str(directory),
                     env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.returncode == 0, result.stderr
    return directory


def text(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def triples(out: Path) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(path=out / "graph.nt")}


def refuse(url, options=None):  # pyld's document loader: the context is embedded, nothing is fetched
    raise AssertionError(f"pyld tried to fetch {url}")


# ------------------------------------------------------------------------------------------- licence


def test_every_graph_file_starts_with_the_same_licence_notice(out):
    graph = triples(out)
    urls = sorted(t.object.value for t in graph if t.predicate.value == str(SCHEMA.url))
    assert len(urls) == len(ARTICLES)
    headers = set()
    for name in COMMENTED:
        lines = text(out / name).splitlines()
        header = lines[:lines.index("")]
        assert header and all(line.startswith("#") for line in header), name
        headers.add(tuple(header))
    (header,) = headers  # one notice, the same in every file
    notice = "\n".join(header)
    assert str(CC_BY_SA) in notice and "Wikipedia contributors" in notice and "CC BY-SA 4.0" in notice
    assert all(f"<{url}>" in notice for url in urls)
    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert ["# " + line for line in document["licence"]] == [line if line != "#" else "# " for line in header]
    assert document["@context"]["licence"] is None  # the notice is not data: JSON-LD ignores it
    for name, rdf_format in (("graph.ttl", ox.RdfFormat.TURTLE), ("graph.trig", ox.RdfFormat.TRIG)):
        assert {q.triple for q in ox.parse(path=out / name, format=rdf_format)} == graph  # comments are legal
    assert {q.triple for q in ox.parse(text(out / "graph.nq.gz").encode(), format=ox.RdfFormat.N_QUADS)} >= graph


# ------------------------------------------------------------------------------------------------ VoID


@pytest.fixture(scope="module")
def description(out) -> Graph:
    return Graph().parse(out / "void.ttl", format="turtle")


def test_void_figures_agree_with_graph_nt(out, description):
    graph = triples(out)
    dataset = URIRef(BASE + "dataset")
    assert int(description.value(dataset, VOID.triples)) == len(graph)
    assert int(description.value(dataset, VOID.distinctSubjects)) == len({t.subject for t in graph})
    assert int(description.value(dataset, VOID.properties)) == len({t.predicate for t in graph})
    classes = Counter(t.object.value for t in graph if t.predicate.value == str(RDF.type))
    partitions = {str(description.value(part, VOID["class"])): int(description.value(part, VOID.entities))
                  for part in description.objects(dataset, VOID.classPartition)}
    assert partitions == dict(classes)
    assert str(description.value(dataset, VOID.uriSpace)) == BASE


def test_void_describes_the_wikidata_links_as_linksets(out, description):
    graph = triples(out)
    dataset = URIRef(BASE + "dataset")
    linksets = set(description.subjects(RDF.type, VOID.Linkset))
    assert linksets and linksets <= set(description.objects(dataset, VOID.subset))
    links = Counter(t.predicate.value for t in graph if t.object.value.startswith(str(WD))
                    and t.predicate.value != str(RDF.object))  # npc:Link restates each link as rdf:object
    counted = {}
    for linkset in linksets:
        assert set(description.objects(linkset, VOID.target)) == {dataset, WIKIDATA}
        assert description.value(linkset, VOID.subjectsTarget) == dataset
        assert description.value(linkset, VOID.objectsTarget) == WIKIDATA
        counted[str(description.value(linkset, VOID.linkPredicate))] = int(description.value(linkset, VOID.triples))
    assert counted == dict(links) and sum(counted.values()) > 0
    assert description.value(WIKIDATA, VOID.uriSpace) == Literal(str(WD))
    assert list(description.subjects(RDF.type, VOID.Dataset)) == [dataset]  # the one dataset a reader picks


def test_void_names_licence_sources_dumps_vocabularies_and_examples(out, description):
    graph = triples(out)
    dataset = URIRef(BASE + "dataset")
    assert description.value(dataset, DCTERMS.license) == CC_BY_SA
    assert str(description.value(dataset, CC.attributionName)) == "Wikipedia contributors"
    rights = description.value(dataset, DCTERMS.rights)
    assert (rights, RDF.type, DCTERMS.RightsStatement) in description and "CC BY-SA 4.0" in str(
        description.value(rights, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    urls = {URIRef(t.object.value) for t in graph if t.predicate.value == str(SCHEMA.url)}
    assert set(description.objects(dataset, DCTERMS.source)) == urls
    assert set(description.objects(dataset, CC.attributionURL)) == urls
    dumps = {str(dump).removeprefix(BASE) for dump in description.objects(dataset, VOID.dataDump)}
    assert dumps == set(DUMPS) and all((out / name).is_file() for name in dumps)
    used = {t.predicate.value for t in graph} | {t.object.value for t in graph if t.predicate.value == str(RDF.type)}
    vocabularies = {str(v) for v in description.objects(dataset, VOID.vocabulary)}
    assert vocabularies == {str(ns) for ns in PREFIXES.values() if any(iri.startswith(str(ns)) for iri in used)}
    assert str(WD) not in vocabularies and str(PREFIXES["void"]) not in vocabularies  # items and VoID: not used
    examples = set(description.objects(dataset, VOID.exampleResource))
    types = {t.subject.value: t.object.value for t in graph if t.predicate.value == str(RDF.type)
             and t.object.value in (str(NPC.Session), str(SCHEMA.Person))}
    assert sorted(types[str(e)] for e in examples) == sorted([str(NPC.Session), str(SCHEMA.Person)])
    when = dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert description.value(dataset, DCTERMS.modified) == Literal(when, datatype=XSD.dateTime)


def test_no_date_without_source_date_epoch(build_dir):
    assert (None, DCTERMS.modified, None) not in Graph().parse(build_dir / "void.ttl", format="turtle")


def test_the_endpoint_is_described_only_when_served():
    minter = Minter()
    build = build_graph([CORPUS / "npc-12-2.txt"], minter)
    found = sources(build.mapped.provenance)
    endpoint = "http://127.0.0.1:8000/sparql"
    served = void(build.union, build.mapped, minter, DUMPS, found, sparql_endpoint=endpoint)
    unserved = void(build.union, build.mapped, minter, DUMPS, found)
    assert [t for t in served if t not in unserved] == [(minter.dataset(), VOID.sparqlEndpoint, URIRef(endpoint))]
    assert not any(t[1] == VOID.sparqlEndpoint for t in unserved)


# --------------------------------------------------------------------------------------------- JSON-LD


def test_pyld_expands_graph_jsonld_to_exactly_graph_nt(out):
    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    expanded = pyld.expand(document, {"documentLoader": refuse})
    nquads = pyld.to_rdf(expanded, {"format": "application/n-quads", "documentLoader": refuse})
    found = list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert all(q.graph_name == ox.DefaultGraph() for q in found)  # the notice does not make a named graph
    assert {q.triple for q in found} == triples(out)


def test_the_standalone_context_is_the_embedded_one(out):
    context = json.loads((out / "context.jsonld").read_text(encoding="utf-8"))
    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert context == {"@context": document["@context"]}
    url = BASE + "context.jsonld"

    def local(requested, options=None):  # the published context, served from the build directory
        assert requested == url
        return {"contextUrl": None, "documentUrl": url, "document": context}

    linked = {**document, "@context": url}
    nquads = pyld.to_rdf(linked, {"format": "application/n-quads", "documentLoader": local})
    assert {q.triple for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)} == triples(out)


def test_a_developer_reads_plain_json(out):
    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    nodes = {node["@id"]: node for node in document["@graph"]}
    line = next(node for node in nodes.values() if node.get("@type") == "SourceLine")
    assert type(line["line"]) is int and context["line"] == {"@id": "npc:line", "@type": "xsd:integer"}
    assert context["label"] == {"@id": "rdfs:label", "@language": "en"}
    figure = next(node for node in nodes.values() if "EconomicFigure" in node.get("@type", []))
    assert isinstance(figure["schema:value"], str) and figure["schema:value"] == str(  # decimals keep their text
        next(t.object.value for t in triples(out) if t.subject.value == figure["@id"]
             and t.predicate.value == str(SCHEMA.value)))
    session = next(node for node in nodes.values() if node.get("@type") == "Session")
    assert isinstance(session["superEvent"], str) and context["superEvent"]["@type"] == "@id"
    # a consumer's own compaction with the published context keeps the line a JSON number
    compacted = pyld.compact(pyld.expand(document, {"documentLoader": refuse}), {"@context": context},
                             {"documentLoader": refuse})
    line_again = next(node for node in compacted["@graph"] if node["@id"] == line["@id"])
    assert line_again["line"] == line["line"] and type(line_again["line"]) is int


EX = "https://example.org/"
P = f"{NPC}p"  # a property in a known vocabulary gets a term, "p"


@pytest.mark.parametrize("objects, definition", [
    (['"12"^^<http://www.w3.org/2001/XMLSchema#integer>', '"012"^^<http://www.w3.org/2001/XMLSchema#integer>',
      '"99999999999999999999"^^<http://www.w3.org/2001/XMLSchema#integer>'],
     {"@id": "npc:p", "@type": "xsd:integer"}),  # only the canonical, exact one is a JSON number
    (['"7.70"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"1.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'],
     {"@id": "npc:p", "@type": "xsd:decimal"}),
    (['"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"0"^^<http://www.w3.org/2001/XMLSchema#boolean>'],
     {"@id": "npc:p", "@type": "xsd:boolean"}),
    (['"12"^^<http://www.w3.org/2001/XMLSchema#integer>', '"12"'], "npc:p"),  # two kinds: no coercion
    (['"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'],
     "npc:p"),
    (['<https://example.org/o>', '"o"'], "npc:p"),
    (['"名"@zh', '"ming"@zh-latn-pinyin', '"name"@en'], {"@id": "npc:p", "@container": "@language"}),
    (['"a"@en', '"b"@en'], {"@id": "npc:p", "@language": "en"}),
])
def test_coercion_is_derived_from_the_values_and_never_changes_them(objects, definition):
    lines = sorted(f"<{EX}s{i}> <{P}> {obj} .\n" for i, obj in enumerate(objects))
    text = "".join(lines).encode("utf-8")
    document = json.loads(jsonld(text))
    assert document["@context"]["p"] == definition
    nquads = pyld.to_rdf(document, {"format": "application/n-quads", "documentLoader": refuse})
    assert set(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)) == set(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    values = [node["p"] for node in document["@graph"]]
    if definition == {"@id": "npc:p", "@type": "xsd:integer"}:
        assert sorted(values, key=str) == sorted([12, "012", "99999999999999999999"], key=str)


def test_a_local_name_two_vocabularies_share_is_not_a_term():
    text = (f'<{EX}s> <{SCHEMA.value}> "1.5"^^<{XSD.decimal}> .\n'
            f'<{EX}s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "2"^^<{XSD.integer}> .\n').encode()
    document = json.loads(jsonld(b"".join(sorted(text.splitlines(keepends=True)))))
    assert "value" not in document["@context"]
    assert document["@graph"][0]["schema:value"] == "1.5" and document["@graph"][0]["rdf:value"] == 2
