"""The staff users' routes to personal data, through the gate (:mod:`sgs.platform.access`).

Each takes ``Authorization: Bearer <user token>`` (a department's push token is not a
user's: 401):

``GET /api/v1/records/{key}[?reveal=1&application=ID]``
    the record masked (a querier or an approver), or in clear for the querier of an
    approved application naming it; 403 otherwise, the refusal logged.
``POST /api/v1/applications`` ``{"keys": [...], "purpose": CODE, "text": …,
["authorisation": {"id": …, "expires": "YYYY-MM-DD"}]}``
    a querier applies: 201 ``{"id", "state"}``; ``GET /api/v1/applications`` lists the
    caller's (a querier) or those it may decide (an approver); ``GET …/{id}`` one.
``POST /api/v1/applications/{id}/approve|reject`` ``{"opinion": …}``
    an approver other than the requester decides; ``POST …/{id}/close`` ends it.
``GET /api/v1/audit/events[?since=ID&limit=N&action=A]``
    the access log for an auditor: events with record keys and field codes, never values.

Every answer is JSON; a refusal is ``{"error": code, "message", "message_en"}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sgs.platform.access import AccessDenied
from sgs.platform.platform import Platform
from sgs.platform.web.bodies import BadBody, json_object
from sgs.platform.web.portal import client_address
from sgs.store import User

__all__ = ["access_routes"]


class Refuse(Protocol):
    def __call__(self, status: int, error: str, zh: str, en: str, **headers: str) -> Exception: ...


def access_routes(platform: Platform, refuse: Refuse) -> list[Route]:
    """The routes, given the app's refusal."""
    gate = platform.access

    def bad(zh: str, en: str) -> Exception:
        return refuse(400, "bad-request", zh, en)

    async def user_of(request: Request) -> User:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        found = None
        if scheme.lower() == "bearer" and token.strip():
            found = await run_in_threadpool(platform.store.users.authenticate, token.strip())
        if found is None:
            raise refuse(401, "unauthorized", "缺少有效的用户令牌（Authorization: Bearer …）",
                         "a working user token is needed (Authorization: Bearer …)",
                         **{"WWW-Authenticate": 'Bearer realm="sgs-users"'})  # fmt: skip
        return found

    async def through(work: Callable[[], Any], status: int = 200) -> Response:
        try:
            found = await run_in_threadpool(work)
        except AccessDenied as exc:
            raise refuse(exc.status, exc.code, exc.message_zh, exc.message_en) from None
        return JSONResponse(found, status_code=status, headers={"Cache-Control": "no-store"})

    async def body_of(request: Request) -> dict[str, Any]:
        try:
            return json_object(await request.body())
        except BadBody as exc:
            raise bad(exc.message_zh, exc.message_en) from None

    def text(data: dict[str, Any], name: str) -> str:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise bad(f"{name} 应为文本", f"{name!r} must be text")
        return value

    def authorisation(data: dict[str, Any]) -> tuple[str, dt.date] | None:
        value = data.get("authorisation")
        if value is None:
            return None
        if not isinstance(value, dict):
            raise bad("authorisation 应为对象", "'authorisation' must be an object")
        ident, expires = text(value, "id").strip(), text(value, "expires").strip()
        try:
            day = dt.date.fromisoformat(expires)
        except ValueError:
            raise bad("authorisation.expires 应为 YYYY-MM-DD 日期",
                      "authorisation.expires must be a YYYY-MM-DD date") from None  # fmt: skip
        if not ident:
            raise bad("authorisation.id 不能为空", "authorisation.id is needed")
        return ident, day

    async def record(request: Request) -> Response:
        user = await user_of(request)
        key = str(request.path_params["key"])
        params = request.query_params
        reveal = params.get("reveal", "") in ("1", "true", "yes")
        application = params.get("application") or None
        client = client_address(request)
        return await through(lambda: gate.record(
            key, user=user, reveal=reveal, application=application, channel="api",
            client=client).to_dict())  # fmt: skip

    async def apply(request: Request) -> Response:
        user = await user_of(request)
        data = await body_of(request)
        keys = data.get("keys")
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise bad("keys 应为记录键的列表", "'keys' must be a list of record keys")
        purpose, reason, proof = text(data, "purpose"), text(data, "text"), authorisation(data)
        client = client_address(request)

        def work() -> dict[str, Any]:
            found = gate.apply(user, keys, purpose=purpose, text=reason, authorisation=proof,
                               channel="api", client=client)  # fmt: skip
            return {"id": found.id, "state": found.state}

        return await through(work, status=201)

    async def applications(request: Request) -> Response:
        user = await user_of(request)
        return await through(lambda: {"applications": [a.to_dict()
                                                       for a in gate.applications(user)]})  # fmt: skip

    async def application(request: Request) -> Response:
        user = await user_of(request)
        ident = str(request.path_params["id"])
        return await through(lambda: gate.application(ident, user).to_dict())

    async def step(request: Request) -> Response:
        user = await user_of(request)
        ident, action = str(request.path_params["id"]), str(request.path_params["action"])
        data = await body_of(request)
        opinion, client = text(data, "opinion"), client_address(request)
        if action not in ("approve", "reject", "close"):
            raise refuse(404, "not-found", "没有该操作（approve、reject 或 close）",
                         "no such step (approve, reject or close)")  # fmt: skip
        if action == "close":
            return await through(lambda: gate.close(ident, user, channel="api",
                                                    client=client).to_dict())  # fmt: skip
        return await through(lambda: gate.decide(
            ident, user, approve=action == "approve", opinion=opinion, channel="api",
            client=client).to_dict())  # fmt: skip

    async def events(request: Request) -> Response:
        user = await user_of(request)
        params = request.query_params
        try:
            since = int(params.get("since", "0"))
            limit = min(max(int(params.get("limit", "100")), 1), 1000)
        except ValueError:
            raise bad("since 与 limit 应为整数", "since and limit must be integers") from None
        action, client = params.get("action") or None, client_address(request)

        def work() -> dict[str, Any]:
            found = gate.events(user, since=since, limit=limit, action=action, channel="api",
                                client=client)  # fmt: skip
            return {"events": [e.to_dict() for e in found],
                    "next": found[-1].id if found else since}  # fmt: skip

        return await through(work)

    return [
        Route("/api/v1/records/{key}", record, methods=["GET"]),
        Route("/api/v1/applications", apply, methods=["POST"]),
        Route("/api/v1/applications", applications, methods=["GET"]),
        Route("/api/v1/applications/{id}", application, methods=["GET"]),
        Route("/api/v1/applications/{id}/{action:str}", step, methods=["POST"]),
        Route("/api/v1/audit/events", events, methods=["GET"]),
    ]
