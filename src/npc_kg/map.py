"""map: records -> RDF under the npc-kg ontology.

RDF appears first here. Each article becomes its own graph (the TriG output keeps them apart);
entities shared between articles (people, offices, organisations, places, congress terms) get the
same IRI from `iris.Minter`, so the union merges them, and what more than one article states goes
into a shared graph of its own (`assemble`), so that no triple is in two named graphs. Provenance
(the articles, their lines, the build) is a graph of its own. No blank nodes: every node has an
IRI, which keeps output stable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from . import __version__, catalogue, counting, cube
from .rdf.iris import Minter
from .rdf.oxterms import Triple, rdflib_triples
from .rdf.statements import Statements, subject_of
from .succession import derive_terms
from .vocabulary import vocabulary
from .model import ArticleRecords, IndicatorKind, ResolutionKind, Role, SourceRevision, Span, VoteCount
from .rdf.namespaces import DCTERMS, MEASURE, NPC, OPENGOV, ORG, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

RESOLUTION_CLASSES = {
    ResolutionKind.REPORT: NPC.ReportApproval,
    ResolutionKind.RESIGNATION: NPC.Resignation,
    ResolutionKind.LAW: NPC.LawAdoption,
    ResolutionKind.ELECTION: NPC.Election,
    ResolutionKind.OTHER: None,
}
INDICATOR_CLASSES = {IndicatorKind.ACHIEVEMENT: NPC.Achievement, IndicatorKind.TARGET: NPC.Target}
ROLES = {Role.INCUMBENT: NPC.incumbent, Role.OUTGOING: NPC.outgoing, Role.ELECTED: NPC.elected}


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def decimal(value: Decimal) -> Literal:
    """A decimal literal in canonical plain notation ('7.0', '56900000000000.0', never '5.69E+13'),
    so that every syntax writes and reads back the same lexical form."""
    text = format(value, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return Literal(f"{text}.0" if "." not in text else text, datatype=XSD.decimal)


def year(value: int) -> Literal:
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def ordinal_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


@dataclass
class MappedCorpus:
    """The RDF of a build: one graph per article (keyed by graph IRI), the provenance graph, and the
    Wikidata links once the link stage has run, each as sorted N-Triples lines."""

    article_graphs: dict[URIRef, Statements]
    provenance: Statements
    links: Statements | None = None
    # what assembling the corpus added to the articles' statements (session chains, the build's
    # description): validation knows from it which nodes no single article describes alone
    assembled: Statements = field(default_factory=lambda: Statements([]))
    # what more than one article states; an article graph keeps only what it alone states, so that
    # no triple is in two named graphs (see `assemble`)
    shared: Statements = field(default_factory=lambda: Statements([]))
    # the bundled vocabulary (ontology/*.ttl), published as a named graph of its own
    vocabulary: Statements = field(default_factory=lambda: Statements([]))
    # `triples()`, once made; the fields above are never changed (`with_links` makes a new corpus)
    _union: Statements | None = field(default=None, init=False, repr=False, compare=False)

    def named_graphs(self, minter: Minter) -> list[tuple[URIRef, Statements]]:
        """Every named graph of the build, in IRI order; no triple is in two of them."""
        graphs = [*self.article_graphs.items(), (minter.provenance_graph(), self.provenance)]
        if self.shared.lines:
            graphs.append((minter.shared_graph(), self.shared))
        if self.links is not None:
            graphs.append((minter.links_graph(), self.links))
        if self.vocabulary.lines:
            graphs.append((minter.vocabulary_graph(), self.vocabulary))
        return sorted(graphs, key=lambda pair: pair[0])

    def triples(self) -> Statements:
        """The union of every graph: what graph.nt holds. Made once: linking, `with_links` and
        validation all read it, and a million lines take seconds to merge."""
        if self._union is None:
            self._union = Statements.union((*self.article_graphs.values(), self.shared, self.provenance,
                                            self.vocabulary, *([self.links] if self.links else [])))
        return self._union

    def with_links(self, links: Statements) -> MappedCorpus:
        """The corpus with its links graph, less any link another graph of the build already holds."""
        held = set(self.triples().lines) if links.lines else set()
        return dataclasses.replace(self, links=Statements([line for line in links.lines if line not in held]))

    def union(self) -> Graph:
        """The union as an rdflib Graph, for rdflib's API (pySHACL, tests, the benchmarks' baseline)."""
        graph = new_graph()
        for triple in rdflib_triples(self.triples()):
            graph.add(triple)
        return graph


@dataclass(frozen=True)
class SessionKey:
    """What assembling a corpus needs to know of an article's session: enough to chain sessions
    across articles, kept beside a cached article graph."""

    stem: str
    congress: int
    ordinal: int
    year: int
    previous_year: int | None
    next_year: int | None


@dataclass
class ArticleGraph:
    """One article mapped on its own: its graph and its share of the provenance graph."""

    key: SessionKey
    graph: Statements
    provenance: Statements


def map_article(records: ArticleRecords, minter: Minter, revision: SourceRevision | None = None) -> ArticleGraph:
    """An article's graph and provenance; `revision` is what its sidecar says of its source."""
    s = records.session
    key = SessionKey(records.article.stem, s.congress, s.ordinal, s.year, s.previous_year, s.next_year)
    provenance: list[Triple] = []
    mapper = _ArticleMapper(records, minter, provenance)
    graph = mapper.map()
    if revision is not None:
        mapper.map_revision(revision)
    graph += cube.observations(graph, minter)
    return ArticleGraph(key, Statements.of(graph), Statements.of(provenance))


