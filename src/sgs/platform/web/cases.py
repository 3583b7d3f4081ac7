"""The HTTP routes of the subject's cases: objections (异议) and credit repair (信用修复).

For a department (its API token; only its own cases):

``GET /api/v1/objections``
    the 核查通知 addressed to it: ``{"objections": [{"case", "key", "number", "claim",
    "text", "state", "notice_on", "due"}]}``;
``POST /api/v1/objections/{case}/answer``
    ``{"outcome": "confirmed", "opinion": "…"}``: the record stands, the case closes (a
    corrected record is pushed to ``/api/v1/records`` with ``"objection": "CASE"``);
``GET /api/v1/repairs``
    its records repaired (终止公示: to be taken off its own site) or restored after fraud.

For staff (``Authorization: Bearer <token>``: a staff user's own token — a ``querier``
or an ``approver`` of :mod:`sgs.store.users`, its name the actor of each step — or the
shared token read from the variable ``[cases] staff_token_env`` names; else 401):

``POST /api/v1/staff/objections``, ``GET /api/v1/staff/objections[?list=open|due|overdue]``,
``GET /api/v1/staff/objections/{case}``, ``POST …/{case}/decide|suspend|resume|extend|transfer``;
``POST /api/v1/staff/repairs``, ``GET /api/v1/staff/repairs[?list=open|due|overdue]``,
``GET /api/v1/staff/repairs/{id}``, ``POST …/{id}/decide`` (``{"decision": "repair" |
"refuse" | "fraud", "reason": …}``).

For the subject, without a token: ``GET /api/v1/public/cases/{number}`` — the state,
dates and steps of its own case by its number (the number's random part is the
receipt; the answer holds no identifier of the applicant and no actor), rate-limited per
client address as the portal is (``[portal] rate``), so numbers cannot be tried in bulk.
"""

from __future__ import annotations

import hmac
import math
import os
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sgs.errors import ConfigError, SgsError
from sgs.platform.platform import Platform
from sgs.platform.web.bodies import BadBody, json_object
from sgs.platform.web.portal import client_address
from sgs.platform.web.ratelimit import RateLimiter
from sgs.standard import Role
from sgs.store import Department, ObjectionCase, RepairCase

__all__ = ["case_routes", "notice_dict", "subject_view"]

Refuse = Callable[..., Exception]


def notice_dict(case: ObjectionCase, number: str = "") -> dict[str, Any]:
    """A case as the department's 核查通知 list gives it."""
    return {"case": case.number, "key": case.key, "number": number, "claim": case.claim,
            "text": case.text, "state": case.state,
            "notice_on": case.notice_on.isoformat() if case.notice_on else None,
            "due": case.provider_due.isoformat() if case.provider_due else None}  # fmt: skip


def subject_view(case: ObjectionCase | RepairCase) -> dict[str, Any]:
    """What the applicant may see of its case: no identifiers, no staff names."""
    whole = case.to_dict()
    kept = {k: v for k, v in whole.items() if k not in ("applicant", "text", "commitment",
                                                         "evidence", "attachments", "changes")}  # fmt: skip
    kept["type"] = "objection" if isinstance(case, ObjectionCase) else "repair"
    kept["steps"] = [{"step": s["step"], "state": s["state"], "day": s["day"],
                      "opinion": s["opinion"]} for s in whole["steps"]]  # fmt: skip
    return kept


def _staff_token(platform: Platform) -> str | None:
    variable = platform.config.staff_token_env
    if variable is None:
        return None
    token = os.environ.get(variable, "").strip()
    if not token:
        raise ConfigError(
            f"[cases] staff_token_env 指定的环境变量 {variable} 未设置或为空",
            f"the variable {variable} named by [cases] staff_token_env is unset or empty",
        )
    return token


