"""Numbers as people write them: "56.9 trillion yuan", "7.7%", "13.1 million jobs", "US$4 trillion".

The graph keeps a figure's full magnitude (`schema:value` 56900000000000) beside the number as the
article printed it (`npc:statedValue` 56.9, `npc:scale` "trillion"); a page shows the printed form,
with the unit in words, so a reader sees what the article said and not a string of zeros.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SCALES = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
          "trillion": Decimal(10) ** 12}
# unit -> (before the number, after it); units not listed are written after the number as they are.
UNITS = {"percent": ("", "%"), "CNY": ("", " yuan"), "USD": ("US$", ""), "jobs": ("", " jobs"),
         "people": ("", " people"), "tonnes": ("", " tonnes")}


def number(value: Decimal | int | str) -> str:
    """A number with thousands separators and no trailing zeros: 2887 -> "2,887", 6.0 -> "6"."""
    try:
        exact = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{exact.normalize():,f}"


@dataclass(frozen=True)
class Amount:
    """A figure's numbers: one value, or a range low-high (either end may be open), in full magnitude."""

    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None
    scale: str | None = None  # the article's scale word, when it used one


def amount(a: Amount, qualifier: str | None = None) -> str:
    """"about 7.5%", "6-6.5%", "56.9 trillion yuan", "US$4 trillion", "not above 3%"."""
    factor = SCALES.get(a.scale or "", Decimal(1))
    low = a.low if a.low is not None else a.value
    ends = [end for end in (low, a.high) if end is not None]
    if not ends:
        return ""
    printed = "–".join(dict.fromkeys(number(end / factor) for end in ends))
    if a.scale in SCALES:
        printed += f" {a.scale}"
    before, after = UNITS.get(a.unit or "", ("", f" {a.unit}" if a.unit else ""))
    text = f"{before}{printed}{after}"
    return f"{qualifier} {text}" if qualifier else text


def rate(percent: Decimal | None, digits: int = 2) -> str:
    """A rate in percent: 99.31 -> "99.31%"."""
    return "" if percent is None else f"{percent:.{digits}f}%"
