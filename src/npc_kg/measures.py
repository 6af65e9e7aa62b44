"""What a figure measures: the concepts of `ontology/measures.ttl`, and the rule that names a
figure's concept from the label its sentence gives it and its unit.

The same measure is worded many ways across a family of articles ("GDP growth", "gross domestic
product growth", "economic growth"; "urban jobs created", "new urban jobs"). The scheme lists the
lexical variants (alternative labels); this module folds the grammatical ones, so that a label and
a concept's label match when they say the same words up to inflection, order, determiners and the
language's synonyms. A figure matches a concept only in one of the concept's units: a GDP amount in
yuan is `gdp`, GDP in percent is its growth, and "growth" in yuan matches nothing.

The scheme is read once per process, with pyoxigraph (about a millisecond), into plain values:
extraction gets keys and strings, never RDF terms; the map stage turns a key into its IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph

from .rdf.namespaces import MEASURE, NPC, RDF, SKOS
from .resources import measures_file

# The terms read, as pyoxigraph writes them (`<iri>`).
_LABELS = {f"<{SKOS.prefLabel}>", f"<{SKOS.altLabel}>", f"<{SKOS.hiddenLabel}>"}
_PREF_LABEL = f"<{SKOS.prefLabel}>"
_CONCEPT = f"<{SKOS.Concept}>"
_TYPE = f"<{RDF.type}>"
_UNIT = f"<{NPC.unit}>"
_MEASURE_NS = str(MEASURE)

# --------------------------------------------------------------------------- wording

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_POSSESSIVE_RE = re.compile(r"['’]s\b")
# Several words that are one name: spelt-out abbreviations and compounds.
_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("gross", "domestic", "product"), "gdp"),
    (("consumer", "price", "index"), "cpi"),
    (("consumer", "price"), "cpi"),  # "consumer prices rose 2%": the CPI's rise
    (("carbon", "dioxide"), "carbon"),
    (("value", "added"), "value-added"),
)
# Words that say the same thing in these reports: spelling, a change named by any of its verbs or
# nouns, a count of new things by its participle, a share by any of its names.
_SYNONYMS = {
    "defense": "defence", "military": "defence", "economic": "economy", "urbanization": "urbanisation",
    "labor": "labour",
    "increase": "growth", "rise": "growth", "gain": "growth", "grow": "growth", "grew": "growth", "up": "growth",
    "expansion": "growth", "increasing": "growth", "rising": "growth",
    "decrease": "reduction", "decline": "reduction", "drop": "reduction", "fall": "reduction", "cut": "reduction",
    "down": "reduction", "reduced": "reduction", "reducing": "reduction", "lowering": "reduction",
    "created": "new", "added": "new", "newly": "new", "additional": "new", "more": "new",
    "ratio": "share", "proportion": "share", "percentage": "share",
    "spending": "expenditure", "production": "output", "use": "consumption", "power": "electricity",
}
# Words that do not change what is measured: determiners and prepositions, who holds it ("China's",
# "of urban residents" is the same as "urban"), how a change is averaged or deflated (the reference
# year and the unit say the rest), and the period the extractor names ("at start of period").
_NOISE = frozenset(
    "the a an of in on for to and at by with its their our this that china total overall annual average "
    "real nominal terms year previous over period start end resident household rate level".split())


def wording(label: str) -> frozenset[str]:
    """The words a label says, folded: "The gross domestic product growth rate" and "GDP growth"
    -> {"gdp", "growth"}."""
    tokens = [_singular(t) for t in _TOKEN_RE.findall(_POSSESSIVE_RE.sub("", label.lower()))]
    words: list[str] = []
    index = 0
    while index < len(tokens):
        for phrase, name in _PHRASES:
            if tuple(tokens[index: index + len(phrase)]) == phrase:
                words.append(name)
                index += len(phrase)
                break
        else:
            words.append(tokens[index])
            index += 1
    return frozenset(_SYNONYMS.get(w, w) for w in words) - _NOISE


def _singular(word: str) -> str:
    """A plural noun's singular, enough to compare ("prices" -> "price", "jobs" -> "job")."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# --------------------------------------------------------------------------- the scheme


@dataclass(frozen=True)
class Measure:
    """One concept of the scheme: its key (the last segment of its IRI), every label it is known
    by (its skos:prefLabel first), and the units its figures are stated in."""

    key: str
    labels: tuple[str, ...]
    units: frozenset[str]


@dataclass(frozen=True)
class Scheme:
    measures: tuple[Measure, ...]
    index: dict[tuple[frozenset[str], str], str]  # (wording, unit) -> key

    def classify(self, label: str, unit: str) -> str | None:
        """The key of the measure a figure labelled `label` in `unit` is of, or None."""
        return self.index.get((wording(label), unit))


def load_scheme(data: bytes) -> Scheme:
    """The measures of a Turtle concept scheme. Two concepts that share a wording in a unit would
    make classification a guess, so that is refused (ValueError), as is a concept with no unit."""
    labels: dict[str, list[tuple[bool, str]]] = {}
    units: dict[str, set[str]] = {}
    concepts: set[str] = set()
    for triple in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE):
        subject = str(triple.subject)
        if not subject.startswith(f"<{_MEASURE_NS}"):
            continue
        key = subject[len(_MEASURE_NS) + 1: -1]
        predicate = str(triple.predicate)
        if predicate == _TYPE and str(triple.object) == _CONCEPT:
            concepts.add(key)
        elif predicate in _LABELS:
            labels.setdefault(key, []).append((predicate == _PREF_LABEL, triple.object.value))
        elif predicate == _UNIT:
            units.setdefault(key, set()).add(triple.object.value)
    measures: list[Measure] = []
    index: dict[tuple[frozenset[str], str], str] = {}
    for key in sorted(concepts):
        named = sorted(labels.get(key, []), key=lambda pair: (not pair[0], pair[1]))
        if not named or not named[0][0] or not units.get(key):
            raise ValueError(f"measure {key} needs a skos:prefLabel and an npc:unit")
        measure = Measure(key, tuple(text for _, text in named), frozenset(units[key]))
        measures.append(measure)
        for text in measure.labels:
            for unit in measure.units:
                other = index.setdefault((wording(text), unit), key)
                if other != key:
                    raise ValueError(f"measures {other} and {key} are both worded {text!r} in {unit}")
    return Scheme(tuple(measures), index)


@cache
def scheme() -> Scheme:
    """The bundled scheme, read once per process."""
    return load_scheme(measures_file().read_bytes())


def classify(label: str, unit: str) -> str | None:
    """The key of the bundled measure a figure labelled `label` in `unit` is of, or None."""
    return scheme().classify(label, unit)
