"""Security headers on every answer of the platform's HTTP service (等级保护 basics).

:class:`SecurityHeaders` is an ASGI middleware around the whole application, so every
route has them — the API, the portal's pages, the routes added later, the 404 and 405
of the router and the 413 and 429 of the limits:

``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``, ``X-Frame-Options: DENY``
    always;
``Content-Security-Policy``
    :data:`PAGE_POLICY` on HTML pages (no script at all, no inline style, the style sheet
    from the platform itself, forms only to it, never framed), :data:`OTHER_POLICY` on
    anything else;
``Cache-Control: no-store``
    on every ``/api/`` answer (authenticated answers hold a department's data; the public
    API's answers change as records are published and withdrawn), unless the route set
    its own;
``Strict-Transport-Security``
    when the request came over TLS (``https``).

>>> headers = answer_headers(path="/api/v1/returns", scheme="http", content_type="application/json")
>>> headers["cache-control"], headers["x-frame-options"], "strict-transport-security" in headers
('no-store', 'DENY', False)
>>> page = answer_headers(path="/", scheme="https", content_type="text/html; charset=utf-8")
>>> page["content-security-policy"] == PAGE_POLICY, page["strict-transport-security"]
(True, 'max-age=31536000')
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["OTHER_POLICY", "PAGE_POLICY", "SecurityHeaders", "answer_headers"]

#: The Content-Security-Policy of HTML pages: no script, no inline style, no framing.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
#: The Content-Security-Policy of every other answer (JSON, workbooks, the style sheet).
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
#: Strict-Transport-Security over TLS: a year.
HSTS = "max-age=31536000"


def answer_headers(*, path: str, scheme: str, content_type: str) -> dict[str, str]:
    """The security headers of an answer to ``path`` (lower-case names)."""
    html = content_type.split(";")[0].strip().lower() == "text/html"
    headers = {
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "content-security-policy": PAGE_POLICY if html else OTHER_POLICY,
    }
    if path.startswith("/api/"):
        headers["cache-control"] = "no-store"
    if scheme in ("https", "wss"):
        headers["strict-transport-security"] = HSTS
    return headers


class SecurityHeaders:
    """Adds :func:`answer_headers` to every HTTP answer of ``app``.

    The security headers replace any of the same name the route set, except
    ``Cache-Control``, which a route may choose itself (the style sheet does).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, scheme = scope.get("path", ""), scope.get("scheme", "http")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {name.lower() for name, _ in raw}
                content_type = next(
                    (v.decode("latin-1") for n, v in raw if n.lower() == b"content-type"), ""
                )
                added = answer_headers(path=path, scheme=scheme, content_type=content_type)
                kept = [(n, v) for n, v in raw
                        if n.lower().decode("latin-1") not in added or n.lower() == b"cache-control"]  # fmt: skip
                for name, value in added.items():
                    if name == "cache-control" and b"cache-control" in present:
                        continue
                    kept.append((name.encode("latin-1"), value.encode("latin-1")))
                message = {**message, "headers": kept}
            await send(message)

        await self.app(scope, receive, sending)
