"""Content negotiation: which representation a client gets.

An Accept header is a list of media ranges with q-values (RFC 9110, 12.5.1). An offer's quality is
the q of the most specific range that matches it (`text/turtle` beats `text/*` beats `*/*`), q=0
means "not acceptable", and ties go to the server's order of preference. A missing or unreadable
header accepts anything, and an unreadable q-value counts as the default, 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Representations of a resource, by file extension, in the server's order of preference: a client
# that accepts anything (curl, most RDF libraries) gets the data, browsers ask for HTML explicitly.
FORMATS: dict[str, str] = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "html": "text/html",
}
MEDIA_TYPES: dict[str, str] = {**FORMATS, "trig": "application/trig", "gz": "application/gzip"}

Range = tuple[str, str, float]  # type, subtype, q


def parse_accept(header: str | None) -> list[Range]:
    ranges: list[Range] = []
    for item in (header or "").split(","):
        media, *params = (part.strip() for part in item.split(";"))
        kind, slash, subtype = media.lower().partition("/")
        if not slash or not kind or not subtype:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = q_value(value)
        ranges.append((kind, subtype, q))
    return ranges or [("*", "*", 1.0)]


def q_value(text: str) -> float:
    """A q-value clamped to 0..1; one that is not a number (`nan`, `high`) counts as 1, the
    default, so a malformed header never makes a resource unavailable (406)."""
    try:
        q = float(text)
    except ValueError:
        return 1.0
    return min(max(q, 0.0), 1.0) if not math.isnan(q) else 1.0


def quality(offer: str, ranges: Sequence[Range]) -> float:
    kind, _, subtype = offer.lower().partition("/")
    best, best_specificity = 0.0, -1
    for r_kind, r_subtype, q in ranges:
        if r_kind == kind and r_subtype == subtype:
            specificity = 2
        elif r_kind == kind and r_subtype == "*":
            specificity = 1
        elif r_kind == "*" and r_subtype == "*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best, best_specificity = q, specificity
    return best


def choose(header: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None when it accepts none of them."""
    ranges = parse_accept(header)
    scored = [(quality(offer, ranges), -index, offer) for index, offer in enumerate(offers)]
    q, _, offer = max(scored, default=(0.0, 0, None))
    return offer if q > 0 else None


def choose_format(header: str | None, override: str | None, formats: dict[str, str] = FORMATS) -> str | None:
    """The extension of the representation to send: `?format=` wins over Accept. Raises KeyError for
    an unknown `?format=` value."""
    if override:
        if override not in formats:
            raise KeyError(override)
        return override
    chosen = choose(header, list(formats.values()))
    return next((ext for ext, media in formats.items() if media == chosen), None)
