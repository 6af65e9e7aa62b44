"""Bullet lists and what their introducing paragraph says they hold.

Articles introduce each list with a sentence ("Below are the key points of the country's
achievements in the past year", "requirements for the government's work for the coming year",
"targets for the coming year"); that sentence, not the section heading, says what the bullets are:
a goal or plan for what is to come, or what was achieved. An intro that says neither leaves each
bullet to be read as prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Block, Bullet, Paragraph

ACHIEVEMENTS = "achievements"
GUIDELINES = "guidelines"
TARGETS = "targets"

# Checked in order: "requirements ... for the coming year" is guidelines, not targets.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (GUIDELINES, re.compile(r"\b(?:requirements?|guidelines?|guiding principles|tasks|priorities)\b", re.I)),
    (TARGETS, re.compile(r"\b(?:targets?|goals?|objectives?|projected|expected|(?:plans?|aims?)\s+(?:for|to))\b",
                         re.I)),
    (ACHIEVEMENTS, re.compile(r"\b(?:achievements?|accomplishments?|achieved|accomplished|(?:past|last|previous) "
                              r"(?:year|\w+ years))\b", re.I)),
)


@dataclass(frozen=True)
class BulletList:
    intro: Paragraph | None
    kind: str | None  # ACHIEVEMENTS, GUIDELINES, TARGETS, or None when the intro does not say
    bullets: tuple[Bullet, ...]


def list_kind(intro: str) -> str | None:
    return next((kind for kind, pattern in _KINDS if pattern.search(intro)), None)


def bullet_lists(blocks: Sequence[Block]) -> list[BulletList]:
    """Runs of consecutive bullets, each with the paragraph just before it (in the same section)."""
    lists: list[BulletList] = []
    intro: Paragraph | None = None
    run: list[Bullet] = []
    for block in [*blocks, None]:
        if isinstance(block, Bullet) and (not run or run[-1].section == block.section):
            run.append(block)
            continue
        if run:
            usable = intro if intro is not None and intro.section == run[0].section else None
            lists.append(BulletList(usable, list_kind(usable.text) if usable else None, tuple(run)))
            run = []
        if isinstance(block, Bullet):
            run.append(block)
        intro = block if isinstance(block, Paragraph) else None
    return lists
