"""A small build directory written by hand for the measure pages: three sessions whose targets and
outcomes of two measures line up, following the measures' data contract (each figure an
npc:Target or npc:Achievement with npc:measure, npc:refYear, npc:session, schema:value or
min/max, schema:unitText, npc:qualifier; each measure a skos:Concept of the measures scheme).

The numbers are made up to cover every case a chart must show: a range met, a bound missed, an
"about" target that decides nothing, a target without an outcome yet. One vote, read from a line
the extractor warned about, checks that a session page passes the warning on.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, VOID, XSD

BASE = "https://w3id.org/npc-kg/id/"
NPC = "https://w3id.org/npc-kg/ontology#"
SCHEMA = "https://schema.org/"
MEASURE = "https://w3id.org/npc-kg/measure/"
OPENGOV = "http://www.w3.org/ns/opengov#"
ORDINALS = {1: "First", 2: "Second", 3: "Third"}
WARNING = "the table row stops where the article is cut short"
ARTICLE_URL = "https://en.wikipedia.org/wiki/Second_session_of_the_12th_National_People%27s_Congress"

MEASURES = {
    "gdp-growth": ("GDP growth", "Real growth of gross domestic product over the year before."),
    "registered-urban-unemployment": ("registered urban unemployment rate",
                                      "Registered unemployed as a share of the urban labour force, at year end."),
}
# session ordinal, kind, measure, year, value, high (a range's upper end), qualifier
FIGURES = [
    (1, "Target", "gdp-growth", 2013, "7.5", None, "about"),
    (2, "Achievement", "gdp-growth", 2013, "7.7", None, None),
    (2, "Target", "gdp-growth", 2014, "7.0", "7.5", None),
    (3, "Achievement", "gdp-growth", 2014, "7.4", None, None),
    (3, "Target", "gdp-growth", 2015, "7", None, "at least"),
    (2, "Target", "registered-urban-unemployment", 2014, "4.6", None, "not above"),
    (3, "Achievement", "registered-urban-unemployment", 2014, "4.9", None, None),
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
    scheme = URIRef(MEASURE + "scheme")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal("Measures", lang="en")))
    for key, (label, definition) in MEASURES.items():
        concept = URIRef(MEASURE + key)
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.prefLabel, Literal(label, lang="en")))
        graph.add((concept, SKOS.definition, Literal(definition, lang="en")))
    for number, (ordinal, kind, key, year, value, high, qualifier) in enumerate(FIGURES, 1):
        figure = URIRef(f"{BASE}session/12-{ordinal}/{kind.lower()}/{number}")
        graph.add((figure, RDF.type, URIRef(NPC + "EconomicFigure")))
        graph.add((figure, RDF.type, URIRef(NPC + kind)))
        graph.add((figure, RDFS.label, Literal(MEASURES[key][0], lang="en")))
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
    graph.serialize(folder / "graph.nt", format="nt", encoding="utf-8")
    for name, syntax in (("graph.ttl", "turtle"), ("graph.jsonld", "json-ld"), ("graph.trig", "trig")):
        graph.serialize(folder / name, format=syntax, encoding="utf-8")
    (folder / "graph.nq.gz").write_bytes(gzip.compress((folder / "graph.nt").read_bytes(), mtime=0))  # N-Quads: N-Triples in the default graph
    (folder / "context.jsonld").write_text('{"@context": {}}\n', encoding="utf-8")  # a build writes one; the pages link it
    void = Graph()
    void.add((URIRef(BASE + "dataset"), RDF.type, VOID.Dataset))
    void.add((URIRef(BASE + "dataset"), VOID.uriSpace, Literal(BASE)))
    void.serialize(folder / "void.ttl", format="turtle")
    return folder


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
