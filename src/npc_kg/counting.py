"""counting: what a vote's printed figures say, read as the NPC counts a vote.

The NPC prints an approval rate over the deputies present (or over all deputies), not always over
the votes cast, and the articles copy it. A rate the counts do not give is therefore not yet an
error: 2,887 for at a printed 99.31% means some 2,907 deputies were present, so 11 of them did not
vote, and not voting is itself what people study. Only a rate that no attendance explains (fewer
deputies than ballots were cast, or more than the congress's seats) is a contradiction.

A printed rate is rounded: 99.31 stands for every ratio in [99.305, 99.315), so it fits a range of
attendances, and every comparison here is exact (Fraction), never a float. The module is pure:
map.py publishes what it finds, and the shapes check the published figures again in SPARQL.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

MAX_SEATS = 3000  # the Electoral Law caps the NPC at 3,000 deputies
_AMEND_RE = re.compile(r"\bamend", re.I)  # two searches, no ".*" between them: linear on any topic
_CONSTITUTION_RE = re.compile(r"\bconstitution", re.I)


class RateBasis(str, Enum):
    """What a stated rate is a share of, as far as the figures tell."""

    VOTES_CAST = "votes cast"  # for / (for + against + abstain) rounds to it
    ATTENDANCE = "attendance"  # some number of deputies present between the ballots and the seats
    NONE = "none"  # nothing between the ballots cast and the seats gives it: the source contradicts itself


@dataclass(frozen=True)
class RateReading:
    """How a stated rate is explained; `present` is the range of attendances (fewest, most) that
    give it, set only when the basis is ATTENDANCE."""

    basis: RateBasis
    cast: int  # ballots: for, against, abstain and void
    seats: int  # the most deputies the vote can have: the stated total, else the legal cap
    present: tuple[int, int] | None = None

    @property
    def not_voting(self) -> tuple[int, int] | None:
        """Deputies present who cast no ballot, fewest and most."""
        return None if self.present is None else (self.present[0] - self.cast, self.present[1] - self.cast)


def precision(rate: Decimal) -> Decimal:
    """The unit of the rate's last printed digit: 0.01 for 99.31 and 99.90, 0.1 for 99.9, 1 for 99."""
    exponent = rate.as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def rounds_to(part: int, whole: int, rate: Decimal) -> bool:
    """Whether part / whole, in percent, is printed as `rate` (rounding half up at its precision)."""
    if whole <= 0:
        return False
    half = Fraction(precision(rate)) / 2
    return Fraction(rate) - half <= Fraction(100 * part, whole) < Fraction(rate) + half


def attendances(yes: int, rate: Decimal, seats: int) -> tuple[int, int]:
    """The fewest and most deputies present (at most `seats`, at least 1) at which `yes` votes in
    favour are printed as `rate`; fewest > most when none is."""
    half = Fraction(precision(rate)) / 2
    low, high = Fraction(rate) - half, Fraction(rate) + half
    fewest = math.floor(Fraction(100 * yes) / high) + 1  # yes / N < high: N above 100 yes / high
    most = math.floor(Fraction(100 * yes) / low) if low > 0 else seats  # yes / N >= low
    return fewest, min(most, seats)


def read_rate(yes: int, no: int, abstain: int, rate: Decimal, void: int | None = None,
              seats: int | None = None) -> RateReading:
    """Read a stated approval rate against the counts, then against every possible attendance."""
    cast = yes + no + abstain + (void or 0)
    cap = seats if seats is not None else MAX_SEATS
    if rounds_to(yes, yes + no + abstain, rate):
        return RateReading(RateBasis.VOTES_CAST, cast, cap)
    fewest, most = attendances(yes, rate, cap)
    fewest = max(fewest, cast)
    if fewest > most:
        return RateReading(RateBasis.NONE, cast, cap)
    return RateReading(RateBasis.ATTENDANCE, cast, cap, (fewest, most))


def amends_constitution(topic: str) -> bool:
    """Whether a resolution's topic is an amendment to the Constitution, adopted only by more than
    two-thirds of all deputies (Constitution, art. 64)."""
    return _AMEND_RE.search(topic) is not None and _CONSTITUTION_RE.search(topic) is not None


def result(yes: int | None, counted: int, amendment: bool, present: int | None = None,
           seats: int | None = None) -> str | None:
    """'pass' or 'fail' when the figures settle it, else None.

    The NPC adopts by a majority of ALL its deputies, more than two-thirds for an amendment to the
    Constitution (art. 64), not of the votes cast. When the article does not say how many deputies
    the congress has, they number at most the legal cap (so more than 1,500, or 2,000, in favour
    settles 'pass') and at least the ballots and attendance it reports (so fewer in favour than half,
    or two-thirds, of those settles 'fail')."""
    if yes is None:
        return None
    share = Fraction(2, 3) if amendment else Fraction(1, 2)
    most = seats if seats is not None else MAX_SEATS
    fewest = seats if seats is not None else max(counted, present or 0)
    if yes > share * most:
        return "pass"
    if yes <= share * fewest:
        return "fail"
    return None
