"""Every vocabulary the graph uses, defined once.

Code refers to terms as `NPC.Session` or `SCHEMA.startDate`, never as IRI strings. The project's own
terms are declared in `ontology/npc.ttl`; a test checks that every `NPC.x` used by the code is there.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD


class Vocabulary(Namespace):
    """A namespace that makes each of its terms once: rdflib's makes a new URIRef (and checks it)
    on every `NS.term`, which the mapper does hundreds of thousands of times in a corpus build."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found as a plain attribute from now on
        return term


NPC = Vocabulary("https://w3id.org/npc-kg/ontology#")
SCHEMA = Vocabulary("https://schema.org/")
ORG = Vocabulary("http://www.w3.org/ns/org#")
OPENGOV = Vocabulary("http://www.w3.org/ns/opengov#")
# The W3C RDF Data Cube vocabulary: the figures as observations of one dataset.
QB = Vocabulary("http://purl.org/linked-data/cube#")
# The concepts of the measures scheme (ontology/measures.ttl): fixed IRIs, whatever the build's --base.
MEASURE = Vocabulary("https://w3id.org/npc-kg/measure/")
# Creative Commons Rights Expression Language: who to credit (cc:attributionName, cc:attributionURL).
CC = Vocabulary("http://creativecommons.org/ns#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
# Wikidata's full statement form, for qualifiers such as P39's start and end dates (P580, P582).
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")

# Prefixes bound on every graph the tool writes, in this order.
PREFIXES: dict[str, Namespace] = {
    "npc": NPC,
    "schema": SCHEMA,
    "org": ORG,
    "opengov": OPENGOV,
    "qb": QB,
    "measure": MEASURE,
    "prov": PROV,
    "dct": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "void": VOID,
    "cc": CC,
    "wd": WD,
    "wdt": WDT,
}

# Resources outside the graph that its dataset description names: the licence of Wikipedia's text
# (and so of the graph, which is derived from it), and Wikidata as the target of the links.
CC_BY_SA = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
WIKIDATA = URIRef("https://www.wikidata.org/")

__all__ = ["NPC", "CC", "CC_BY_SA", "WIKIDATA", "SCHEMA", "ORG", "OPENGOV", "QB", "MEASURE", "WD", "WDT", "P", "PS", "PQ", "PREFIXES", "DCTERMS", "OWL", "PROV",
           "RDF", "RDFS", "SH", "SKOS", "VOID", "XSD"]
