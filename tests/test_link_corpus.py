"""Linking a graph shaped like npc-12-2.txt's against the bundled reference, in process and through a
real Oxigraph SPARQL server: every entity with a QID in key-entities.tsv linked, and nothing else."""

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from npc_kg import catalogue
from npc_kg.errors import InputError
from npc_kg.rdf.iris import Minter
from npc_kg.link import (Decision, LocalReference, Method, SparqlReference, link_graph, read_review,
                         review_csv)
from npc_kg.link.entities import linkable, read_entities
from npc_kg.link.evaluate import assess, expected_links
from npc_kg.link.normalize import VARIANTS
from npc_kg.map import en, map_corpus
from npc_kg.pipeline import extract_articles
from npc_kg.rdf import namespaces
from npc_kg.rdf.namespaces import NPC, ORG, OWL, RDF, RDFS, SCHEMA, SKOS, WD
from npc_kg.resources import corpus_files, data_dir, ontology_file

REFERENCE = data_dir("reference")
M = Minter()
SESSION = M.session(12, 2)
EXPECTED = {  # key-entities.tsv, by hand: the QID of every entity of npc-12-2 that has one
    M.person("Xi Jinping"): "Q15031", M.person("Zhang Dejiang"): "Q197178", M.person("Li Keqiang"): "Q18111",
    M.person("Zhou Qiang"): "Q198003", M.person("Wang Xiao"): "Q9065751",
    M.office("president"): "Q655407", M.office("premier"): "Q4122271",
    M.organization("prc"): "Q148", M.organization("state-council"): "Q59261", M.organization("spc"): "Q691994",
    M.organization("spp"): "Q2682024", M.congress(12): "Q247766", M.place("Beijing"): "Q956",
}


def add_named(graph: Graph, iri: URIRef, cls: URIRef, entry: catalogue.Organization | catalogue.Office) -> URIRef:
    """A catalogue entry as the mapper writes it: its class, label and aliases."""
    graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, en(entry.label)))
    for alias in entry.aliases:
        graph.add((iri, SKOS.altLabel, en(alias)))
    return iri


def add_organization(graph: Graph, key: str) -> URIRef:
    return add_named(graph, M.organization(key), ORG.Organization, catalogue.organization(key))


def add_office(graph: Graph, key: str) -> URIRef:
    office = catalogue.office(key)
    iri = add_named(graph, M.office(key), ORG.Post, office)
    graph.add((iri, ORG.postIn, add_organization(graph, office.organization)))
    return iri


def add_person(graph: Graph, name: str) -> URIRef:
    iri = M.person(name)
    graph.add((iri, RDF.type, SCHEMA.Person))
    graph.add((iri, RDFS.label, en(name)))
    return iri


def npc_12_2() -> Graph:
    """npc-12-2.txt as the map stage writes it: session, venue, infobox tenures, reports, resolutions."""
    graph = Graph()
    congress = M.congress(12)
    graph.add((congress, RDF.type, NPC.CongressTerm))
    graph.add((congress, RDFS.label, en("12th National People's Congress")))
    graph.add((congress, NPC.congressNumber, Literal(12)))
    graph.add((SESSION, RDF.type, NPC.Session))
    graph.add((SESSION, RDFS.label, en("Second session of the 12th National People's Congress")))
    graph.add((SESSION, SCHEMA.superEvent, congress))
    graph.add((SESSION, NPC.year, Literal("2014", datatype=namespaces.XSD.gYear)))
    hall, city = M.place("Great Hall of the People"), M.place("Beijing")
    graph.add((hall, RDF.type, SCHEMA.Place))
    graph.add((hall, RDFS.label, en("Great Hall of the People")))
    graph.add((hall, SCHEMA.containedInPlace, city))
    graph.add((city, RDF.type, SCHEMA.City))
    graph.add((city, RDFS.label, en("Beijing")))
    graph.add((SESSION, SCHEMA.location, hall))
    for name, key, start in (("Xi Jinping", "president", dt.date(2013, 3, 14)),
                             ("Zhang Dejiang", "npcsc-chairman", dt.date(2013, 3, 14)),
                             ("Li Keqiang", "premier", dt.date(2013, 3, 15))):
        tenure, person, office = M.tenure(SESSION, name, key, "incumbent"), add_person(graph, name), add_office(graph, key)
        graph.add((tenure, RDF.type, NPC.Tenure))
        graph.add((tenure, ORG.member, person))
        graph.add((tenure, NPC.office, office))
        graph.add((tenure, SCHEMA.startDate, Literal(start)))
        graph.add((tenure, NPC.role, NPC.incumbent))
        graph.add((tenure, NPC.session, SESSION))
        graph.add((person, ORG.holds, office))
    for key, presenter in (("government-work-report", "Li Keqiang"), ("npcsc-work-report", "Zhang Dejiang"),
                           ("spc-work-report", "Zhou Qiang"), ("spp-work-report", "Cao Jianming"),
                           ("plan-report", None), ("budget-report", None)):
        kind, report = catalogue.report_kind(key), M.report(SESSION, key)
        graph.add((report, RDF.type, NPC.Report))
        graph.add((report, NPC.session, SESSION))
        graph.add((report, NPC.reportingBody, add_organization(graph, kind.organization)))
        if presenter:
            graph.add((report, NPC.presentedBy, add_person(graph, presenter)))
    for name in ("Wang Xiao", "Chen Sixi"):
        resolution = M.resolution(SESSION, f"Resignation of {name} from the NPCSC")
        graph.add((resolution, RDF.type, NPC.Resignation))
        graph.add((resolution, NPC.session, SESSION))
        graph.add((resolution, NPC.concernsPerson, add_person(graph, name)))
        graph.add((resolution, NPC.concernsOrganization, add_organization(graph, "npcsc")))
    return graph


