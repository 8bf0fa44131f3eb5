"""Pause Python's cyclic garbage collector while a comparison or redline builds its many objects.

Comparing two 2,000-clause rounds and merging their renderings allocates hundreds of thousands of
small objects (atoms, lxml proxies) that reference counting frees; the cyclic collector would
rescan the growing heap again and again meanwhile (about a third of the redline's time). Nested
pauses are fine: only the outermost one switches the collector back on.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Run the enclosed block with the cyclic garbage collector off (restored afterwards)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything allocated meanwhile counts as new: switched back on as is, the collector
            # would at once scan all of it (a quarter of a second after a large redline). Passing
            # the survivors to the oldest generation (freeze, then unfreeze) skips that scan;
            # they are still freed by reference counting, and cycles among them by a full collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
