"""What the pages for readers show, read from the store: a session's officeholders, votes, figures,
reports and neighbours; a person's and an office's terms; a measure's targets and outcomes by year.

Plain values, as `views.py` gives the generic property tables, so the templates only lay them out.
A figure is written as the article wrote it (`wording.py`); a vote carries every warning the build
found about it (source warnings on its lines, validation findings in report.json).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..rdf.namespaces import NPC, ORG, PROV, RDF, SCHEMA, SKOS
from .chart import Band, Counts, Point, Year
from .dataset import natural
from .findings import Finding, findings
from .node import Node, iri
from .wording import Amount, amount, number, rate

if TYPE_CHECKING:
    from .views import Reader  # which builds a Facts for the pages it describes

KINDS = {str(NPC.Target): "target", str(NPC.Achievement): "outcome"}
# How a target's qualifier decides whether an outcome met it: the outcome must be at most, below, at
# least or above the target. "about" and "around" decide nothing.
AT_MOST = {"not above", "not more than", "no more than", "at most", "within", "up to"}
BELOW = {"below", "under", "less than"}
AT_LEAST = {"at least", "not less than", "no less than"}
ABOVE = {"more than", "over", "above", "exceeded", "exceeding"}


@dataclass(frozen=True)
class Holder:
    """An officeholder as a session's article presents them."""

    person: Node
    office: Node
    role: str  # incumbent, outgoing, elected
    since: str | None
    tenure: Node


@dataclass(frozen=True)
class Vote:
    resolution: Node
    vote: Node | None
    counts: Counts
    stated_rate: str
    computed_rate: str
    not_voting: str
    warnings: tuple[Finding, ...]


@dataclass(frozen=True)
class Figure:
    node: Node
    measure: Node | None
    name: str  # the measure's label, or the figure's own
    kind: str  # target, outcome or figure
    text: str  # "about 7.5%"
    year: str | None


@dataclass(frozen=True)
class Report:
    node: Node
    presenter: Node | None
    body: Node | None


@dataclass(frozen=True)
class SessionFacts:
    year: str | None
    start: str | None
    end: str | None
    place: Node | None
    holders: tuple[Holder, ...]
    votes: tuple[Vote, ...]
    figures: tuple[Figure, ...]
    reports: tuple[Report, ...]
    previous: Node | None
    next: Node | None


@dataclass(frozen=True)
class Term:
    """One term of office (npc:TermOfOffice), or a tenure stated at one session."""

    node: Node
    person: Node | None
    office: Node | None
    start: str | None
    end: str | None
    before: Node | None  # the predecessor's holder, or the session of a tenure
    after: Node | None  # the successor's holder
    role: str = ""


@dataclass(frozen=True)
class PeopleFacts:
    """A person's offices or an office's holders: terms, then tenures by session."""

    terms: tuple[Term, ...]
    tenures: tuple[Term, ...]


@dataclass(frozen=True)
class Reading:
    """A target or an outcome of a measure for one year."""

    node: Node
    session: Node | None
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str | None
    qualifier: str | None
    text: str


@dataclass(frozen=True)
class Pair:
    """A year's target beside its outcome (either may be missing), and whether it was met."""

    year: int
    target: Reading | None
    outcome: Reading | None
    difference: str
    met: bool | None


@dataclass(frozen=True)
class MeasureFacts:
    definition: str | None
    unit: str | None
    pairs: tuple[Pair, ...]


def band(target: Reading) -> Band:
    """A target as the chart draws it: a range, a bound open on one side, or a line ("about")."""
    qualifier = (target.qualifier or "").lower()
    value = target.value if target.value is not None else target.low if target.low is not None else target.high
    if target.low is not None and target.high is not None:
        return Band(target.low, target.high, target.text)
    if qualifier in AT_MOST | BELOW or (target.high is not None and target.low is None and value == target.high):
        return Band(None, value, target.text)
    if qualifier in AT_LEAST | ABOVE or target.low is not None:
        return Band(value, None, target.text)
    return Band(value, value, target.text)


