"""A small build directory written by hand for the measure pages: three sessions whose targets and
outcomes of two measures line up, following the measures' data contract (each figure an
npc:Target or npc:Achievement with npc:measure, npc:refYear, npc:session, schema:value or
min/max, schema:unitText, npc:qualifier; each measure a concept of the bundled measures scheme,
described, as in a real build, by the vocabulary graph (a named graph in graph.trig, and in
every other dump).

The numbers are made up to cover every case a chart must show: a range met, a bound missed, an
"about" target that decides nothing, a target without an outcome yet. One vote, read from a line
the extractor warned about, checks that a session page passes the warning on.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, VOID, XSD

from npc_kg.vocabulary import vocabulary

BASE = "https://w3id.org/npc-kg/id/"
NPC = "https://w3id.org/npc-kg/ontology#"
SCHEMA = "https://schema.org/"
MEASURE = "https://w3id.org/npc-kg/measure/"
OPENGOV = "http://www.w3.org/ns/opengov#"
ORDINALS = {1: "First", 2: "Second", 3: "Third"}
WARNING = "the table row stops where the article is cut short"
ARTICLE_URL = "https://en.wikipedia.org/wiki/Second_session_of_the_12th_National_People%27s_Congress"

# each figure's label, the article's words, by the key of its measure in the bundled scheme (whose
# label the pages show: "GDP growth", "registered urban unemployment rate")
MEASURES = {"gdp-growth": "economic growth", "registered-urban-unemployment-rate": "urban jobless rate"}
# session ordinal, kind, measure, year, value, high (a range's upper end), qualifier
FIGURES = [
    (1, "Target", "gdp-growth", 2013, "7.5", None, "about"),
    (2, "Achievement", "gdp-growth", 2013, "7.7", None, None),
    (2, "Target", "gdp-growth", 2014, "7.0", "7.5", None),
    (3, "Achievement", "gdp-growth", 2014, "7.4", None, None),
    (3, "Target", "gdp-growth", 2015, "7", None, "at least"),
    (2, "Target", "registered-urban-unemployment-rate", 2014, "4.6", None, "not above"),
    (3, "Achievement", "registered-urban-unemployment-rate", 2014, "4.9", None, None),
]


def write_measure_build(folder: Path) -> Path:
    graph = Graph()
    for ordinal, word in ORDINALS.items():
        session = URIRef(f"{BASE}session/12-{ordinal}")
        graph.add((session, RDF.type, URIRef(NPC + "Session")))
        graph.add((session, RDFS.label, Literal(f"{word} session of the 12th National People's Congress", lang="en")))
        graph.add((session, URIRef(NPC + "year"), Literal(str(2012 + ordinal), datatype=XSD.gYear)))
        if ordinal > 1:
            graph.add((session, URIRef(NPC + "previousSession"), URIRef(f"{BASE}session/12-{ordinal - 1}")))
    for number, (ordinal, kind, key, year, value, high, qualifier) in enumerate(FIGURES, 1):
        figure = URIRef(f"{BASE}session/12-{ordinal}/{kind.lower()}/{number}")
        graph.add((figure, RDF.type, URIRef(NPC + "EconomicFigure")))
        graph.add((figure, RDF.type, URIRef(NPC + kind)))
        graph.add((figure, RDFS.label, Literal(MEASURES[key], lang="en")))
        graph.add((figure, URIRef(NPC + "measure"), URIRef(MEASURE + key)))
        graph.add((figure, URIRef(NPC + "session"), URIRef(f"{BASE}session/12-{ordinal}")))
        graph.add((figure, URIRef(NPC + "refYear"), Literal(str(year), datatype=XSD.gYear)))
        graph.add((figure, URIRef(SCHEMA + "unitText"), Literal("percent")))
        if high is None:
            graph.add((figure, URIRef(SCHEMA + "value"), Literal(value, datatype=XSD.decimal)))
        else:
            graph.add((figure, URIRef(SCHEMA + "minValue"), Literal(value, datatype=XSD.decimal)))
            graph.add((figure, URIRef(SCHEMA + "maxValue"), Literal(high, datatype=XSD.decimal)))
        if qualifier:
            graph.add((figure, URIRef(NPC + "qualifier"), Literal(qualifier)))
    _vote(graph)
    folder.mkdir(parents=True, exist_ok=True)
    terms = bytes(vocabulary())  # the vocabulary graph every build publishes: the measures' labels too
    (folder / "graph.trig").write_bytes(graph.serialize(format="trig", encoding="utf-8")
                                        + f"<{BASE}graph/vocabulary> {{\n".encode() + terms + b"}\n")
    graph.parse(data=terms, format="nt")
    for name, syntax in (("graph.nt", "nt"), ("graph.ttl", "turtle"), ("graph.jsonld", "json-ld")):
        graph.serialize(folder / name, format=syntax, encoding="utf-8")
    (folder / "graph.nq.gz").write_bytes(gzip.compress((folder / "graph.nt").read_bytes(), mtime=0))  # N-Quads: N-Triples in the default graph
    (folder / "context.jsonld").write_text('{"@context": {}}\n', encoding="utf-8")  # a build writes one; the pages link it
    write_void(folder, BASE)
    return folder


def write_void(folder: Path, base: str) -> None:
    """The least void.ttl a served build needs: its dataset and the base its IRIs are under."""
    void = Graph()
    void.add((URIRef(base + "dataset"), RDF.type, VOID.Dataset))
    void.add((URIRef(base + "dataset"), VOID.uriSpace, Literal(base)))
    void.serialize(folder / "void.ttl", format="turtle")


def _vote(graph: Graph) -> None:
    """The Government Work Report's vote at the second session, read from a line with a warning."""
    session = URIRef(f"{BASE}session/12-2")
    article, line = URIRef(f"{BASE}article/npc-12-2"), URIRef(f"{BASE}article/npc-12-2#L62")
    graph.add((article, RDF.type, URIRef(NPC + "Article")))
    graph.add((article, DCTERMS.title, Literal("Second session of the 12th National People's Congress", lang="en")))
    graph.add((article, URIRef(SCHEMA + "url"), URIRef(ARTICLE_URL)))
    graph.add((article, URIRef(NPC + "fileName"), Literal("npc-12-2.txt")))
    graph.add((line, RDF.type, URIRef(NPC + "SourceLine")))
    graph.add((line, DCTERMS.isPartOf, article))
    graph.add((line, URIRef(NPC + "line"), Literal(62)))
    graph.add((line, URIRef(NPC + "sourceWarning"), Literal(WARNING)))
    resolution = URIRef(f"{BASE}session/12-2/resolution/government-work-report")
    vote = URIRef(f"{resolution}/vote")
    graph.add((resolution, RDF.type, URIRef(NPC + "Resolution")))
    graph.add((resolution, RDFS.label, Literal("Government Work Report", lang="en")))
    graph.add((resolution, URIRef(NPC + "session"), session))
    graph.add((resolution, URIRef(NPC + "vote"), vote))
    graph.add((resolution, PROV.wasDerivedFrom, line))
    graph.add((vote, RDF.type, URIRef(OPENGOV + "VoteEvent")))
    graph.add((vote, PROV.wasDerivedFrom, line))
    graph.add((vote, URIRef(NPC + "statedRate"), Literal("99.31", datatype=XSD.decimal)))
    graph.add((vote, URIRef(NPC + "statedRatePrecision"), Literal("0.01", datatype=XSD.decimal)))
    graph.add((vote, URIRef(NPC + "deputiesPresent"), Literal(2907)))
    for option, count in (("yes", 2887), ("no", 1), ("abstain", 8)):
        tally = URIRef(f"{vote}/{option}")
        graph.add((vote, URIRef(OPENGOV + "count"), tally))
        graph.add((tally, URIRef(OPENGOV + "option"), Literal(option)))
        graph.add((tally, RDF.value, Literal(count)))