@pytest.fixture(params=["file", "oxigraph-server"])
def reference(request):
    """The bundled reference, read in process or served over SPARQL by a real Oxigraph server."""
    if request.param == "file":
        return LocalReference(REFERENCE / "wikidata.ttl")
    server = request.getfixturevalue("oxigraph_server")
    server.load(REFERENCE / "wikidata.ttl")
    return SparqlReference(server.query_url, timeout=30)


def test_npc_12_2_links_every_entity_with_a_qid_and_nothing_else(reference):
    graph = npc_12_2()
    result = link_graph(graph, reference)
    quality = assess(result.links, expected_links(graph, REFERENCE / "key-entities.tsv"))
    assert quality.precision == 1.0
    assert quality.recall == 1.0
    assert not quality.unjudged
    assert {link.entity: link.qid for link in result.links} == EXPECTED
    assert all(link.method is Method.AUTO and link.score >= 0.85 for link in result.links)


def test_entities_without_a_qid_stay_unlinked():
    result = link_graph(npc_12_2(), LocalReference(REFERENCE / "wikidata.ttl"))
    linked = {link.entity for link in result.links}
    for entity in (M.person("Cao Jianming"), M.person("Chen Sixi"), M.place("Great Hall of the People"),
                   M.office("npcsc-chairman"), M.organization("npcsc"), SESSION):
        assert entity not in linked


def test_every_catalogue_post_and_body_links_only_where_the_reference_is_sure():
    graph = npc_12_2()
    for office in catalogue.OFFICES:
        add_office(graph, office.key)
    result = link_graph(graph, LocalReference(REFERENCE / "wikidata.ttl"))
    links = {link.entity: link.qid for link in result.links}
    assert links == {**EXPECTED, M.office("npc-deputy"): "Q10891456", M.organization("npc"): "Q19211"}
    # "President of the Supreme People's Court" resembles "President of the People's Republic of China":
    # offered for review, never linked.
    assert [(r.entity, r.qid) for r in result.review] == [(M.office("spc-president"), "Q655407")]


def test_the_same_query_gives_the_same_candidates_in_process_and_over_http(oxigraph_server):
    oxigraph_server.load(REFERENCE / "wikidata.ttl")
    names = {v for e in read_entities(npc_12_2()) for n in e.names for v in VARIANTS[e.kind](n)}
    in_process = LocalReference(REFERENCE / "wikidata.ttl").search(names)
    assert in_process == SparqlReference(oxigraph_server.query_url, timeout=30).search(names)
    assert set(in_process) >= {"Xi Jinping", "Beijing", "Premier of the People's Republic of China"}


def test_links_as_rdf():
    result = link_graph(npc_12_2(), LocalReference(REFERENCE / "wikidata.ttl"), minter=M)
    rdf = result.rdf
    assert rdf.identifier == M.links_graph()
    assert (M.person("Xi Jinping"), OWL.sameAs, WD.Q15031) in rdf
    assert (M.congress(12), OWL.sameAs, WD.Q247766) in rdf
    assert (M.office("premier"), SKOS.exactMatch, WD.Q4122271) in rdf
    assert not list(rdf.triples((M.office("premier"), OWL.sameAs, None)))
    link = M.link(M.person("Wang Xiao"), "Q9065751")
    assert link == URIRef("https://w3id.org/npc-kg/id/link/person/wang-xiao/Q9065751")
    assert rdf.value(link, RDF.type) == NPC.Link
    assert rdf.value(link, RDF.subject) == M.person("Wang Xiao")
    assert rdf.value(link, RDF.predicate) == OWL.sameAs
    assert rdf.value(link, RDF.object) == WD.Q9065751
    assert rdf.value(link, NPC.linkScore) == Literal("0.9", datatype=namespaces.XSD.decimal)
    assert rdf.value(link, NPC.linkMethod) == Literal("auto")
    declared = set(Graph().parse(ontology_file()).subjects())
    assert {p for _, p, _ in rdf if p in NPC} | {NPC.Link} <= declared


def bare(name: str) -> Graph:
    """A person and nothing else: no session, no office, no body."""
    graph = Graph()
    add_person(graph, name)
    return graph