def case_routes(
    platform: Platform,
    caller: Callable[[Request], Awaitable[Department]],
    refuse: Refuse,
) -> list[Route]:
    """The routes, given the app's department authentication and refusal."""
    staff_token = _staff_token(platform)
    objections, repairs = platform.objections, platform.repairs
    limiter = RateLimiter(platform.config.portal_rate)  # the subject's route, as the portal's

    def bad(zh: str, en: str) -> Exception:
        return refuse(400, "bad-request", zh, en)

    async def staff(request: Request) -> str:
        """The case worker: the staff token's holder, or a user who is a querier or an
        approver (by name)."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token:
            if staff_token is not None and hmac.compare_digest(token.encode(),
                                                               staff_token.encode()):  # fmt: skip
                return "staff"
            user = await run_in_threadpool(platform.store.users.authenticate, token)
            if user is not None and (user.has("querier") or user.has("approver")):
                return user.name
        raise refuse(401, "unauthorized", "需要工作人员令牌", "a staff token is needed",
                     **{"WWW-Authenticate": 'Bearer realm="sgs-staff"'})  # fmt: skip

    async def body_of(request: Request) -> dict[str, Any]:
        try:
            return json_object(await request.body())
        except BadBody as exc:
            raise bad(exc.message_zh, exc.message_en) from None

    def text(data: dict[str, Any], name: str, *, required: bool = False) -> str:
        value = data.get(name, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise bad(f"{name} 应为非空文本" if required else f"{name} 应为文本",
                      f"{name!r} must be {'non-empty ' if required else ''}text")  # fmt: skip
        return value

    def texts(data: dict[str, Any], name: str) -> list[str]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(f"{name} 应为文本列表", f"{name!r} must be a list of text")
        return value

    def applicant(data: dict[str, Any]) -> dict[str, str]:
        value = data.get("applicant", {})
        if not isinstance(value, dict):
            raise bad("applicant 应为对象", "'applicant' must be an object")
        return {f"applicant_{k}": text(value, k) for k in ("kind", "name", "id")}

    async def act(work: Callable[[], Any], status: int = 200) -> Response:
        try:
            found = await run_in_threadpool(work)
        except SgsError as exc:
            raise refuse(409 if "状态" in exc.message_zh else 400, "refused",
                         exc.message_zh, exc.message_en) from None  # fmt: skip
        return JSONResponse(found, status_code=status)

    def number_of(request: Request) -> str:
        return str(request.path_params["case"])

    # -- the department's side --------------------------------------------------------------
    async def department_notices(request: Request) -> Response:
        department = await caller(request)

        def work() -> dict[str, Any]:
            found = objections.notices(department)
            held = {c.key: platform.store.received.held(c.key) for c in found}
            return {"objections": [notice_dict(c, _number(platform, held[c.key]))
                                   for c in found]}  # fmt: skip

        return await act(work)

    async def department_answer(request: Request) -> Response:
        department = await caller(request)
        data = await body_of(request)
        outcome, opinion = text(data, "outcome", required=True), text(data, "opinion")
        number = number_of(request)

        def work() -> dict[str, Any]:
            case = objections.answer(department, number, outcome, opinion)
            return {"case": case.number, "state": case.state, "outcome": case.outcome}

        return await act(work)

    async def department_repairs(request: Request) -> Response:
        department = await caller(request)
        return await act(lambda: {"repairs": [
            {"id": c.number, "key": c.key, "state": c.state,
             "decided_on": c.decided_on.isoformat() if c.decided_on else None}
            for c in repairs.decided_for(department)]})  # fmt: skip

    # -- staff --------------------------------------------------------------------------------
    async def staff_open_objection(request: Request) -> Response:
        actor = await staff(request)
        data = await body_of(request)
        values: dict[str, Any] = {"claim": text(data, "claim", required=True), "text": text(data, "text"),
                  "channel": text(data, "channel") or "portal",
                  "attachments": texts(data, "attachments"), **applicant(data)}  # fmt: skip
        key, route = text(data, "key", required=True), text(data, "route") or None
        return await act(lambda: objections.open(key, route=route, actor=actor,
                                                 **values).to_dict(), 201)  # fmt: skip

    async def staff_objections(request: Request) -> Response:
        await staff(request)
        which = request.query_params.get("list", "open")
        pick: Callable[[], Sequence[ObjectionCase]] | None = {"open": objections.open_cases, "due": lambda: objections.due(1),
                "overdue": objections.overdue}.get(which)  # fmt: skip
        if pick is None:
            raise bad("list 应为 open、due 或 overdue", "list must be open, due or overdue")
        chosen = pick
        return await act(lambda: {"objections": [c.to_dict() for c in chosen()]})

    async def staff_objection(request: Request) -> Response:
        await staff(request)
        number = number_of(request)
        return await act(lambda: objections.get(number).to_dict())

    async def staff_objection_action(request: Request) -> Response:
        actor = await staff(request)
        data = await body_of(request)
        number, action = number_of(request), str(request.path_params["action"])
        if action not in ("decide", "suspend", "resume", "transfer", "extend"):
            raise refuse(404, "not-found", f"没有操作 {action}", f"no action {action!r}")
        if action == "decide":
            outcome, opinion = text(data, "outcome", required=True), text(data, "opinion")
            return await act(lambda: objections.decide(number, outcome, opinion=opinion,
                                                       actor=actor).to_dict())  # fmt: skip
        if action == "suspend":
            reason = text(data, "reason", required=True)
            return await act(lambda: objections.suspend(number, reason, actor=actor).to_dict())
        if action == "resume":
            return await act(lambda: objections.resume(number, actor=actor).to_dict())
        if action == "transfer":
            opinion = text(data, "opinion")
            return await act(lambda: objections.transfer(number, actor=actor,
                                                         opinion=opinion).to_dict())  # fmt: skip
        days = data.get("days")
        if not isinstance(days, int) or isinstance(days, bool):
            raise bad("days 应为整数", "'days' must be an integer")
        reason = text(data, "reason", required=True)
        return await act(lambda: objections.extend(number, days, reason, actor=actor).to_dict())

    async def staff_apply_repair(request: Request) -> Response:
        actor = await staff(request)
        data = await body_of(request)
        key, commitment = text(data, "key", required=True), text(data, "commitment")
        fulfilled = data.get("obligations_fulfilled", False)
        if not isinstance(fulfilled, bool):
            raise bad("obligations_fulfilled 应为 true 或 false",
                      "'obligations_fulfilled' must be true or false")  # fmt: skip
        values: dict[str, Any] = {"evidence": texts(data, "evidence"), "channel": text(data, "channel") or "portal",
                  **applicant(data)}  # fmt: skip
        return await act(lambda: repairs.apply(key, commitment=commitment, actor=actor,
                                               obligations_fulfilled=fulfilled,
                                               **values).to_dict(), 201)  # fmt: skip

    async def staff_repairs(request: Request) -> Response:
        await staff(request)
        which = request.query_params.get("list", "open")
        pick: Callable[[], Sequence[RepairCase]] | None = {
                "open": lambda: platform.store.cases.repairs(states=["under_review"]),
                "due": lambda: repairs.due(1), "overdue": repairs.overdue}.get(which)  # fmt: skip
        if pick is None:
            raise bad("list 应为 open、due 或 overdue", "list must be open, due or overdue")
        chosen = pick
        return await act(lambda: {"repairs": [c.to_dict() for c in chosen()]})

    async def staff_repair(request: Request) -> Response:
        await staff(request)
        number = number_of(request)
        return await act(lambda: repairs.get(number).to_dict())

    async def staff_decide_repair(request: Request) -> Response:
        actor = await staff(request)
        data = await body_of(request)
        number = number_of(request)
        decision, reason = text(data, "decision", required=True), text(data, "reason")
        if decision == "fraud":
            return await act(lambda: repairs.fraud(number, reason=reason, actor=actor).to_dict())
        if decision not in ("repair", "refuse"):
            raise bad(
                "decision 应为 repair、refuse 或 fraud", "decision must be repair, refuse or fraud"
            )
        return await act(lambda: repairs.decide(number, repair=decision == "repair",
                                                reason=reason, actor=actor).to_dict())  # fmt: skip

    # -- the subject ---------------------------------------------------------------------------
    async def subject_case(request: Request) -> Response:
        wait = limiter.take(client_address(request))
        if wait is not None:
            raise refuse(429, "too-many-requests", "请求过于频繁，请稍后再试",
                         "too many requests; try again later",
                         **{"Retry-After": str(max(1, math.ceil(wait)))})  # fmt: skip
        number = number_of(request).strip()

        def work() -> dict[str, Any] | None:
            found: ObjectionCase | RepairCase | None = None
            if number.startswith("YY"):
                found = platform.store.cases.objection(number)
            elif number.startswith("XF"):
                found = platform.store.cases.repair(number)
            return subject_view(found) if found is not None else None

        view = await run_in_threadpool(work)
        if view is None:
            raise refuse(404, "not-found", "没有该办件编号的案件", "no case has that number")
        return JSONResponse(view)

    return [
        Route("/api/v1/objections", department_notices, methods=["GET"]),
        Route("/api/v1/objections/{case}/answer", department_answer, methods=["POST"]),
        Route("/api/v1/repairs", department_repairs, methods=["GET"]),
        Route("/api/v1/staff/objections", staff_open_objection, methods=["POST"]),
        Route("/api/v1/staff/objections", staff_objections, methods=["GET"]),
        Route("/api/v1/staff/objections/{case}", staff_objection, methods=["GET"]),
        Route(
            "/api/v1/staff/objections/{case}/{action:str}", staff_objection_action, methods=["POST"]
        ),
        Route("/api/v1/staff/repairs", staff_apply_repair, methods=["POST"]),
        Route("/api/v1/staff/repairs", staff_repairs, methods=["GET"]),
        Route("/api/v1/staff/repairs/{case}", staff_repair, methods=["GET"]),
        Route("/api/v1/staff/repairs/{case}/decide", staff_decide_repair, methods=["POST"]),
        Route("/api/v1/public/cases/{case}", subject_case, methods=["GET"]),
    ]


def _number(platform: Platform, held: Any) -> str:
    """The 行政决定书文号 of a held record (``held``: :meth:`ReceivedRepository.held`)."""
    if held is None:
        return ""
    row = held[1]
    code = platform.checks.standard.spec(row.kind).code_of(Role.DECISION_NUMBER)
    return str(row.fields.get(code, "")) if code else ""
