"""The credit portal's 双公示 pages and the public API: what anyone may ask the platform.

``GET /``, ``GET /?q=NAME_OR_CODE&kind=license|penalty&page=N``
    the search page and its result list (name, kind, decision number, date, 公示截止).
``GET /records/{key}``
    one record's public view, its fields under their Chinese labels.
``GET /api/v1/public/records?q=&kind=&page=``
    the same search as JSON: ``{"total", "page", "records": [{"key", "kind", "fields",
    "published_until"}]}``, 20 a page.
``GET /api/v1/public/records/{key}``
    one record, or 404.

Nothing here needs a token, and nothing shows more than the publisher's masked view
(:mod:`sgs.platform.public`): a withheld, withdrawn, expired or unknown key gets
the same 404. Each client address may make ``[portal] rate`` requests a minute
of these routes (a token bucket, :mod:`sgs.platform.web.ratelimit`); beyond it,
429 with ``Retry-After`` — JSON for the API, a small page for the portal.

``GET /portal.css``
    the pages' style sheet (linked, not inlined, so the pages' Content-Security-Policy
    needs no ``'unsafe-inline'``: :mod:`sgs.platform.web.headers`).

The pages are the Jinja2 templates of :mod:`sgs.publication.pages`, the same ones the
static export writes with; a ``[portal] templates`` folder holding any of them
replaces the built-in one of the same name.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from sgs.errors import SgsError
from sgs.platform.config import PlatformConfig
from sgs.platform.public import PublicPage, PublicRecords, view_to_dict
from sgs.platform.publishing import portal_pages
from sgs.platform.web.ratelimit import RateLimiter, json_refusal
from sgs.publication import PublicView
from sgs.standard import Kind

__all__ = ["portal_routes"]

#: The longest query taken; the rest is ignored.
MAX_QUERY = 100

Handler = Callable[[Request], Awaitable[Response]]

#: How long a browser may keep the style sheet, seconds.
STYLESHEET_MAX_AGE = 300


class _BadQuery(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "-"


def _query(request: Request) -> tuple[str, Kind | None, int]:
    params = request.query_params
    text = " ".join(params.get("q", "").split())[:MAX_QUERY]
    kind_text = params.get("kind", "").strip()
    try:
        kind = Kind.parse(kind_text) if kind_text else None
    except SgsError:
        raise _BadQuery("kind 应为 license（行政许可）或 penalty（行政处罚）",
                        "kind must be license or penalty") from None  # fmt: skip
    page_text = params.get("page", "1").strip() or "1"
    if not (page_text.isascii() and page_text.isdigit() and len(page_text) <= 6
            and int(page_text) >= 1):  # fmt: skip
        raise _BadQuery("page 应为正整数", "page must be a positive whole number")
    return text, kind, int(page_text)


def portal_routes(config: PlatformConfig, public: PublicRecords) -> list[Route]:
    """The portal's pages and the public API over ``public``, rate-limited per client address."""
    site = portal_pages(config, public.standard)
    limiter = RateLimiter(config.portal_rate)

    def html(text: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
        # the security headers (the page's Content-Security-Policy) come from SecurityHeaders
        return HTMLResponse(text, status_code=status, headers=headers)

    def error_page(status: int, heading: str, message: str,
                   headers: dict[str, str] | None = None) -> HTMLResponse:  # fmt: skip
        return html(site.error(heading, message, root="/"), status, headers)

    def limited(handler: Handler, *, api: bool) -> Handler:
        async def wrapped(request: Request) -> Response:
            wait = limiter.take(client_address(request))
            if wait is None:
                return await handler(request)
            headers = {"Retry-After": str(max(1, math.ceil(wait)))}
            if api:
                return json_refusal(429, "too-many-requests", "请求过于频繁，请稍后再试",
                                  "too many requests; try again later", headers)  # fmt: skip
            return error_page(429, "请求过于频繁", "请稍后再试。", headers)

        return wrapped

    def row(view: PublicView) -> dict[str, str]:
        return site.row(view, f"/records/{quote(view.key, safe='')}")

    def link(text: str, kind: Kind | None, number: int) -> str:
        params = {"q": text, **({"kind": str(kind)} if kind else {}), "page": str(number)}
        return "/?" + urlencode(params)

    async def search_page(request: Request) -> Response:
        try:
            text, kind, number = _query(request)
        except _BadQuery as exc:
            return error_page(400, "查询条件有误", exc.zh)
        searched = bool(text) or "q" in request.query_params
        found = (await run_in_threadpool(public.search, text, kind, number) if searched
                 else PublicPage(total=0, page=1, records=()))  # fmt: skip
        return html(site.render(
            "search.html", root="/", query=text, kind=str(kind) if kind else "",
            searched=searched, page=found, rows=[row(v) for v in found.records],
            previous=link(text, kind, number - 1) if number > 1 else "",
            next=link(text, kind, number + 1) if number < found.pages else "",
        ))  # fmt: skip

    async def record_page(request: Request) -> Response:
        view = await run_in_threadpool(public.one, request.path_params["key"])
        if view is None:
            return error_page(404, "未找到该记录", "该记录不存在或不在公示期内。")
        return html(site.record(view, root="/"))

    async def search_api(request: Request) -> Response:
        try:
            text, kind, number = _query(request)
        except _BadQuery as exc:
            return json_refusal(400, "bad-request", exc.zh, exc.en)
        found = await run_in_threadpool(public.search, text, kind, number)
        return JSONResponse(found.to_dict())

    async def record_api(request: Request) -> Response:
        view = await run_in_threadpool(public.one, request.path_params["key"])
        if view is None:
            return json_refusal(404, "not-found", "该记录不存在或不在公示期内",
                              "no such record is published")  # fmt: skip
        return JSONResponse(view_to_dict(view))

    stylesheet = site.stylesheet().encode("utf-8")

    async def stylesheet_file(request: Request) -> Response:
        return Response(stylesheet, media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": f"public, max-age={STYLESHEET_MAX_AGE}"})  # fmt: skip

    return [
        Route("/portal.css", stylesheet_file, methods=["GET"]),
        Route("/", limited(search_page, api=False), methods=["GET"]),
        Route("/records/{key}", limited(record_page, api=False), methods=["GET"]),
        Route("/api/v1/public/records", limited(search_api, api=True), methods=["GET"]),
        Route("/api/v1/public/records/{key}", limited(record_api, api=True), methods=["GET"]),
    ]
