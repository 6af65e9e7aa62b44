"""What a SPARQL text asks for, read without evaluating it: is it an update, does it federate?

pyoxigraph evaluates `SERVICE <iri> { ... }` itself, by sending the inner query to that address,
so a read-only endpoint or a local `query --data` would make outbound requests on a user's word.
Both ask this module first. It reads the text as SPARQL's lexer would, in one linear pass:
comments, the four kinds of string literal and IRIs in angle brackets are skipped, so that the word
SERVICE inside them (or as part of a prefixed name such as `ex:service`, or a variable `?service`)
is not a keyword, while `SeRvIcE` (keywords are case-insensitive) is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One token at a time, leftmost first. Each alternative is one loop that never gives back what it
# read (a string left open ends where its text does), so the scan is linear in the text's length.
# Every skipped token ends where pyoxigraph's parser ends it, or earlier: a comment ends at `\n` or
# `\r`, an IRI may hold `\u` escapes, a prefixed name's local part may hold `\'` or `\#`, and a
# stray backslash takes the quote or `#` after it, so that none of these opens a string or comment
# pyoxigraph would not see.
_TOKEN_RE = re.compile(
    r"""(?P<skip>\#[^\n\r]*                     # a comment
        |"{3}(?:[^"\\]|\\[\s\S]|"(?!""))*+(?:"{3})?  # long strings: an unclosed one runs to the end
        |'{3}(?:[^'\\]|\\[\s\S]|'(?!''))*+(?:'{3})?
        |"(?:[^"\\\n\r]|\\[^\n\r])*+"?          # short strings: an unclosed one ends with its line
        |'(?:[^'\\\n\r]|\\[^\n\r])*+'?
        |<(?:[^<>"{}|^`\\\x00-\x20]|\\[uU])*>   # an IRI
        |[?$]\w+                               # a variable
        |:(?:[\w.:%-]|\\\S)*                   # a prefixed name with the empty prefix
        )
      |(?P<word>[A-Za-z_][\w-]*(?:\.[\w-]+)*)(?P<local>:(?:[\w.:%-]|\\\S)*)?  # a keyword, or a prefixed name
      |(?P<other>\\["'\#]|[\s\S])""",
    re.VERBOSE,
)

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_PROLOGUE = frozenset({"PREFIX", "BASE"})


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, in order (strings, IRIs, names and comments
    left out)."""
    return [m["word"].upper() for m in _TOKEN_RE.finditer(text.lstrip("\ufeff")) if m["word"] and m["local"] is None]


def is_update(text: str) -> bool:
    """A SPARQL Update: its first keyword after the prologue is an update operation. A byte-order
    mark or comments before it change nothing."""
    return form(text) in UPDATE_KEYWORDS


def form(text: str) -> str | None:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE), or an update's first operation: the first
    keyword after the prologue."""
    return next((word for word in keywords(text) if word not in _PROLOGUE), None)


def where_end(text: str) -> int | None:
    """Where the `}` that closes the query's WHERE group is: the last group at the top level that
    is not a VALUES block's data. None when there is none, or when the query is `CONSTRUCT WHERE
    { ... }`, whose one group is also its template."""
    depth, groups, end, values, last = 0, 0, None, False, ""
    for m in _TOKEN_RE.finditer(text, len(text) - len(text.lstrip("\ufeff"))):
        if m["word"] and m["local"] is None:
            last = m["word"].upper() if depth == 0 else last
        elif m[0] == "{":
            values = values if depth else last == "VALUES"
            depth += 1
        elif m[0] == "}" and depth:
            depth -= 1
            if depth == 0 and not values:
                groups, end = groups + 1, m.start()
    return None if groups == 1 and form(text) == "CONSTRUCT" else end


def uses_federation(text: str) -> bool:
    """The text may ask for a remote service (`SERVICE`, also `SERVICE SILENT`). pyoxigraph's
    parser needs no space around a keyword (`1e5SERVICE<...>`, `trueSERVICE`, `SERVICE:name` all
    call out), so any bare word that contains SERVICE counts, whatever it is glued to."""
    return any(m["word"] and "SERVICE" in m["word"].upper() for m in _TOKEN_RE.finditer(text.lstrip("\ufeff")))


@dataclass(frozen=True)
class Names:
    """The names a SPARQL text uses, read lexically: its variables in order of first use, the
    prefixes it declares (name -> IRI) and the prefixes its prefixed names use."""

    variables: tuple[str, ...]
    declared: dict[str, str]
    used: frozenset[str]


def names(text: str) -> Names:
    """What `Names` says, in the same one linear pass as the guards above."""
    variables: dict[str, None] = {}
    declared: dict[str, str] = {}
    used: set[str] = set()
    pending: str | None = None  # after PREFIX: "name" until its prefix is read, then that prefix
    expect = ""  # what a PREFIX declaration reads next: "", "prefix" or "iri"
    for m in _TOKEN_RE.finditer(text.lstrip("\ufeff")):
        token = m[0]
        if (m["other"] is not None and token.isspace()) or token.startswith("#"):  # blanks and comments
            continue
        if expect == "prefix" and (m["word"] and m["local"] == ":" or token == ":"):
            pending, expect = (m["word"] or ""), "iri"
            continue
        if expect == "iri" and token.startswith("<") and pending is not None:
            declared.setdefault(pending, token[1:-1])
        expect, pending = "", None
        if m["word"] and m["local"] is None and m["word"].upper() == "PREFIX":
            expect = "prefix"
        elif m["word"] and m["local"] is not None and m["word"] != "_":  # `_:b` is a blank node, no prefix
            used.add(m["word"])
        elif token[0] in "?$" and len(token) > 1:
            variables.setdefault(token[1:])
    return Names(tuple(variables), declared, frozenset(used))
