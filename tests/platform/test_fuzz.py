"""The platform's HTTP API fuzzed against a real ``sgs platform serve``.

Hypothesis sends random and malformed requests to every route of the application's
route list (``create_app(...).routes``, so a route added later is fuzzed too): random
bytes, truncated and deeply nested JSON, huge strings, wrong types in the wire format
as bodies; bad ``Authorization``, ``Content-Type``, ``Idempotency-Key`` and long header
values; random, percent-encoded, very long and ``..`` path segments; every method —
with no token, a department's token and the staff's. Whatever comes, the server
answers (within the client's timeout of :data:`TIMEOUT` seconds: a timeout is a hang,
and fails), never with a 5xx, and every ``/api/`` answer of 400 or more is JSON with an
``error``. Then: a body many times ``max_body`` is refused before it is read; a client
dribbling its head or body a byte at a time, and hundreds of open connections, do not
stop the server answering others meanwhile.
"""

from __future__ import annotations

import json
import random
import re
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route

from sgs.platform.platform import open_platform
from sgs.platform.web.app import create_app

from .records import body, department_code, penalty
from .server import Server, add_department, running, write_config

#: Seconds a client waits for any answer; reaching it is a failure (the server hung).
TIMEOUT = 20
MAX_BODY = 65536
STAFF_ENV, STAFF_TOKEN = "SGS_FUZZ_STAFF_TOKEN", "staff-fuzz-0123456789abcdef"
CODE = department_code(7)
SETTINGS = (
    f"[serve]\nmax_body = {MAX_BODY}\nrate_per_token = 1000000\nrate_per_address = 1000000\n"
    f'[portal]\nrate = 100000\n[cases]\nstaff_token_env = "{STAFF_ENV}"\n'
)


