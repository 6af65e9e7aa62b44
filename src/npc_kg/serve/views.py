"""What a page shows, read from the store: plain values that `pages.py` turns into HTML.

Kept apart from the HTML so that the questions asked of the graph (labels, properties, incoming
links, source lines, votes) are written once and the templates stay small. The pages for readers
(sessions, people, offices, measures) add what `facts.py` gathers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..rdf.namespaces import DCTERMS, NPC, OPENGOV, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, VOID, XSD
from .chart import Counts
from .dataset import MEASURE_PATH, ONTOLOGY_PATH, Dataset, natural
from .facts import Facts, MeasureFacts, PeopleFacts, SessionFacts, story_nodes
from .node import Node, curie, iri, readable

LABELS = (RDFS.label, DCTERMS.title, SCHEMA.name, SKOS.prefLabel)
DESCRIPTIONS = (RDFS.comment, DCTERMS.description, SCHEMA.description, SKOS.definition)
# The class index pages: path -> (title, class).
INDEXES = {
    "sessions": ("Sessions", NPC.Session),
    "people": ("People", SCHEMA.Person),
    "offices": ("Offices", ORG.Post),
    "measures": ("Measures", SKOS.Concept),
    "organizations": ("Organisations", ORG.Organization),
    "resolutions": ("Resolutions", NPC.Resolution),
    "reports": ("Reports", NPC.Report),
    "figures": ("Figures", NPC.EconomicFigure),
    "articles": ("Articles", NPC.Article),
}
VOTE_OPTIONS = ("yes", "no", "abstain")


@dataclass(frozen=True)
class Source:
    """An article line a resource was read from."""

    file: str
    line: int
    text: str | None
    node: Node


@dataclass(frozen=True)
class Article:
    """A source article, for the attribution its licence asks for."""

    node: Node
    url: str | None  # the Wikipedia article (schema:url)


Values = tuple[tuple[Node, tuple[Node, ...]], ...]  # (predicate, objects or subjects) pairs


@dataclass(frozen=True)
class Section:
    """One resource of a document: the document's own, or one of its fragment IRIs."""

    node: Node
    title: str  # its label; failing one, `#fragment` or a readable name
    types: tuple[Node, ...]
    descriptions: tuple[str, ...]
    properties: Values
    incoming: Values
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class DocumentView:
    path: str
    iri: str
    title: str
    kind: str  # the template: session, person, office, measure or document
    main: Section | None
    parts: tuple[Section, ...]
    tallies: tuple[tuple[Node, Counts], ...]  # a resolution's vote and other tallies, charted
    story: SessionFacts | PeopleFacts | MeasureFacts | None  # what a page for readers adds
    articles: tuple[Article, ...]  # where the page's facts come from


@dataclass(frozen=True)
class IndexView:
    path: str
    title: str
    cls: Node
    items: tuple[Node, ...]


@dataclass(frozen=True)
class HomeView:
    title: str
    description: str | None
    triples: str | None
    indexes: tuple[tuple[str, str, int], ...]  # path, title, number of members
    years: tuple[tuple[str, tuple[Node, ...]], ...]  # the sessions by year, latest first
    articles: tuple[Article, ...]


