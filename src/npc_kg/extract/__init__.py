"""extract: `Document` -> `ArticleRecords`, typed records of everything an article states.

Each concern has its module: the session and its infobox officeholders (`session`), votes, reports
and the offices they reveal (`votes`), economic figures (`indicators`), bullet lists (`lists`) and
people's names (`people`). This module runs them in order and merges what they find; then `audit`
accounts for every number of the prose and bullets, read into those records or not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from urllib.parse import quote

from .. import catalogue
from ..model import Article, ArticleRecords, Document, Guideline, Person, Role, SourceWarning, Span, Tenure
from .audit import audit_numbers
from .indicators import extract_indicators, figure_warnings
from .lists import GUIDELINES, bullet_lists
from .people import find_people
from .session import extract_session
from .votes import extract_votes, honorific_tenures

WIKIPEDIA = "https://en.wikipedia.org/wiki/"


def extract_document(doc: Document, stem: str) -> ArticleRecords:
    session, infobox_tenures, warnings = extract_session(doc)
    votes = extract_votes(doc, session.year)
    tenures, merge_warnings = _merge_tenures(infobox_tenures, [*votes.tenures, *honorific_tenures(doc)])
    people = _people(doc, tenures)
    indicators = extract_indicators(doc.blocks, session.year)
    article = Article(
        file=doc.file,
        stem=stem,
        title=doc.title,
        url=WIKIPEDIA + quote(doc.title.replace(" ", "_"), safe="_()-,"),
        sha256=doc.sha256,
        truncated=doc.truncated,
    )
    records = ArticleRecords(
        article=article,
        session=session,
        people=tuple(people),
        tenures=tuple(tenures),
        reports=tuple(votes.reports),
        resolutions=tuple(votes.resolutions),
        indicators=tuple(indicators),
        guidelines=tuple(extract_guidelines(doc)),
        warnings=(*doc.warnings, *warnings, *votes.warnings, *merge_warnings, *figure_warnings(indicators)),
    )
    audit = audit_numbers(doc, records)
    return dataclasses.replace(records, unread=audit.unread, numbers_read=audit.read)


def extract_guidelines(doc: Document) -> list[Guideline]:
    """The policy guidelines in article order, a bullet repeated verbatim kept once."""
    seen: set[str] = set()
    out: list[Guideline] = []
    for bullets in bullet_lists(doc.blocks):
        if bullets.kind != GUIDELINES:
            continue
        for bullet in bullets.bullets:
            key = " ".join(bullet.text.lower().split()).rstrip(".;")
            if key not in seen:
                seen.add(key)
                out.append(Guideline(len(out) + 1, bullet.text, bullet.span))
    return out


def _merge_tenures(infobox: Iterable[Tenure],
                   mentioned: Iterable[Tenure]) -> tuple[list[Tenure], list[SourceWarning]]:
    """The infobox's tenures, all of them (a person can be outgoing and re-elected to one office),
    then one tenure per person and office for those the text names that the infobox does not. The
    text never makes someone else the incumbent of an office whose holders the infobox names: a
    report title ("Premier Li Keqiang's Government Work Report") or an honorific says who presented
    the report or how the text calls them, not who held the office at this session. Nor does it
    make two people the incumbent of an office one person holds at a time ("former Chief Justice
    X" and "Chief Justice Y"): which of them held it is not known, so neither is recorded, and a
    warning says so. An election the text reports ("Li Qiang was confirmed as Premier") is recorded
    unless the infobox names who was elected to that office (another name there is a warning); a
    person the infobox names as incumbent can be elected again."""
    merged: dict[tuple[str, str, Role], Tenure] = {}
    for tenure in infobox:
        merged.setdefault((tenure.person, tenure.office, tenure.role), tenure)
    stated = {(person, office) for person, office, _ in merged}
    held = {office for _, office, _ in merged}
    elected = {office: person for person, office, role in merged if role is Role.ELECTED}
    warnings = []
    for tenure in mentioned:
        if tenure.role is Role.INCUMBENT and tenure.office in held:
            continue
        if tenure.role is Role.ELECTED and tenure.office in elected:
            if tenure.person != elected[tenure.office]:
                label = catalogue.office(tenure.office).label
                warnings.append(SourceWarning(tenure.span, f"the text says {tenure.person} was elected {label}; the "
                                                           f"infobox names {elected[tenure.office]}, who is kept"))
            continue
        if tenure.role is Role.ELECTED:  # an incumbent re-elected is both
            stated.add((tenure.person, tenure.office))
            merged.setdefault((tenure.person, tenure.office, tenure.role), tenure)
        elif (tenure.person, tenure.office) not in stated:
            stated.add((tenure.person, tenure.office))
            merged[(tenure.person, tenure.office, tenure.role)] = tenure
    claimed: dict[str, list[Tenure]] = {}
    for tenure in merged.values():
        sole = tenure.office not in held and tenure.office not in catalogue.SHARED_OFFICES
        if tenure.role is Role.INCUMBENT and sole:
            claimed.setdefault(tenure.office, []).append(tenure)
    for office, claims in claimed.items():
        if len(claims) > 1:
            claims.sort(key=lambda t: (t.span.line, t.person))
            names = " and ".join(sorted(t.person for t in claims))
            label = catalogue.office(office).label
            warnings.append(SourceWarning(claims[1].span, f"the text names {names} as {label}; which held the "
                                                          "office at this session is not known"))
            for tenure in claims:
                del merged[(tenure.person, tenure.office, tenure.role)]
    return list(merged.values()), warnings


def _people(doc: Document, tenures: list[Tenure]) -> list[Person]:
    """Every person named anywhere in the article, at their first mention."""
    found: dict[str, Span] = {}
    for tenure in tenures:
        found.setdefault(tenure.person, tenure.span)
    for text, span in doc.texts():
        for name in find_people(text):
            found.setdefault(name, span)
    return [Person(name, span) for name, span in sorted(found.items(), key=lambda kv: (kv[1].line, kv[0]))]

