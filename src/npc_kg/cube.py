"""cube: the economic figures as observations of an RDF Data Cube.

The structure (the qb:DataStructureDefinition `npc:figureStructure`, its dimensions, measure and
attributes, the code list of kinds) is vocabulary, in ontology/cube.ttl. Here an article's figures
become observations of the build's dataset (`Minter.figures_dataset()`), and the build states that
dataset once (`dataset_description`). The figure resource itself is the observation: it is only
typed qb:Observation and given its dataset and kind, so no figure is stated twice and every query
that counts figures counts each once.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Literal, URIRef

from .rdf.iris import Minter
from .rdf.namespaces import NPC, QB, RDF, RDFS
from .rdf.oxterms import Triple

KINDS = {NPC.Target: NPC.target, NPC.Achievement: NPC.outcome}  # a figure's class -> its npc:figureKind code
DIMENSIONS = (NPC.refYear, NPC.measure, NPC.session)  # besides the kind, which the class gives


def observations(graph: Sequence[Triple], minter: Minter) -> list[Triple]:
    """The statements that make the article's figures (`graph`: its statements, in mapping order)
    observations of the build's dataset.

    A figure is an observation only when it has a value for every dimension of the structure: a
    reference year, a measure, a known kind (target or outcome) and a session. A figure lacking one
    (its measure unclassified, its year or kind unknown) is no observation: the Data Cube requires
    every dimension of every observation (IC-11), and a figure without them still serves the other
    queries as an npc:EconomicFigure. Two figures of the article with the same dimension values
    (one figure repeated in the prose and a bullet) are one observation, the first mapped, since a
    dataset may hold only one observation per combination of dimension values (IC-12)."""
    figures: dict[URIRef, dict[URIRef, list]] = {}
    for subject, predicate, obj in graph:
        if predicate == RDF.type and obj == NPC.EconomicFigure:
            figures.setdefault(subject, {})
    for subject, predicate, obj in graph:
        facts = figures.get(subject)
        if facts is not None:
            facts.setdefault(predicate, []).append(obj)
    dataset = minter.figures_dataset()
    seen: set[tuple] = set()
    statements: list[Triple] = []
    for figure, facts in figures.items():
        kinds = [KINDS[cls] for cls in facts.get(RDF.type, []) if cls in KINDS]
        values = [facts.get(dimension, []) for dimension in DIMENSIONS]
        if len(kinds) != 1 or any(len(found) != 1 for found in values):
            continue
        key = (kinds[0], *(found[0] for found in values))
        if key in seen:
            continue
        seen.add(key)
        statements += [(figure, RDF.type, QB.Observation), (figure, QB.dataSet, dataset),
                       (figure, NPC.figureKind, kinds[0])]
    return statements


def dataset_description(minter: Minter) -> list[Triple]:
    """The build's dataset of figures, stated once per build (with the build's description): its
    structure is the one in ontology/cube.ttl, which the build's vocabulary graph holds."""
    dataset = minter.figures_dataset()
    return [(dataset, RDF.type, QB.DataSet),
            (dataset, RDFS.label, Literal("npc-kg economic figures", lang="en")),
            (dataset, QB.structure, NPC.figureStructure)]
