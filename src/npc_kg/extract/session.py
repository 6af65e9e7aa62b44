"""The session itself and the officeholders of its infobox.

The infobox is the most reliable part of an article, so it is read first; the title and the lead
(the paragraphs before the first heading) fill what it leaves out. A field that is absent or odd is
a warning, never a lost article: the year, for one, is read from the infobox `Year`, else from a
date that carries one, the title, the lead, `Lastyear`/`Nextyear`, or the congress term and session
ordinal (`catalogue.CONGRESS_TERMS`); each inference is a warning that names its rule and line, and
sources that disagree are reported too. Only a session that cannot be identified at all (no
congress and ordinal from any source) stops the article, since its IRI is built from them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from .. import catalogue
from ..errors import InputError
from ..model import Document, InfoboxEntry, Paragraph, Role, Session, SourceWarning, Span, Tenure
from ..numbers import DATE_RE, MONTHS, parse_date, parse_ordinal, parse_year
from ..parse import sentences
from .people import person_name

T = TypeVar("T")

# Infobox keys that describe the session (compared case-insensitively).
SESSION_KEYS = ("status", "chinese", "pinyin", "year", "session", "lastyear", "nextyear")
# Keys that only carry layout (images, captions) and say nothing to extract.
LAYOUT_KEYS = ("image", "caption", "logo", "imagesize", "alt")
# An officeholder key: office code, "e" for the set elected at the session, then what it gives.
_HOLDER_KEY_RE = re.compile(r"^(?P<code>[A-Z][a-z]{0,10}?)(?P<elected>e?)(?P<part>image|term|)$")
_CONGRESS = r"(?:National People'?s Congress|NPC)\b"
# "Second session of the 12th National People's Congress" (in the title or the lead)
_ORDINAL_RE = re.compile(rf"\b(?P<ordinal>\w{{1,12}}) session of the (?P<congress>\w{{1,12}}) {_CONGRESS}", re.I)
# "2016 National People's Congress"
_YEAR_NAMED_RE = re.compile(rf"\b(?P<year>(?:19[5-9]|20\d)\d) (?:(?:annual )?session of the )?{_CONGRESS}")
# "was held in March 2016", "held from 5 March to 11 March 2021", "opened on March 5, 2010"
_HELD_YEAR_RE = re.compile(r"\b(?:held|convened|opened|took place|met)\b[^.]{0,80}?\b(?P<year>(?:19[5-9]|20\d)\d)\b")
# Where: "at the Great Hall of the People in Beijing", else "held in Beijing, China" / "in Beijing"
_CITY = r"(?P<city>[A-Z][a-z]{1,40}(?: (?!China\b)[A-Z][a-z]{1,40})?)\b"  # "Beijing", "Hong Kong"
_VENUE_RE = re.compile(rf"\bat (?:the )?(?P<venue>[A-Z][\w'’]{{0,40}}(?: (?:of|the|[A-Z][\w'’]{{0,40}})){{0,8}}) in {_CITY}")
_CITY_RE = re.compile(rf"\b(?:held|convened|met|took place|opened|gathered)(?: [a-z]{{1,20}}){{0,3}} in {_CITY}(?! \d)")
_NOT_A_CITY = frozenset({"China", "PRC", *(m.capitalize() for m in MONTHS)})
DATE_HAS_YEAR_RE = re.compile(r"\b\d{4}\b")
_DATE = re.sub(r"\(\?P<\w+>", "(?:", DATE_RE.pattern)  # a date, its groups unnamed so that two fit in one pattern
_OPENED_RE = re.compile(rf"\bopened (?:on )?(?P<date>{_DATE})")
_CLOSED_RE = re.compile(rf"\b(?:concluded|closed|ended) (?:on )?(?P<date>{_DATE})")
_FROM_TO_RE = re.compile(rf"\bfrom (?P<start>{_DATE}) (?:to|until|till|through) (?P<end>{_DATE})")
# Two days of one month: "from 5 to 13 March 2023", "from March 5 to 18, 2003".
_TO = r"(?:st|nd|rd|th)? (?:to|until|till|through|[-–]) "
_DAY_SPAN_RE = re.compile(
    rf"\bfrom (?:(?P<d1>\d{{1,2}}){_TO}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?P<m1>[A-Z][a-z]{{2,8}}\.?)(?:,? (?P<y1>\d{{4}}))?"
    rf"|(?P<m2>[A-Z][a-z]{{2,8}}\.?) (?P<d3>\d{{1,2}}){_TO}(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y2>\d{{4}}))?)\b")


@dataclass(frozen=True)
class _Holder:
    """One officeholder as assembled from the Xx, Xximage and Xxterm lines."""

    name: InfoboxEntry | None = None
    term: InfoboxEntry | None = None


@dataclass(frozen=True)
class _Found:
    """A value with the rule that gave it and the line it was read from."""

    value: int
    rule: str
    span: Span


def extract_session(doc: Document) -> tuple[Session, list[Tenure], list[SourceWarning]]:
    entries = {e.key.lower(): e for e in doc.infobox if e.key.lower() in SESSION_KEYS}
    warnings: list[SourceWarning] = []
    infobox_year = _optional(entries.get("year"), parse_year, warnings)
    last_year = _optional(entries.get("lastyear"), parse_year, warnings)
    next_year = _optional(entries.get("nextyear"), parse_year, warnings)
    lead = list(_lead_sentences(doc))
    fields = _session_fields(entries.get("session"), warnings)

    ordinal, congress = _identity(doc, fields, lead)
    years = _year_sources(doc, entries, fields, lead, infobox_year, last_year, next_year)
    if ordinal is None or congress is None:
        ordinal, congress = _identity_from_year(doc, ordinal, congress, years, warnings)
    table_year = catalogue.session_year(congress, ordinal)
    if table_year is not None:
        years.append(_Found(table_year, f"the table of congress terms ({_nth(ordinal)} session of the "
                                        f"{_nth(congress)} NPC)", entries["session"].span if "session" in entries
                            else doc.title_span))
    if not years:
        raise InputError("cannot tell the session's year: no Year in the infobox, no year in its dates, title or "
                         "lead, no Lastyear or Nextyear, and the congress term is not in the table of terms",
                         doc.file, doc.title_span.line)
    year = _choose(years, warnings)

    start, end = _dates(fields, year)
    if start is None or end is None:
        prose_start, prose_end = _prose_dates(lead, year, warnings)
        start, end = start or prose_start, end or prose_end
    venue, city = _place(lead)

    session = Session(
        title=doc.title,
        congress=congress,
        ordinal=ordinal,
        year=year,
        start=start,
        end=end,
        venue=venue,
        city=city,
        status=_text(entries.get("status")),
        name_zh=_text(entries.get("chinese")),
        pinyin=_text(entries.get("pinyin")),
        previous_year=last_year,
        next_year=next_year,
        span=entries["session"].span if "session" in entries else doc.title_span,
    )
    tenures = _officeholders(doc, year, warnings)
    return session, tenures, warnings


def _read(entry: InfoboxEntry, parser: Callable[[str], T]) -> T:
    """Apply a value parser to an infobox entry, naming the line when it fails."""
    try:
        return parser(entry.value)
    except ValueError as err:
        raise InputError(f"infobox {entry.key}: {err}", entry.span.file, entry.span.line) from None


def _optional(entry: InfoboxEntry | None, parser: Callable[[str], T], warnings: list[SourceWarning]) -> T | None:
    """An optional infobox value: absent or empty is None; unreadable is None and a warning."""
    if entry is None or not entry.value:
        return None
    try:
        return parser(entry.value)
    except ValueError as err:
        warnings.append(SourceWarning(entry.span, f"infobox {entry.key}: {err}; ignored"))
        return None


def _text(entry: InfoboxEntry | None) -> str | None:
    return entry.value if entry and entry.value else None


def _nth(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# --------------------------------------------------------------------------- which session


@dataclass(frozen=True)
class _SessionFields:
    """The infobox Session entry: '2nd | # = 12th | term-begin = 5 March | term-end = 13 March'."""

    ordinal: int | None = None
    congress: int | None = None
    begin: InfoboxEntry | None = None
    end: InfoboxEntry | None = None


def _session_fields(entry: InfoboxEntry | None, warnings: list[SourceWarning]) -> _SessionFields:
    if entry is None:
        return _SessionFields()
    parts = [p.strip() for p in entry.value.split("|")]
    fields = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        fields[key.strip().lower()] = value.strip()

    def sub(value: str | None) -> InfoboxEntry | None:
        return InfoboxEntry(entry.key, value, entry.span) if value else None

    ordinal_entry, congress_entry = sub(parts[0]), sub(fields.get("#"))
    return _SessionFields(
        ordinal=_optional(ordinal_entry, parse_ordinal, warnings),
        congress=_optional(congress_entry, parse_ordinal, warnings),
        begin=sub(fields.get("term-begin")),
        end=sub(fields.get("term-end")),
    )


def _identity(doc: Document, fields: _SessionFields, lead: list[tuple[str, Span]]) -> tuple[int | None, int | None]:
    """Ordinal and congress from the infobox, else the title ('Second session of the 12th National
    People's Congress'), else the lead's first sentence that says it."""
    ordinal, congress = fields.ordinal, fields.congress
    for text in (doc.title, *(sentence for sentence, _ in lead)):
        if ordinal is not None and congress is not None:
            break
        match = _ORDINAL_RE.search(text)
        if match:
            try:
                ordinal = ordinal or parse_ordinal(match["ordinal"])
                congress = congress or parse_ordinal(match["congress"])
            except ValueError:
                continue  # "the first session of the new National People's Congress": not this rule's
    return ordinal, congress


