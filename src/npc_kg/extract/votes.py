"""Resolutions, their votes and the reports they approve, from vote tables and from prose.

A table row is one resolution; the header says which column holds what, so tables with other
column orders or kinds (elections, laws) read the same way. A vote stated only in prose ("approved
with 2,945 votes in favour and three abstentions") becomes a resolution of its own, or a second
tally of a table row it describes, kept because the two may disagree.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from .. import catalogue
from ..errors import InputError
from ..iris import slug
from ..model import (Document, Paragraph, Report, Resolution, ResolutionKind, Span, Table, TableRow, Tenure,
                     Role, SourceWarning, VoteCount)
from ..numbers import DIGITS_RE, NUMBER_WORDS_RE, parse_count, parse_percent, parse_table_count
from .people import find_people, person_name

# Header cell (lower-cased) -> the column's meaning.
COLUMNS: dict[str, str] = {
    **dict.fromkeys(("topic", "item", "resolution", "bill", "law", "motion", "subject", "report", "matter"), "topic"),
    **dict.fromkeys(("candidate", "nominee", "name", "person"), "candidate"),
    **dict.fromkeys(("office", "position", "post"), "office"),
    **dict.fromkeys(("for", "yes", "in favour", "in favor", "approve", "votes for", "aye", "ayes"), "yes"),
    **dict.fromkeys(("against", "no", "oppose", "opposed", "votes against", "nay", "nays"), "no"),
    **dict.fromkeys(("abstain", "abstention", "abstentions", "abstained", "abstaining"), "abstain"),
    **dict.fromkeys(("rate", "approval", "approval rate", "%", "percentage", "share", "yes rate"), "rate"),
}

# "Premier Li Keqiang's Government Work Report": honorific, name, then what is theirs.
_PRESENTER_RE = re.compile(r"^(?P<title>[A-Z][\w-]*(?: [A-Z][\w-]*)?) (?P<name>[A-Z]\w+ [A-Z]\w+)['’]s (?P<rest>.+)$")
_RESIGNATION_RE = re.compile(r"^Resignation of (?P<name>.+?) (?:from|as) (?:the )?(?P<body>.+)$", re.I)
_ELECTION_RE = re.compile(r"^(?:Election|Appointment) of (?P<name>.+?) as (?:the )?(?P<office>.+)$", re.I)
_LAW_RE = re.compile(r"\b(?:law|constitution|amendment|code)\b", re.I)

_NUMBER = rf"(?:{DIGITS_RE}|{NUMBER_WORDS_RE}|none|no)"
# Count phrases in prose; each captures the number.
_PROSE_COUNTS: dict[str, re.Pattern[str]] = {
    "yes": re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:votes?\s+)?(?:in favou?r|for\b|in support|yes\b)", re.I),
    "no": re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:votes?\s+)?(?:against|opposed|dissenting|no votes)", re.I),
    "abstain": re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:abstentions?|abstaining|abstained|abstain)\b", re.I),
}
# "by a vote of 2,799 to 64": for, then against
_VOTE_OF_RE = re.compile(rf"\bvote of (?P<yes>{_NUMBER})\s*(?:to|-|–)\s*(?P<no>{_NUMBER})\b", re.I)
_VOTE_VERB_RE = re.compile(r"\b(?:approved|passed|adopted|endorsed|voted|elected)\b", re.I)
_SUBJECT_RE = re.compile(r"^(?P<subject>.+?)\s+(?:was|were)\s+(?:approved|passed|adopted|endorsed|elected)\b", re.I)
# "... was delivered by Li Zhanshu, chairman of the Standing Committee of ..."
_DELIVERED_RE = re.compile(
    r"(?P<what>[^.]*?)\s+(?:was |were )?(?:delivered|presented|given|made) by (?P<name>[A-Z]\w+ [A-Z]\w+)"
    r"(?:, (?:the )?(?P<office>[^,.;]+))?")
# What every match of _DELIVERED_RE holds: a cheap test first, since that pattern may start anywhere.
_DELIVERED_BY_RE = re.compile(r"(?:delivered|presented|given|made) by [A-Z]")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclasses.dataclass
class VoteRecords:
    resolutions: list[Resolution] = dataclasses.field(default_factory=list)
    reports: list[Report] = dataclasses.field(default_factory=list)
    tenures: list[Tenure] = dataclasses.field(default_factory=list)
    warnings: list[SourceWarning] = dataclasses.field(default_factory=list)


def extract_votes(doc: Document) -> VoteRecords:
    out = VoteRecords()
    for block in doc.blocks:
        if isinstance(block, Table):
            _read_table(block, out)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for sentence in _SENTENCE_RE.split(block.text):
                _read_sentence(sentence, block.span, out)
    return out


# --------------------------------------------------------------------------- tables


def _read_table(table: Table, out: VoteRecords) -> None:
    columns = {COLUMNS.get(cell.strip().lower().rstrip(":")): i for i, cell in enumerate(table.header)}
    columns.pop(None, None)
    if "yes" not in columns or not ({"topic", "candidate"} & columns.keys()):
        out.warnings.append(SourceWarning(table.span, f"table with header {' | '.join(table.header)!r} is not a "
                                                      "vote table; its rows were not read"))
        return
    for row in table.rows:
        _read_row(row, table.header, columns, out)


def _cell(row: TableRow, header: tuple[str, ...], columns: dict[str, int], name: str,
          parser: Callable[[str], object]):  # type: ignore[no-untyped-def]
    index = columns.get(name)
    if index is None or row.cells[index] is None:
        return None
    try:
        return parser(row.cells[index])
    except ValueError as err:
        raise InputError(f"column {header[index]!r}: {err}", row.span.file, row.span.line) from None


def _read_row(row: TableRow, header: tuple[str, ...], columns: dict[str, int], out: VoteRecords) -> None:
    vote = VoteCount(
        yes=_cell(row, header, columns, "yes", parse_table_count),
        no=_cell(row, header, columns, "no", parse_table_count),
        abstain=_cell(row, header, columns, "abstain", parse_table_count),
        stated_rate=_cell(row, header, columns, "rate", parse_percent),
        origin="table",
        span=row.span,
    )
    candidate = _cell(row, header, columns, "candidate", str)
    office_text = _cell(row, header, columns, "office", str)
    topic = _cell(row, header, columns, "topic", str)
    if topic is None and candidate:
        topic = f"Election of {candidate}" + (f" as {office_text}" if office_text else "")
    if topic is None:
        raise InputError("vote table row without a topic", row.span.file, row.span.line)
    out.resolutions.append(_classify(topic, vote, row.span, out))


def _classify(topic: str, vote: VoteCount, span: Span, out: VoteRecords) -> Resolution:
    """What a resolution is about, from its topic; reports and tenures it implies go to `out`."""
    if match := _RESIGNATION_RE.match(topic):
        name = person_name(match["name"]) or match["name"]
        return Resolution(topic, ResolutionKind.RESIGNATION, vote, span, person=name,
                          organization=catalogue.find_organization(match["body"]))
    if match := _ELECTION_RE.match(topic):
        name = person_name(match["name"]) or match["name"]
        office = catalogue.find_office(match["office"])
        if office:
            out.tenures.append(Tenure(name, office, Role.ELECTED, None, span))
        return Resolution(topic, ResolutionKind.ELECTION, vote, span, person=name, office=office)
    if "report" in topic.lower():
        report = _report(topic, span, out)
        return Resolution(topic, ResolutionKind.REPORT, vote, span, report=report.key)
    if _LAW_RE.search(topic):
        return Resolution(topic, ResolutionKind.LAW, vote, span)
    return Resolution(topic, ResolutionKind.OTHER, vote, span)


def _report(text: str, span: Span, out: VoteRecords, presenter: str | None = None) -> Report:
    """The report `text` names, created on first mention; a presenter named in it holds the office
    that presents such reports."""
    kind = catalogue.find_report_kind(text)
    title = text
    if (match := _PRESENTER_RE.match(text)) and (name := person_name(match["name"])):
        presenter, title = name, match["rest"]
    key = kind.key if kind else slug(title)
    for index, report in enumerate(out.reports):
        if report.key == key:
            if presenter and report.presenter is None:
                out.reports[index] = report = dataclasses.replace(report, presenter=presenter)
            break
    else:
        report = Report(key, title, presenter, kind.office if kind else None, kind.organization if kind else None,
                        span)
        out.reports.append(report)
    if presenter and report.office:
        out.tenures.append(Tenure(presenter, report.office, Role.INCUMBENT, None, span))
    return report


# --------------------------------------------------------------------------- prose


def _read_sentence(sentence: str, span: Span, out: VoteRecords) -> None:
    if _DELIVERED_BY_RE.search(sentence) and (match := _DELIVERED_RE.search(sentence)):
        _read_delivery(match, span, out)
    counts = {option: _prose_count(pattern, sentence) for option, pattern in _PROSE_COUNTS.items()}
    if counts["yes"] is None and counts["no"] is None and (match := _VOTE_OF_RE.search(sentence)):
        counts["yes"], counts["no"] = _number(match["yes"]), _number(match["no"])
    if all(c is None for c in counts.values()) or not _VOTE_VERB_RE.search(sentence):
        return
    vote = VoteCount(counts["yes"], counts["no"], counts["abstain"], None, "prose", span)
    subject_match = _SUBJECT_RE.match(sentence.strip())
    subject = subject_match["subject"] if subject_match else sentence.strip()
    subject = re.sub(r"^(?:The|the)\s+", "", subject)
    target = _resolution_for(subject, out)
    if target is not None:
        index = out.resolutions.index(target)
        out.resolutions[index] = dataclasses.replace(target, other_tallies=(*target.other_tallies, vote))
    else:
        out.resolutions.append(_classify(subject[0].upper() + subject[1:], vote, span, out))


def _prose_count(pattern: re.Pattern[str], sentence: str) -> int | None:
    match = pattern.search(sentence)
    return _number(match["n"]) if match else None


def _number(text: str) -> int:
    """A count the prose patterns matched: digits, number words, or 'no'/'none' for 0."""
    word = text.lower().strip()
    return 0 if word in ("no", "none") else parse_count(word)


def _resolution_for(subject: str, out: VoteRecords) -> Resolution | None:
    """The table resolution a prose sentence talks about, by report kind or by its words."""
    kind = catalogue.find_report_kind(subject)
    for resolution in out.resolutions:
        if kind and resolution.report == kind.key:
            return resolution
        if slug(subject) in slug(resolution.topic):
            return resolution
    return None


def _read_delivery(match: re.Match[str], span: Span, out: VoteRecords) -> None:
    """'The work report of the NPCSC was delivered by Li Zhanshu, chairman of the ...'"""
    name = person_name(match["name"])
    if name is None:
        return
    office = catalogue.find_office(match["office"]) if match["office"] else None
    if office:
        out.tenures.append(Tenure(name, office, Role.INCUMBENT, None, span))
    if "report" in match["what"].lower() and catalogue.find_report_kind(match["what"]):
        _report(match["what"].strip(), span, out, presenter=name)


def honorific_tenures(doc: Document) -> list[Tenure]:
    """'Premier Li Keqiang', 'President Xi Jinping': an honorific that belongs to one office only
    says the named person holds it."""
    titles: dict[str, list[str]] = {}
    for office in catalogue.OFFICES:
        for title in office.titles:
            titles.setdefault(title, []).append(office.key)
    unique = {t: keys[0] for t, keys in titles.items() if len(keys) == 1}
    pattern = re.compile(rf"\b(?P<title>{'|'.join(map(re.escape, sorted(unique, key=len, reverse=True)))}) "
                         r"(?P<name>[A-Z]\w+ [A-Z]\w+)")
    tenures = []
    for text, span in doc.texts():
        for match in pattern.finditer(text):
            name = person_name(match["name"])
            if name and name in find_people(text):
                tenures.append(Tenure(name, unique[match["title"]], Role.INCUMBENT, None, span))
    return tenures

