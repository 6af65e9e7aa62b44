"""Votes as an inline SVG bar chart, generated on the server: no script, works offline.

One row per vote: its label, then a horizontal bar split into for / against / abstain on a scale
shared by all rows (so a short bar means fewer deputies voted), and the counts written out, because
against and abstain are often a sliver of a 2,900-vote bar. Unknown counts are never drawn as 0:
a vote without any known count reads "no counts".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

Counts = tuple[int | None, int | None, int | None]  # for, against, abstain; None when unknown

OPTIONS = (("for", "#2e7d32"), ("against", "#c62828"), ("abstain", "#8d8d8d"))
WIDTH, BAR_WIDTH, ROW_HEIGHT, LEGEND_HEIGHT, LABEL_CHARS = 760, 430, 46, 30, 100


@dataclass(frozen=True)
class Row:
    label: str
    href: str | None
    counts: Counts


def _label(row: Row) -> str:
    text = row.label if len(row.label) <= LABEL_CHARS else row.label[:LABEL_CHARS - 1] + "…"
    label = f'<text x="0" y="14" class="label">{escape(text)}<title>{escape(row.label)}</title></text>'
    return f'<a href="{escape(row.href)}">{label}</a>' if row.href else label


def _bar(counts: Counts, scale: float) -> str:
    if all(count is None for count in counts):
        return '<text x="0" y="33" class="none" fill="#666" font-style="italic">no counts</text>'
    parts, x = [], 0.0
    for (name, colour), count in zip(OPTIONS, counts, strict=True):
        if count:
            width = max(count * scale, 2.0)
            parts.append(f'<rect class="bar {name}" x="{x:.1f}" y="21" width="{width:.1f}" height="16" '
                         f'fill="{colour}"><title>{count:,} {name}</title></rect>')
            x += width
    words = [f"{count:,} {name}" if count is not None else f"{name}: no count"
             for (name, _), count in zip(OPTIONS, counts, strict=True)]
    parts.append(f'<text x="{x + 8:.1f}" y="33" class="counts">{" · ".join(words)}</text>')
    return "".join(parts)


def vote_chart(rows: Sequence[Row], title: str) -> str:
    """An <svg> element (no XML declaration) to place inline in an HTML page."""
    largest = max((sum(c or 0 for c in row.counts) for row in rows), default=0)
    scale = BAR_WIDTH / largest if largest else 0.0
    height = LEGEND_HEIGHT + ROW_HEIGHT * len(rows)
    legend = "".join(f'<rect x="{i * 110}" y="4" width="14" height="14" fill="{colour}"/>'
                     f'<text x="{i * 110 + 20}" y="16">{name}</text>' for i, (name, colour) in enumerate(OPTIONS))
    body = "".join(f'<g class="row" transform="translate(0,{LEGEND_HEIGHT + i * ROW_HEIGHT})">'
                   f"{_label(row)}{_bar(row.counts, scale)}</g>" for i, row in enumerate(rows))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" font-family="system-ui, sans-serif" font-size="13">'
            f"<title>{escape(title)}</title><g class=\"legend\">{legend}</g>{body}</svg>")