class Reader:
    """Questions about one dataset, asked through pyoxigraph."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.store = data.store
        self._subjects: dict[str, frozenset[str]] = {}

    def _described(self, path: str) -> frozenset[str]:
        if path not in self._subjects:
            self._subjects[path] = frozenset(self.data.documents[path])
        return self._subjects[path]

    def objects(self, subject: ox.NamedNode, predicate: object) -> list[ox.NamedNode | ox.Literal]:
        return sorted({q.object for q in self.store.quads_for_pattern(subject, iri(predicate), None)}, key=str)

    def value(self, subject: ox.NamedNode, predicate: object) -> ox.NamedNode | ox.Literal | None:
        return next(iter(self.objects(subject, predicate)), None)

    def label(self, subject: ox.NamedNode) -> str | None:
        for predicate in LABELS:
            values = self.objects(subject, predicate)
            english = [v for v in values if isinstance(v, ox.Literal) and v.language == "en"]
            if english or values:
                return (english or values)[0].value
        return None

    def node(self, term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Node:
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            plain = term.language or datatype == str(XSD.string)
            return Node(term.value, datatype=None if plain else curie(datatype) or datatype, lang=term.language)
        if isinstance(term, ox.BlankNode):
            return Node(f"_:{term.value}")
        path = self.data.path(term.value)
        if path and "#" in term.value and term.value not in self._described(path):
            path = None  # a fragment its document does not describe (a term missing from the ontology): no anchor
        fragment = term.value.partition("#")[2] if path else ""
        text = self.label(term) or curie(term.value) or (readable(f"{path}#{fragment}" if fragment else path)
                                                         if path else term.value)
        return Node(text, term.value, path, fragment)

    def _grouped(self, pairs: Iterable[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]]) -> Values:
        groups: dict[ox.NamedNode, set] = defaultdict(set)
        for predicate, term in pairs:
            groups[predicate].add(term)
        rows = [(self.node(p), tuple(sorted((self.node(t) for t in terms), key=lambda n: natural(n.text))))
                for p, terms in groups.items()]
        return tuple(sorted(rows, key=lambda row: row[0].text))

    def section(self, subject_iri: str) -> Section:
        subject = ox.NamedNode(subject_iri)
        shown = {iri(RDF.type), *(iri(p) for p in DESCRIPTIONS)}
        out = [(q.predicate, q.object) for q in self.store.quads_for_pattern(subject, None, None)]
        document = self.data.path(subject_iri)  # links from within the document show in their own sections
        incoming = [(q.predicate, q.subject) for q in self.incoming(subject)
                    if self.data.path(q.subject.value) != document]
        node = self.node(subject)
        return Section(
            node=node,
            title=self.label(subject) or (f"#{node.fragment}" if node.fragment else node.text),
            types=tuple(self.node(t) for t in self.objects(subject, RDF.type)),
            descriptions=tuple(d.value for p in DESCRIPTIONS for d in self.objects(subject, p)),
            properties=self._grouped((p, o) for p, o in out if p not in shown),
            incoming=self._grouped(incoming),
            sources=self.sources(subject),
        )

    def incoming(self, subject: ox.NamedNode) -> list[ox.Quad]:
        """Triples pointing at `subject` that its document shows. Not rdf:type (a class's members are
        on its index page, and would swamp the ontology), and nothing for the ontology's own terms:
        the ontology document is the ontology, not its use."""
        if self.data.path(subject.value) == ONTOLOGY_PATH:
            return []
        return [q for q in self.store.quads_for_pattern(None, None, subject) if q.predicate != iri(RDF.type)]

    def sources(self, subject: ox.NamedNode) -> tuple[Source, ...]:
        """The lines `subject` was read from: prov:wasDerivedFrom -> npc:SourceLine."""
        found = []
        for line in self.objects(subject, PROV.wasDerivedFrom):
            number = self.value(line, NPC.line)
            article = self.value(line, DCTERMS.isPartOf)
            if number is None or article is None:
                continue
            file = self.value(article, NPC.fileName)
            text = self.value(line, PROV.value)
            found.append(Source(file.value if file else article.value, int(number.value),
                                text.value if text else None, self.node(line)))
        return tuple(sorted(found, key=lambda s: (s.file, s.line)))

    def document(self, path: str) -> DocumentView:
        own = self.data.iri(path)
        iris = self.data.documents[path]
        main_iri = next((i for i in iris if i in (own, own + "#")), None)
        main = self.section(main_iri) if main_iri else None
        parts = tuple(self.section(i) for i in iris if i != main_iri)
        types = {t.iri for t in main.types} if main else set()
        subject, facts = ox.NamedNode(own), Facts(self)
        kind: str = "document"
        story: SessionFacts | PeopleFacts | MeasureFacts | None = None
        tallies: tuple[tuple[Node, Counts], ...] = ()
        if str(NPC.Session) in types:
            kind, story = "session", facts.session(subject)
        elif str(SCHEMA.Person) in types:
            kind, story = "person", facts.people(subject, ORG.member)
        elif str(ORG.Post) in types:
            kind, story = "office", facts.people(subject, NPC.office)
        elif str(SKOS.Concept) in types and path.startswith(MEASURE_PATH):
            kind, story = "measure", facts.measure(subject)
        elif str(NPC.Resolution) in types:
            tallies = self.tallies(subject)
        sections = [s for s in (main, *parts) if s is not None]
        related = story_nodes(story) if story is not None else []
        articles = self.articles([*(src.node.iri for s in sections for src in s.sources), *(n.iri for n in related)])
        return DocumentView(path, own, main.title if main else path, kind, main, parts, tallies, story, articles)

    def articles(self, iris: Iterable[str | None]) -> tuple[Article, ...]:
        """The articles that lines (or resources read from lines) belong to, by title."""
        found: set[ox.NamedNode] = set()
        for value in {i for i in iris if i}:
            subject = ox.NamedNode(value)
            types = self.objects(subject, RDF.type)
            if iri(NPC.Article) in types:
                found.add(subject)
                continue
            lines = [subject] if iri(NPC.SourceLine) in types else self.objects(subject, PROV.wasDerivedFrom)
            for line in lines:
                article = self.value(line, DCTERMS.isPartOf) if isinstance(line, ox.NamedNode) else None
                if isinstance(article, ox.NamedNode):
                    found.add(article)
        refs = [Article(self.node(a), (url.value if (url := self.value(a, SCHEMA.url)) is not None else None))
                for a in found]
        return tuple(sorted(refs, key=lambda a: natural(a.node.iri or "")))

    def counts(self, vote: ox.NamedNode) -> Counts:
        found: dict[str, int] = {}
        for count in self.objects(vote, OPENGOV["count"]):
            option, number = self.value(count, OPENGOV.option), self.value(count, RDF.value)
            if option is not None and number is not None:
                found[option.value] = int(number.value)
        yes, no, abstain = (found.get(option) for option in VOTE_OPTIONS)
        return yes, no, abstain

    def tallies(self, resolution: ox.NamedNode) -> tuple[tuple[Node, Counts], ...]:
        """A resolution's vote, then any other tally of it the article gives."""
        rows = []
        for predicate in (NPC.vote, NPC.otherTally):
            for vote in self.objects(resolution, predicate):
                origin = self.value(vote, NPC.tallyOrigin)
                name = "vote" if predicate == NPC.vote else "other tally"
                text = f"{name} ({origin.value})" if origin else name
                rows.append((Node(text, vote.value, self.data.path(vote.value)), self.counts(vote)))
        return tuple(rows)

    def results(self, body: bytes) -> bool | tuple[list[str], list[dict[str, Node]]]:
        """SPARQL JSON results as a page shows them: ASK's boolean, or SELECT's variables and rows."""
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QueryBoolean):
            return bool(results)
        variables = [v.value for v in results.variables]
        return variables, [{v: self.node(row[v]) for v in variables if row[v] is not None} for row in results]

    def index(self, path: str) -> IndexView:
        title, cls = INDEXES[path]
        members = {q.subject for q in self.store.quads_for_pattern(None, iri(RDF.type), iri(cls))}
        items = [self.node(m) for m in members if isinstance(m, ox.NamedNode) and self.data.path(m.value)]
        return IndexView(path, title, self.node(iri(cls)), tuple(sorted(items, key=lambda n: natural(n.iri or ""))))

    def home(self) -> HomeView:
        datasets = [q.subject for q in self.store.quads_for_pattern(None, iri(RDF.type), iri(VOID.Dataset))]
        dataset = datasets[0] if datasets else None
        title = self.value(dataset, DCTERMS.title) if dataset else None
        description = self.value(dataset, DCTERMS.description) if dataset else None
        triples = self.value(dataset, VOID.triples) if dataset else None
        indexes = {path: self.index(path) for path in INDEXES}
        years: dict[str, list[Node]] = defaultdict(list)
        for session in indexes["sessions"].items:
            year = self.value(ox.NamedNode(session.iri or ""), NPC.year)
            years[year.value if year is not None else "year unknown"].append(session)
        articles = {q.subject.value for q in self.store.quads_for_pattern(None, iri(RDF.type), iri(NPC.Article))}
        return HomeView(title.value if title else "npc-kg", description.value if description else None,
                        triples.value if triples else None,
                        tuple((path, view.title, len(view.items)) for path, view in indexes.items()),
                        tuple(sorted(years.items(), key=lambda item: (item[0].isdigit(), item[0]), reverse=True)),
                        self.articles(articles))