def met(target: Reading, outcome: Decimal) -> bool | None:
    """Whether `outcome` meets `target`, where its range or qualifier decides it; None for "about"."""
    shape, qualifier = band(target), (target.qualifier or "").lower()
    if shape.low is not None and shape.high is not None:
        return shape.low <= outcome <= shape.high if shape.low != shape.high else None
    if shape.high is not None:
        return outcome < shape.high if qualifier in BELOW else outcome <= shape.high
    if shape.low is not None:
        return outcome > shape.low if qualifier in ABOVE else outcome >= shape.low
    return None


def story_nodes(story: SessionFacts | PeopleFacts | MeasureFacts) -> list[Node]:
    """The resources a page for readers shows facts of, whose articles its footer credits."""
    if isinstance(story, SessionFacts):
        return [*(h.tenure for h in story.holders), *(v.resolution for v in story.votes),
                *(f.node for f in story.figures), *(r.node for r in story.reports)]
    if isinstance(story, PeopleFacts):
        return [t.node for t in (*story.terms, *story.tenures)]
    return [r.node for p in story.pairs for r in (p.target, p.outcome) if r is not None]


def chart_years(facts: MeasureFacts) -> tuple[Year, ...]:
    """The measure's years as the chart draws them: every target band and every outcome point."""
    years: dict[int, tuple[dict[Reading, Band], dict[Reading, Point]]] = {}
    for pair in facts.pairs:
        targets, outcomes = years.setdefault(pair.year, ({}, {}))
        if pair.target is not None:
            targets[pair.target] = band(pair.target)
        if pair.outcome is not None and pair.outcome.value is not None:
            known = outcomes.get(pair.outcome)
            status = pair.met if known is None or known.met == pair.met else None
            outcomes[pair.outcome] = Point(pair.outcome.value, status, pair.outcome.text)
    return tuple(Year(year, tuple(t.values()), tuple(o.values())) for year, (t, o) in sorted(years.items()))


def difference(target: Reading, outcome: Decimal) -> Decimal | None:
    """Outcome minus target; for a range, minus its nearer end (0 inside it)."""
    low = target.low if target.low is not None else target.value
    high = target.high if target.high is not None else target.value
    if low is None or high is None:
        return None
    return outcome - low if outcome < low else outcome - high if outcome > high else Decimal(0)