class Fuzzed:
    def __init__(self, server: Server, token: str, routes: list[tuple[str, tuple[str, ...]]]):
        self.server, self.token, self.routes = server, token, routes


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    config = write_config(tmp_path_factory.mktemp("fuzz"), extra=SETTINGS)
    token = add_department(config, "示例市市场监督管理局", CODE)
    env = {STAFF_ENV: STAFF_TOKEN}
    import os

    os.environ[STAFF_ENV] = STAFF_TOKEN  # create_app in this process reads it too
    try:
        with open_platform(config) as platform:
            routes = [(r.path, tuple(sorted(r.methods or ())))
                      for r in create_app(platform).routes if isinstance(r, Route)]  # fmt: skip
    finally:
        del os.environ[STAFF_ENV]
    assert len(routes) >= 20  # the API, the cases, the portal
    with running(config, env=env) as server:
        records = [penalty(n, CODE, random.Random(n)) for n in range(3)]
        sent = httpx.post(server.url + "/api/v1/records", content=body(records), timeout=TIMEOUT,
                          headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert sent.status_code == 200
        yield Fuzzed(server, token, routes)


# -- what is sent ------------------------------------------------------------------------

#: A header value h11 lets a client send: visible bytes, inner spaces.
header_value = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0xFF, exclude_characters="\x7f"),
    min_size=1, max_size=200,
).map(lambda t: t.encode("latin-1"))  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)  # fmt: skip
wire_keys = ["standard", "kind", "batch_id", "records", "key", "fields", "operation", "scope",
             "objection", "outcome", "opinion", "decision", "reason", "claim", "text", "number"]  # fmt: skip


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    choice = draw(st.integers(0, 6))
    if choice == 0:
        return draw(st.binary(max_size=2000))
    if choice == 1:  # truncated valid JSON
        whole = body([penalty(1, CODE, random.Random(draw(st.integers(0, 9))))])
        return whole[: draw(st.integers(0, len(whole) - 1))]
    if choice == 2:  # deeply nested
        depth = draw(st.sampled_from([100, 1000, 5000, 20000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        return (opener * depth + "1" + closer * depth).encode()
    if choice == 3:  # a huge string, under the limit or over it
        size = draw(st.sampled_from([1000, MAX_BODY - 100, MAX_BODY * 2]))
        return json.dumps({"standard": "2021", "kind": "penalty", "batch_id": "x" * size}).encode()
    if choice == 4:  # the wire format's keys with values of any type
        keys = draw(st.lists(st.sampled_from(wire_keys), max_size=8, unique=True))
        data = {k: draw(json_values) for k in keys}
        if draw(st.booleans()):
            data["records"] = [
                {
                    k: draw(json_values)
                    for k in draw(st.lists(st.sampled_from(wire_keys), max_size=4))
                }
            ]
        return json.dumps(data).encode()
    if choice == 5:
        return json.dumps(draw(json_values)).encode()
    return b""


@st.composite
def segments(draw: st.DrawFn) -> str:
    return draw(st.one_of(
        st.text(max_size=40).map(lambda t: quote(t, safe="")),
        st.sampled_from(["..", "%2e%2e", "%2F", "%00", "%ff%fe", "%zz", ".", "%", "a%2F..%2Fb",
                         "x" * 5000, "%E4%B8%AD", "12410100MB00000002", "1" * 32]),
        st.text(alphabet="abc./%-_~", max_size=20),
    ))  # fmt: skip


@st.composite
def requests(draw: st.DrawFn, path: str, methods: tuple[str, ...]) -> dict[str, Any]:
    concrete = re.sub(r"\{[^}]+\}", lambda _: draw(segments()), path)
    if draw(st.integers(0, 9)) == 0:  # a random path instead, under /api/ or not
        concrete = draw(st.sampled_from(["/api/v1/", "/api/", "/", "/records/"])) + "/".join(
            draw(st.lists(segments(), max_size=4)))  # fmt: skip
    method = draw(st.one_of(st.sampled_from(methods),
                            st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
                                             "HEAD", "TRACE", "FOO"])))  # fmt: skip
    params = draw(st.dictionaries(
        st.sampled_from(["since", "status", "list", "q", "kind", "page", "x"]),
        st.one_of(st.text(max_size=30), st.sampled_from(["2026-13-45", "0", "-1", "9" * 30, "pending",
                                                         "penalty", "due", "\x00"])),
        max_size=3,
    ))  # fmt: skip
    authorization = draw(st.sampled_from(["none", "department", "department", "staff", "staff",
                                          "bearer-random", "random"]))  # fmt: skip
    headers: dict[str, bytes] = {}
    if authorization == "bearer-random":
        headers["authorization"] = b"Bearer " + draw(header_value)
    elif authorization == "random":
        headers["authorization"] = draw(header_value)
    for name in ("content-type", "idempotency-key", "accept", "x-forwarded-for"):
        if draw(st.booleans()):
            headers[name] = draw(st.one_of(
                header_value, st.sampled_from([b"application/json", b"text/plain", b"multipart/form-data",
                                               b"application/json; charset=gbk", b"x" * 8000])))  # fmt: skip
    return {"method": method, "path": concrete, "params": params, "headers": headers,
            "authorization": authorization,
            "body": draw(bodies()) if method not in ("GET", "HEAD") or draw(st.booleans()) else b""}  # fmt: skip


def _check(response: httpx.Response, method: str) -> None:
    status = response.status_code
    raw = response.request.url.raw_path.split(b"?")[0].decode("ascii")
    where = f"{method} {raw[:200]} → {status}: {response.text[:300]}"
    assert status < 500, where
    assert "Traceback" not in response.text, where
    if unquote(raw).startswith("/api/") and status >= 400 and method != "HEAD":
        assert response.headers["content-type"].startswith("application/json"), where
        assert "error" in response.json(), where


#: Requests per route of the route list.
PER_ROUTE = 60


def test_no_request_breaks_the_server(fuzzed: Fuzzed) -> None:
    """:data:`PER_ROUTE` requests for each route in turn, so none is left to chance."""
    tokens = {"department": fuzzed.token, "staff": STAFF_TOKEN}
    client = httpx.Client(base_url=fuzzed.server.url, timeout=TIMEOUT)

    @settings(max_examples=PER_ROUTE, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
    @given(st.data())
    def fuzz(path: str, methods: tuple[str, ...], data: st.DataObject) -> None:
        request = data.draw(requests(path, methods))
        headers = dict(request["headers"])
        if request["authorization"] in tokens:
            headers["authorization"] = f"Bearer {tokens[request['authorization']]}".encode()
        # An absolute URL: httpx refuses a relative one whose path starts with "//"
        url = fuzzed.server.url + request["path"]
        response = client.request(request["method"], url, params=request["params"],
                                  headers=headers, content=request["body"])  # fmt: skip
        _check(response, request["method"])

    try:
        for path, methods in fuzzed.routes:
            fuzz(path, methods)
    finally:
        client.close()
    assert httpx.get(fuzzed.server.url + "/api/v1/health", timeout=TIMEOUT).status_code == 200
    log = fuzzed.server.output()
    assert fuzzed.token not in log
    assert STAFF_TOKEN not in log
    assert "Traceback" not in log


#: Bodies every route gets with every way of authenticating, besides the random ones.
NASTY = [
    b"", b"\xff\xfe\x00garbage", b"null", b"[]", b'"text"', b"{", b'{"standard": "2021", "kind": ',
    b"[" * 20_000 + b"]" * 20_000, b'{"a":' * 5_000 + b"1" + b"}" * 5_000,  # deep, < max_body
    json.dumps({"standard": 2021, "kind": ["penalty"], "batch_id": {}, "records": "all"}).encode(),
    json.dumps({"standard": "2021", "kind": "penalty", "batch_id": "b",
                "records": [{"key": 1, "fields": [], "operation": 5}, None, "x"]}).encode(),
    json.dumps({"outcome": ["confirmed"], "opinion": {"a": 1}, "decision": 3, "reason": None,
                "key": [], "claim": {}, "text": 1.5, "number": True}).encode(),
    json.dumps({"batch_id": "x" * (MAX_BODY - 200)}).encode(),
]  # fmt: skip


def test_paths_of_empty_segments_are_answered(fuzzed: Fuzzed) -> None:
    """``////`` and ``//api/v1/…`` (what the fuzzer once drew): answered, never a 5xx."""
    with httpx.Client(timeout=TIMEOUT) as client:
        for path in ("////", "//", "//api/v1/records", "/api/v1//records//", "/api//v1/health"):
            _check(client.get(fuzzed.server.url + path), "GET")


def test_every_route_takes_the_nasty_bodies(fuzzed: Fuzzed) -> None:
    """Each route, each of its methods, without a token, with a department's and the
    staff's: the :data:`NASTY` bodies (deep nesting, truncation, wrong types …)."""
    tokens = {"none": None, "department": fuzzed.token, "staff": STAFF_TOKEN}
    with httpx.Client(base_url=fuzzed.server.url, timeout=TIMEOUT) as client:
        for path, methods in fuzzed.routes:
            concrete = re.sub(r"\{[^}]+\}", "X1", path)
            for method in methods:
                for token in tokens.values():
                    headers = {"Authorization": f"Bearer {token}"} if token else {}
                    for nasty in NASTY:
                        response = client.request(method, concrete, headers=headers, content=nasty)
                        _check(response, method)


def _answer(sock: socket.socket) -> bytes:
    sock.settimeout(TIMEOUT)
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
        head, _, rest = answer.partition(b"\r\n\r\n")
        found = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        if found and len(rest) >= int(found.group(1)):
            break
    return answer


def test_a_huge_body_is_refused_on_every_route_before_it_is_read(fuzzed: Fuzzed) -> None:
    posting = {path for path, methods in fuzzed.routes if "POST" in methods}
    assert "/api/v1/records" in posting
    for path in sorted(posting):
        concrete = re.sub(r"\{[^}]+\}", "X1", path)
        with socket.create_connection(("127.0.0.1", fuzzed.server.port), timeout=TIMEOUT) as sock:
            sock.sendall(f"POST {concrete} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {fuzzed.token}"
                         f"\r\nContent-Type: application/json\r\nContent-Length: {MAX_BODY * 8}"
                         "\r\n\r\n".encode() + b"[" * 4096)  # fmt: skip
            answer = _answer(sock)  # the rest of the body is never sent
        assert answer.startswith(b"HTTP/1.1 413 "), (path, answer[:200])
        assert json.loads(answer.partition(b"\r\n\r\n")[2])["error"] == "too-large"


def _health(url: str) -> int:
    return httpx.get(url + "/api/v1/health", timeout=TIMEOUT).status_code


@pytest.mark.parametrize("part", ["head", "body"])
def test_a_slow_client_does_not_hold_up_the_others(fuzzed: Fuzzed, part: str) -> None:
    batch = body([penalty(50, CODE, random.Random(50))], batch_id=f"slow-{part}")
    head = (f"POST /api/v1/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {fuzzed.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(batch)}\r\n\r\n").encode()  # fmt: skip
    slow, fast = (head, batch) if part == "head" else (batch, head)
    answered: list[int] = []
    dribbling = threading.Event()
    done = threading.Event()

    def dribble() -> None:
        with socket.create_connection(("127.0.0.1", fuzzed.server.port), timeout=TIMEOUT) as sock:
            if part == "body":
                sock.sendall(fast)
            cut = min(300, len(slow) - 1)  # the request stays incomplete until the end
            for n, byte in enumerate(slow[:cut]):
                sock.sendall(bytes([byte]))
                if n == 10:
                    dribbling.set()
                threading.Event().wait(0.005)
            done.wait(TIMEOUT)  # hold the half-sent request open while the others ask
            sock.sendall(slow[cut:] + (fast if part == "head" else b""))
            answer = _answer(sock)
            answered.append(int(answer.split(b" ")[1]))

    thread = threading.Thread(target=dribble)
    thread.start()
    assert dribbling.wait(TIMEOUT)
    for _ in range(20):  # others are answered while the slow request is still arriving
        assert _health(fuzzed.server.url) == 200
    done.set()
    thread.join(TIMEOUT * 2)
    assert not thread.is_alive()
    assert answered == [200]


def test_many_connections_at_once_do_not_hang_it(fuzzed: Fuzzed) -> None:
    """200 connections left open and idle, then 50 clients at once, each on its own
    connection: every request is answered."""
    idle = [socket.create_connection(("127.0.0.1", fuzzed.server.port), timeout=TIMEOUT)
            for _ in range(200)]  # fmt: skip
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
    try:
        with (httpx.Client(base_url=fuzzed.server.url, timeout=TIMEOUT, limits=limits) as client,
              ThreadPoolExecutor(max_workers=50) as pool):  # fmt: skip
            statuses = list(pool.map(lambda _: client.get("/api/v1/health").status_code,
                                     range(300)))  # fmt: skip
            searches = list(pool.map(
                lambda n: client.get("/api/v1/public/records", params={"q": f"示例{n}"}).status_code,
                range(100)))  # fmt: skip
    finally:
        for sock in idle:
            sock.close()
    assert statuses == [200] * 300
    assert searches == [200] * 100
    assert _health(fuzzed.server.url) == 200


def test_the_route_list_is_what_the_fuzzer_covers(fuzzed: Fuzzed) -> None:
    paths = {path for path, _ in fuzzed.routes}
    for expected in ("/api/v1/records", "/api/v1/returns", "/api/v1/staff/objections", "/",
                     "/api/v1/public/records/{key}", "/portal.css"):  # fmt: skip
        assert expected in paths
