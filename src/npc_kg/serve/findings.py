"""The validation report's findings about a resource, for the pages that show it.

The build writes them to report.json beside the graph (warnings and notes that did not stop the
build: a stated rate the counts do not give, two tallies of one vote that disagree); a vote's row on
its session page says so, as the report does, rather than presenting the numbers as settled.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SEVERITY_WORDS = {"violation": "Violation", "warning": "Warning", "info": "Note"}


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation", "Warning" or "Note"
    message: str


@lru_cache(maxsize=8)
def findings(report: Path) -> dict[str, tuple[Finding, ...]]:
    """Findings by focus IRI; none when the build has no (readable) report."""
    try:
        results = json.loads(report.read_text(encoding="utf-8")).get("results", [])
    except (OSError, ValueError, AttributeError):
        return {}
    found: dict[str, list[Finding]] = defaultdict(list)
    for result in results:
        if isinstance(result, dict) and result.get("focus") and result.get("message"):
            severity = SEVERITY_WORDS.get(str(result.get("severity")), "Note")
            found[str(result["focus"])].append(Finding(severity, str(result["message"])))
    return {focus: tuple(sorted(set(items), key=lambda f: (f.severity, f.message))) for focus, items in found.items()}
