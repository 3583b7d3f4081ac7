"""Token buckets per client address and per credential, and the body size limit.

:class:`RateLimiter` is the bucket; the portal's public routes use one per client address
(``[portal] rate``), and :class:`ApiLimits` (an ASGI middleware) one per credential —
the SHA-256 of the bearer token, never the token — and one per client address over every
``/api/v1/`` route (``[serve] rate_per_token``, ``rate_per_address``), and refuses bodies
over ``[serve] max_body``.

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

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The most bytes of request headers (names and values together) taken; beyond, 431.
MAX_HEAD = 16 * 1024
#: The most request headers taken; beyond, 431.
MAX_HEADERS = 100

__all__ = [
    "MAX_HEAD",
    "MAX_HEADERS",
    "ApiLimits",
    "BodyTooLarge",
    "RateLimiter",
    "credential_of",
    "json_refusal",
]


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


def json_refusal(status: int, error: str, zh: str, en: str,
                 headers: dict[str, str] | None = None) -> JSONResponse:  # fmt: skip
    """The platform's JSON refusal: ``{"error", "message", "message_en"}``."""
    body = {"error": error, "message": zh, "message_en": en}
    return JSONResponse(body, status_code=status, headers=headers)


class BodyTooLarge(Exception):
    """A request body grew past ``[serve] max_body`` while a route was reading it."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the body is over the limit of {limit} bytes")
        self.limit = limit

    def response(self) -> JSONResponse:
        return json_refusal(413, "too-large", f"请求体超过 {self.limit} 字节的上限",
                            f"the body is over the limit of {self.limit} bytes")  # fmt: skip


def credential_of(authorization: str) -> str | None:
    """The SHA-256 (hex) of the bearer token in an ``Authorization`` header, or ``None``.

    Only this hash is kept in the limiter's memory, never the token.

    >>> credential_of("Bearer tok-1") == credential_of("bearer  tok-1 ")
    True
    >>> credential_of("Basic abc") is None, len(credential_of("Bearer tok-1") or "")
    (True, 64)
    """
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return hashlib.sha256(token.encode("utf-8", errors="surrogateescape")).hexdigest()


class ApiLimits:
    """ASGI middleware: request rates per credential and per client address on every
    ``/api/v1/`` route, and the body size on every route.

    Each bearer token (by its hash) may make ``per_token`` requests a minute and each
    client address ``per_address``; beyond, 429 with ``Retry-After`` and a JSON body. A
    ``Content-Length`` over ``max_body`` is refused with 413 before the body is read; a
    body without one (chunked) that grows past it raises :class:`BodyTooLarge` in the
    route reading it (the application answers 413). A ``Content-Length`` that is not a
    number is 400. More than :data:`MAX_HEADERS` headers or :data:`MAX_HEAD` bytes of
    them is 431, on every route (uvicorn bounds a head still arriving by the same size).
    """

    def __init__(self, app: ASGIApp, *, per_token: int, per_address: int, max_body: int,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.app, self.max_body = app, max_body
        self.tokens = RateLimiter(per_token, clock=clock)
        self.addresses = RateLimiter(per_address, clock=clock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        limit, seen = self.max_body, 0

        async def receiving() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, receiving, send)

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        raw = scope.get("headers", [])
        if len(raw) > MAX_HEADERS or sum(len(n) + len(v) for n, v in raw) > MAX_HEAD:
            return json_refusal(431, "headers-too-large", "请求头过多或过大",
                                "the request's headers are too many or too large")  # fmt: skip
        headers = Headers(scope=scope)
        lengths = headers.getlist("content-length")
        if lengths:
            text = lengths[0].strip()
            if len(set(lengths)) > 1 or not (text.isascii() and text.isdigit()):
                return json_refusal(400, "bad-request", "Content-Length 无效",
                                    "the Content-Length is not valid")  # fmt: skip
            if int(text) > self.max_body:
                return BodyTooLarge(self.max_body).response()
        if not scope.get("path", "").startswith("/api/v1/"):
            return None
        client = scope.get("client")
        address = client[0] if client else "-"
        waits = [self.addresses.take(address)]
        credential = credential_of(headers.get("authorization", ""))
        if credential is not None:
            waits.append(self.tokens.take(credential))
        wait = max((w for w in waits if w is not None), default=None)
        if wait is None:
            return None
        return json_refusal(429, "too-many-requests", "请求过于频繁，请稍后再试",
                            "too many requests; try again later",
                            {"Retry-After": str(max(1, math.ceil(wait)))})  # fmt: skip
