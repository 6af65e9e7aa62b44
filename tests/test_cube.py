"""The economic figures as an RDF Data Cube: observations (npc_kg.cube), the structure
(ontology/cube.ttl), the integrity constraints IC-1 to IC-21 (shapes/datacube.ttl, checked by both
engines on an intact cube and on one damage per constraint), and the vocabulary graph a build
publishes, writes to graph.nq.gz and loads into a store."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from npc_kg import cube
from npc_kg.errors import InputError
from npc_kg.map import MappedCorpus, assemble, map_article
from npc_kg.pipeline import extract_articles
from npc_kg.rdf.iris import Minter
from npc_kg.rdf.namespaces import MEASURE, NPC, QB, RDF, RDFS, SCHEMA, SH, SKOS, XSD
from npc_kg.rdf.oxterms import rdflib_triples
from npc_kg.resources import corpus_files, ontology_files
from npc_kg.validate import Report, validate_graph, validate_store
from npc_kg.vocabulary import _read, vocabulary

from helpers import REPO, run_cli
from test_shacl_engine import assert_engines_agree
from test_validate import shapes  # noqa: F401 (fixture)

M = Minter()
SHAPES = "https://w3id.org/npc-kg/shapes#"
DATASET = M.figures_dataset()
STRUCTURE = NPC.figureStructure


def measured(paths: list[Path]) -> MappedCorpus:
    """The articles mapped (each figure with its measure and, when complete, observed) and assembled
    with the vocabulary graph, which holds the measures scheme and the structure."""
    return assemble([map_article(records, M) for records in extract_articles(paths)], M)


@pytest.fixture(scope="module")
def cube_graph() -> Graph:
    return measured([REPO / "corpus" / "npc-12-2.txt"]).union()


def observations(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, QB.Observation))


def violations(report: Report) -> dict[str, set[URIRef]]:
    """The violated shapes (local names) with the nodes each names."""
    graph, found = report.results, {}
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        if graph.value(result, SH.resultSeverity) == SH.Violation:
            shape = str(graph.value(result, SH.sourceShape)).removeprefix(SHAPES)
            found.setdefault(shape, set()).add(graph.value(result, SH.focusNode))
    return found


CUBE_SHAPES = {str(shape).removeprefix(SHAPES) for graph in [Graph().parse(REPO / "shapes" / "datacube.ttl")]
               for shape in {*graph.subjects(RDF.type, SH.NodeShape), *graph.objects(None, SH.property)}}


def copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


# --------------------------------------------------------------------------- observations


def test_a_figure_with_every_dimension_is_an_observation_of_the_dataset(cube_graph):
    figures = set(cube_graph.subjects(RDF.type, NPC.EconomicFigure))
    observed = set(observations(cube_graph))
    assert len(observed) >= 3 and observed <= figures  # the figure itself, no second resource
    for figure in observed:
        assert cube_graph.value(figure, QB.dataSet) == DATASET
        kind = NPC.target if (figure, RDF.type, NPC.Target) in cube_graph else NPC.outcome
        assert (figure, RDF.type, NPC.Target if kind == NPC.target else NPC.Achievement) in cube_graph
        assert cube_graph.value(figure, NPC.figureKind) == kind
    for figure in figures - observed:  # what keeps a figure out: a dimension it lacks
        assert cube_graph.value(figure, NPC.refYear) is None or not (
            {NPC.Target, NPC.Achievement} & set(cube_graph.objects(figure, RDF.type)))
    assert cube_graph.value(DATASET, RDF.type) == QB.DataSet
    assert cube_graph.value(DATASET, QB.structure) == STRUCTURE


def test_a_figure_lacking_a_dimension_or_repeating_one_is_no_observation():
    session = M.session(12, 2)
    first, again, unmeasured, unknown = (M.indicator(session, kind, n) for kind, n in
                                         (("target", 1), ("target", 2), ("target", 3), ("figure", 1)))
    graph = []
    for figure in (first, again, unmeasured, unknown):
        graph += [(figure, RDF.type, NPC.EconomicFigure), (figure, NPC.session, session),
                  (figure, NPC.refYear, Literal("2014", datatype=XSD.gYear))]
        if figure != unknown:
            graph.append((figure, RDF.type, NPC.Target))
        if figure != unmeasured:
            graph.append((figure, NPC.measure, MEASURE["gdp-growth"]))
    made = cube.observations(graph, M)
    assert made == [(first, RDF.type, QB.Observation), (first, QB.dataSet, DATASET),
                    (first, NPC.figureKind, NPC.target)]


def test_queries_count_each_figure_once(cube_graph):
    """The observation is the figure: as many figures as before, each with one value."""
    figures = list(cube_graph.subjects(RDF.type, NPC.EconomicFigure))
    assert len(figures) == len(set(figures))
    rows = list(cube_graph.query("SELECT ?f (COUNT(?v) AS ?n) WHERE { ?f a <%s> ; <%s> ?v } GROUP BY ?f"
                                 % (QB.Observation, SCHEMA.value)))
    assert rows and all(int(n) == 1 for _, n in rows)


# --------------------------------------------------------------------------- integrity constraints


def test_the_intact_cube_passes_in_both_engines(cube_graph, shapes):
    report = assert_engines_agree(cube_graph, shapes)
    assert report.conforms and violations(report) == {}


def first_observation(graph: Graph, kind: URIRef = NPC.target) -> URIRef:
    return next(o for o in observations(graph) if graph.value(o, NPC.figureKind) == kind)


def remove(graph: Graph, subject, predicate, obj=None) -> None:
    assert (subject, predicate, obj) in graph if obj is not None else graph.value(subject, predicate) is not None
    graph.remove((subject, predicate, obj))


def duplicate(graph: Graph) -> None:
    """A second observation with every dimension value of the first (and the rest of its statements)."""
    original = first_observation(graph)
    twin = URIRef(str(original) + "-twin")
    for _, p, o in list(graph.triples((original, None, None))):
        graph.add((twin, p, o))


def in_two_datasets(graph: Graph) -> None:
    other = M.dataset()
    for p, o in ((RDF.type, QB.DataSet), (RDFS.label, Literal("another", lang="en")), (QB.structure, STRUCTURE)):
        graph.add((other, p, o))
    graph.add((first_observation(graph), QB.dataSet, other))


def second_structure(graph: Graph) -> None:
    """A second, well-formed DSD (with the value as its measure) for the dataset."""
    graph.add((NPC.otherStructure, RDF.type, QB.DataStructureDefinition))
    graph.add((NPC.otherStructure, QB.component, NPC["figureStructure-value"]))
    graph.add((DATASET, QB.structure, NPC.otherStructure))


def as_collection(graph: Graph) -> None:
    """The kinds' code list a skos:Collection that lists the targets only."""
    collection = NPC.targetsOnly
    graph.set((NPC.figureKind, QB.codeList, collection))
    graph.add((collection, RDF.type, SKOS.Collection))
    graph.add((collection, SKOS.member, NPC.target))


