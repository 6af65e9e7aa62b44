"""Resolutions, their votes and the reports they approve, from vote tables and from prose.

A table row is one resolution; the header says which column holds what, so tables with other
column orders or kinds (elections, laws) read the same way. A vote stated only in prose ("approved
with 2,945 votes in favour and three abstentions") becomes a resolution of its own, or a second
tally of a table row it describes, kept because the two may disagree.

An election, confirmation or appointment in prose ("On 11 March, Li Qiang was confirmed as Premier,
with 2,936 votes for, three against and eight abstentions") is the election of a person to an
office: the person is the subject of the passive (or the object of "the Congress elected ..."), the
office follows "as", "to the post of" or the verb itself, and the counts are those of the clause.
The votes a candidate "received" are votes for; "unanimously" and "all 2,970 votes" say nobody voted
against, and nothing about abstentions, which stay unknown unless stated. An election without any
count gives no vote, only the person's tenure as elected at the session.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from .. import catalogue
from ..errors import InputError
from ..rdf.iris import slug
from ..model import (Document, Paragraph, Report, Resolution, ResolutionKind, Span, Table, TableRow, Tenure,
                     Role, SourceWarning, VoteCount)
from ..numbers import (DATE_RE, DIGITS_RE, MONTHS, NUMBER_WORDS_RE, is_month, parse_count, parse_date, parse_percent,
                       parse_table_count)
from ..parse import sentences
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

# A count in prose: digits or number words, "no" and "none" among them ("no votes against").
_NUMBER = rf"(?:{DIGITS_RE}|{NUMBER_WORDS_RE})"
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
    r"(?:(?:were|was|voted|voting|cast)\s)?$", re.I)
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
_PRONOUNS = frozenset({"he", "she", "it", "they", "this", "that", "these", "those"})
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

# Elections. A person's name is two to four capitalised words, of which the last two or three must
# read as a Chinese name ("Vice Premier Han Zheng" -> "Han Zheng").
_NAME_WORD = r"[A-Z][a-z\u00e0-\u01dc]{1,30}"
_NAMES = rf"{_NAME_WORD}(?:\s{_NAME_WORD}){{1,3}}"
# The passive of one person's election: "Xi Jinping was unanimously re-elected", "Li Qiang was
# confirmed" (a plural "were" has several subjects, whose offices are not told apart here).
_ELECTED_PASSIVE_RE = re.compile(
    r"\s(?:was|is|has\sbeen|had\sbeen)\s(?:(?:[a-z]{2,20}ly|also|then|again)\s){0,2}"
    r"(?:re-?elected|elected|confirmed|re-?appointed|appointed|chosen|named|approved|endorsed)\b")
# The name right before that verb, its characters in brackets allowed: "Zhao Leji (赵乐际)".
_NAME_BEFORE_RE = re.compile(rf"(?<![\w'’-])(?P<name>{_NAMES})(?:\s?[(（][^()（）]{{1,20}}[)）])?$")
_SUBJECT_WINDOW = 160  # characters before the verb that may hold the subject and its apposition
# The active, whose object is the person: "the Congress elected Zhao Leji as ...".
_ELECTED_ACTIVE_RE = re.compile(
    rf"(?<![\w-])(?:re-?elected|elected|confirmed|re-?appointed|appointed|chose|named)\s(?P<name>{_NAMES})")
# The approval of a nomination: "Li Qiang's nomination as Premier", "the nomination of Li Qiang for Premier".
_NOMINATION_RE = re.compile(
    rf"(?:(?<![\w'’-])(?P<owner>{_NAMES})['’]s\s(?:nomination|candidacy)"
    rf"|\b(?:nomination|candidacy)\sof\s(?P<name>{_NAMES}))\s(?:as|for)\b")
_APPROVAL_RE = re.compile(r"\b(?:approved|endorsed|confirmed|adopted|passed|accepted|voted)\b")
# What joins the person to the office: "as", "to the post of", "to a third term as", or nothing
# ("elected Vice President"); else an "as" later in the clause ("elected on 15 March as President").
_OFFICE_INTRO_RE = re.compile(
    r"\s(?:(?:as|to\s(?:the\s)?(?:post|office|position)\sof|(?:to|for)\s(?:a|an|the|his|her)\s(?:[\w-]{1,20}\s){0,3}"
    r"term\sas)\s)?(?:(?:the|a|an)\s)?")
_OFFICE_LATER_RE = re.compile(r"\b(?:as|(?:post|office|position)\sof)\s(?:(?:the|a|an)\s)?")
_OFFICE_AND_RE = re.compile(r",?\s(?:and|as\swell\sas)\s(?:as\s)?(?:(?:the|a|an)\s)?")
_OFFICE_WORDS = 14  # words an office's name may have
_ORDINAL_RE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)\s")  # "of the 14th National People's Congress"
# The votes a candidate has are votes for: "with 2,952 votes", "received 2,952 of the 2,970 votes
# cast", "receiving all 2,970 votes" (the keyword, then the number read in a window before it).
_VOTES_RE = re.compile(r"\bvotes?\b(?!\s(?:for|against|in\sfavou?r|in\ssupport|to|opposed)\b)", re.I)
_RECEIVED_BEFORE_RE = re.compile(
    rf"(?<![\w,.])(?:(?P<all>all)\s(?:the\s)?)?(?P<n>{_NUMBER})\s(?:(?:out\s)?of\s(?:the\s|all\s)?(?:{DIGITS_RE})\s)?"
    r"(?:valid\s)?$", re.I)
_UNANIMOUS_RE = re.compile(
    r"\bunanimous(?:ly)?\b|\bwithout\s(?:a\s(?:single\s)?)?(?:dissent|opposition|(?:dissenting\s)?votes?\sagainst)\b",
    re.I)


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


@dataclasses.dataclass(frozen=True)
class _Elected:
    """One person's election in a sentence: where its clause starts, and where its office is named."""

    start: int
    office_from: int
    person: str