def test_a_bare_name_goes_to_review_not_to_a_link():
    result = link_graph(bare("Wang Xiao"), LocalReference(REFERENCE / "wikidata.ttl"))
    assert result.links == ()
    assert [(r.qid, r.score, r.decision) for r in result.review] == [("Q9065751", 0.6, Decision.UNDECIDED)]


NAMESAKE = """
@prefix wd: <http://www.wikidata.org/entity/> . @prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix p: <http://www.wikidata.org/prop/> . @prefix ps: <http://www.wikidata.org/prop/statement/> .
@prefix pq: <http://www.wikidata.org/prop/qualifier/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
wd:Q9065751 rdfs:label "Wang Xiao"@en ; wdt:P31 wd:Q5 ; p:P39 [ ps:P39 wd:Q10891456 ; pq:P2937 wd:Q247766 ] .
wd:Q247766 rdfs:label "12th National People's Congress"@en .
# Q999999999999 is no Wikidata item: it stands for a namesake the bundled reference lacks.
wd:Q999999999999 rdfs:label "Wang Xiao"@en ; wdt:P31 wd:Q5 %s .
"""


@pytest.mark.parametrize("namesake_sits_in_the_12th_npc", [False, True])
def test_namesakes_need_context_that_tells_them_apart(tmp_path, namesake_sits_in_the_12th_npc):
    seat = "; p:P39 [ ps:P39 wd:Q10891456 ; pq:P2937 wd:Q247766 ]" if namesake_sits_in_the_12th_npc else ""
    reference = tmp_path / "namesakes.ttl"
    reference.write_text(NAMESAKE % seat, encoding="utf-8")
    graph = npc_12_2()
    wang = M.person("Wang Xiao")
    assert link_graph(bare("Wang Xiao"), LocalReference(reference)).links == ()  # no context: never
    result = link_graph(graph, LocalReference(reference))
    links = {link.entity: link.qid for link in result.links}
    if namesake_sits_in_the_12th_npc:  # the context cannot tell them apart
        assert wang not in links
        assert {r.qid for r in result.review if r.entity == wang} == {"Q9065751", "Q999999999999"}
    else:
        assert links[wang] == "Q9065751"


def decide(review: Path, decisions: dict[str, str]) -> None:
    with open(review, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["entity", "label", "kind", "candidate_qid", "candidate_label", "score", "evidence", "decision"]
    for row in rows[1:]:
        row[7] = decisions.get(row[3], row[7])
    with open(review, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_review_decisions_are_honoured_on_the_next_run(tmp_path):
    reference, review = LocalReference(REFERENCE / "wikidata.ttl"), tmp_path / "links-review.csv"
    graph = bare("Wang Xiao")
    add_person(graph, "Zhou Qiang")
    review.write_bytes(review_csv(link_graph(graph, reference).review))
    decide(review, {"Q9065751": "accept", "Q198003": " Reject"})  # as a person would type them
    again = link_graph(graph, reference, decisions=read_review(review))
    assert [(link.entity, link.qid, link.method) for link in again.links] == \
        [(M.person("Wang Xiao"), "Q9065751", Method.MANUAL)]
    assert {(r.qid, r.decision) for r in again.review} == {("Q9065751", Decision.ACCEPT),
                                                            ("Q198003", Decision.REJECT)}
    review.write_bytes(review_csv(again.review))
    assert link_graph(graph, reference, decisions=read_review(review)).links == again.links


def test_a_bad_review_file_is_reported_with_its_line(tmp_path):
    review = tmp_path / "links-review.csv"
    review.write_bytes(review_csv(link_graph(bare("Wang Xiao"), LocalReference(REFERENCE / "wikidata.ttl")).review))
    review.write_text(review.read_text(encoding="utf-8").rstrip("\n") + "yes\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_review(review)
    assert str(error.value).startswith(f"{review}:2: bad review row")
    assert read_review(tmp_path / "missing.csv") == ()


def test_an_unreadable_reference_is_bad_input(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("wd:Q1 rdfs:label", encoding="utf-8")
    with pytest.raises(InputError):
        LocalReference(broken)
    with pytest.raises(InputError):
        LocalReference(Path(tmp_path / "reference.csv"))


def test_the_linker_reads_the_same_entities_from_its_part_of_a_build(tmp_path):
    """`linkable` hands the linker a few in ten of a build's statements: every entity it reads is the
    same, context included (offices held since when, congress terms, bodies), on the bundled corpus
    and on synthetic articles, and nothing of the votes, figures or line texts comes along."""
    subprocess.run([sys.executable, str(Path(__file__).parents[1] / "bench" / "synth.py"), str(tmp_path),
                    "--articles", "6"], check=True, capture_output=True)
    for paths in (corpus_files(), sorted(tmp_path.glob("*.txt"))):
        mapped = map_corpus(extract_articles(paths), M)
        whole, part = mapped.union(), linkable(mapped.triples())
        entities = read_entities(whole)
        assert entities and read_entities(part) == entities
        assert any(e.held and e.congresses for e in entities)  # the context is compared, not only names
        assert len(part) < len(whole) / 3
        assert not set(part.predicates()) & {SCHEMA.value, RDF.value, NPC.line}
