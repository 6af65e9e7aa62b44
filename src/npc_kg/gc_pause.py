"""Pausing Python's cycle collector while many small objects are made.

Building an index of a million triples, or turning a large query answer into rows, allocates
objects that form no reference cycles; a collection every few hundred allocations, each walking
every object already made, would cost more than the work itself. Reference counting frees them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