def _identity_from_year(doc: Document, ordinal: int | None, congress: int | None, years: list[_Found],
                        warnings: list[SourceWarning]) -> tuple[int, int]:
    """Congress and ordinal of a session known only by its year, through the table of terms."""
    for found in years:
        known = catalogue.session_of_year(found.value)
        if known is None or (congress is not None and known[0] != congress):
            continue
        congress, ordinal = known
        warnings.append(SourceWarning(found.span, f"{_nth(ordinal)} session of the {_nth(congress)} NPC inferred "
                                                  f"from the year {found.value} ({found.rule}) and the table of "
                                                  "congress terms"))
        return ordinal, congress
    raise InputError("cannot tell which session this is: no Session in the infobox, the title and lead do not "
                     "say '<n>th session of the <n>th National People's Congress', and no year of a known "
                     "session was found", doc.file, doc.title_span.line)


# --------------------------------------------------------------------------- the year


def _year_sources(doc: Document, entries: dict[str, InfoboxEntry], fields: _SessionFields,
                  lead: list[tuple[str, Span]], infobox_year: int | None, last_year: int | None,
                  next_year: int | None) -> list[_Found]:
    """Every year the article gives for its session, most direct first."""
    found: list[_Found] = []
    if infobox_year is not None:
        found.append(_Found(infobox_year, "the infobox Year", entries["year"].span))
    for entry in (fields.begin, fields.end):
        if entry is not None and (match := re.search(r"\b(?:19|20)\d\d\b", entry.value)):
            found.append(_Found(int(match.group()), f"the session date {entry.value!r}", entry.span))
    if match := _YEAR_NAMED_RE.search(doc.title):
        found.append(_Found(int(match["year"]), "the title", doc.title_span))
    for sentence, span in lead:
        if match := _HELD_YEAR_RE.search(sentence) or _YEAR_NAMED_RE.search(sentence):
            found.append(_Found(int(match["year"]), f"the lead ({match.group()!r})", span))
            break
    if last_year is not None:
        found.append(_Found(last_year + 1, f"Lastyear ({last_year}) + 1", entries["lastyear"].span))
    if next_year is not None:
        found.append(_Found(next_year - 1, f"Nextyear ({next_year}) - 1", entries["nextyear"].span))
    return found