def extract_votes(doc: Document, year: int | None = None) -> VoteRecords:
    """Votes, reports and offices of `doc`; `year` is the session's, for prose dates without one."""
    out = VoteRecords()
    for block in doc.blocks:
        if isinstance(block, Table):
            _read_table(block, out)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            said = sentences(block.text)
            for index, sentence in enumerate(said):
                _read_sentence(sentence, said[max(0, index - _ANTECEDENT_REACH):index], block.span, year, out)
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
        return _election(topic, name, catalogue.find_office(match["office"]), vote, span, out)
    if "report" in topic.lower():
        report = _report(topic, span, out)
        return Resolution(topic, ResolutionKind.REPORT, vote, span, report=report.key)
    if _LAW_RE.search(topic):
        return Resolution(topic, ResolutionKind.LAW, vote, span)
    return Resolution(topic, ResolutionKind.OTHER, vote, span)


def _election(topic: str, name: str, office: str | None, vote: VoteCount, span: Span, out: VoteRecords) -> Resolution:
    """The election of `name` to `office`; the person holds it as elected from the day of the vote."""
    if office:
        out.tenures.append(Tenure(name, office, Role.ELECTED, vote.date, span))
    return Resolution(topic, ResolutionKind.ELECTION, vote, span, person=name, office=office)


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
    elected = _elections(sentence)
    # What the sentence says before its first election may be a vote on something else.
    lead = sentence[:elected[0].start] if elected else sentence
    other_vote = bool(_VOTE_VERB_RE.search(lead))
    if other_vote:
        _read_vote(lead, before, span, year, out)
    if elected:
        _read_elections(sentence, elected, 0 if other_vote else None, year, span, out)


def _read_vote(sentence: str, before: list[str], span: Span, year: int | None, out: VoteRecords) -> None:
    """A vote on anything but an election: its counts, attendance, date and what it was on."""
    tally = _tally(sentence, _vote_counts, "a vote", span, out)
    if tally is None or not tally.stated:
        return
    topic = _topic(sentence, before)
    if topic is None:
        out.warnings.append(SourceWarning(span, "a vote in prose whose subject was not found; not read"))
        return
    vote = tally.vote(span, _date(sentence, year, span, out))
    _add_vote(topic, vote, out, lambda: _classify(topic, vote, span, out))


def _add_vote(topic: str, vote: VoteCount, out: VoteRecords, resolution: Callable[[], Resolution]) -> None:
    """A vote on `topic`: another tally of the resolution already reported on it, else a new one."""
    if (target := _reported_before(topic, out)) is not None:
        out.other_tallies.setdefault(target, []).append(vote)
    else:
        out.prose_topics[slug(topic)] = len(out.resolutions)
        out.resolutions.append(resolution())


