"""The portal's staff pages: a password login, a session cookie, the applications to decide.

``GET /staff/login``, ``POST /staff/login`` (``name``, ``password``, form-urlencoded)
    the login form; on success a ``sgs_session`` cookie (HttpOnly, SameSite=Strict,
    Path=/staff, Secure over https, lasting ``[access] session_hours``) and a 303 to
    ``/staff/``; on failure the same form, a generic message, 401 and a ``login-failed``
    access event (its actor the name tried; the password is never logged). After
    :data:`MAX_FAILURES` failures within :data:`WINDOW` for one name or from one address,
    429 (with ``Retry-After``) without a password being checked.
``GET /staff/``
    the signed-in user's name, roles and department; a querier's applications with their
    state; for an approver, the applications it may decide, each with a form posting to
    ``POST /staff/applications/{id}/approve|reject`` (``opinion``, ``csrf``).
``POST /staff/logout`` (``csrf``)
    ends the session; a 303 to ``/staff/login``.
``GET /staff/static/staff.css``
    the pages' one style sheet (their CSP forbids inline script and style).

Without a live session the pages answer 303 to ``/staff/login``; a removed user's session
ends at once (the store checks each request). Every form that changes something carries a
CSRF token, the HMAC of the session cookie under a key made when the server starts,
compared in constant time: a post without it, or with another, is 403. The decisions pass
the gate (:meth:`sgs.platform.access.Access.decide`), logged with the channel ``portal``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from sgs.errors import SgsError
from sgs.platform.access import AccessDenied
from sgs.platform.passwords import PasswordError, hash_password, needs_rehash, verify_password
from sgs.platform.platform import Platform
from sgs.platform.purposes import PURPOSES
from sgs.platform.web.portal import client_address
from sgs.store import Application, User
from sgs.store.audit import AccessEvent
from sgs.store.users import ROLE_LABELS, Actor

__all__ = ["COOKIE", "MAX_FAILURES", "WINDOW", "LoginThrottle", "staff_routes"]

#: The session cookie's name.
COOKIE = "sgs_session"
#: Failed logins, for one name or from one address, that make further attempts wait…
MAX_FAILURES = 5
#: …within this many seconds (15 minutes).
WINDOW = 15 * 60

#: Every staff page is never cached; the security headers (a CSP allowing no script, no
#: inline style, no framing) come from :class:`~sgs.platform.web.headers.SecurityHeaders`.
PAGE_HEADERS = {"Cache-Control": "no-store"}

STATE_LABELS = {"applied": "待审核", "approved": "已批准", "rejected": "已驳回",
                "executed": "已使用", "closed": "已关闭"}  # fmt: skip


class LoginThrottle:
    """Failed logins per key (a name tried, a client address) within ``window`` seconds.

    A key with ``limit`` failures in the window waits until the oldest of them leaves it.
    Only the latest ``capacity`` keys are remembered; thread-safe.

    >>> now = [0.0]
    >>> throttle = LoginThrottle(limit=2, window=60, clock=lambda: now[0])
    >>> throttle.wait("name:a"), throttle.failed("name:a"), throttle.failed("name:a")
    (None, None, None)
    >>> throttle.wait("name:a"), throttle.wait("name:b")
    (60.0, None)
    >>> now[0] = 60.0
    >>> throttle.wait("name:a")
    >>> throttle.failed("name:a"); throttle.failed("name:a"); throttle.cleared("name:a")
    >>> throttle.wait("name:a")
    """

    def __init__(self, *, limit: int = MAX_FAILURES, window: float = WINDOW,
                 capacity: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.limit, self.window, self.capacity, self.clock = limit, window, capacity, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.pop(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def wait(self, key: str) -> float | None:
        """Seconds until ``key`` may try again; ``None`` when it may now."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            if times:
                self._failures[key] = times
            if len(times) < self.limit:
                return None
            return times[-self.limit] + self.window - now

    def failed(self, key: str) -> None:
        """Count a failure of ``key``."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            while len(self._failures) > self.capacity:
                self._failures.popitem(last=False)

    def cleared(self, key: str) -> None:
        """Forget ``key``'s failures (a successful login of that name)."""
        with self._lock:
            self._failures.pop(key, None)


