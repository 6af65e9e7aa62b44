"""Resolutions, their votes and the reports they approve, from vote tables and from prose.

A table row is one resolution; the header says which column holds what, so tables with other
column orders or kinds (elections, laws) read the same way. A vote stated only in prose ("approved
with 2,945 votes in favour and three abstentions") becomes a resolution of its own, or a second
tally of a table row it describes, kept because the two may disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from .. import catalogue
from ..errors import InputError
from ..iris import slug
from ..model import (Document, Paragraph, Report, Resolution, ResolutionKind, Span, Table, TableRow, Tenure,
                     Role, SourceWarning, VoteCount)
from ..numbers import (DATE_RE, DIGITS_RE, MONTHS, NUMBER_WORDS_RE, parse_count, parse_date, parse_percent,
                       parse_table_count)
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
# Counts in prose are found from their keyword back: each keyword ("against", "abstaining", "void")
# is looked for once, and the number is read from a bounded window before it, so that a long line
# costs linear time. "2,958 votes for", "two against", "3 ballots were void".
_COUNT_KEYWORDS: dict[str, re.Pattern[str]] = {
    "yes": re.compile(r"\b(?:in favou?r|for|in support|yes)\b", re.I),
    "no": re.compile(r"\b(?:against|opposed|dissenting|no votes)\b", re.I),
    "abstain": re.compile(r"\b(?:abstentions?|abstaining|abstained|abstain)\b", re.I),
    "void": re.compile(r"\b(?:void|invalid|spoilt|spoiled)\b", re.I),
}
_COUNT_BEFORE_RE = re.compile(
    rf"(?<![\w,.])(?P<n>{_NUMBER})\s(?:(?:votes?|ballots?|deputies|delegates|members|lawmakers)\s)?"
    r"(?:(?:were|was|voted|cast)\s)?$", re.I)
_WINDOW = 48  # characters before a keyword that may hold its number
# Attendance: "attended by 2,964 out of 2,980 deputies", "2,964 of the 2,980 deputies were present".
_MEMBERS = r"(?:deputies|delegates|members|lawmakers|legislators)"
_ATTENDED_BY_RE = re.compile(rf"\battended by (?P<n>{DIGITS_RE})(?: (?:out of|of) (?:the |all )?(?P<m>{DIGITS_RE}))?")
_PRESENT_RE = re.compile(r"\b(?:present|in attendance|attending|attended)\b")
_PRESENT_BEFORE_RE = re.compile(
    rf"(?<![\w,.])(?P<n>{DIGITS_RE})(?: (?:out of|of) (?:the |all )?(?P<m>{DIGITS_RE}))? {_MEMBERS}(?: (?:were|was))? $")
_ATTENDANCE_WINDOW = 80  # characters before "present" that may hold the attendance
# "by a vote of 2,799 to 64": for, then against
_VOTE_OF_RE = re.compile(rf"\bvote of (?P<yes>{_NUMBER})\s?(?:to|-|–)\s?(?P<no>{_NUMBER})\b", re.I)
# "by 2,836 votes to 64": the keyword first, then the number before it and the one after it
_VOTES_TO_RE = re.compile(r"\bvotes? to\s")
_NUMBER_AFTER_RE = re.compile(rf"(?P<n>{_NUMBER})\b", re.I)
_VOTE_VERB_RE = re.compile(r"\b(?:approved|passed|adopted|endorsed|voted|elected|ratified)\b", re.I)
# The subject of a passive ("The Foreign Trade Law was passed ...") or the object of an active
# ("the Congress passed the amendment in ..."): what the vote was on.
_PASSIVE_RE = re.compile(r"\s(?:was|were)\s(?:[a-z]{2,20}ly\s)?(?:approved|passed|adopted|endorsed|elected|ratified)\b")
_ACTIVE_RE = re.compile(
    r"\b(?:passed|approved|adopted|endorsed|ratified|voted to (?:pass|approve|adopt|endorse|ratify))\s"
    r"(?P<object>(?:the|an?|its)\s[^,;.]{1,120}?)"
    r"(?=\s(?:in|at|with|by|during|on\s(?:\d|[A-Z][a-z]{2,8}\s\d))\b|[,;.]|$)")
_LEADING_ADVERBIAL_RE = re.compile(r"^(?:On|In|At|During|After|Later|Finally|Then)\b[^,]{0,60},\s?")
_DETERMINER_RE = re.compile(r"^(?:the|this|that|these|those|its)\s", re.I)
# A bare noun that refers back to something named earlier ("the amendment", "the law"), with the
# verb whose object it can also have been named by ("amending the Constitution") and the preposition
# that joins the noun to that object ("amendment to the Constitution").
_ANAPHORIC_HEADS: dict[str, tuple[str | None, str]] = {
    "amendment": ("amend", "to"), "amendments": ("amend", "to"), "revision": ("revis", "of"),
    "law": (None, ""), "bill": (None, ""), "report": (None, ""), "plan": (None, ""), "budget": (None, ""),
    "resolution": (None, ""), "decision": (None, ""), "motion": (None, ""), "proposal": (None, ""),
    "outline": (None, ""),
}
_ANTECEDENT_REACH = 8  # sentences back an antecedent is looked for: a bounded cost per vote
_BARE_RE = re.compile(r"^(?:(?:draft|revised|proposed)\s)?(?P<head>[a-z]{3,12})$", re.I)
# What an earlier sentence may name: "<determiner> <up to five words> <head> [to|of|on the <Name>]".
_MODIFIERS_BEFORE_RE = re.compile(r"\b(?:the|an?|his|her|its|their)\s(?P<mods>(?:[\w'’-]{1,30}\s){0,5})$", re.I)
_OBJECT_AFTER_RE = re.compile(
    r"\s(?P<prep>to|of|on)\s(?P<np>(?:the\s)?[A-Z][\w'’-]{0,30}(?:\s(?:of\s(?:the\s)?|and\s)?[A-Z][\w'’-]{0,30}){0,6})")
_VERB_OBJECT_RE = re.compile(
    r"\s(?P<np>(?:(?:the (?:country|nation)['’]s|[A-Z]\w{0,30}['’]s|the|its)\s)?(?:the\s)?"
    r"[\w'’-]{1,30}(?:\s(?:of\s(?:the\s)?)?[A-Z][\w'’-]{0,30}){0,6})")
# "the country's constitution", "China's constitution", "the Constitution of China": the nation's own
# document, whose name is "the Constitution".
_NATIONAL_RE = re.compile(
    r"^(?:the (?:country|nation)['’]s|China['’]s|the PRC['’]s)\s(?P<head>[\w-]{1,30})$"
    r"|^the\s(?P<head2>[A-Z][\w-]{0,30}(?:\s[A-Z][\w-]{0,30}){0,5})\sof\s(?:the\s)?(?:China|PRC|People's Republic of China)$")
# "... was delivered by Li Zhanshu, chairman of the Standing Committee of ..."
_DELIVERED_BY_RE = re.compile(
    r"(?:\s(?:was|were))?\s(?:delivered|presented|given|made) by (?P<name>[A-Z]\w{0,30} [A-Z]\w{0,30})"
    r"(?:, (?:the )?(?P<office>[^,.;]{1,200}))?")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclasses.dataclass
class VoteRecords:
    resolutions: list[Resolution] = dataclasses.field(default_factory=list)
    reports: list[Report] = dataclasses.field(default_factory=list)
    tenures: list[Tenure] = dataclasses.field(default_factory=list)
    warnings: list[SourceWarning] = dataclasses.field(default_factory=list)
    # (index in `resolutions`, slug of the topic) of each table row: what prose may report again
    table_rows: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    # slug of the topic -> index in `resolutions` of each resolution read from prose
    prose_topics: dict[str, int] = dataclasses.field(default_factory=dict)
    # index in `resolutions` -> further tallies prose gives of it, joined to it once at the end
    other_tallies: dict[int, list[VoteCount]] = dataclasses.field(default_factory=dict)


def extract_votes(doc: Document, year: int | None = None) -> VoteRecords:
    """Votes, reports and offices of `doc`; `year` is the session's, for prose dates without one."""
    out = VoteRecords()
    for block in doc.blocks:
        if isinstance(block, Table):
            _read_table(block, out)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            sentences = _SENTENCE_RE.split(block.text)
            for index, sentence in enumerate(sentences):
                _read_sentence(sentence, sentences[max(0, index - _ANTECEDENT_REACH):index], block.span, year, out)
    for index, tallies in out.other_tallies.items():
        target = out.resolutions[index]
        out.resolutions[index] = dataclasses.replace(target, other_tallies=(*target.other_tallies, *tallies))
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
    out.table_rows.append((len(out.resolutions), slug(topic)))
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