def _elections(sentence: str) -> list[_Elected]:
    """Each person a sentence says was elected, confirmed or appointed, in order."""
    found: dict[int, _Elected] = {}
    for match in _ELECTED_PASSIVE_RE.finditer(sentence):
        if subject := _subject(sentence, match.start()):
            found.setdefault(subject[0], _Elected(subject[0], match.end(), subject[1]))
    for match in _ELECTED_ACTIVE_RE.finditer(sentence):
        if leading := _leading_name(match["name"]):
            found.setdefault(match.start(), _Elected(match.start(), match.start("name") + leading[1], leading[0]))
    if _APPROVAL_RE.search(sentence):
        for match in _NOMINATION_RE.finditer(sentence):
            if name := _trailing_name(match["owner"] or match["name"]):
                found.setdefault(match.start(), _Elected(match.start(), match.end(), name))
    return [found[start] for start in sorted(found)]


def _subject(sentence: str, verb: int) -> tuple[int, str] | None:
    """Where the subject of the passive verb at `verb` starts, and the person it names: the name
    right before the verb, before an apposition ("Xi Jinping, General Secretary of the Party, was")
    or before a relative "who"."""
    start = max(0, verb - _SUBJECT_WINDOW)
    before = sentence[start:verb].removesuffix(", who")  # "Li Qiang, who was confirmed as ..."
    if before.endswith(","):
        before = before[:-1].rpartition(", ")[0]
    match = _NAME_BEFORE_RE.search(before)
    name = _trailing_name(match["name"]) if match else None
    return (start + match.start(), name) if match and name else None


def _trailing_name(words: str) -> str | None:
    """The person named by the last two or three of `words` ("Vice Premier Han Zheng" -> "Han Zheng")."""
    parts = words.split()
    return next((name for k in (3, 2) if len(parts) >= k and (name := person_name(" ".join(parts[-k:])))), None)


def _leading_name(words: str) -> tuple[str, int] | None:
    """The person named by the first three or two of `words` ("Zhao Leji Chairman" -> "Zhao Leji"),
    with the length of the words that name them."""
    parts = words.split()
    for k in (3, 2):
        written = " ".join(parts[:k])
        if len(parts) >= k and (name := person_name(written)):
            return name, len(written)
    return None


def _read_elections(sentence: str, elected: list[_Elected], first_start: int | None, year: int | None, span: Span,
                    out: VoteRecords) -> None:
    """The vote of each election in the sentence, read from its own clause (from its subject to the
    next one's; the first also from the start of the sentence, unless that holds another vote)."""
    lead_date = _date(sentence[:elected[0].start], year, span, out)
    for index, election in enumerate(elected):
        start = election.start if index or first_start is not None else 0
        end = elected[index + 1].start if index + 1 < len(elected) else len(sentence)
        clause = sentence[start:end]
        date = _date(sentence[election.start:end], year, span, out) or lead_date
        offices = _offices(sentence, election.office_from, end)
        tally = _tally(clause, _election_counts, "an election", span, out)
        if tally is None:
            continue
        if not tally.stated:
            out.tenures.extend(Tenure(election.person, key, Role.ELECTED, date, span) for key, _ in offices if key)
            continue
        for key, written in offices or [(None, None)]:
            topic = f"Election of {election.person}" + (f" as {written}" if written else "")
            vote = tally.vote(span, date)
            _add_vote(topic, vote, out, lambda: _election(topic, election.person, key, vote, span, out))


def _offices(sentence: str, start: int, end: int) -> list[tuple[str | None, str]]:
    """The offices an election names between `start` (after the person or the verb) and `end`, as
    (catalogue key or None, the words written): one, or several joined by "and"."""
    intro = _OFFICE_INTRO_RE.match(sentence, start, end)
    found = _office_at(sentence, intro.end(), end) if intro else None
    if found is None and (later := _OFFICE_LATER_RE.search(sentence, start, end)):
        found = _office_at(sentence, later.end(), end)
    offices: list[tuple[str | None, str]] = []
    while found is not None:
        key, written, stop = found
        offices.append((key, written))
        joined = _OFFICE_AND_RE.match(sentence, stop, end) if key else None
        found = _office_at(sentence, joined.end(), end) if joined else None
        if found is not None and found[0] is None:
            break  # only offices the catalogue knows are told apart from whatever else "and" joins
    return offices


