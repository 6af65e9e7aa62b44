"""An article's optional sidecar, `<stem>.source` beside `<stem>.txt`: which Wikipedia revision the
article renders and when it was retrieved (docs/article-format.md gives the format).

It is a note about the source, not part of it: whatever in it cannot be read is a warning naming
the sidecar's file and line, and the rest (the article above all) is used as usual, never an error.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .model import SourceRevision, SourceWarning, Span

SUFFIX = ".source"
PERMALINK = "https://en.wikipedia.org/w/index.php?oldid={}"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_REVISION = re.compile(r"[1-9]\d{0,11}")
KEYS = ("revision", "retrieved")


def sidecar_path(article: Path) -> Path:
    """Where an article's sidecar is: beside it, named by its stem (`npc-12-2.source`)."""
    return article.parent / f"{article.stem}{SUFFIX}"


def read_sidecar_bytes(article: Path) -> bytes | None:
    """The sidecar's bytes, or None when the article has none (or it cannot be read as a file)."""
    path = sidecar_path(article)
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def read_sidecar(data: bytes, name: str) -> SourceRevision:
    """The revision and retrieval date a sidecar gives, and a warning for each line it cannot read."""
    problems: list[SourceWarning] = []

    def warn(number: int, text: str, message: str) -> None:
        problems.append(SourceWarning(Span(name, number, text), f"{message}; the line is ignored"))

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return SourceRevision(None, None, (SourceWarning(Span(name, line), "not UTF-8 text: the sidecar is ignored"),))
    found: dict[str, tuple[int, str]] = {}
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not colon or key not in KEYS:
            warn(number, line, "not a 'revision: ...' or 'retrieved: ...' line")
        elif key in found:
            warn(number, line, f"'{key}' is given again (line {found[key][0]} is kept)")
        elif not value:
            warn(number, line, f"'{key}' has no value")
        else:
            reading = _revision(value) if key == "revision" else _retrieved(value)
            if reading is None:
                expected = ("a revision number or its permanent URL, https://en.wikipedia.org/w/index.php?oldid=N"
                            if key == "revision" else "a date, YYYY-MM-DD, or a UTC time, YYYY-MM-DDThh:mm:ssZ")
                warn(number, line, f"'{key}' is not {expected}")
            else:
                found[key] = (number, reading)
    revision, retrieved = found.get("revision"), found.get("retrieved")
    return SourceRevision(revision[1] if revision else None, retrieved[1] if retrieved else None, tuple(problems))


def _revision(value: str) -> str | None:
    """The permanent URL of a revision given as its number or as a URL naming it (oldid=N)."""
    if _REVISION.fullmatch(value):
        return PERMALINK.format(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or parts.netloc != "en.wikipedia.org" or parts.path != "/w/index.php":
        return None
    ids = parse_qs(parts.query).get("oldid", [])
    return PERMALINK.format(ids[0]) if len(ids) == 1 and _REVISION.fullmatch(ids[0]) else None


def _retrieved(value: str) -> str | None:
    """A date or UTC time that exists, as written."""
    try:
        if _DATE.fullmatch(value):
            dt.date.fromisoformat(value)
        elif _DATE_TIME.fullmatch(value):
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            return None
    except ValueError:
        return None
    return value