def _choose(years: list[_Found], warnings: list[SourceWarning]) -> int:
    """The most direct year; a warning when it is inferred, and one for every source that disagrees."""
    chosen = years[0]
    if chosen.rule != "the infobox Year":
        warnings.append(SourceWarning(chosen.span, f"year {chosen.value} inferred from {chosen.rule}"))
    for other in years[1:]:
        if other.value != chosen.value:
            warnings.append(SourceWarning(other.span, f"year {other.value} from {other.rule} disagrees with "
                                                      f"{chosen.value} from {chosen.rule}"))
    return chosen.value


# --------------------------------------------------------------------------- dates and place


def _lead_sentences(doc: Document) -> Iterator[tuple[str, Span]]:
    """The sentences of the paragraphs before the first heading, with their paragraph's line."""
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or block.section:
            break
        for sentence in sentences(block.text):
            yield sentence, block.span


def _dates(fields: _SessionFields, year: int) -> tuple[dt.date | None, dt.date | None]:
    """term-begin and term-end of the Session entry; a date that does not exist stops the article."""
    return (_read(fields.begin, lambda text: parse_date(text, year)) if fields.begin else None,
            _read(fields.end, lambda text: parse_date(text, year)) if fields.end else None)


def _prose_dates(lead: list[tuple[str, Span]], year: int, warnings: list[SourceWarning]
                 ) -> tuple[dt.date | None, dt.date | None]:
    """'opened on 5 March and concluded on 13 March', 'held from 5 March to 11 March 2021', 'from 5
    to 13 March 2023', 'from March 5 to 18, 2003'."""
    start = end = None
    for sentence, span in lead:
        if start is None and end is None and (match := _FROM_TO_RE.search(sentence)):
            end = _prose_date(match["end"], year, span, warnings)
            start = _prose_date(match["start"], end.year if end else year, span, warnings)
        if start is None and end is None and (match := _DAY_SPAN_RE.search(sentence)):
            month, stated = match["m1"] or match["m2"], match["y1"] or match["y2"]
            days = (match["d1"], match["d2"]) if match["d1"] else (match["d3"], match["d4"])
            start, end = (_prose_date(f"{day} {month}", int(stated) if stated else year, span, warnings)
                          for day in days)
        if start is None and (match := _OPENED_RE.search(sentence)):
            start = _prose_date(match["date"], year, span, warnings)
        if end is None and (match := _CLOSED_RE.search(sentence)):
            end = _prose_date(match["date"], year, span, warnings)
    return start, end