def assemble(articles: Sequence[ArticleGraph], minter: Minter) -> MappedCorpus:
    """The corpus from its articles: sessions chained across articles, terms of office derived
    from every article's tenures, the build described, and each triple put into one named graph
    only (`_one_copy`). The split is made here, from every article's whole graph, never cached per
    article: whether a triple is shared depends on the other articles of the build."""
    by_year = {article.key.year: article.key for article in articles}
    chains = [Statements.of(_session_chain(article.key, by_year, minter)) for article in articles]
    chains = [Statements.union(pair) for pair in zip(chains, _terms_of_office(articles, minter))]
    stated = [Statements.union([article.graph, chain]) for article, chain in zip(articles, chains)]
    provenance = Statements.union([article.provenance for article in articles])
    own, shared = _one_copy(stated, (provenance, vocabulary()))
    stems = [article.key.stem for article in articles]
    build = Statements.of([*_build_description(stems, minter), *cube.dataset_description(minter),
                           *_shared_sources(stems, stated, shared, minter)])
    graphs = {minter.article_graph(stem): graph for stem, graph in zip(stems, own)}
    return MappedCorpus(dict(sorted(graphs.items())), Statements.union([provenance, build]),
                        assembled=Statements.union([*chains, build]), shared=shared, vocabulary=vocabulary())


def _one_copy(graphs: Sequence[Statements], elsewhere: Sequence[Statements]) -> tuple[list[Statements], Statements]:
    """Each graph's lines that it alone states, and the lines more than one states (the shared
    graph). A line `elsewhere` holds (the provenance graph, the vocabulary) stays there only. A store's union of
    named graphs keeps one copy per graph, so this is what makes every query count alike in a
    store, locally and on `npc-kg serve`."""
    counts = Counter(itertools.chain.from_iterable(graph.lines for graph in graphs))
    for line in itertools.chain.from_iterable(graph.lines for graph in elsewhere):
        if line in counts:
            counts[line] = 0
    own = [Statements([line for line in graph.lines if counts[line] == 1]) for graph in graphs]
    return own, Statements(sorted(line for line, count in counts.items() if count > 1))


def _shared_sources(stems: Sequence[str], stated: Sequence[Statements], shared: Statements,
                    minter: Minter) -> list[Triple]:
    """Which articles the shared graph holds statements of: the graph is derived from each, and
    each article mentions (schema:mentions) the subjects it states shared triples about, so moving
    a triple out of an article's graph loses no trace of who stated it."""
    if not shared.lines:
        return []
    common = set(shared.lines)
    provenance: list[Triple] = []
    for stem, graph in zip(stems, stated):
        subjects = sorted({subject_of(line) for line in graph.lines if line in common})
        if subjects:
            article = minter.article(stem)
            provenance.append((minter.shared_graph(), PROV.wasDerivedFrom, article))
            provenance.extend((article, SCHEMA.mentions, URIRef(subject[1:-1].decode())) for subject in subjects)
    return provenance


def map_corpus(corpus: Sequence[ArticleRecords], minter: Minter) -> MappedCorpus:
    return assemble([map_article(records, minter) for records in corpus], minter)