def _read_sentence(sentence: str, before: list[str], span: Span, year: int | None, out: VoteRecords) -> None:
    """One sentence of prose: a report's delivery, and a vote with its counts, attendance and date."""
    if match := _DELIVERED_BY_RE.search(sentence):
        _read_delivery(sentence[:match.start()].rsplit(".", 1)[-1], match["name"], match["office"], span, out)
    if not _VOTE_VERB_RE.search(sentence):
        return
    try:
        counts = {option: _count_before(pattern, sentence) for option, pattern in _COUNT_KEYWORDS.items()}
        if counts["yes"] is None and counts["no"] is None:
            counts["yes"], counts["no"] = _for_to_against(sentence)
        present, seats = _attendance(sentence)
    except ValueError as err:
        out.warnings.append(SourceWarning(span, f"a vote in prose not read: {err}"))
        return
    if all(counts[option] is None for option in ("yes", "no", "abstain")):
        return
    topic = _topic(sentence, before)
    if topic is None:
        out.warnings.append(SourceWarning(span, "a vote in prose whose subject was not found; not read"))
        return
    vote = VoteCount(counts["yes"], counts["no"], counts["abstain"], None, "prose", span, void=counts["void"],
                     present=present, seats=seats, date=_date(sentence, year, span, out))
    index = _reported_before(topic, out)
    if index is not None:
        out.other_tallies.setdefault(index, []).append(vote)
    else:
        out.prose_topics[slug(topic)] = len(out.resolutions)
        out.resolutions.append(_classify(topic, vote, span, out))


