"""When a candidate becomes a link without a person looking: OpenRefine's auto-match rule.

The best candidate is taken only if its score is high AND it is clearly ahead of the runner-up; a
close second means the context could not tell namesakes apart, and the choice goes to review. A
Wikidata item is one thing, so two of our entities claiming the same item both go to review too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from rdflib import URIRef

from .entities import Kind
from .score import Scored


class Method(str, Enum):
    AUTO = "auto"  # the match rule took the candidate
    MANUAL = "manual"  # a reviewer accepted it in links-review.csv


@dataclass(frozen=True)
class Link:
    entity: URIRef
    label: str
    kind: Kind
    qid: str
    score: float
    method: Method


@dataclass(frozen=True)
class MatchRule:
    threshold: float = 0.85  # a named human needs one piece of context (0.9); a bare title (0.7) never suffices
    margin: float = 0.2  # over the runner-up: two equally supported namesakes both stay in review

    def pick(self, scored: Sequence[Scored]) -> Scored | None:
        ranked = sorted(scored, key=lambda s: (-s.score, s.candidate.qid))
        if not ranked or ranked[0].score < self.threshold:
            return None
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        return ranked[0] if round(ranked[0].score - runner_up, 3) >= self.margin else None


def one_item_one_entity(picks: Mapping[URIRef, Scored], taken: Collection[str]) -> dict[URIRef, Scored]:
    """The picks whose item no other entity claims, now or in an earlier pass (`taken`)."""
    claims = Counter(s.candidate.qid for s in picks.values())
    return {entity: s for entity, s in picks.items() if claims[s.candidate.qid] == 1 and s.candidate.qid not in taken}
