"""A token bucket per client address, for the platform's public routes.

Each address may make ``rate`` requests a minute, in bursts of up to ``rate``:
its bucket holds ``rate`` tokens, refills at ``rate / 60`` a second, and a
request takes one. An empty bucket answers how many seconds until the next
token. Only the latest ``capacity`` addresses are remembered (the least recently
seen is forgotten first, as if its bucket were full), so a flood of addresses
cannot grow memory without bound.

>>> now = [0.0]
>>> limiter = RateLimiter(2, clock=lambda: now[0])
>>> limiter.take("a"), limiter.take("a"), limiter.take("a"), limiter.take("b")
(None, None, 30.0, None)
>>> now[0] = 30.0
>>> limiter.take("a"), limiter.take("a")
(None, 30.0)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["RateLimiter"]


class RateLimiter:
    """``rate`` requests a minute per key (a client address); thread-safe."""

    def __init__(self, rate: int, *, capacity: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        if rate < 1:
            raise ValueError("rate must be at least 1 a minute")
        self.rate, self.capacity, self.clock = rate, capacity, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float | None:
        """Take a token for ``key``: ``None`` when it may go on, else seconds to wait."""
        per_second = self.rate / 60
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.pop(key, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - then) * per_second)
            wait = None if tokens >= 1 else (1 - tokens) / per_second
            self._buckets[key] = (tokens - 1 if wait is None else tokens, now)
            while len(self._buckets) > self.capacity:
                self._buckets.popitem(last=False)
            return wait