def _count_before(keyword: re.Pattern[str], sentence: str) -> int | None:
    """The number right before the first of the keyword's occurrences that has one."""
    for match in keyword.finditer(sentence):
        number = _COUNT_BEFORE_RE.search(sentence, max(0, match.start() - _WINDOW), match.start())
        if number:
            return _number(number["n"])
    return None


def _for_to_against(sentence: str) -> tuple[int | None, int | None]:
    """'by a vote of 2,799 to 64', 'by 2,836 votes to 64': for, then against."""
    if match := _VOTE_OF_RE.search(sentence):
        return _number(match["yes"]), _number(match["no"])
    for keyword in _VOTES_TO_RE.finditer(sentence):
        yes = _COUNT_BEFORE_RE.search(sentence, max(0, keyword.start() - _WINDOW), keyword.start())
        no = _NUMBER_AFTER_RE.match(sentence, keyword.end(), keyword.end() + _WINDOW)
        if yes and no:
            return _number(yes["n"]), _number(no["n"])
    return None, None


def _attendance(sentence: str) -> tuple[int | None, int | None]:
    """Deputies present and deputies in all: 'attended by 2,964 out of 2,980 deputies'."""
    match = _ATTENDED_BY_RE.search(sentence)
    if match is None:
        for keyword in _PRESENT_RE.finditer(sentence):
            match = _PRESENT_BEFORE_RE.search(sentence, max(0, keyword.start() - _ATTENDANCE_WINDOW), keyword.start())
            if match:
                break
    if match is None:
        return None, None
    return parse_count(match["n"]), parse_count(match["m"]) if match["m"] else None


def _date(sentence: str, year: int | None, span: Span, out: VoteRecords) -> dt.date | None:
    """The first date of the sentence ('On 11 March 2018'), with the session's year if it has none."""
    for match in DATE_RE.finditer(sentence):
        month = (match["m1"] or match["m2"] or "").lower().rstrip(".")
        if not (match["iso"] or month in MONTHS or month in _MONTH_ABBREVIATIONS):
            continue
        try:
            return parse_date(match.group(), year)
        except ValueError as err:
            out.warnings.append(SourceWarning(span, f"date of a vote in prose: {err}"))
            return None
    return None


_MONTH_ABBREVIATIONS = frozenset(m[:3] for m in MONTHS) | {"sept"}


def _number(text: str) -> int:
    """A count the prose patterns matched: digits, number words, or 'no'/'none' for 0."""
    word = text.lower().strip()
    return 0 if word in ("no", "none") else parse_count(word)