def _terms_of_office(articles: Sequence[ArticleGraph], minter: Minter) -> list[Statements]:
    """Each article's share of the terms of office all the articles' tenures imply (`succession`),
    in the articles' order: a term goes to the graph of the first session that states its start."""
    order = sorted(range(len(articles)), key=lambda i: (articles[i].key.congress, articles[i].key.ordinal,
                                                        articles[i].key.stem))
    derived = derive_terms([articles[i].graph for i in order], minter)
    shares = dict(zip(order, derived))
    return [shares[i] for i in range(len(articles))]


def _session_chain(session: SessionKey, by_year: dict[int, SessionKey], minter: Minter) -> list[Triple]:
    """previous/next session links, only where the other session is in the same build."""
    chain: list[Triple] = []
    here = minter.session(session.congress, session.ordinal)
    for stated, prop in ((session.previous_year, NPC.previousSession), (session.next_year, NPC.nextSession)):
        other = by_year.get(stated) if stated is not None else None
        if other is not None:
            chain.append((here, prop, minter.session(other.congress, other.ordinal)))
    return chain


def source_date() -> Literal | None:
    """The build's time from SOURCE_DATE_EPOCH, or None: never the clock, so that output stays
    byte-identical from run to run."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return Literal(dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).isoformat().replace("+00:00", "Z"),
                   datatype=XSD.dateTime)


def _build_description(stems: Sequence[str], minter: Minter) -> list[Triple]:
    """The build as a prov:Activity of the npc-kg version that ran it. Its time is stated only when
    SOURCE_DATE_EPOCH gives one, so that output stays byte-identical from run to run."""
    provenance: list[Triple] = []
    build, software = minter.build(), minter.software(__version__)
    provenance.append((build, RDF.type, PROV.Activity))
    provenance.append((build, RDFS.label, en(f"npc-kg {__version__} build")))
    provenance.append((build, PROV.wasAssociatedWith, software))
    provenance.append((software, RDF.type, PROV.SoftwareAgent))
    provenance.append((software, RDFS.label, en(f"npc-kg {__version__}")))
    provenance.append((software, SCHEMA.softwareVersion, Literal(__version__)))
    when = source_date()
    if when is not None:
        provenance.append((build, PROV.startedAtTime, when))
        provenance.append((build, PROV.endedAtTime, when))
    for stem in stems:
        provenance.append((build, PROV.used, minter.article(stem)))
        provenance.append((minter.article_graph(stem), PROV.wasGeneratedBy, build))
    return provenance


class _ArticleMapper:
    def __init__(self, records: ArticleRecords, minter: Minter, provenance: list[Triple]) -> None:
        self.records = records
        self.minter = minter
        self.graph: list[Triple] = []
        self.provenance = provenance
        self.article = minter.article(records.article.stem)
        self.session = minter.session(records.session.congress, records.session.ordinal)
        self.lines: dict[tuple[int, str], URIRef] = {}  # source lines described so far

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal | None) -> None:
        if obj is not None:
            self.graph.append((subject, predicate, obj))

    def derived(self, subject: URIRef, span: Span) -> None:
        """Point a resource at the article line it was read from."""
        self.graph.append((subject, PROV.wasDerivedFrom, self.source_line(span)))

    def source_line(self, span: Span) -> URIRef:
        """The article line `span` is on, described in the provenance graph (once: many facts
        come from one line)."""
        known = self.lines.get((span.line, span.text))
        if known is not None:
            return known
        line = self.lines[span.line, span.text] = self.minter.source_line(self.article, span.line)
        self.provenance.append((line, RDF.type, NPC.SourceLine))
        self.provenance.append((line, NPC.line, Literal(span.line)))
        self.provenance.append((line, DCTERMS.isPartOf, self.article))
        if span.text:
            self.provenance.append((line, PROV.value, Literal(span.text)))
        return line

    def map(self) -> list[Triple]:
        self.map_article()
        self.map_session()
        for person in self.records.people:
            self.map_person(person.name, person.span)
        self.map_tenures()
        self.map_reports()
        self.map_resolutions()
        self.map_indicators()
        self.map_guidelines()
        self.map_warnings()
        self.map_unread()
        return self.graph

    def map_warnings(self) -> None:
        """What extraction found suspicious stays with the line it is about, so that any later
        reader of the graph (and the build's report) sees it."""
        for warning in self.records.warnings:
            self.provenance.append((self.source_line(warning.span), NPC.sourceWarning, Literal(warning.message)))

    def map_unread(self) -> None:
        """The numbers no fact was read from stay with their lines, like warnings, so that the
        report of a build (cached articles included) lists them; the article says how many were read."""
        self.provenance.append((self.article, NPC.numbersRead, Literal(self.records.numbers_read)))
        positions: dict[URIRef, int] = {}
        for unread in self.records.unread:
            line = self.source_line(unread.span)
            positions[line] = positions.get(line, 0) + 1
            node = self.minter.unread_number(line, positions[line])
            self.provenance.append((line, NPC.unreadNumber, node))
            self.provenance.append((node, RDF.type, NPC.UnreadNumber))
            self.provenance.append((node, SCHEMA.position, Literal(positions[line])))
            self.provenance.append((node, NPC.numberText, Literal(unread.text)))
            self.provenance.append((node, NPC.unreadReason, Literal(unread.reason)))

    def map_article(self) -> None:
        article, meta = self.article, self.records.article
        p = self.provenance
        p.append((article, RDF.type, NPC.Article))
        p.append((article, RDF.type, PROV.Entity))
        p.append((article, DCTERMS.title, en(meta.title)))
        p.append((article, SCHEMA.url, URIRef(meta.url)))
        p.append((article, NPC.fileName, Literal(meta.file)))
        p.append((article, NPC.sha256, Literal(meta.sha256)))
        p.append((article, NPC.truncated, Literal(meta.truncated)))
        p.append((self.minter.article_graph(meta.stem), PROV.wasDerivedFrom, article))

    def map_revision(self, revision: SourceRevision) -> None:
        """The Wikipedia revision the article renders (its permanent URL) and when it was
        retrieved, as its sidecar says; what the sidecar did not let be read is a warning on the
        article's first line that names the sidecar's own file and line."""
        if revision.permalink:
            self.provenance.append((self.article, PROV.wasDerivedFrom, URIRef(revision.permalink)))
        if revision.retrieved:
            kind = XSD.dateTime if "T" in revision.retrieved else XSD.date
            self.provenance.append((self.article, DCTERMS.created, Literal(revision.retrieved, datatype=kind)))
        first = Span(self.records.article.file, 1)
        for problem in revision.problems:
            self.provenance.append((self.source_line(first), NPC.sourceWarning,
                                    Literal(f"{problem.span}: {problem.message}")))

    def map_session(self) -> None:
        s, session = self.records.session, self.session
        congress = self.minter.congress(s.congress)
        self.add(congress, RDF.type, NPC.CongressTerm)
        self.add(congress, RDFS.label, en(f"{ordinal_suffix(s.congress)} National People's Congress"))
        self.add(congress, NPC.congressNumber, Literal(s.congress))
        self.add(congress, SCHEMA.subEvent, session)
        self.derived(congress, s.span)
        self.add(session, RDF.type, NPC.Session)
        self.add(session, RDFS.label, en(s.title))
        self.add(session, NPC.ordinal, Literal(s.ordinal))
        self.add(session, SCHEMA.superEvent, congress)
        self.add(session, NPC.year, year(s.year))
        self.add(session, SCHEMA.startDate, Literal(s.start) if s.start else None)
        self.add(session, SCHEMA.endDate, Literal(s.end) if s.end else None)
        self.add(session, NPC.status, Literal(s.status) if s.status else None)
        self.add(session, SCHEMA.alternateName, Literal(s.name_zh, lang="zh") if s.name_zh else None)
        self.add(session, SCHEMA.alternateName, Literal(s.pinyin, lang="zh-latn-pinyin") if s.pinyin else None)
        self.add(session, NPC.previousYear, year(s.previous_year) if s.previous_year else None)
        self.add(session, NPC.nextYear, year(s.next_year) if s.next_year else None)
        self.derived(session, s.span)
        city = None
        if s.city:
            city = self.minter.place(s.city)
            self.add(city, RDF.type, SCHEMA.City)
            self.add(city, RDFS.label, en(s.city))
        if s.venue:
            venue = self.minter.place(s.venue)
            self.add(venue, RDF.type, SCHEMA.Place)
            self.add(venue, RDFS.label, en(s.venue))
            self.add(session, SCHEMA.location, venue)
            self.add(venue, SCHEMA.containedInPlace, city)
        else:  # only the city is known ("held in Beijing, China"): the session took place there
            self.add(session, SCHEMA.location, city)

    def map_person(self, name: str, span: Span | None = None) -> URIRef:
        person = self.minter.person(name)
        self.add(person, RDF.type, SCHEMA.Person)
        self.add(person, RDFS.label, en(name))
        if span is not None:
            self.derived(person, span)
        return person

    def map_office(self, key: str) -> URIRef:
        office = catalogue.office(key)
        iri = self.named(self.minter.office(key), ORG.Post, office.label, office.aliases)
        if key not in catalogue.SHARED_OFFICES:
            self.add(iri, RDF.type, NPC.SingleHolderPost)
        self.add(iri, ORG.postIn, self.map_organization(office.organization))
        return iri

    def map_organization(self, key: str) -> URIRef:
        org = catalogue.organization(key)
        return self.named(self.minter.organization(key), ORG.Organization, org.label, org.aliases)

    def named(self, iri: URIRef, cls: URIRef, label: str, aliases: tuple[str, ...]) -> URIRef:
        """A catalogue entity: its class, its one English label and the other names it goes by."""
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, en(label))
        for alias in aliases:
            self.add(iri, SKOS.altLabel, en(alias))
        return iri

    def map_tenures(self) -> None:
        for tenure in self.records.tenures:
            iri = self.minter.tenure(self.session, tenure.person, tenure.office, tenure.role.value)
            person = self.map_person(tenure.person)
            office = self.map_office(tenure.office)
            self.add(iri, RDF.type, NPC.Tenure)
            self.add(iri, ORG.member, person)
            self.add(iri, NPC.office, office)
            self.add(iri, ORG.organization, self.minter.organization(catalogue.office(tenure.office).organization))
            self.add(iri, SCHEMA.startDate, Literal(tenure.start) if tenure.start else None)
            self.add(iri, NPC.role, ROLES[tenure.role])
            self.add(iri, NPC.session, self.session)
            self.add(person, ORG.holds, office)
            self.derived(iri, tenure.span)

    def map_reports(self) -> None:
        for report in self.records.reports:
            iri = self.minter.report(self.session, report.key)
            self.add(iri, RDF.type, NPC.Report)
            self.add(iri, RDFS.label, en(report.title))
            self.add(iri, NPC.session, self.session)
            if report.presenter:
                self.add(iri, NPC.presentedBy, self.map_person(report.presenter))
            if report.organization:
                self.add(iri, NPC.reportingBody, self.map_organization(report.organization))
            self.derived(iri, report.span)

    def map_resolutions(self) -> None:
        used: set[URIRef] = set()
        for resolution in self.records.resolutions:
            iri = self.minter.resolution(self.session, resolution.topic)
            suffix = 2
            while iri in used:  # two rows with one topic stay two resolutions
                iri = self.minter.resolution(self.session, f"{resolution.topic} {suffix}")
                suffix += 1
            used.add(iri)
            self.add(iri, RDF.type, NPC.Resolution)
            self.add(iri, RDF.type, RESOLUTION_CLASSES[resolution.kind])
            self.add(iri, RDFS.label, en(resolution.topic))
            self.add(iri, NPC.session, self.session)
            if resolution.report:
                self.add(iri, NPC.approves, self.minter.report(self.session, resolution.report))
            if resolution.person:
                self.add(iri, NPC.concernsPerson, self.map_person(resolution.person))
            if resolution.organization:
                self.add(iri, NPC.concernsOrganization, self.map_organization(resolution.organization))
            if resolution.office:
                self.add(iri, NPC.concernsOffice, self.map_office(resolution.office))
            self.derived(iri, resolution.span)
            for index, tally in enumerate((resolution.vote, *resolution.other_tallies)):
                vote = self.map_vote(iri, tally, index, counting.amends_constitution(resolution.topic))
                self.add(iri, NPC.vote if index == 0 else NPC.otherTally, vote)

    def map_vote(self, resolution: URIRef, tally: VoteCount, index: int, amendment: bool = False) -> URIRef:
        vote = self.minter.vote(resolution, index)
        self.add(vote, RDF.type, OPENGOV.VoteEvent)
        self.add(vote, OPENGOV.motion, resolution)
        self.add(vote, NPC.tallyOrigin, Literal(tally.origin))
        self.add(vote, NPC.statedRate, decimal(tally.stated_rate) if tally.stated_rate is not None else None)
        self.add(vote, SCHEMA.startDate, Literal(tally.date) if tally.date else None)
        for predicate, number in ((NPC.voidVotes, tally.void), (NPC.deputiesPresent, tally.present),
                                  (NPC.deputiesTotal, tally.seats)):
            self.add(vote, predicate, Literal(number) if number is not None else None)  # unknown: absent, never 0
        for option, value in (("yes", tally.yes), ("no", tally.no), ("abstain", tally.abstain)):
            if value is None:
                continue  # unknown stays absent, never 0
            count = self.minter.count(vote, option)
            self.add(vote, OPENGOV["count"], count)
            self.add(count, RDF.type, OPENGOV.Count)
            self.add(count, OPENGOV.option, Literal(option))
            self.add(count, RDF.value, Literal(value))
            self.derived(count, tally.span)
        self.map_reading(vote, tally, amendment)
        self.derived(vote, tally.span)
        return vote

    def map_reading(self, vote: URIRef, tally: VoteCount, amendment: bool) -> None:
        """What the figures say read as the NPC counts (`counting`): the precision of the printed
        rate, the attendance it implies when the counts do not give it, and the result when the
        counts settle it. Derived facts, kept apart from the stated attendance."""
        counts = (tally.yes, tally.no, tally.abstain)
        cast = sum(n for n in counts if n is not None) + (tally.void or 0)
        outcome = counting.result(tally.yes, cast, amendment, tally.present, tally.seats)
        self.add(vote, OPENGOV.result, Literal(outcome) if outcome else None)
        if tally.stated_rate is None:
            return
        self.add(vote, NPC.statedRatePrecision, decimal(counting.precision(tally.stated_rate)))
        if tally.yes is None or tally.no is None or tally.abstain is None:
            return  # the ballots cast are unknown: no attendance can be read
        reading = counting.read_rate(tally.yes, tally.no, tally.abstain, tally.stated_rate, tally.void, tally.seats)
        if reading.present is None or reading.not_voting is None:
            return
        (fewest, most), (absent, _) = reading.present, reading.not_voting
        self.add(vote, NPC.impliedDeputiesPresent, Literal(fewest))
        self.add(vote, NPC.impliedDeputiesPresentMax, Literal(most) if most > fewest else None)
        self.add(vote, NPC.impliedNotVoting, Literal(absent))

    def map_indicators(self) -> None:
        positions = {kind: 0 for kind in IndicatorKind}
        for indicator in self.records.indicators:
            positions[indicator.kind] += 1
            iri = self.minter.indicator(self.session, indicator.kind.value, positions[indicator.kind])
            self.add(iri, RDF.type, NPC.EconomicFigure)
            self.add(iri, RDF.type, INDICATOR_CLASSES.get(indicator.kind))  # none for a figure of unknown kind
            self.add(iri, RDFS.label, en(indicator.measure))
            self.add(iri, NPC.session, self.session)
            self.add(iri, SCHEMA.value, decimal(indicator.magnitude))
            self.add(iri, NPC.measure, MEASURE[indicator.measure_key] if indicator.measure_key else None)
            high = indicator.magnitude_high  # a range: its ends; schema:value stays its low end
            self.add(iri, SCHEMA.minValue, decimal(indicator.magnitude) if high is not None else None)
            self.add(iri, SCHEMA.maxValue, decimal(high) if high is not None else None)
            self.add(iri, SCHEMA.unitText, Literal(indicator.unit))
            self.add(iri, NPC.statedValue, decimal(indicator.value))
            self.add(iri, NPC.scale, Literal(indicator.scale) if indicator.scale else None)
            self.add(iri, NPC.qualifier, Literal(indicator.qualifier) if indicator.qualifier else None)
            self.add(iri, NPC.refYear, year(indicator.year) if indicator.year else None)
            self.derived(iri, indicator.span)

    def map_guidelines(self) -> None:
        for guideline in self.records.guidelines:
            iri = self.minter.guideline(self.session, guideline.position)
            self.add(iri, RDF.type, NPC.PolicyGuideline)
            self.add(iri, SCHEMA.position, Literal(guideline.position))
            self.add(iri, SCHEMA.text, en(guideline.text))
            self.add(iri, NPC.session, self.session)
            self.derived(iri, guideline.span)
