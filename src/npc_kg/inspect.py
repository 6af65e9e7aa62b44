"""What one stage makes of one article, printed for people debugging an extraction.

`parse` and `extract` print their dataclasses as JSON (spans included, so every value shows the
line it came from); `map` prints the article's graph as Turtle.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from pathlib import Path

from .errors import reported_as
from .extract import extract_document
from .rdf.iris import Minter
from .parse import parse_article


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    raise TypeError(f"cannot show {type(value).__name__}")


def render_stage(path: Path, stage: str, base: str | None = None) -> str:
    with reported_as(path):
        document = parse_article(path)
        if stage == "parse":
            return json.dumps(dataclasses.asdict(document), indent=2, ensure_ascii=False, default=_plain) + "\n"
        records = extract_document(document, path.stem)
    if stage == "extract":
        return json.dumps(dataclasses.asdict(records), indent=2, ensure_ascii=False, default=_plain) + "\n"
    from .map import map_corpus

    from .publish import turtle

    return turtle(map_corpus([records], Minter(base)).triples()).decode("utf-8")