def _topic(sentence: str, before: list[str]) -> str | None:
    """What a sentence reporting a vote says was voted on: the subject of a passive, else the object
    of an active verb; a bare noun ("the amendment") stands for what the paragraph named before."""
    text = sentence.strip()
    if match := _PASSIVE_RE.search(text):
        subject = text[:match.start()]
        subject = subject[adverbial.end():] if (adverbial := _LEADING_ADVERBIAL_RE.match(subject)) else subject
    elif match := _ACTIVE_RE.search(text):
        subject = match["object"]
    else:
        return None
    subject = _DETERMINER_RE.sub("", subject.strip(), count=1)
    if not subject:
        return None
    bare = _BARE_RE.match(subject)
    if bare and bare["head"].lower() in _ANAPHORIC_HEADS:
        return _antecedent(bare["head"].lower(), before) or subject
    return subject


def _antecedent(head: str, before: list[str]) -> str | None:
    """The latest earlier mention of what `head` refers to: a noun phrase with that head ("an
    amendment to the Electoral Law"), or the head's verb with its object ("amending the
    Constitution of China" -> "amendment to the Constitution")."""
    verb, preposition = _ANAPHORIC_HEADS[head]
    singular = head.removesuffix("s") if verb else head
    nouns = re.compile(rf"\b{singular}s?\b", re.I)
    verbs = re.compile(rf"\b{verb}(?:e|es|ed|ing|s)?\b", re.I) if verb else None
    for sentence in reversed(before):
        mentions = [(m.start(), _noun_phrase(sentence, m)) for m in nouns.finditer(sentence)]
        if verbs:
            mentions += [(m.start(), _verb_object(sentence, m, singular, preposition)) for m in verbs.finditer(sentence)]
        named = [phrase for _, phrase in sorted(mentions) if phrase]
        if named:
            return named[-1]
    return None


def _noun_phrase(sentence: str, head: re.Match[str]) -> str | None:
    """The noun phrase around `head`: its modifiers back to a determiner and what it is to or of."""
    before = _MODIFIERS_BEFORE_RE.search(sentence, max(0, head.start() - 120), head.start())
    after = _OBJECT_AFTER_RE.match(sentence, head.end())
    if before is None and after is None:
        return None  # a bare mention names nothing new
    phrase = (before["mods"] if before else "") + head.group()
    if after:
        phrase += f" {after['prep']} {_national(after['np'])}"
    return phrase


def _verb_object(sentence: str, verb: re.Match[str], noun: str, preposition: str) -> str | None:
    """'amending the Constitution of China' -> 'amendment to the Constitution'."""
    obj = _VERB_OBJECT_RE.match(sentence, verb.end())
    return f"{noun} {preposition} {_national(obj['np'])}" if obj else None


def _national(phrase: str) -> str:
    """'the country's constitution', 'the Constitution of China' -> 'the Constitution'."""
    match = _NATIONAL_RE.match(phrase)
    if match is None:
        return phrase
    head = match["head"] or match["head2"]
    return f"the {head[0].upper()}{head[1:]}"


def _reported_before(subject: str, out: VoteRecords) -> int | None:
    """The index of the resolution a prose sentence talks about: a table row, by report kind or by
    its words, else one that prose reported before under the same topic."""
    kind = catalogue.find_report_kind(subject)
    words = slug(subject)
    for index, topic in out.table_rows:
        if (kind and out.resolutions[index].report == kind.key) or words in topic:
            return index
    return out.prose_topics.get(words)


def _read_delivery(what: str, name_text: str, office_text: str | None, span: Span, out: VoteRecords) -> None:
    """'The work report of the NPCSC was delivered by Li Zhanshu, chairman of the ...'"""
    name = person_name(name_text)
    if name is None:
        return
    office = catalogue.find_office(office_text) if office_text else None
    if office:
        out.tenures.append(Tenure(name, office, Role.INCUMBENT, None, span))
    if "report" in what.lower() and catalogue.find_report_kind(what):
        _report(what.strip(), span, out, presenter=name)


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
        people: list[str] | None = None  # read once per text, and only when a title is found
        for match in pattern.finditer(text):
            name = person_name(match["name"])
            if name and people is None:
                people = find_people(text)
            if name and people and name in people:
                tenures.append(Tenure(name, unique[match["title"]], Role.INCUMBENT, None, span))
    return tenures