def _prose_date(text: str, year: int, span: Span, warnings: list[SourceWarning]) -> dt.date | None:
    try:
        return parse_date(text, year)
    except ValueError as err:
        warnings.append(SourceWarning(span, f"lead: {err}; ignored"))
        return None


def _place(lead: list[tuple[str, Span]]) -> tuple[str | None, str | None]:
    """Venue and city from the first sentence that says where: 'at the Great Hall of the People in
    Beijing'; failing that, the city alone from 'held in Beijing, China' or 'met in Beijing'."""
    for sentence, _ in lead:
        if (match := _VENUE_RE.search(sentence)) and match["city"] not in _NOT_A_CITY:
            return match["venue"], match["city"]
    for sentence, _ in lead:
        for match in _CITY_RE.finditer(sentence):
            if match["city"] not in _NOT_A_CITY:
                return None, match["city"]
    return None, None


# --------------------------------------------------------------------------- officeholders


def _officeholders(doc: Document, year: int, warnings: list[SourceWarning]) -> list[Tenure]:
    """Pz/Ch/Pm (and Vpz, ...) with their terms; the 'e' sets are those elected at the session. When
    an article has them, a plain holder is outgoing, unless the 'e' set of the same office names
    the same person: then they were re-elected and are the incumbent. A term date without a year
    takes the session's year only for those elected at it; for others the year is unknowable."""
    holders: dict[tuple[str, bool], _Holder] = {}
    for entry in doc.infobox:
        low = entry.key.lower()
        if low in SESSION_KEYS or low in LAYOUT_KEYS:
            continue
        match = _HOLDER_KEY_RE.match(entry.key)
        office = catalogue.office_by_infobox_code(match["code"]) if match else None
        if office is None:
            warnings.append(SourceWarning(entry.span, f"unknown infobox key {entry.key!r} ignored"))
            continue
        slot = (office.key, bool(match["elected"]))
        current = holders.get(slot, _Holder())
        if match["part"] == "":
            holders[slot] = _Holder(entry, current.term)
        elif match["part"] == "term":
            holders[slot] = _Holder(current.name, entry)

    names = {slot: person_name(h.name.value) or h.name.value for slot, h in holders.items() if h.name and h.name.value}
    has_elected = any(elected for _, elected in names)
    tenures = []
    for (office_key, elected), holder in holders.items():
        name = names.get((office_key, elected))
        if holder.name is None or name is None:
            if holder.term is not None:
                warnings.append(SourceWarning(holder.term.span, f"term {holder.term.key!r} without a holder"))
            continue
        start = None
        if holder.term and holder.term.value:
            if elected or DATE_HAS_YEAR_RE.search(holder.term.value):
                start = _read(holder.term, lambda text: parse_date(text, year))
            else:
                _read(holder.term, lambda text: parse_date(text, year))  # still a date that exists
                warnings.append(SourceWarning(holder.term.span, f"term start {holder.term.value!r} has no year; "
                                                                "left unknown"))
        if elected:
            role = Role.ELECTED
        elif has_elected and names.get((office_key, True)) != name:
            role = Role.OUTGOING
        else:
            role = Role.INCUMBENT
        tenures.append(Tenure(name, office_key, role, start, holder.name.span))
    return tenures
