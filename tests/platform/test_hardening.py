"""The HTTP service's hardening on a real ``sgs platform serve`` (docs/security.md).

Security headers on every kind of answer, JSON for every error of an ``/api/`` path,
rate limits per credential (its hash) and per address, the body and head size
limits, the production profile refusing debug mode, an access log without query
strings or bodies, HTTPS with a self-signed certificate made here by ``openssl``, and
the warning when plain HTTP is served beyond this machine.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import ssl
import subprocess
from collections.abc import AsyncIterator, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sgs.errors import ConfigFileError
from sgs.platform.config import load_platform_config
from sgs.platform.platform import open_platform
from sgs.platform.web.app import create_app
from sgs.platform.web.headers import OTHER_POLICY, PAGE_POLICY
from sgs.platform.web.ratelimit import ApiLimits

from .records import body, department_code, penalty
from .server import Server, add_department, running, sgs, write_config

CODE, OTHER, RATED = department_code(1), department_code(2), department_code(3)
MAX_BODY = 65536
TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    config = write_config(tmp_path_factory.mktemp("hardening"),
                          extra=f"[serve]\nmax_body = {MAX_BODY}\nrate_per_token = 5\n"
                                "rate_per_address = 100000\n[portal]\nrate = 100000\n")  # fmt: skip
    TOKENS[CODE] = add_department(config, "示例市市场监督管理局", CODE)
    TOKENS[OTHER] = add_department(config, "示例市交通运输局", OTHER)
    TOKENS[RATED] = add_department(config, "示例市教育局", RATED)  # only the rate test's
    with running(config) as started:
        yield started


def _raw(server: Server, request: bytes, *, then: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` (and ``then``) over a plain socket; the answer's status, headers, body."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        sock.sendall(request)
        if then:
            sock.sendall(then)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            head, _, rest = answer.partition(b"\r\n\r\n")
            lengths = [
                line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
            ]
            if lengths and len(rest) >= int(lengths[0].split(b":")[1]):
                break
    head, _, rest = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, rest


def _assert_refusal(body: bytes, error: str) -> None:
    data = json.loads(body)
    assert data["error"] == error
    assert data["message"]
    assert data["message_en"]
    assert "Traceback" not in body.decode("utf-8")


ANSWERS = [  # method, path, token?, status, content type
    ("GET", "/", False, 200, "text/html"),
    ("GET", "/records/" + "1" * 32, False, 404, "text/html"),
    ("GET", "/nowhere/at/all", False, 404, "text/html"),
    ("GET", "/portal.css", False, 200, "text/css"),
    ("GET", "/api/v1/health", False, 200, "application/json"),
    ("GET", "/api/v1/nowhere", False, 404, "application/json"),
    ("DELETE", "/api/v1/health", False, 405, "application/json"),
    ("GET", "/api/v1/records", False, 405, "application/json"),
    ("GET", "/api/v1/returns", False, 401, "application/json"),
    ("GET", "/api/v1/returns", True, 200, "application/json"),
    ("GET", "/api/v1/returns?since=yesterday", True, 400, "application/json"),
    ("GET", "/api/v1/public/records?page=x", False, 400, "application/json"),
]


@pytest.mark.parametrize(("method", "path", "token", "status", "kind"), ANSWERS)
def test_every_answer_has_the_security_headers(server: Server, method: str, path: str,
                                               token: bool, status: int, kind: str) -> None:  # fmt: skip
    headers = {"Authorization": f"Bearer {TOKENS[CODE]}"} if token else {}
    answer = httpx.request(method, server.url + path, headers=headers, timeout=20)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(kind)
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["x-frame-options"] == "DENY"
    policy = PAGE_POLICY if kind == "text/html" else OTHER_POLICY
    assert answer.headers["content-security-policy"] == policy
    assert "unsafe-inline" not in answer.headers["content-security-policy"]
    assert "strict-transport-security" not in answer.headers  # plain HTTP here
    assert "server" not in answer.headers
    if path.startswith("/api/"):
        assert answer.headers["cache-control"] == "no-store"
        if status >= 400:
            _assert_refusal(answer.content, answer.json()["error"])
    if kind == "text/html":
        assert "<style" not in answer.text
        assert "<script" not in answer.text
        assert 'style="' not in answer.text
    assert "Traceback" not in answer.text


def test_routing_errors_on_api_paths_are_json_naming_the_error(server: Server) -> None:
    missing = httpx.get(server.url + "/api/v1/nowhere", timeout=20)
    _assert_refusal(missing.content, "not-found")
    wrong = httpx.delete(server.url + "/api/v1/health", timeout=20)
    _assert_refusal(wrong.content, "method-not-allowed")
    assert "GET" in wrong.headers["allow"]
    page = httpx.get(server.url + "/nowhere", timeout=20)  # the portal's side: a page
    assert page.status_code == 404
    assert "没有这个地址" in page.text


def test_the_style_sheet_is_served_and_cached_briefly(server: Server) -> None:
    sheet = httpx.get(server.url + "/portal.css", timeout=20)
    assert "header.site" in sheet.text
    assert sheet.headers["cache-control"] == "public, max-age=300"
    page = httpx.get(server.url + "/", timeout=20).text
    assert '<link rel="stylesheet" href="/portal.css">' in page


def test_a_body_far_over_max_body_is_413_before_it_is_read(server: Server) -> None:
    head = (f"POST /api/v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {TOKENS[CODE]}\r\nContent-Length: {MAX_BODY * 10}\r\n\r\n")  # fmt: skip
    status, headers, answer = _raw(server, head.encode(), then=b"{" * 1024)
    assert status == 413
    assert headers["content-type"] == "application/json"
    _assert_refusal(answer, "too-large")
    # and without a Content-Length (chunked), once it has grown past the limit
    records = [penalty(n, CODE, __import__("random").Random(n)) for n in range(200)]
    chunked = httpx.post(server.url + "/api/v1/records", content=iter([body(records)] * 3),
                         headers={"Authorization": f"Bearer {TOKENS[OTHER]}"}, timeout=20)  # fmt: skip
    assert chunked.status_code == 413
    _assert_refusal(chunked.content, "too-large")


@pytest.mark.parametrize("length", [b"abc", b"-1", b"5, 6", b"1e3"])
def test_a_bad_content_length_is_400_in_json(server: Server, length: bytes) -> None:
    request = (
        b"POST /api/v1/records HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n{}"
    )
    status, headers, answer = _raw(server, request)
    assert status == 400
    _assert_refusal(answer, "bad-request")
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("extra", [b"X-Big: " + b"a" * 20_000 + b"\r\n",
                                   b"".join(b"X-N%d: 1\r\n" % n for n in range(3000))])  # fmt: skip
def test_a_request_head_over_the_limit_is_refused_in_json(server: Server, extra: bytes) -> None:
    """Whole, the application refuses it (431); still arriving past 16 KiB, uvicorn (400)."""
    for path in ("/api/v1/health", "/"):
        head = b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n" + extra + b"\r\n"
        status, _, answer = _raw(server, head)
        assert status == 431
        _assert_refusal(answer, "headers-too-large")
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + extra)  # no end
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 ")
    _assert_refusal(answer.partition(b"\r\n\r\n")[2], "bad-request")
    assert httpx.get(server.url + "/api/v1/health", timeout=20).status_code == 200


def test_each_token_has_its_own_rate(server: Server, tmp_path: Path) -> None:
    """``rate_per_token = 5``: the sixth request of one department is 429, another goes on."""
    seen = []
    for _ in range(6):
        answer = httpx.get(server.url + "/api/v1/objections", timeout=20,
                           headers={"Authorization": f"Bearer {TOKENS[RATED]}"})  # fmt: skip
        seen.append(answer.status_code)
    assert seen[:5] == [200] * 5
    assert seen[5] == 429
    refused = answer
    _assert_refusal(refused.content, "too-many-requests")
    assert int(refused.headers["retry-after"]) >= 1
    mine = httpx.get(server.url + "/api/v1/objections", timeout=20,
                     headers={"Authorization": f"Bearer {TOKENS[CODE]}"})  # fmt: skip
    assert mine.status_code == 200
    assert httpx.get(server.url + "/", timeout=20).status_code == 200  # the portal: its own rate
    for token in TOKENS.values():
        assert token not in server.output()


def test_each_address_has_its_own_rate_on_every_api_route(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra="[serve]\nrate_per_address = 4\n[portal]\nrate = 1000\n")
    with open_platform(config) as platform:
        app = create_app(platform)

        async def statuses(address: str, paths: list[str]) -> list[int]:
            transport = httpx.ASGITransport(app=app, client=(address, 1))
            async with httpx.AsyncClient(transport=transport, base_url="http://p") as client:
                return [(await client.get(p)).status_code for p in paths]

        paths = ["/api/v1/health", "/api/v1/public/records", "/api/v1/nowhere", "/api/v1/returns",
                 "/api/v1/health"]  # fmt: skip
        assert asyncio.run(statuses("192.0.2.1", paths)) == [200, 200, 404, 401, 429]
        assert asyncio.run(statuses("192.0.2.2", ["/api/v1/health"])) == [200]
        assert asyncio.run(statuses("192.0.2.1", ["/", "/portal.css"])) == [200, 200]


def test_the_limiter_keeps_the_hash_of_a_token_never_the_token() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await JSONResponse({})(scope, receive, send)

    limits = ApiLimits(app, per_token=10, per_address=10, max_body=1024)
    token = "tok-secret-0123456789"

    async def call() -> None:
        scope = {"type": "http", "method": "GET", "path": "/api/v1/returns", "query_string": b"",
                 "headers": [(b"authorization", f"Bearer {token}".encode())],
                 "client": ("192.0.2.9", 1)}  # fmt: skip

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            pass

        await limits(scope, receive, send)

    asyncio.run(call())
    kept = list(limits.tokens._buckets)
    assert kept == [hashlib.sha256(token.encode()).hexdigest()]
    assert all(token not in k for k in [*kept, *limits.addresses._buckets])


def test_a_route_added_later_has_the_limits_and_the_headers(tmp_path: Path) -> None:
    """The middleware is around the application: a route appended to it is covered too."""
    config = write_config(tmp_path, extra="[serve]\nmax_body = 2048\n")

    async def echo(request: Request) -> Response:
        return JSONResponse({"size": len(await request.body())})

    async def pieces() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b"x" * 1024

    with open_platform(config) as platform:
        app = create_app(platform)
        app.router.routes.append(Route("/api/v1/later", echo, methods=["POST"]))

        async def post() -> list[httpx.Response]:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://p") as client:
                return [await client.post("/api/v1/later", content=b"x" * 100),
                        await client.post("/api/v1/later", content=pieces()),
                        await client.post("/api/v1/later", content=b"x" * 4096)]  # fmt: skip

        small, chunked, large = asyncio.run(post())
    assert small.json() == {"size": 100}
    assert small.headers["x-frame-options"] == "DENY"
    for refused in (chunked, large):
        assert refused.status_code == 413
        _assert_refusal(refused.content, "too-large")
        assert refused.headers["cache-control"] == "no-store"


def test_production_refuses_debug_naming_the_file_and_the_setting(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra="[serve]\ndebug = true\n")
    with pytest.raises(ConfigFileError) as raised:
        load_platform_config(config)
    assert str(config) in raised.value.message_zh
    assert "[serve] debug" in raised.value.message_zh
    assert "[serve] debug" in raised.value.message_en
    done = sgs("platform", "serve", "--config", str(config), "--port", "0")
    assert done.returncode == 2
    assert "[serve] debug" in done.stderr
    assert done.stderr.index("生产环境") < done.stderr.index("(")  # Chinese first
    assert "Traceback" not in done.stderr
    explicit = write_config(tmp_path / "p", extra='[serve]\nprofile = "production"\ndebug = true\n')
    with pytest.raises(ConfigFileError):
        load_platform_config(explicit)
    wrong = write_config(tmp_path / "w", extra='[serve]\nprofile = "testing"\n')
    with pytest.raises(ConfigFileError) as raised:
        load_platform_config(wrong)
    assert "[serve] profile" in raised.value.message_en


def test_development_may_debug_and_production_does_not(tmp_path: Path) -> None:
    development = write_config(
        tmp_path / "d", extra='[serve]\nprofile = "development"\ndebug = true\n'
    )
    with open_platform(development) as platform:
        assert platform.config.profile == "development"
        assert create_app(platform).debug is True
    with open_platform(write_config(tmp_path / "p")) as platform:
        assert platform.config.profile == "production"
        assert create_app(platform).debug is False


def test_tls_files_come_in_pairs(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra='[serve]\ntls_cert = "cert.pem"\n')
    with pytest.raises(ConfigFileError) as raised:
        load_platform_config(config)
    assert "tls_key" in raised.value.message_zh
    missing = write_config(tmp_path / "m", extra='[serve]\ntls_cert = "c.pem"\ntls_key = "k.pem"\n')
    done = sgs("platform", "serve", "--config", str(missing), "--port", "0")
    assert done.returncode == 2
    assert "[serve] tls_cert" in done.stderr
    assert "c.pem" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_access_log_has_no_query_string_and_no_body(server: Server) -> None:
    marker = "张三丰甲乙丙"
    httpx.get(server.url + "/", params={"q": marker}, timeout=20)
    httpx.get(server.url + "/api/v1/public/records", params={"q": marker}, timeout=20)
    httpx.post(server.url + "/api/v1/records", content=f'{{"x": "{marker}"'.encode(),
               headers={"Authorization": f"Bearer {TOKENS[CODE]}"}, timeout=20)  # fmt: skip
    log = server.output()
    assert '"GET / HTTP/1.1" 200' in log
    assert '"GET /api/v1/public/records HTTP/1.1" 200' in log
    assert '"POST /api/v1/records HTTP/1.1" 400' in log
    assert marker not in log
    assert httpx.QueryParams({"q": marker}).__str__() not in log
    assert "?q=" not in log


def test_plain_http_beyond_this_machine_is_warned_about(tmp_path: Path, server: Server) -> None:
    config = write_config(tmp_path, extra='[serve]\nhost = "0.0.0.0"\n')
    with running(config) as exposed:
        assert httpx.get(exposed.url + "/api/v1/health", timeout=20).status_code == 200
        log = exposed.output()
    warning = next(line for line in log.splitlines() if "警告" in line)
    assert "0.0.0.0 上以明文 HTTP 提供服务，令牌和个人信息将以明文在网络上传输" in warning
    assert "tokens and personal data would travel in clear" in warning
    assert warning.index("明文") < warning.index("(serving plain HTTP")
    assert "明文" not in server.output()  # 127.0.0.1: no warning


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def test_https_directly_with_a_certificate(tmp_path: Path) -> None:
    cert, _ = _self_signed(tmp_path)
    config = write_config(tmp_path, extra='[serve]\nhost = "0.0.0.0"\ntls_cert = "cert.pem"\n'
                                          'tls_key = "key.pem"\n')  # fmt: skip
    token = add_department(config, "示例市市场监督管理局", CODE)
    trusted = ssl.create_default_context(cafile=str(cert))
    with running(config, scheme="https", verify=trusted) as secure:
        assert secure.url.startswith("https://")
        answer = httpx.post(secure.url + "/api/v1/records", verify=trusted, timeout=20,
                            content=body([penalty(1, CODE, __import__("random").Random(1))]),
                            headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"][0]["status"] == "accepted"
        assert answer.headers["strict-transport-security"] == "max-age=31536000"
        assert answer.headers["cache-control"] == "no-store"
        with pytest.raises(httpx.ConnectError):  # a client that does not trust it stops
            httpx.get(secure.url + "/api/v1/health", timeout=20)
        with pytest.raises(httpx.TransportError):  # and nothing is served in clear
            httpx.get(f"http://127.0.0.1:{secure.port}/api/v1/health", timeout=20)
        log = secure.output()
    assert f"listening on https://0.0.0.0:{secure.port}" in log
    assert "明文" not in log  # TLS: no plain-HTTP warning
    assert token not in log


def test_the_listening_socket_says_it_is_tcp() -> None:
    """asyncio sets TCP_NODELAY only on sockets whose protocol is IPPROTO_TCP (accepted ones
    inherit it); with 0, Nagle's algorithm and delayed ACKs held each answer back."""
    from sgs.platform.web.serve import _bind

    with _bind("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP
        sock.listen()
        with socket.create_connection(sock.getsockname()[:2]) as _client:
            accepted, _ = sock.accept()
            with accepted:
                assert accepted.proto == socket.IPPROTO_TCP
