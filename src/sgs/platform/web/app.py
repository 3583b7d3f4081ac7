"""The platform's HTTP API, as an ASGI application (Starlette), over an open :class:`Platform`.

``POST /api/v1/records``
    a batch in the wire format (:mod:`sgs.platform.wire`), with
    ``Authorization: Bearer <token>`` and ``Idempotency-Key``; answers
    ``{"results": [{"key", "status", "message", "reasons"}]}`` once the store has
    committed. 401 without a working token (nothing is read), 413 over
    ``[serve] max_body``, 400 for a body that is not the wire format, 503 when the
    store cannot be written (the department's transport retries).
``GET /api/v1/returns[?since=ISO8601&status=pending|fixed|ignored]``
    the calling department's returned records (疑问数据) only;
    ``GET /api/v1/returns.xlsx`` the same as a 退回回执 workbook.
``GET /api/v1/objections``, ``POST /api/v1/objections/{case}/answer``, ``GET /api/v1/repairs``
    a department's 核查通知, its answer, its repaired records; ``/api/v1/staff/…`` the
    staff's objection and repair work; ``GET /api/v1/public/cases/{number}`` the
    subject's view of its case (:mod:`sgs.platform.web.cases`).
``GET /api/v1/health``
    200 when the store answers, else 503.
``GET /api/v1/openapi.json``
    the contract (:mod:`sgs.platform.web.openapi`).
``GET /``, ``GET /records/{key}``, ``GET /api/v1/public/records[/{key}]``
    the credit portal's pages and the public API, without a token, rate-limited per
    client address (:mod:`sgs.platform.web.portal`).

The store's work runs in worker threads, so a slow write does not hold up
other requests. Logs name the department, the batch and the counts — never a
token, never a record's fields.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from sgs.errors import SgsError, StoreError
from sgs.platform.platform import Platform
from sgs.platform.public import PublicRecords
from sgs.platform.publishing import publisher_of
from sgs.platform.returns_book import returns_workbook
from sgs.platform.web.access import access_routes
from sgs.platform.web.cases import case_routes
from sgs.platform.web.headers import SecurityHeaders, answer_headers
from sgs.platform.web.openapi import openapi_document
from sgs.platform.web.portal import client_address, portal_routes
from sgs.platform.web.ratelimit import ApiLimits, BodyTooLarge, json_refusal
from sgs.platform.web.staff_pages import staff_routes
from sgs.platform.wire import WireError
from sgs.store import RETURN_LABELS, Department

__all__ = ["create_app"]

logger = logging.getLogger("sgs.platform")

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Refused(Exception):
    def __init__(self, status: int, error: str, zh: str, en: str, **headers: str) -> None:
        super().__init__(en)
        self.status, self.error, self.zh, self.en, self.headers = status, error, zh, en, headers

    def response(self) -> JSONResponse:
        return json_refusal(self.status, self.error, self.zh, self.en, self.headers)


def _unauthorised() -> _Refused:
    return _Refused(401, "unauthorized", "缺少有效的令牌（Authorization: Bearer …）",
                    "a working token is needed (Authorization: Bearer …)",
                    **{"WWW-Authenticate": 'Bearer realm="sgs"'})  # fmt: skip


def create_app(platform: Platform) -> Starlette:
    """The ASGI application serving ``platform``."""
    standard = platform.checks.standard
    public = PublicRecords(platform.store.received, standard, publisher_of(platform))

    async def caller(request: Request) -> Department:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorised()
        found = await run_in_threadpool(platform.store.departments.authenticate, token.strip())
        if found is None:
            found = await run_in_threadpool(submitter_of, token.strip())
        if found is None:
            raise _unauthorised()
        return found

    def submitter_of(token: str) -> Department | None:
        """The department of a ``submitter`` user holding ``token`` (its own push credential)."""
        user = platform.store.users.authenticate(token)
        if user is None or not user.has("submitter"):
            return None
        try:
            return platform.store.departments.get(user.department)
        except SgsError:
            return None

    async def records(request: Request) -> Response:
        department = await caller(request)
        body = await request.body()  # its size bounded by ApiLimits ([serve] max_body)
        key = request.headers.get("idempotency-key", "").strip()[:128] or None
        try:
            results = await run_in_threadpool(platform.receive, department, body,
                                              idempotency_key=key)  # fmt: skip
        except WireError as exc:
            raise _Refused(400, "bad-request", exc.message_zh, exc.message_en) from None
        except (StoreError, SQLAlchemyError) as exc:
            logger.error("batch from %s not stored: %s", department.code, type(exc).__name__)
            raise _Refused(503, "unavailable", "平台存储暂不可用，请稍后重试",
                           "the platform's store is unavailable; try again later",
                           **{"Retry-After": "1"}) from None  # fmt: skip
        accepted = sum(1 for r in results if r.accepted)
        logger.info("batch %s from %s: %d records, %d accepted, %d rejected",
                    key or "-", department.code, len(results), accepted,
                    len(results) - accepted)  # fmt: skip
        return JSONResponse({"results": [r.to_dict() for r in results]})

    def query(request: Request) -> dict[str, Any]:
        since_text = request.query_params.get("since")
        status = request.query_params.get("status")
        since = None
        if since_text:
            try:
                since = dt.datetime.fromisoformat(since_text.replace("Z", "+00:00"))
            except ValueError:
                raise _Refused(400, "bad-request", f"since 应为 ISO 8601 时间（现为 {since_text}）",
                               f"since must be an ISO 8601 time (got {since_text})") from None  # fmt: skip
            if since.tzinfo is None:
                since = since.replace(tzinfo=dt.UTC)
        if status is not None and status not in RETURN_LABELS:
            raise _Refused(400, "bad-request", "status 应为 pending、fixed 或 ignored",
                           "status must be pending, fixed or ignored")  # fmt: skip
        return {"since": since, "status": status}

    def handed_back(request: Request, department: Department, **filters: Any) -> list[Any]:
        found = platform.returns(department, **filters)
        platform.access.returned(found, actor=department.code, role="submitter",
                                 department=department.code, channel="api",
                                 client=client_address(request))  # fmt: skip
        return found

    async def returns(request: Request) -> Response:
        department = await caller(request)
        found = await run_in_threadpool(handed_back, request, department, **query(request))
        return JSONResponse({"returns": [r.to_dict() for r in found]})

    async def returns_xlsx(request: Request) -> Response:
        department = await caller(request)
        found = await run_in_threadpool(handed_back, request, department, **query(request))
        book = await run_in_threadpool(returns_workbook, found, platform.checks.standard)
        name = f"{department.code}.退回.xlsx"
        return Response(book, media_type=_XLSX, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})  # fmt: skip

    def ping() -> None:
        with platform.store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    async def health(request: Request) -> Response:
        try:
            await run_in_threadpool(ping)
        except SQLAlchemyError:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok", "platform": platform.config.name})

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(platform.config.name))

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _Refused)
        return exc.response()

    async def too_large(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BodyTooLarge)
        return exc.response()

    async def http_error(request: Request, exc: Exception) -> Response:
        # the router's 404 and 405 (and any HTTPException): JSON on /api/, a page elsewhere
        assert isinstance(exc, HTTPException)
        return _http_error(request.url.path, exc.status_code, exc.headers)

    async def failed(request: Request, exc: Exception) -> Response:
        logger.error("%s %s failed: %s", request.method, request.url.path, type(exc).__name__)
        message = exc.message_zh if isinstance(exc, SgsError) else "平台处理请求时出错"
        # sent by Starlette's outermost middleware, outside SecurityHeaders: add them here
        headers = answer_headers(path=request.url.path, scheme=request.url.scheme,
                                 content_type="application/json")  # fmt: skip
        return JSONResponse({"error": "server-error", "message": message,
                             "message_en": "the platform failed to handle the request"},
                            status_code=500, headers=headers)  # fmt: skip

    config = platform.config
    return Starlette(
        debug=config.debug and config.profile == "development",
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(
                ApiLimits,
                per_token=config.rate_per_token,
                per_address=config.rate_per_address,
                max_body=platform.config.max_body,
            ),
        ],
        routes=[
            Route("/api/v1/records", records, methods=["POST"]),
            Route("/api/v1/returns", returns, methods=["GET"]),
            Route("/api/v1/returns.xlsx", returns_xlsx, methods=["GET"]),
            Route("/api/v1/health", health, methods=["GET"]),
            Route("/api/v1/openapi.json", openapi, methods=["GET"]),
            *case_routes(platform, caller, _Refused),
            *access_routes(platform, _Refused),
            *staff_routes(platform),
            *portal_routes(platform.config, public),
        ],
        exception_handlers={
            _Refused: refused,
            BodyTooLarge: too_large,
            HTTPException: http_error,
            Exception: failed,
        },
    )


#: The routing errors' answers: (error, Chinese, English).
_HTTP_ERRORS = {
    400: ("bad-request", "请求无效", "the request is not valid"),
    404: ("not-found", "没有这个地址", "there is nothing at this address"),
    405: ("method-not-allowed", "该地址不接受此请求方法", "this address does not take this method"),
}


def _http_error(path: str, status: int, headers: Mapping[str, str] | None) -> Response:
    from html import escape

    error, zh, en = _HTTP_ERRORS.get(
        status, ("error", "请求未能处理", "the request was not handled")
    )
    if path.startswith("/api/"):
        return json_refusal(status, error, zh, en, dict(headers or {}))
    page = (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{status}</title></head><body><h1>{escape(zh)}</h1>"
            f'<p lang="en">{escape(en)}</p><p><a href="/">返回查询</a></p></body></html>\n')  # fmt: skip
    return HTMLResponse(page, status_code=status, headers=dict(headers or {}))


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