class Facts:
    """The questions behind the pages for readers, asked of one dataset through a `Reader`."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.findings = findings(reader.data.data_dir / "report.json")

    def subjects(self, predicate: object, obj: ox.NamedNode) -> list[ox.NamedNode]:
        found = {q.subject for q in self.reader.store.quads_for_pattern(None, iri(predicate), obj)}
        return sorted((s for s in found if isinstance(s, ox.NamedNode)), key=lambda s: natural(s.value))

    def typed(self, subject: ox.NamedNode) -> set[str]:
        return {t.value for t in self.reader.objects(subject, RDF.type)}

    def text(self, subject: ox.NamedNode, predicate: object) -> str | None:
        value = self.reader.value(subject, predicate)
        return value.value if value is not None else None

    def link(self, subject: ox.NamedNode, predicate: object) -> Node | None:
        value = self.reader.value(subject, predicate)
        return self.reader.node(value) if isinstance(value, ox.NamedNode) else None

    def decimal(self, subject: ox.NamedNode, predicate: object) -> Decimal | None:
        value = self.text(subject, predicate)
        return Decimal(value) if value is not None else None

    def first_line(self, subject: ox.NamedNode) -> int:
        return min((s.line for s in self.reader.sources(subject)), default=0)

    # ------------------------------------------------------------------ sessions

    def session(self, session: ox.NamedNode) -> SessionFacts:
        members = self.subjects(NPC.session, session)
        kinds = {member: self.typed(member) for member in members}
        holders = [self.holder(m) for m in members if str(NPC.Tenure) in kinds[m]]
        votes = sorted(((self.first_line(m), self.vote(m)) for m in members if str(NPC.Resolution) in kinds[m]),
                       key=lambda row: (row[0], row[1].resolution.text))
        figures = sorted(((self.first_line(m), self.figure(m, kinds[m])) for m in members
                          if str(NPC.EconomicFigure) in kinds[m]), key=lambda row: (row[1].kind != "outcome", row[0]))
        reports = [Report(self.reader.node(m), self.link(m, NPC.presentedBy), self.link(m, NPC.reportingBody))
                   for m in members if str(NPC.Report) in kinds[m]]
        return SessionFacts(
            year=self.text(session, NPC.year),
            start=self.text(session, SCHEMA.startDate),
            end=self.text(session, SCHEMA.endDate),
            place=self.link(session, SCHEMA.location),
            holders=tuple(sorted(holders, key=lambda h: (h.office.text, h.role != "outgoing", h.person.text))),
            votes=tuple(vote for _, vote in votes),
            figures=tuple(figure for _, figure in figures),
            reports=tuple(sorted(reports, key=lambda r: r.node.text)),
            previous=self.link(session, NPC.previousSession),
            next=self.link(session, NPC.nextSession),
        )

    def holder(self, tenure: ox.NamedNode) -> Holder:
        role = self.reader.value(tenure, NPC.role)
        return Holder(self.link(tenure, ORG.member) or Node("unknown"), self.link(tenure, NPC.office) or Node("unknown"),
                      self.reader.label(role) or "" if isinstance(role, ox.NamedNode) else "",
                      self.text(tenure, SCHEMA.startDate), self.reader.node(tenure))

    def vote(self, resolution: ox.NamedNode) -> Vote:
        vote = self.reader.value(resolution, NPC.vote)
        if not isinstance(vote, ox.NamedNode):
            return Vote(self.reader.node(resolution), None, (None, None, None), "", "", "", self.warnings(resolution))
        counts = self.reader.counts(vote)
        precision = self.decimal(vote, NPC.statedRatePrecision)
        digits = max(-precision.normalize().as_tuple().exponent, 0) if precision else 2
        cast = [c for c in counts if c is not None]
        computed = Decimal(counts[0]) * 100 / sum(cast) if counts[0] is not None and sum(cast) else None
        not_voting = self.text(vote, NPC.impliedNotVoting)
        present = self.decimal(vote, NPC.deputiesPresent)
        if not_voting is None and present is not None and len(cast) == 3:
            not_voting = str(present - sum(cast) - (self.decimal(vote, NPC.voidVotes) or 0))
        return Vote(self.reader.node(resolution), self.reader.node(vote), counts,
                    rate(self.decimal(vote, NPC.statedRate), digits), rate(computed, digits),
                    number(not_voting) if not_voting is not None else "",
                    self.warnings(resolution, vote))

    def warnings(self, *subjects: ox.NamedNode) -> tuple[Finding, ...]:
        """What the build found suspicious about these resources: findings about them, and source
        warnings on the lines they were read from."""
        found: list[Finding] = []
        for subject in subjects:
            found += self.findings.get(subject.value, ())
            for line in self.reader.objects(subject, PROV.wasDerivedFrom):
                found += [Finding("Source warning", w.value) for w in self.reader.objects(line, NPC.sourceWarning)]
        return tuple(dict.fromkeys(found))

    def reading(self, figure: ox.NamedNode) -> Reading:
        value = self.decimal(figure, SCHEMA.value)
        low, high = self.decimal(figure, SCHEMA.minValue), self.decimal(figure, SCHEMA.maxValue)  # a range's ends
        unit, qualifier = self.text(figure, SCHEMA.unitText), self.text(figure, NPC.qualifier)
        shown = Amount(value if low is None and high is None else None, low, high, unit, self.text(figure, NPC.scale))
        return Reading(self.reader.node(figure), self.link(figure, NPC.session), value, low, high, unit, qualifier,
                       amount(shown, qualifier))

    def figure(self, figure: ox.NamedNode, types: set[str]) -> Figure:
        measure = self.link(figure, NPC.measure)  # labelled by the build's vocabulary graph
        kind = next((KINDS[t] for t in sorted(types) if t in KINDS), "figure")
        return Figure(self.reader.node(figure), measure, measure.text if measure else self.reader.node(figure).text,
                      kind, self.reading(figure).text, self.text(figure, NPC.refYear))

    # ------------------------------------------------------------------ people and offices

    def term(self, term: ox.NamedNode) -> Term:
        def holder(predicate: object) -> Node | None:
            other = self.reader.value(term, predicate)
            return self.link(other, ORG.member) if isinstance(other, ox.NamedNode) else None

        return Term(self.reader.node(term), self.link(term, ORG.member), self.link(term, NPC.office),
                    self.text(term, SCHEMA.startDate), self.text(term, SCHEMA.endDate),
                    holder(NPC.replaces), holder(NPC.replacedBy))

    def tenure(self, tenure: ox.NamedNode) -> Term:
        session = self.reader.value(tenure, NPC.session)
        year = self.text(session, NPC.year) if isinstance(session, ox.NamedNode) else None
        role = self.reader.value(tenure, NPC.role)
        return Term(self.reader.node(tenure), self.link(tenure, ORG.member), self.link(tenure, NPC.office),
                    self.text(tenure, SCHEMA.startDate), year, self.link(tenure, NPC.session), None,
                    (self.reader.label(role) or "") if isinstance(role, ox.NamedNode) else "")

    def people(self, subject: ox.NamedNode, predicate: object) -> PeopleFacts:
        """The terms and tenures whose `predicate` (org:member for a person, npc:office for an office)
        is `subject`, in time order."""
        related = self.subjects(predicate, subject)
        terms = [self.term(t) for t in related if str(NPC.TermOfOffice) in self.typed(t)]
        tenures = [self.tenure(t) for t in related if str(NPC.Tenure) in self.typed(t)]
        return PeopleFacts(tuple(sorted(terms, key=lambda t: (t.start or "", t.office.text if t.office else ""))),
                           tuple(sorted(tenures, key=lambda t: (t.end or "", natural(t.before.text if t.before else ""),
                                                                t.office.text if t.office else "",
                                                                t.person.text if t.person else ""))))

    # ------------------------------------------------------------------ measures

    def measure(self, concept: ox.NamedNode) -> MeasureFacts:
        targets: dict[int, list[Reading]] = {}
        outcomes: dict[int, list[Reading]] = {}
        units: list[str] = []
        for figure in self.subjects(NPC.measure, concept):
            types, year = self.typed(figure), self.text(figure, NPC.refYear)
            if year is None or not year[:4].isdigit():
                continue
            reading = self.reading(figure)
            units += [reading.unit] if reading.unit else []
            if str(NPC.Target) in types:
                targets.setdefault(int(year[:4]), []).append(reading)
            elif str(NPC.Achievement) in types:
                outcomes.setdefault(int(year[:4]), []).append(reading)
        pairs = []
        for year in sorted(targets.keys() | outcomes.keys()):
            aims, results = targets.get(year, []), outcomes.get(year, [])
            for target in aims or [None]:
                matching = [o for o in results if target is None or o.unit == target.unit] or [None]
                for outcome in matching:
                    pairs.append(self.pair(year, target, outcome))
            paired = {p.outcome for p in pairs if p.year == year}
            pairs += [self.pair(year, None, o) for o in results if o not in paired]
        definition = self.reader.value(concept, SKOS.definition)
        unit = max(sorted(set(units)), key=units.count) if units else None
        return MeasureFacts(definition.value if definition is not None else None, unit, tuple(pairs))

    @staticmethod
    def pair(year: int, target: Reading | None, outcome: Reading | None) -> Pair:
        if target is None or outcome is None or outcome.value is None:
            return Pair(year, target, outcome, "", None)
        gap = difference(target, outcome.value)
        shown = "" if gap is None else ("+" if gap > 0 else "") + number(gap)
        if shown and outcome.unit == "percent":
            shown += " points"
        return Pair(year, target, outcome, shown, met(target, outcome.value))

