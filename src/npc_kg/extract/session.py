"""The session itself and the officeholders of its infobox.

The infobox is the most reliable part of an article, so it is read first; the title and the lead
paragraph fill what it leaves out (a missing Session entry, dates, venue and city).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import catalogue
from ..errors import InputError
from ..model import Document, InfoboxEntry, Paragraph, Role, Session, SourceWarning, Tenure
from ..numbers import DATE_RE, parse_date, parse_ordinal, parse_year
from .people import person_name

# Infobox keys that describe the session (compared case-insensitively).
SESSION_KEYS = ("status", "chinese", "pinyin", "year", "session", "lastyear", "nextyear")
# Keys that only carry layout (images, captions) and say nothing to extract.
LAYOUT_KEYS = ("image", "caption", "logo", "imagesize", "alt")
# An officeholder key: office code, "e" for the set elected at the session, then what it gives.
_HOLDER_KEY_RE = re.compile(r"^(?P<code>[A-Z][a-z]*?)(?P<elected>e?)(?P<part>image|term|)$")
# "Second session of the 12th National People's Congress"
_TITLE_RE = re.compile(r"^(?P<ordinal>\w+) session of the (?P<congress>\w+) National People'?s Congress", re.I)
# "at the Great Hall of the People in Beijing"
_VENUE_RE = re.compile(r"\bat (?:the )?(?P<venue>[A-Z][\w'’]*(?: (?:of|the|[A-Z][\w'’]*))*) in (?P<city>[A-Z][a-z]+)")
DATE_HAS_YEAR_RE = re.compile(r"\b\d{4}\b")
_OPENED_RE = re.compile(rf"\bopened (?:on )?(?P<date>{DATE_RE.pattern})")
_CLOSED_RE = re.compile(rf"\b(?:concluded|closed|ended) (?:on )?(?P<date>{DATE_RE.pattern})")


@dataclass(frozen=True)
class _Holder:
    """One officeholder as assembled from the Xx, Xximage and Xxterm lines."""

    name: InfoboxEntry | None = None
    term: InfoboxEntry | None = None


def extract_session(doc: Document) -> tuple[Session, list[Tenure], list[SourceWarning]]:
    entries = {e.key.lower(): e for e in doc.infobox if e.key.lower() in SESSION_KEYS}
    warnings: list[SourceWarning] = []
    year_entry = entries.get("year")
    year = _read(year_entry, parse_year) if year_entry else None

    ordinal, congress, start, end = _session_entry(doc, entries.get("session"), year)
    lead = _lead(doc)
    if year is None:
        year = start.year if start else _year_in(lead)
        if year is None:
            raise InputError("cannot tell the session's year: no Year in the infobox and none in the lead",
                             doc.file, doc.title_span.line)
        if start is None:
            start, end = _prose_dates(lead, year)
    if start is None and end is None:
        start, end = _prose_dates(lead, year)

    venue = city = None
    if lead and (match := _VENUE_RE.search(lead.text)):
        venue, city = match["venue"], match["city"]

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
        previous_year=_read(entries["lastyear"], parse_year) if "lastyear" in entries else None,
        next_year=_read(entries["nextyear"], parse_year) if "nextyear" in entries else None,
        span=entries["session"].span if "session" in entries else doc.title_span,
    )
    tenures = _officeholders(doc, year, warnings)
    return session, tenures, warnings


def _read(entry: InfoboxEntry, parser):  # type: ignore[no-untyped-def]
    """Apply a value parser to an infobox entry, naming the line when it fails."""
    try:
        return parser(entry.value)
    except ValueError as err:
        raise InputError(f"infobox {entry.key}: {err}", entry.span.file, entry.span.line) from None


def _text(entry: InfoboxEntry | None) -> str | None:
    return entry.value if entry and entry.value else None


def _session_entry(doc: Document, entry: InfoboxEntry | None, year: int | None
                   ) -> tuple[int, int, dt.date | None, dt.date | None]:
    """Ordinal, congress and dates from '2nd | # = 12th | term-begin = 5 March | term-end = 13 March',
    with the title as the fallback for ordinal and congress."""
    ordinal = congress = None
    start = end = None
    if entry:
        parts = [p.strip() for p in entry.value.split("|")]
        fields = {}
        for part in parts[1:]:
            key, _, value = part.partition("=")
            fields[key.strip().lower()] = value.strip()
        if parts[0]:
            ordinal = _read(InfoboxEntry(entry.key, parts[0], entry.span), parse_ordinal)
        if fields.get("#"):
            congress = _read(InfoboxEntry(entry.key, fields["#"], entry.span), parse_ordinal)
        date_parser = lambda text: parse_date(text, year)  # noqa: E731
        if fields.get("term-begin"):
            start = _read(InfoboxEntry(entry.key, fields["term-begin"], entry.span), date_parser)
        if fields.get("term-end"):
            end = _read(InfoboxEntry(entry.key, fields["term-end"], entry.span), date_parser)
    if ordinal is None or congress is None:
        match = _TITLE_RE.match(doc.title)
        if not match:
            raise InputError("cannot tell which session this is: no Session in the infobox and the title "
                             "does not say '<n>th session of the <n>th National People's Congress'",
                             doc.file, doc.title_span.line)
        try:
            ordinal = ordinal or parse_ordinal(match["ordinal"])
            congress = congress or parse_ordinal(match["congress"])
        except ValueError as err:
            raise InputError(f"title: {err}", doc.file, doc.title_span.line) from None
    return ordinal, congress, start, end


def _lead(doc: Document) -> Paragraph | None:
    return next((b for b in doc.blocks if isinstance(b, Paragraph)), None)


def _year_in(lead: Paragraph | None) -> int | None:
    match = re.search(r"\b(19[5-9]\d|20\d\d)\b", lead.text) if lead else None
    return int(match.group(1)) if match else None


def _prose_dates(lead: Paragraph | None, year: int) -> tuple[dt.date | None, dt.date | None]:
    """'opened on 5 March and concluded on 13 March' in the lead paragraph."""
    if lead is None:
        return None, None
    found = []
    for pattern in (_OPENED_RE, _CLOSED_RE):
        match = pattern.search(lead.text)
        try:
            found.append(parse_date(match["date"], year) if match else None)
        except ValueError as err:
            raise InputError(f"lead paragraph: {err}", lead.span.file, lead.span.line) from None
    return found[0], found[1]


def _officeholders(doc: Document, year: int, warnings: list[SourceWarning]) -> list[Tenure]:
    """Pz/Ch/Pm (and Vpz, ...) with their terms; the 'e' sets are those elected at the session, and
    when an article has them the plain sets are the outgoing holders. A term date without a year
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

    has_elected = any(elected for _, elected in holders)
    tenures = []
    for (office_key, elected), holder in holders.items():
        if holder.name is None or not holder.name.value:
            if holder.term is not None:
                warnings.append(SourceWarning(holder.term.span, f"term {holder.term.key!r} without a holder"))
            continue
        name = person_name(holder.name.value) or holder.name.value
        start = None
        if holder.term and holder.term.value:
            if elected or DATE_HAS_YEAR_RE.search(holder.term.value):
                start = _read(holder.term, lambda text: parse_date(text, year))
            else:
                _read(holder.term, lambda text: parse_date(text, year))  # still a date that exists
                warnings.append(SourceWarning(holder.term.span, f"term start {holder.term.value!r} has no year; "
                                                                "left unknown"))
        role = Role.ELECTED if elected else (Role.OUTGOING if has_elected else Role.INCUMBENT)
        tenures.append(Tenure(name, office_key, role, start, holder.name.span))
    return tenures

