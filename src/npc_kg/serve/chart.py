"""Chart geometry for the inline SVG the templates draw (`templates/charts.html`): numbers only, so
a publisher restyles the charts in the templates and the CSS, and no script is needed.

Votes: one row per vote, a horizontal bar split into for / against / abstain on a scale shared by
all rows (a short bar means fewer deputies voted), with the counts written out, because against and
abstain are often a sliver of a 2,900-vote bar. Unknown counts are never drawn as 0: a vote
without any known count reads "no counts".

Measures: one column per year; a year's target is a band (a range, or a bound open towards the top
or the bottom of the plot) or a line ("about"), and its outcome a point whose shape says met (a
filled circle), missed (a cross) or undecided (a hollow circle), so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from math import floor, log10

from .wording import number

Counts = tuple[int | None, int | None, int | None]  # for, against, abstain; None when unknown

OPTIONS = ("for", "against", "abstain")
WIDTH, BAR_WIDTH, ROW_HEIGHT, LEGEND_HEIGHT, LABEL_CHARS = 760, 430, 46, 30, 100


@dataclass(frozen=True)
class Row:
    label: str
    href: str | None
    counts: Counts


@dataclass(frozen=True)
class Bar:
    option: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class VoteRow:
    y: float
    label: str  # cut to LABEL_CHARS; the full label is the row's title
    full_label: str
    href: str | None
    bars: tuple[Bar, ...]
    words: str  # "2,887 for · 1 against · 8 abstain"; empty for "no counts"
    words_x: float


@dataclass(frozen=True)
class VoteChart:
    width: int
    height: int
    rows: tuple[VoteRow, ...]


def vote_chart(rows: Sequence[Row]) -> VoteChart:
    largest = max((sum(c or 0 for c in row.counts) for row in rows), default=0)
    scale = BAR_WIDTH / largest if largest else 0.0
    out = []
    for i, row in enumerate(rows):
        bars, x = [], 0.0
        for option, count in zip(OPTIONS, row.counts, strict=True):
            if count:
                width = max(count * scale, 2.0)
                bars.append(Bar(option, round(x, 1), round(width, 1), count))
                x += width
        known = any(count is not None for count in row.counts)
        words = " · ".join(f"{count:,} {option}" if count is not None else f"{option}: no count"
                           for option, count in zip(OPTIONS, row.counts, strict=True)) if known else ""
        label = row.label if len(row.label) <= LABEL_CHARS else row.label[:LABEL_CHARS - 1] + "…"
        out.append(VoteRow(LEGEND_HEIGHT + i * ROW_HEIGHT, label, row.label, row.href, tuple(bars), words,
                           round(x + 8, 1)))
    return VoteChart(WIDTH, LEGEND_HEIGHT + ROW_HEIGHT * len(rows), tuple(out))


# ---------------------------------------------------------------------- measures

PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM, PLOT_HEIGHT = 64, 20, 16, 36, 260


@dataclass(frozen=True)
class Band:
    """A target: from `low` to `high` (either None when open), or a line at `value` ("about")."""

    low: Decimal | None
    high: Decimal | None
    text: str


@dataclass(frozen=True)
class Point:
    value: Decimal
    met: bool | None
    text: str


@dataclass(frozen=True)
class Year:
    year: int
    targets: tuple[Band, ...]
    outcomes: tuple[Point, ...]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    kind: str  # range, bound, about
    open_top: bool
    open_bottom: bool
    text: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    status: str  # met, missed, undecided
    text: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Column:
    x: float  # its centre
    year: int
    bands: tuple[Rect, ...]
    dots: tuple[Dot, ...]


@dataclass(frozen=True)
class MeasureChart:
    width: int
    height: int
    left: int
    right: float  # the plot's right edge
    top: int
    bottom: int  # the plot's bottom edge
    ticks: tuple[Tick, ...]
    columns: tuple[Column, ...]


def _step(span: Decimal) -> Decimal:
    """A round tick step giving about five ticks over `span`: 1, 2 or 5 times a power of ten."""
    raw = float(span) / 5 or 1.0
    power = Decimal(10) ** floor(log10(raw))
    return next(power * m for m in (1, 2, 5, 10) if power * m >= Decimal(str(raw)))


def measure_chart(years: Sequence[Year]) -> MeasureChart | None:
    """The chart of a measure's years, or None when nothing has a value to draw."""
    values = [v for y in years for v in ([t.low for t in y.targets] + [t.high for t in y.targets]
                                         + [o.value for o in y.outcomes]) if v is not None]
    if not values:
        return None
    low, high = min(values), max(values)
    step = _step(high - low if high > low else abs(high) or Decimal(1))
    bottom = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    top = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if bottom == low:
        bottom -= step
    if top == high:
        top += step
    width = max(WIDTH, PLOT_LEFT + PLOT_RIGHT + 70 * len(years))
    right = width - PLOT_RIGHT
    slot = (right - PLOT_LEFT) / max(len(years), 1)
    plot_bottom = PLOT_TOP + PLOT_HEIGHT

    def y_of(value: Decimal) -> float:
        return round(plot_bottom - float((value - bottom) / (top - bottom)) * PLOT_HEIGHT, 1)

    ticks = []
    value = bottom
    while value <= top:
        ticks.append(Tick(y_of(value), number(value)))
        value += step
    columns = []
    band_width = min(slot * 0.5, 48.0)
    for i, year in enumerate(years):
        centre = round(PLOT_LEFT + (i + 0.5) * slot, 1)
        rects = []
        for band in year.targets:
            if band.low is not None and band.high is not None and band.low != band.high:
                y1, y2, kind = y_of(band.high), y_of(band.low), "range"
            elif band.low is not None and band.high is not None:
                y1, y2, kind = y_of(band.high) - 1.5, y_of(band.high) + 1.5, "about"
            elif band.low is not None:
                y1, y2, kind = float(PLOT_TOP), y_of(band.low), "bound"
            elif band.high is not None:
                y1, y2, kind = y_of(band.high), float(plot_bottom), "bound"
            else:
                continue
            rects.append(Rect(round(centre - band_width / 2, 1), y1, round(band_width, 1), round(y2 - y1, 1), kind,
                              band.high is None, band.low is None, band.text))
        dots = tuple(Dot(centre, y_of(o.value), "undecided" if o.met is None else "met" if o.met else "missed", o.text)
                     for o in year.outcomes)
        columns.append(Column(centre, year.year, tuple(rects), dots))
    return MeasureChart(width, plot_bottom + PLOT_BOTTOM, PLOT_LEFT, right, PLOT_TOP, plot_bottom, tuple(ticks),
                        tuple(columns))
