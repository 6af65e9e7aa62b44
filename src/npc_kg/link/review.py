"""links-review.csv: the candidates the match rule would not take, for a person to decide.

Each row is one candidate for one entity. A reviewer writes `accept` or `reject` in the `decision`
column; the next run links accepted rows (method `manual`), never offers rejected ones again, and
keeps both rows in the file so that the decisions survive re-runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from rdflib import URIRef

from ..errors import InputError
from .entities import Kind
from .sources import QID

COLUMNS = ("entity", "label", "kind", "candidate_qid", "candidate_label", "score", "evidence", "decision")


class Decision(str, Enum):
    ACCEPT = "accept"
    REJECT = "reject"
    UNDECIDED = ""


@dataclass(frozen=True)
class ReviewRow:
    entity: URIRef
    label: str
    kind: Kind
    qid: str
    candidate_label: str
    score: float
    evidence: str
    decision: Decision = Decision.UNDECIDED


def read_review(path: Path | str) -> tuple[ReviewRow, ...]:
    """The rows of a review file; no file yet means no decisions yet."""
    path = Path(path)
    if not path.exists():
        return ()
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = set(COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise InputError(f"not a links review file: no column {', '.join(sorted(missing))}", str(path), 1)
            return tuple(_row(record, path, reader.line_num) for record in reader)
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"not a readable CSV file: {error}", str(path), 1) from error


def ordered(rows: Iterable[ReviewRow]) -> tuple[ReviewRow, ...]:
    """By entity, best candidate first: the order of the file and of `LinkResult.review`."""
    return tuple(sorted(rows, key=lambda r: (str(r.entity), -r.score, r.qid)))


def review_csv(rows: Iterable[ReviewRow]) -> bytes:
    """links-review.csv, rows in order (written with the build, atomically, by `publish`)."""
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in ordered(rows):
        writer.writerow((r.entity, r.label, r.kind.value, r.qid, r.candidate_label, f"{r.score:.3f}", r.evidence,
                         r.decision.value))
    return handle.getvalue().encode("utf-8")


def _row(record: dict[str, str | None], path: Path, line: int) -> ReviewRow:
    def cell(column: str) -> str:
        return (record.get(column) or "").strip()

    if not QID.fullmatch(cell("candidate_qid")):
        raise InputError(f"bad review row: {cell('candidate_qid')!r} is not a Wikidata QID", str(path), line)
    try:
        return ReviewRow(URIRef(cell("entity")), cell("label"), Kind(cell("kind")), cell("candidate_qid"),
                         cell("candidate_label"), float(cell("score") or 0), cell("evidence"),
                         Decision(cell("decision").lower()))
    except ValueError as error:
        raise InputError(f"bad review row ({error}); decision is accept, reject or empty", str(path), line) from error
