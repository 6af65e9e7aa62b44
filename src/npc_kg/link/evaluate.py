"""Precision and recall of links against reference/key-entities.tsv (for the benchmark and the tests).

key-entities.tsv lists the entities of npc-12-2.txt with their QID, or none where no source gave
one. A row names the graph resources whose rdfs:label or skos:altLabel is exactly its english_label,
or either part of a label written "A (B)": exact, so that the yardstick does not share the linker's
own normalisation. A link on a resource no row names is unjudged, neither right nor wrong.

`judged_links` reads the other yardstick, a table of entities by kind and name or catalogue key
with their QID (or none): the held-out articles of the tests, which the match rule was not tuned on.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..rdf.iris import Minter
from ..rdf.namespaces import RDFS, SKOS
from .entities import Kind
from .match import Link


@dataclass(frozen=True)
class Quality:
    correct: tuple[Link, ...]
    wrong: tuple[Link, ...]  # linked to another item, or linked where the reference knows no QID
    missed: tuple[tuple[URIRef, str], ...]  # (entity, expected QID) left unlinked
    unjudged: tuple[Link, ...]

    @property
    def precision(self) -> float | None:
        made = len(self.correct) + len(self.wrong)
        return len(self.correct) / made if made else None

    @property
    def recall(self) -> float | None:
        due = len(self.correct) + len(self.missed)
        return len(self.correct) / due if due else None


def expected_links(graph: Graph, key_entities: Path | str) -> dict[URIRef, str | None]:
    """Each graph resource a key-entities row names, with the row's QID (None: no QID known)."""
    expected: dict[URIRef, str | None] = {}
    with open(key_entities, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            parts = re.fullmatch(r"(.*?)\s*\((.*)\)", row["english_label"])
            for name in parts.groups() if parts else (row["english_label"],):
                for prop in (RDFS.label, SKOS.altLabel):
                    for subject in graph.subjects(prop, Literal(name, lang="en")):
                        if isinstance(subject, URIRef) and not expected.get(subject):
                            expected[subject] = row["qid"] or None
    return expected


def judged_links(table: Path | str, minter: Minter) -> dict[URIRef, str | None]:
    """Columns `kind, name, qid`: a person or place by name, an office or organisation by catalogue
    key, a congress term by number; an empty `qid` means the entity must stay unlinked."""
    mint = {Kind.PERSON: minter.person, Kind.PLACE: minter.place, Kind.OFFICE: minter.office,
            Kind.ORGANIZATION: minter.organization, Kind.CONGRESS: lambda number: minter.congress(int(number))}
    with open(table, encoding="utf-8", newline="") as handle:
        return {mint[Kind(row["kind"])](row["name"]): row["qid"] or None
                for row in csv.DictReader(handle, delimiter="\t")}


def assess(links: Iterable[Link], expected: Mapping[URIRef, str | None]) -> Quality:
    links = tuple(links)
    judged = [link for link in links if link.entity in expected]
    correct = tuple(link for link in judged if expected[link.entity] == link.qid)
    linked = {(link.entity, link.qid) for link in links}
    missed = tuple(sorted((entity, qid) for entity, qid in expected.items() if qid and (entity, qid) not in linked))
    return Quality(correct, tuple(link for link in judged if link not in correct), missed,
                   tuple(link for link in links if link.entity not in expected))
