"""Typed data that flows one way through the pipeline.

Two layers, and no RDF in either:

* the *document model* (`Document` and its blocks) is what `parse` makes of an article's text;
* the *records* (`Session`, `Tenure`, `Resolution`, ...) are what `extract` finds in a document.

Every piece carries a `Span` so that any fact can be traced back to the file and line it came from.
Records name entities by their catalogue key or display name; IRIs are minted later, in `iris`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


@dataclass(frozen=True, order=True)
class Span:
    """Where something was read: file, first line (1-based) and the source text of that line."""

    file: str
    line: int
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


# --------------------------------------------------------------------------- document model


@dataclass(frozen=True)
class InfoboxEntry:
    key: str
    value: str
    span: Span


@dataclass(frozen=True)
class Paragraph:
    text: str
    section: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class Bullet:
    text: str
    section: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class TableRow:
    """One body row; an empty cell is `None`."""

    cells: tuple[str | None, ...]
    span: Span


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    section: tuple[str, ...]
    span: Span


Block = Paragraph | Bullet | Table


@dataclass(frozen=True)
class Heading:
    title: str
    level: int
    span: Span


@dataclass(frozen=True)
class Document:
    """One article as read: nothing is interpreted yet beyond the layout."""

    file: str
    title: str
    title_span: Span
    infobox: tuple[InfoboxEntry, ...]
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    sha256: str
    truncated: bool = False
    warnings: tuple[SourceWarning, ...] = ()

    def texts(self) -> Iterator[tuple[str, Span]]:
        """Every piece of running text with its span: paragraphs, bullets and table rows."""
        for block in self.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    yield " | ".join(c for c in row.cells if c), row.span
            else:
                yield block.text, block.span


# --------------------------------------------------------------------------- records


class Role(str, Enum):
    """How an infobox presents an officeholder relative to the session."""

    INCUMBENT = "incumbent"
    OUTGOING = "outgoing"
    ELECTED = "elected"


class IndicatorKind(str, Enum):
    ACHIEVEMENT = "achievement"
    TARGET = "target"
    UNKNOWN = "figure"  # its clause says neither; an npc:EconomicFigure of neither subclass


class ResolutionKind(str, Enum):
    REPORT = "report"
    RESIGNATION = "resignation"
    LAW = "law"
    ELECTION = "election"
    OTHER = "other"


@dataclass(frozen=True)
class Article:
    """The source document itself, for provenance."""

    file: str
    stem: str
    title: str
    url: str
    sha256: str
    truncated: bool


@dataclass(frozen=True)
class SourceRevision:
    """What an article's sidecar file (`<stem>.source`, see docs/article-format.md) says of its
    source: the Wikipedia revision it renders and when it was retrieved, each when known, and what
    in the sidecar could not be read (the article is built all the same)."""

    permalink: str | None  # https://en.wikipedia.org/w/index.php?oldid=N
    retrieved: str | None  # YYYY-MM-DD, or YYYY-MM-DDThh:mm:ssZ
    problems: tuple[SourceWarning, ...] = ()  # each on its sidecar's file and line


@dataclass(frozen=True)
class Session:
    title: str
    congress: int
    ordinal: int
    year: int
    start: dt.date | None
    end: dt.date | None
    venue: str | None
    city: str | None
    status: str | None
    name_zh: str | None
    pinyin: str | None
    previous_year: int | None
    next_year: int | None
    span: Span


@dataclass(frozen=True)
class Person:
    name: str
    span: Span


@dataclass(frozen=True)
class Tenure:
    """A person holding an office, as stated by the article."""

    person: str
    office: str  # catalogue key of the office
    role: Role
    start: dt.date | None
    span: Span


@dataclass(frozen=True)
class Report:
    key: str  # catalogue key of the report kind, or a slug of its title
    title: str
    presenter: str | None
    office: str | None  # catalogue key of the presenter's office
    organization: str | None  # catalogue key of the reporting body
    span: Span


@dataclass(frozen=True)
class VoteCount:
    """One tally of a vote; a count that is unknown is `None`, never 0."""

    yes: int | None
    no: int | None
    abstain: int | None
    stated_rate: Decimal | None  # percent as printed, e.g. Decimal("99.31")
    origin: str  # "table" or "prose"
    span: Span
    void: int | None = None  # ballots cast but void
    present: int | None = None  # deputies attending the vote
    seats: int | None = None  # deputies the Congress has in all ("out of 2,980 deputies")
    date: dt.date | None = None  # the day of the vote, when the article says it


@dataclass(frozen=True)
class Resolution:
    topic: str
    kind: ResolutionKind
    vote: VoteCount
    span: Span
    report: str | None = None  # Report.key it approves
    person: str | None = None  # the person a resignation or election is about
    organization: str | None = None  # the body a resignation leaves
    office: str | None = None  # the office an election fills
    other_tallies: tuple[VoteCount, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """An economic figure: last year's achievement, the coming year's target, or (UNKNOWN) a figure
    whose clause says neither."""

    kind: IndicatorKind
    measure: str
    value: Decimal  # as stated, e.g. 56.9
    scale: str | None  # "trillion", "million", ... or None
    unit: str  # normalised unit: CNY, USD, percent, jobs, people, tonnes, ...
    qualifier: str | None  # "about", "exceeded", "not above", ...
    year: int | None
    span: Span
    value_high: Decimal | None = None  # upper end of a stated range
    measure_key: str | None = None  # its concept in ontology/measures.ttl ("gdp-growth"); None: unclassified

    @property
    def magnitude(self) -> Decimal:
        return self.value * SCALES.get(self.scale or "", Decimal(1))

    @property
    def magnitude_high(self) -> Decimal | None:
        if self.value_high is None:
            return None
        return self.value_high * SCALES.get(self.scale or "", Decimal(1))


SCALES: dict[str, Decimal] = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}


@dataclass(frozen=True)
class Guideline:
    position: int
    text: str
    span: Span


@dataclass(frozen=True)
class SourceWarning:
    """Something suspicious in the source that does not stop the build."""

    span: Span
    message: str

    def __str__(self) -> str:
        return f"{self.span}: warning: {self.message}"


@dataclass(frozen=True)
class UnreadNumber:
    """A number with a unit or counted noun that no fact was read from, and why (see `extract.audit`)."""

    span: Span  # the file and line it is on
    text: str  # the number with its unit, as written ("20 million yuan")
    reason: str  # "size threshold", "part of a name", "a year", "a date", "an ordinal" or "not understood"

    def __str__(self) -> str:
        return f"{self.span}: unread: {self.text} ({self.reason})"


@dataclass(frozen=True)
class ArticleRecords:
    """Everything `extract` found in one article."""

    article: Article
    session: Session
    people: tuple[Person, ...]
    tenures: tuple[Tenure, ...]
    reports: tuple[Report, ...]
    resolutions: tuple[Resolution, ...]
    indicators: tuple[Indicator, ...]
    guidelines: tuple[Guideline, ...]
    warnings: tuple[SourceWarning, ...] = ()
    unread: tuple[UnreadNumber, ...] = ()  # numbers with a unit that no fact holds
    numbers_read: int = 0  # numbers with a unit that a fact from their line holds