def _office_at(sentence: str, start: int, end: int) -> tuple[str | None, str, int] | None:
    """The office named at `start`: the longest run of words the catalogue knows ("Chairman of the
    Central Military Commission of China" -> its first six words), else a run of capitalised words
    (an office the catalogue does not hold: "Minister of Foreign Affairs"); with where it ends."""
    words: list[str] = []
    for word in sentence[start:min(end, start + 40 * _OFFICE_WORDS)].split(" ")[:_OFFICE_WORDS]:
        bare = word.rstrip(",;:.!?")
        if not bare:
            break
        words.append(bare)
        if bare != word:
            break
    for count in range(len(words), 0, -1):
        written = " ".join(words[:count])
        if key := catalogue.find_office(_ORDINAL_RE.sub("", written)):
            return key, written, start + len(written)
    run: list[str] = []
    for word in words:
        if not (word[0].isupper() or (run and word in ("of", "the", "for"))):
            break
        run.append(word)
    while run and not run[-1][0].isupper():
        run.pop()
    if not run or run[0].lower() in MONTHS:
        return None
    written = " ".join(run)
    return None, written, start + len(written)


@dataclasses.dataclass(frozen=True)
class _Tally:
    """What a clause of prose states about a vote: its counts by option, and its attendance."""
    counts: dict[str, int | None]
    present: int | None
    seats: int | None

    @property
    def stated(self) -> bool:
        return any(self.counts[option] is not None for option in ("yes", "no", "abstain"))

    def vote(self, span: Span, date: dt.date | None) -> VoteCount:
        counts = self.counts
        return VoteCount(counts["yes"], counts["no"], counts["abstain"], None, "prose", span, void=counts["void"],
                         present=self.present, seats=self.seats, date=date)


def _tally(clause: str, read_counts: Callable[[str], dict[str, int | None]], what: str, span: Span,
           out: VoteRecords) -> _Tally | None:
    """The clause's counts (as `read_counts` reads them) and attendance; None, with a warning naming
    `what`, when one of their numbers does not read, so a vote is never published half read."""
    try:
        return _Tally(read_counts(clause), *_attendance(clause))
    except ValueError as err:
        out.warnings.append(SourceWarning(span, f"{what} in prose not read: {err}"))
        return None


def _election_counts(clause: str) -> dict[str, int | None]:
    """The counts of an election's clause: as any vote's, and the votes a candidate received are
    votes for; "unanimously" or "all ... votes" with a count stated says none were against."""
    counts = _vote_counts(clause)
    everyone = False
    if counts["yes"] is None:
        for keyword in _VOTES_RE.finditer(clause):
            if received := _RECEIVED_BEFORE_RE.search(clause, max(0, keyword.start() - _WINDOW), keyword.start()):
                counts["yes"], everyone = parse_count(received["n"]), bool(received["all"])
                break
    stated = any(counts[option] is not None for option in ("yes", "no", "abstain"))
    if stated and counts["no"] is None and (everyone or _UNANIMOUS_RE.search(clause)):
        counts["no"] = 0
    return counts


def _vote_counts(text: str) -> dict[str, int | None]:
    """The counts of a vote, by option: each the number before its keyword ("2,958 in favour"),
    else those for and against from "a vote of 2,900 to 30"."""
    counts = {option: _count_before(pattern, text) for option, pattern in _COUNT_KEYWORDS.items()}
    if counts["yes"] is None and counts["no"] is None:
        counts["yes"], counts["no"] = _for_to_against(text)
    return counts


def _count_before(keyword: re.Pattern[str], sentence: str) -> int | None:
    """The number right before the first of the keyword's occurrences that has one."""
    for match in keyword.finditer(sentence):
        number = _COUNT_BEFORE_RE.search(sentence, max(0, match.start() - _WINDOW), match.start())
        if number:
            return parse_count(number["n"])
    return None


def _for_to_against(sentence: str) -> tuple[int | None, int | None]:
    """'by a vote of 2,799 to 64', 'by 2,836 votes to 64': for, then against."""
    if match := _VOTE_OF_RE.search(sentence):
        return parse_count(match["yes"]), parse_count(match["no"])
    for keyword in _VOTES_TO_RE.finditer(sentence):
        yes = _COUNT_BEFORE_RE.search(sentence, max(0, keyword.start() - _WINDOW), keyword.start())
        no = _NUMBER_AFTER_RE.match(sentence, keyword.end(), keyword.end() + _WINDOW)
        if yes and no:
            return parse_count(yes["n"]), parse_count(no["n"])
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
        if not (match["iso"] or is_month(match["m1"] or match["m2"])):
            continue
        try:
            return parse_date(match.group(), year)
        except ValueError as err:
            out.warnings.append(SourceWarning(span, f"date of a vote in prose: {err}"))
            return None
    return None


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
    if not subject or subject.lower() in _PRONOUNS:
        return None  # "He was re-elected ...", "It was adopted ...": whom or what is not said here
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

