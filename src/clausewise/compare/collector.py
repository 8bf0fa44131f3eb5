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
            gc.enable()