def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sgs.platform.web", "templates"),
        autoescape=jinja2.select_autoescape(("html",), default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )


def _form(raw: bytes) -> dict[str, str] | None:
    """A form-urlencoded body: each name's first value (undecodable bytes replaced);
    ``None`` for one of more than 20 fields, which no staff form has."""
    text = raw.decode("utf-8", errors="replace")
    try:
        fields = parse_qs(text, keep_blank_values=True, max_num_fields=20)
    except ValueError:
        return None
    return {k: v[0] for k, v in fields.items()}


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _row(found: Application) -> dict[str, Any]:
    return {"id": found.id, "requester": found.requester,
            "purpose": PURPOSES.get(found.purpose, found.purpose), "text": found.text,
            "count": len(found.keys), "state": STATE_LABELS.get(found.state, found.state),
            "applied_at": _when(found.applied_at), "expires_at": _when(found.expires_at),
            "approver": found.approver, "opinion": found.opinion}  # fmt: skip


def staff_routes(platform: Platform) -> list[Route]:
    """The staff pages' routes over ``platform``."""
    users, gate, config = platform.store.users, platform.access, platform.config
    pages = _templates()
    stylesheet = files("sgs.platform.web").joinpath("templates/staff.css").read_bytes()
    csrf_key = secrets.token_bytes(32)
    throttle = LoginThrottle()
    lifetime = dt.timedelta(hours=config.session_hours)

    def html(template: str, status: int = 200, headers: dict[str, str] | None = None,
             **values: Any) -> HTMLResponse:  # fmt: skip
        values.setdefault("notice", "")
        text = pages.get_template(template).render(platform_name=config.name, **values)
        return HTMLResponse(text, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})

    def redirect(path: str) -> Response:
        return RedirectResponse(path, status_code=303, headers=PAGE_HEADERS)

    def csrf_of(cookie: str) -> str:
        return hmac.new(csrf_key, b"csrf:" + cookie.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(cookie: str, given: str) -> bool:
        return hmac.compare_digest(csrf_of(cookie).encode(), given.encode("utf-8", "replace"))

    async def session(request: Request) -> tuple[User, str] | None:
        cookie = request.cookies.get(COOKIE, "")
        if not cookie:
            return None
        user = await run_in_threadpool(users.session_user, cookie)
        return (user, cookie) if user is not None else None

    def department_of(user: User) -> str:
        if not user.department:
            return f"{config.name}（信用中心）"
        try:
            return f"{platform.store.departments.get(user.department).name}（{user.department}）"
        except SgsError:
            return user.department

    def home_values(user: User, cookie: str) -> dict[str, Any]:
        querier, approver = user.has("querier"), user.has("approver")
        listed = gate.applications(user) if querier or approver else []
        return {
            "user": user, "roles": [ROLE_LABELS.get(r, r) for r in user.roles],
            "department": department_of(user), "csrf": csrf_of(cookie),
            "querier": querier, "approver": approver,
            "applications": [_row(a) for a in listed] if querier else [],
            "pending": [_row(a) for a in listed if a.state == "applied"] if approver else [],
            "decided": [_row(a) for a in listed if a.state != "applied"] if approver else [],
        }  # fmt: skip

    def login_page(status: int = 200, name: str = "", notice: str = "",
                   headers: dict[str, str] | None = None) -> HTMLResponse:  # fmt: skip
        return html("staff_login.html", status, headers, name=name, notice=notice)

    async def login_form(request: Request) -> Response:
        if await session(request) is not None:
            return redirect("/staff/")
        return login_page()

    def check(name: str, password: str, client: str) -> User | None:
        """The user ``name`` when ``password`` is its; a ``login-failed`` event otherwise."""
        found = users.password_hash(name) if name else None
        if found is not None and verify_password(found[1], password):
            user, stored = found
            if needs_rehash(stored):
                # a password set under an older policy is kept as it is
                with contextlib.suppress(PasswordError):
                    users.set_password_hash(name, hash_password(password), actor=Actor(
                        name=name, role=",".join(user.roles), department=user.department,
                        channel="portal", client=client))  # fmt: skip
            return user
        if found is None:
            verify_password(None, password)  # as long as a wrong password takes
        users.audit.record(AccessEvent(
            actor=name[:64], action="login-failed", channel="portal", client=client,
            detail={"reason": "wrong-password" if found is not None else "unknown-user"}))  # fmt: skip
        # "unknown-user": no active user of that name, or one without a password
        return None

    async def login(request: Request) -> Response:
        form = _form(await request.body())
        if form is None:
            return login_page(400, notice="表单有误，请重新填写。")
        name, password = form.get("name", "").strip()[:64], form.get("password", "")
        client = client_address(request)
        keys = (f"name:{name}", f"address:{client}")
        waits = [w for w in (throttle.wait(k) for k in keys) if w is not None]
        if waits:
            retry = str(max(1, math.ceil(max(waits))))
            return login_page(429, name, "登录失败次数过多，请稍后再试。", {"Retry-After": retry})
        user = await run_in_threadpool(check, name, password, client)
        if user is None:
            for key in keys:
                throttle.failed(key)
            return login_page(401, name, "用户名或密码不正确。")
        throttle.cleared(keys[0])
        cookie = await run_in_threadpool(
            lambda: users.open_session(user, lifetime=lifetime, client=client)
        )
        answer = redirect("/staff/")
        answer.set_cookie(COOKIE, cookie, max_age=int(lifetime.total_seconds()), path="/staff",
                          httponly=True, samesite="strict",
                          secure=request.url.scheme == "https")  # fmt: skip
        return answer

    async def home(request: Request) -> Response:
        found = await session(request)
        if found is None:
            return redirect("/staff/login")
        values = await run_in_threadpool(home_values, *found)
        return html("staff_home.html", **values)

    async def posted(request: Request) -> tuple[User, str, dict[str, str]] | Response:
        """The signed-in user, its session cookie and the form it posted with a good CSRF
        token; else the answer: to the login page, or the home page refusing (403)."""
        found = await session(request)
        if found is None:
            return redirect("/staff/login")
        user, cookie = found
        form = _form(await request.body())
        if form is None or not csrf_ok(cookie, form.get("csrf", "")):
            values = await run_in_threadpool(home_values, user, cookie)
            return html("staff_home.html", 403, notice="请求无效（表单已过期），请刷新页面后重试。",
                        **values)  # fmt: skip
        return user, cookie, form

    async def decide(request: Request) -> Response:
        checked = await posted(request)
        if isinstance(checked, Response):
            return checked
        user, cookie, form = checked
        ident, action = str(request.path_params["id"]), str(request.path_params["action"])
        if action not in ("approve", "reject"):
            values = await run_in_threadpool(home_values, user, cookie)
            return html("staff_home.html", 404, notice="没有该操作。", **values)
        client = client_address(request)
        try:
            await run_in_threadpool(lambda: gate.decide(
                ident, user, approve=action == "approve", opinion=form.get("opinion", "")[:500],
                channel="portal", client=client))  # fmt: skip
        except AccessDenied as exc:
            values = await run_in_threadpool(home_values, user, cookie)
            return html("staff_home.html", exc.status, notice=exc.message_zh, **values)
        return redirect("/staff/")

    async def logout(request: Request) -> Response:
        checked = await posted(request)
        if isinstance(checked, Response):
            return checked
        _, cookie, _ = checked
        client = client_address(request)
        await run_in_threadpool(lambda: users.close_session(cookie, client=client))
        answer = redirect("/staff/login")
        answer.delete_cookie(COOKIE, path="/staff", httponly=True, samesite="strict",
                             secure=request.url.scheme == "https")  # fmt: skip
        return answer

    async def css(request: Request) -> Response:
        return Response(
            stylesheet,
            media_type="text/css; charset=utf-8",
            headers={"Cache-Control": "max-age=3600"},
        )

    return [
        Route("/staff/login", login_form, methods=["GET"]),
        Route("/staff/login", login, methods=["POST"]),
        Route("/staff/", home, methods=["GET"]),
        Route("/staff/logout", logout, methods=["POST"]),
        Route("/staff/applications/{id}/{action:str}", decide, methods=["POST"]),
        Route("/staff/static/staff.css", css, methods=["GET"]),
    ]