def beside_the_figure(graph: Graph) -> None:
    """An observation that is a resource of its own, not a figure (with a year no figure has)."""
    figure = first_observation(graph)
    copy_of = URIRef(str(figure) + "-observation")
    for p in (QB.dataSet, NPC.measure, NPC.figureKind, NPC.session, SCHEMA.value, SCHEMA.unitText):
        graph.add((copy_of, p, graph.value(figure, p)))
    graph.add((copy_of, RDF.type, QB.Observation))
    graph.add((copy_of, NPC.refYear, Literal("1900", datatype=XSD.gYear)))


DAMAGES: dict[str, tuple[Callable[[Graph], object], str, Callable[[Graph], URIRef]]] = {
    # damage, the shape that must fire, the node it must name
    "observation without its dataset": (lambda g: remove(g, first_observation(g), QB.dataSet), "IC1-UniqueDataSet",
                                        first_observation),
    "observation in two datasets": (in_two_datasets, "IC1-UniqueDataSet", first_observation),
    "dataset without structure": (lambda g: remove(g, DATASET, QB.structure), "IC2-UniqueDSD", lambda g: DATASET),
    "dataset with a second DSD": (second_structure, "IC2-UniqueDSD", lambda g: DATASET),
    "DSD without measure": (lambda g: remove(g, STRUCTURE, QB.component, NPC["figureStructure-value"]),
                            "IC3-DSDIncludesMeasure", lambda g: STRUCTURE),
    "dimension without range": (lambda g: remove(g, NPC.refYear, RDFS.range), "IC4-DimensionsHaveRange",
                                lambda g: NPC.refYear),
    "concept dimension without code list": (lambda g: remove(g, NPC.figureKind, QB.codeList),
                                            "IC5-ConceptDimensionsHaveCodeLists", lambda g: NPC.figureKind),
    "optional dimension": (lambda g: g.add((NPC["figureStructure-kind"], QB.componentRequired, Literal(False))),
                           "IC6-OnlyAttributesOptional", lambda g: NPC["figureStructure-kind"]),
    "observation without a dimension value": (lambda g: remove(g, first_observation(g), NPC.refYear),
                                              "IC11-AllDimensionsRequired", first_observation),
    "duplicate observation": (duplicate, "IC12-NoDuplicateObservations", first_observation),
    "observation without its unit": (lambda g: remove(g, first_observation(g), SCHEMA.unitText),
                                     "IC13-RequiredAttributes", first_observation),
    "observation without its value": (lambda g: remove(g, first_observation(g), SCHEMA.value),
                                      "IC14-AllMeasuresPresent", first_observation),
    "measure not in the scheme": (lambda g: g.set((first_observation(g), NPC.measure, MEASURE["no-such-measure"])),
                                  "IC19-CodesFromCodeList", first_observation),
    "kind not a code": (lambda g: g.set((first_observation(g), NPC.figureKind, NPC.Target)),
                        "IC19-CodesFromCodeList", first_observation),
    "code missing from a collection": (as_collection, "IC19-CodesFromCodeList",
                                       lambda g: first_observation(g, NPC.outcome)),
    "observation beside its figure": (beside_the_figure, "Observation",
                                      lambda g: URIRef(str(first_observation(g)) + "-observation")),
    "dataset without a name": (lambda g: remove(g, DATASET, RDFS.label), "DataSet-label", lambda g: DATASET),
    "a slice": (lambda g: g.add((DATASET, QB.slice, NPC.someSlice)), "DataCubeScope", lambda g: DATASET),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_each_damage_fires_its_integrity_constraint_in_both_engines(damage, cube_graph, shapes):
    graph = copy(cube_graph)
    harm, shape, node = DAMAGES[damage]
    named = node(cube_graph)
    harm(graph)
    report = assert_engines_agree(graph, shapes)
    found = violations(report)
    assert not report.conforms
    assert named in found.get(shape, set()), found
    cube_shapes = set(found) & CUBE_SHAPES
    assert cube_shapes == {shape} or damage == "observation without a dimension value", found


def test_a_dsd_without_measure_leaves_no_measure_to_require(cube_graph, shapes):
    """IC-3 and IC-14 read the same components: with the value's gone, only IC-3 can fire."""
    graph = copy(cube_graph)
    DAMAGES["DSD without measure"][0](graph)
    assert "IC14-AllMeasuresPresent" not in violations(validate_graph(graph, shapes))


# --------------------------------------------------------------------------- the bundled build


@pytest.fixture(scope="module")
def bundled_cube() -> tuple[MappedCorpus, ox.Store]:
    mapped = measured(corpus_files())
    union = mapped.union()
    store = ox.Store()
    store.bulk_load(union.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return mapped, store


def test_the_bundled_corpus_as_a_cube_conforms(bundled_cube):
    _, store = bundled_cube
    report = validate_store(store)
    assert report.conforms and report.violations == 0
    count = next(iter(store.query(f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?o a <{QB.Observation}> ; "
                                  f"<{QB.dataSet}> <{DATASET}> }}")))["n"]
    assert int(count.value) >= 10


def test_the_bundled_build_states_its_dataset_and_observes_every_complete_figure(build_dir):
    """As built today (npc:measure comes with the measures stage): the dataset and its structure, 0
    violations, and exactly the figures with a measure, a year and a kind as observations."""
    store = ox.Store()
    store.bulk_load(path=str(build_dir / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    assert "0 violation(s)" in (build_dir / "report.txt").read_text()
    ask = f"ASK {{ <{DATASET}> a <{QB.DataSet}> ; <{QB.structure}> <{STRUCTURE}> . <{STRUCTURE}> a <{QB.DataStructureDefinition}> }}"
    assert store.query(ask)
    observed = {row["f"] for row in store.query(f"SELECT ?f WHERE {{ ?f a <{QB.Observation}> }}")}
    complete = {row["f"] for row in store.query(
        f"SELECT ?f WHERE {{ ?f a <{NPC.EconomicFigure}> ; <{NPC.measure}> ?m ; <{NPC.refYear}> ?y . "
        f"{{ ?f a <{NPC.Target}> }} UNION {{ ?f a <{NPC.Achievement}> }} }}")}
    assert observed == complete


# --------------------------------------------------------------------------- the vocabulary graph


def test_the_vocabulary_graph_is_every_ontology_file():
    files = Graph()
    for path in ontology_files():
        files.parse(path, format="turtle")
    held = Graph()
    for triple in rdflib_triples(vocabulary()):
        held.add(triple)
    assert {path.name for path in ontology_files()} >= {"npc.ttl", "cube.ttl"}
    assert set(files) == set(held) and len(held) > 300


def test_a_blank_node_in_the_vocabulary_is_refused(tmp_path):
    path = tmp_path / "extra.ttl"
    path.write_text("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    "<https://example.org/x> rdfs:seeAlso [ rdfs:label \"anonymous\" ] .\n")
    with pytest.raises(InputError, match="blank node"):
        _read(path)


def test_the_build_publishes_the_vocabulary_as_a_named_graph_once(build_dir):
    name = str(M.vocabulary_graph())
    quads = list(ox.parse(gzip.decompress((build_dir / "graph.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS))
    graphs: dict[ox.Triple, list[str]] = {}
    for quad in quads:
        graphs.setdefault(quad.triple, []).append(quad.graph_name.value)
    vocabulary_triples = {t for t, names in graphs.items() if name in names}
    assert vocabulary_triples == set(vocabulary())
    assert all(len(names) == 1 for names in graphs.values())  # one copy per triple
    assert {q.graph_name.value for q in ox.parse(path=build_dir / "graph.trig")} >= {name}
    void = (build_dir / "void.ttl").read_text()
    assert f"<{name}> void:triples {len(vocabulary_triples)}" in void


def test_query_data_reads_term_labels(build_dir):
    result = run_cli("query", f"SELECT ?label WHERE {{ <{NPC.Session}> <{RDFS.label}> ?label }}", "--data",
                     str(build_dir), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["label", "session"]
    sessions = run_cli("query", "sessions", "--data", str(build_dir), "--format", "csv")
    assert sessions.returncode == 0 and len(sessions.stdout.splitlines()) == 1 + len(corpus_files())


def test_load_writes_the_vocabulary_graph(build_dir, oxigraph_server):
    loaded = run_cli("load", "--endpoint", oxigraph_server.store_url, "--data", str(build_dir))
    assert loaded.returncode == 0, loaded.stderr
    query = (f"SELECT ?label WHERE {{ GRAPH <{M.vocabulary_graph()}> {{ <{NPC.figureKind}> <{RDFS.label}> ?label }} }}")
    result = run_cli("query", query, "--endpoint", oxigraph_server.query_url, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["label", "kind of figure"]
