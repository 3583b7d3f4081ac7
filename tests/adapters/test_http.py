"""The ``http`` transport against a real HTTP server on 127.0.0.1.

The server (:class:`Platform`) records every request and answers each one as
its script says: normally (accepting all, or rejecting some keys), with a
status, after hanging, by dropping the connection, or with a raw body. The
transport's ``sleep`` is replaced by a recorder, so retries never wait.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import attrs
import httpx
import pytest

from sgs.adapters import Batch, ConfigError, OutgoingRecord, Receipt, Return, ReturnReason
from sgs.adapters.http import MISSING_RESULT, HttpTransport, TransportError
from sgs.errors import SgsError
from sgs.standard import Kind

TOKEN = "tok-9f8e7d6c5b4a-SECRET"
TOKEN_ENV = "SGS_TEST_PLATFORM_TOKEN"


# -- the platform ----------------------------------------------------------------


@attrs.frozen
class Seen:
    """One request as the platform received it."""

    method: str
    path: str
    headers: Mapping[str, str]  # lower-case names
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw)

    @property
    def keys(self) -> list[str]:
        return [r["key"] for r in self.body["records"]]


Action = Callable[["_Handler", Seen], None]


class Platform:
    """A scripted credit platform: each request takes the next action, then ``default``."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.script: list[Action] = []
        self.default: Action = answer()
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.platform = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/batches"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def then(self, *actions: Action) -> Platform:
        self.script.extend(actions)
        return self

    def handle(self, handler: _Handler, seen: Seen) -> None:
        with self.lock:
            self.requests.append(seen)
            action = self.script.pop(0) if self.script else self.default
        action(handler, seen)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        platform: Platform = self.server.platform  # type: ignore[attr-defined]
        platform.handle(self, Seen(self.command, self.path, headers, raw))

    do_GET = do_POST  # the returns: no body, the same script

    def reply(self, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def answer(
    reject: Mapping[str, str] | None = None,
    *,
    omit: Sequence[str] = (),
    extra: Sequence[Mapping[str, Any]] = (),
) -> Action:
    """Answer normally: accept every key but ``reject`` (key → message), leave out ``omit``."""

    def act(handler: _Handler, seen: Seen) -> None:
        results: list[Mapping[str, Any]] = []
        for key in seen.keys:
            if key in omit:
                continue
            if reject and key in reject:
                results.append({"key": key, "status": "rejected", "message": reject[key]})
            else:
                results.append({"key": key, "status": "accepted", "message": ""})
        results.extend(extra)
        body = json.dumps({"results": results}, ensure_ascii=False).encode("utf-8")
        handler.reply(200, body, {"Content-Type": "application/json"})

    return act


def serve(*returns: Mapping[str, Any]) -> Action:
    """Answer a ``GET …/returns`` with ``returns``."""
    return raw(json.dumps({"returns": returns}, ensure_ascii=False).encode("utf-8"))


def status(code: int, body: bytes = b"", headers: Mapping[str, str] | None = None) -> Action:
    def act(handler: _Handler, seen: Seen) -> None:
        handler.reply(code, body, headers)

    return act


def raw(body: bytes, code: int = 200) -> Action:
    return status(code, body, {"Content-Type": "application/json"})


def echo_headers(code: int) -> Action:
    """Answer with the request's headers in the body (as careless servers do)."""

    def act(handler: _Handler, seen: Seen) -> None:
        first = {"authorization": seen.headers.get("authorization", "")}
        handler.reply(code, json.dumps(first | dict(seen.headers)).encode(), {})

    return act


def hang(handler: _Handler, seen: Seen) -> None:
    """Answer nothing for a long while (until the test ends), then drop the connection."""
    handler.server.platform.release.wait(5)  # type: ignore[attr-defined]
    handler.close_connection = True


def drop(handler: _Handler, seen: Seen) -> None:
    """Close the connection without any response."""
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def platform() -> Iterator[Platform]:
    p = Platform()
    p.thread.start()
    try:
        yield p
    finally:
        p.release.set()
        p.server.shutdown()
        p.server.server_close()


# -- helpers -----------------------------------------------------------------------


def batch(n: int = 3, batch_id: str = "20261126T103000-3f9a1c2b") -> Batch:
    records = tuple(
        OutgoingRecord(
            f"key{i:02d}",
            {"CF_WSH": f"示市监罚〔2026〕{i}号", "CF_JDRQ": "2026-11-20", "CF_FKJE": "5000.00"},
        )
        for i in range(1, n + 1)
    )
    return Batch(batch_id, "2018", Kind.PENALTY, records)


class Delays(list[float]):
    """A ``sleep`` that records the delay instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def make(platform: Platform) -> Iterator[Callable[..., tuple[HttpTransport, Delays]]]:
    made: list[HttpTransport] = []

    def make(**config: Any) -> tuple[HttpTransport, Delays]:
        config.setdefault("url", platform.url)
        config.setdefault("timeout", 5)
        transport = HttpTransport(config)
        delays = Delays()
        transport.sleep = delays
        made.append(transport)
        return transport, delays

    yield make
    for transport in made:
        transport.close()


def by_key(receipts: Sequence[Receipt]) -> dict[str, Receipt]:
    result = {r.key: r for r in receipts}
    assert len(result) == len(receipts)
    return result


def assert_no_token(*texts: object) -> None:
    for text in texts:
        assert TOKEN not in str(text)
        assert TOKEN not in repr(text)


# -- the wire format ---------------------------------------------------------------


def test_request_matches_the_documented_format(platform: Platform, make: Any) -> None:
    transport, delays = make()
    b = batch(2)
    receipts = transport.push(b)

    assert len(platform.requests) == 1
    seen = platform.requests[0]
    assert seen.method == "POST"
    assert seen.path == "/api/batches"
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["idempotency-key"] == b.batch_id
    assert "authorization" not in seen.headers
    assert seen.body == {
        "standard": "2018",
        "kind": "penalty",
        "batch_id": "20261126T103000-3f9a1c2b",
        "records": [
            {
                "key": "key01",
                "fields": {
                    "CF_WSH": "示市监罚〔2026〕1号",
                    "CF_JDRQ": "2026-11-20",
                    "CF_FKJE": "5000.00",
                },
            },
            {
                "key": "key02",
                "fields": {
                    "CF_WSH": "示市监罚〔2026〕2号",
                    "CF_JDRQ": "2026-11-20",
                    "CF_FKJE": "5000.00",
                },
            },
        ],
    }
    assert "示市监罚" in seen.raw.decode("utf-8")  # UTF-8, not \\u escapes
    assert sorted(receipts, key=lambda r: r.key) == [
        Receipt("key01", "accepted", ""),
        Receipt("key02", "accepted", ""),
    ]
    assert delays == []


def test_an_upsert_body_is_the_same_bytes_as_before_withdrawals(
    platform: Platform, make: Any
) -> None:
    transport, _ = make()
    record = OutgoingRecord("key01", {"CF_WSH": "示市监罚〔2026〕1号", "CF_JDRQ": "2026-11-20"})
    transport.push(Batch("b-1", "2018", Kind.PENALTY, (record,)))
    assert (
        platform.requests[0].raw
        == (
            '{"standard":"2018","kind":"penalty","batch_id":"b-1","records":[{"key":"key01",'
            '"fields":{"CF_WSH":"示市监罚〔2026〕1号","CF_JDRQ":"2026-11-20"}}]}'
        ).encode()
    )


def test_a_withdrawal_carries_its_operation(platform: Platform, make: Any) -> None:
    transport, _ = make()
    records = (
        OutgoingRecord("key01", {"CF_WSH": "示市监罚〔2026〕1号"}, "withdraw"),
        OutgoingRecord("key02", {"CF_WSH": "示市监罚〔2026〕2号"}),
    )
    receipts = transport.push(Batch("b-2", "2018", Kind.PENALTY, records))
    assert (
        platform.requests[0].raw
        == (
            '{"standard":"2018","kind":"penalty","batch_id":"b-2","records":[{"key":"key01",'
            '"fields":{"CF_WSH":"示市监罚〔2026〕1号"},"operation":"withdraw"},{"key":"key02",'
            '"fields":{"CF_WSH":"示市监罚〔2026〕2号"}}]}'
        ).encode()
    )
    assert all(r.accepted for r in receipts)


def test_license_kind_is_sent_as_license(platform: Platform, make: Any) -> None:
    transport, _ = make()
    b = Batch("b-lic", "2018", Kind.LICENSE, (OutgoingRecord("k", {"XK_WSH": "许1号"}),))
    assert transport.push(b) == [Receipt("k", "accepted", "")]
    assert platform.requests[0].body["kind"] == "license"


def test_rejected_records_carry_the_platforms_message(platform: Platform, make: Any) -> None:
    platform.default = answer({"key02": "CF_XDR_SHXYM 校验位错误"})
    transport, _ = make()
    receipts = by_key(transport.push(batch(3)))
    assert receipts["key01"] == Receipt("key01", "accepted", "")
    assert receipts["key02"] == Receipt("key02", "rejected", "CF_XDR_SHXYM 校验位错误")
    assert not receipts["key02"].accepted
    assert receipts["key03"].accepted


def test_a_record_missing_from_the_results_has_no_receipt(platform: Platform, make: Any) -> None:
    """Not a rejection: the sync keeps it pending and resends it (see tests/department)."""
    platform.default = answer(omit=["key03"])
    transport, _ = make()
    receipts = by_key(transport.push(batch(3)))
    assert set(receipts) == {"key01", "key02"}
    assert MISSING_RESULT == "平台未返回此记录的结果 (no result from the platform)"
    assert receipts["key01"].accepted


def test_an_empty_batch_is_not_sent(platform: Platform, make: Any) -> None:
    transport, _ = make()
    assert transport.push(Batch("empty", "2018", Kind.PENALTY, ())) == []
    assert platform.requests == []


# -- the token ---------------------------------------------------------------------


def test_bearer_token_when_token_env_is_set(
    platform: Platform, make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    transport, _ = make(token_env=TOKEN_ENV)
    transport.push(batch(1))
    assert platform.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert_no_token(transport, transport.config)


def test_token_is_read_when_the_transport_is_made(
    platform: Platform, make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    transport, _ = make(token_env=TOKEN_ENV)
    monkeypatch.setenv(TOKEN_ENV, "changed-later")
    transport.push(batch(1))
    assert platform.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_unset_token_variable_is_a_config_error_naming_it(
    value: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv(TOKEN_ENV, raising=False)
    else:
        monkeypatch.setenv(TOKEN_ENV, value)
    with pytest.raises(ConfigError) as info:
        HttpTransport({"url": "https://platform.example/api", "token_env": TOKEN_ENV})
    assert TOKEN_ENV in info.value.message_zh
    assert TOKEN_ENV in info.value.message_en


def test_a_token_with_a_line_break_is_refused_without_showing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN + "\nX-Evil: 1")
    with pytest.raises(ConfigError) as info:
        HttpTransport({"url": "https://platform.example/api", "token_env": TOKEN_ENV})
    assert TOKEN_ENV in str(info.value)
    assert_no_token(info.value)


@pytest.mark.parametrize(
    "actions",
    [
        pytest.param([echo_headers(400)], id="400-echoing-headers"),
        pytest.param([echo_headers(200)], id="headers-instead-of-json-results"),
        pytest.param([echo_headers(503)] * 3, id="retries-exhausted"),
    ],
)
def test_the_token_never_appears_in_errors_or_logs(
    actions: list[Action],
    platform: Platform,
    make: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    platform.then(*actions)
    transport, _ = make(token_env=TOKEN_ENV, retries=2)
    with caplog.at_level(logging.DEBUG), pytest.raises(TransportError) as info:
        transport.push(batch(1))
    error = info.value
    assert platform.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert_no_token(error, error.message_zh, error.message_en, error.args, transport)
    assert "***" in str(error)  # the echoed token was masked, not just cut off
    assert TOKEN not in caplog.text


# -- retries -----------------------------------------------------------------------


def test_503_then_success_delivers_every_record(platform: Platform, make: Any) -> None:
    platform.then(status(503), status(503, b"busy"))
    platform.default = answer({"key01": "重复"})
    transport, delays = make()
    b = batch(3)
    receipts = by_key(transport.push(b))

    assert len(platform.requests) == 3
    assert {seen.headers["idempotency-key"] for seen in platform.requests} == {b.batch_id}
    # The platform can tell a resent record by its key: the same keys on every attempt.
    assert [seen.keys for seen in platform.requests] == [["key01", "key02", "key03"]] * 3
    assert len({seen.raw for seen in platform.requests}) == 1
    assert receipts == {
        "key01": Receipt("key01", "rejected", "重复"),
        "key02": Receipt("key02", "accepted", ""),
        "key03": Receipt("key03", "accepted", ""),
    }
    assert len(delays) == 2
    assert 0 <= delays[0] <= 0.5
    assert 0 <= delays[1] <= 1.0


@pytest.mark.parametrize("code", [408, 500, 502, 504])
def test_other_retried_statuses(code: int, platform: Platform, make: Any) -> None:
    platform.then(status(code))
    transport, delays = make()
    assert all(r.accepted for r in transport.push(batch(2)))
    assert len(platform.requests) == 2
    assert len(delays) == 1


def test_429_honours_retry_after_seconds(platform: Platform, make: Any) -> None:
    platform.then(status(429, b"slow down", {"Retry-After": "1"}))
    transport, delays = make()
    started = time.monotonic()
    assert all(r.accepted for r in transport.push(batch(2)))
    assert time.monotonic() - started < 1  # it did not really wait
    assert delays == [pytest.approx(1.0)]
    assert len(platform.requests) == 2
    assert platform.requests[0].raw == platform.requests[1].raw


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        ("120", 3.0),  # capped at max_backoff
        ("Wed, 21 Oct 2099 07:28:00 GMT", 3.0),  # an HTTP date, far away: capped
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # an HTTP date already past
    ],
)
def test_retry_after_is_capped_and_reads_http_dates(
    retry_after: str, expected: float, platform: Platform, make: Any
) -> None:
    platform.then(status(429, b"", {"Retry-After": retry_after}))
    transport, delays = make(max_backoff=3)
    transport.push(batch(1))
    assert delays == [pytest.approx(expected)]


def test_a_hanging_platform_times_out_and_is_retried(platform: Platform, make: Any) -> None:
    platform.then(hang)
    transport, delays = make(timeout=0.5)
    started = time.monotonic()
    receipts = transport.push(batch(2))
    elapsed = time.monotonic() - started
    assert all(r.accepted for r in receipts)
    assert 0.4 <= elapsed < 3
    assert len(platform.requests) == 2
    assert platform.requests[0].keys == platform.requests[1].keys
    assert len(delays) == 1


def test_a_dropped_connection_is_retried(platform: Platform, make: Any) -> None:
    platform.then(drop, drop)
    transport, delays = make()
    b = batch(2)
    assert all(r.accepted for r in transport.push(b))
    assert len(platform.requests) == 3
    assert {seen.headers["idempotency-key"] for seen in platform.requests} == {b.batch_id}
    assert len(delays) == 2


def test_400_is_not_retried(platform: Platform, make: Any) -> None:
    body = ("字段 CF_WSH 缺失；" * 40).encode("utf-8")
    platform.then(status(400, body))
    transport, delays = make()
    with pytest.raises(TransportError) as info:
        transport.push(batch(2))
    error = info.value
    assert len(platform.requests) == 1
    assert delays == []
    assert error.status == 400
    assert error.attempts == 1
    assert "HTTP 400" in error.message_zh
    assert "HTTP 400" in error.message_en
    assert platform.url in str(error)
    assert "字段 CF_WSH 缺失" in error.message_en
    # Only the start of the body is quoted.
    quoted = error.message_en.split("HTTP 400, ", 1)[1]
    assert len(quoted) <= 201
    assert isinstance(error, SgsError)


@pytest.mark.parametrize("code", [401, 403, 404, 409, 422, 301])
def test_other_refusals_are_not_retried(code: int, platform: Platform, make: Any) -> None:
    platform.then(status(code, b"no", {"Location": "/elsewhere"} if code == 301 else None))
    transport, delays = make()
    with pytest.raises(TransportError, match=f"HTTP {code}"):
        transport.push(batch(1))
    assert len(platform.requests) == 1
    assert delays == []


def test_backoff_delays_grow_and_stay_within_max_backoff(platform: Platform, make: Any) -> None:
    platform.default = status(503)
    transport, delays = make(retries=6, backoff=0.5, max_backoff=4)
    bounds: list[tuple[float, float]] = []

    def upper(low: float, high: float) -> float:  # the largest jitter, to see the curve
        bounds.append((low, high))
        return high

    transport.uniform = upper
    with pytest.raises(TransportError) as info:
        transport.push(batch(1))
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert all(low == 0 for low, _ in bounds)
    assert len(platform.requests) == 7
    assert info.value.attempts == 7
    assert "7 attempts" in info.value.message_en
    assert "7 次" in info.value.message_zh
    assert "HTTP 503" in info.value.message_en
    assert info.value.status == 503


def test_real_jitter_stays_within_the_bounds(platform: Platform, make: Any) -> None:
    platform.default = status(503)
    transport, delays = make(retries=8, backoff=0.25, max_backoff=1.5)
    with pytest.raises(TransportError):
        transport.push(batch(1))
    assert len(delays) == 8
    for n, delay in enumerate(delays):
        assert 0 <= delay <= min(1.5, 0.25 * 2**n)


def test_exhausted_retries_name_the_attempts_and_the_last_error(make: Any) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    transport, delays = make(url=f"http://127.0.0.1:{port}/api", retries=2)
    with pytest.raises(TransportError) as info:
        transport.push(batch(1))
    assert info.value.attempts == 3
    assert "3 attempts failed" in info.value.message_en
    assert "connection error" in info.value.message_en
    assert f"127.0.0.1:{port}" in info.value.message_en
    assert info.value.status is None
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert len(delays) == 2


def test_no_retries_means_one_attempt(platform: Platform, make: Any) -> None:
    platform.then(status(503))
    transport, delays = make(retries=0)
    with pytest.raises(TransportError, match="1 attempt failed"):
        transport.push(batch(1))
    assert len(platform.requests) == 1
    assert delays == []


# -- answers that cannot be used ---------------------------------------------------


def unusable(
    platform: Platform, action: Action, send: Callable[[], object], delays: Delays
) -> TransportError:
    """The error of ``send`` when the platform answers as ``action`` says, asked once."""
    platform.then(action)
    with pytest.raises(TransportError) as info:
        send()
    assert info.value.status == 200
    assert len(platform.requests) == 1  # an answer that came is not asked for again
    assert delays == []
    return info.value


@pytest.mark.parametrize(
    ("action", "problem"),
    [
        pytest.param(raw(b"<html>OK</html>"), "not JSON", id="not-json"),
        pytest.param(raw(b'{"result": []}'), "no 'results' list", id="no-results"),
        pytest.param(raw(b"[1, 2]"), "no 'results' list", id="not-an-object"),
        pytest.param(
            raw(b'{"results": [{"key": "key01", "status": "ok"}]}'),
            "status of accepted or rejected",
            id="bad-status",
        ),
        pytest.param(raw(b'{"results": [{"status": "accepted"}]}'), "needs a key", id="no-key"),
        pytest.param(
            answer(extra=[{"key": "stranger", "status": "accepted"}]),
            "'stranger', which is not in the batch",
            id="unknown-key",
        ),
        pytest.param(
            answer(extra=[{"key": "key01", "status": "rejected"}]),
            "more than one result for the record 'key01'",
            id="duplicate-key",
        ),
    ],
)
def test_an_unusable_answer_is_a_transport_error(
    action: Action, problem: str, platform: Platform, make: Any
) -> None:
    transport, delays = make()
    error = unusable(platform, action, lambda: transport.push(batch(2)), delays)
    assert problem in error.message_en
    assert platform.url in error.message_en
    assert platform.url in error.message_zh


def test_a_batch_repeating_a_key_gets_the_receipts_the_platform_gave(
    platform: Platform, make: Any
) -> None:
    b = batch(2)
    repeated = attrs.evolve(b, records=(*b.records, b.records[0]))
    platform.then(raw(b'{"results": [{"key": "key01", "status": "accepted"}]}'))
    transport, _ = make()
    receipts = transport.push(repeated)
    assert sorted(receipts, key=lambda r: (r.key, r.status)) == [Receipt("key01", "accepted", "")]


def test_a_subclass_receipt_with_a_bad_status_is_refused(platform: Platform) -> None:
    class Sloppy(HttpTransport):
        def decode(self, response: httpx.Response, batch: Batch) -> list[Receipt]:
            return [Receipt("key01", "ok", "")]  # type: ignore[arg-type]

    with Sloppy({"url": platform.url}) as transport, pytest.raises(TransportError) as info:
        transport.push(batch(1))
    assert "'ok', not accepted or rejected" in info.value.message_en


def test_a_missing_message_is_empty(platform: Platform, make: Any) -> None:
    platform.then(raw(b'{"results": [{"key": "key01", "status": "accepted"}]}'))
    transport, _ = make()
    assert transport.push(batch(1)) == [Receipt("key01", "accepted", "")]


# -- configuration and the client ---------------------------------------------------


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({}, "url"),
        ({"url": "ftp://platform.example/"}, "url"),
        ({"url": "platform.example/api"}, "url"),
        ({"url": 5}, "url"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": True}, "timeout"),
        ({"timeout": "30"}, "timeout"),
        ({"retries": -1}, "retries"),
        ({"retries": 2.5}, "retries"),
        ({"retries": 101}, "retries"),  # issue 11 #9: 1000000 retries would never end
        ({"timeout": 0.05}, "timeout"),
        ({"timeout": 3601}, "timeout"),
        ({"backoff": 3601}, "backoff"),
        ({"max_backoff": float("nan")}, "max_backoff"),
        ({"token_env": 5}, "token_env"),
        ({"verify": "ca\x00.pem"}, "verify"),
        ({"backoff": -0.1}, "backoff"),
        ({"max_backoff": float("inf")}, "max_backoff"),
        ({"verify": 1}, "verify"),
        ({"verify": "missing-ca.pem"}, "verify"),
        ({"token_env": ""}, "token_env"),
    ],
)
def test_bad_configuration_names_the_key(config: dict[str, Any], key: str, tmp_path: Path) -> None:
    if key != "url":
        config = {"url": "https://platform.example/api", **config}
    with pytest.raises(ConfigError) as info:
        HttpTransport(config, base_dir=tmp_path)
    assert key in info.value.message_en


def test_a_ca_bundle_that_is_not_one_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("not a certificate", encoding="utf-8")
    with pytest.raises(ConfigError, match="verify") as info:
        HttpTransport(
            {"url": "https://platform.example/api", "verify": "ca.pem"}, base_dir=tmp_path
        )
    assert "ca.pem" in info.value.message_en


def test_defaults_and_a_ca_bundle(tmp_path: Path) -> None:
    transport = HttpTransport({"url": "https://platform.example/api"})
    assert (transport.timeout, transport.retries, transport.backoff) == (30.0, 5, 0.5)
    assert (transport.max_backoff, transport.verify) == (30.0, True)
    assert transport.name == "http"
    unverified = HttpTransport({"url": "https://platform.example/api", "verify": False})
    assert unverified.verify is False
    assert repr(HttpTransport({"url": "https://u:pw@platform.example/api"})) == (
        "HttpTransport(url='https://platform.example/api')"
    )


def test_one_client_per_transport_closed_by_close(platform: Platform, make: Any) -> None:
    transport, _ = make()
    transport.push(batch(1))
    client = transport.client
    transport.push(batch(1, batch_id="second"))
    assert transport.client is client
    transport.close()
    assert client.is_closed
    transport.close()  # twice is fine
    with transport as same:
        assert same is transport
        assert same.push(batch(1))[0].accepted
        assert transport.client is not client
    assert transport._client is None
    assert [seen.headers["idempotency-key"] for seen in platform.requests][-1] == (
        "20261126T103000-3f9a1c2b"
    )


def test_retries_are_logged_without_headers(
    platform: Platform, make: Any, caplog: pytest.LogCaptureFixture
) -> None:
    platform.then(status(503))
    transport, _ = make()
    with caplog.at_level(logging.WARNING, logger="sgs.adapters.http"):
        transport.push(batch(1))
    assert "attempt 1 of 6 failed (HTTP 503" in caplog.text
    assert "Authorization" not in caplog.text


# -- a platform that speaks something else ------------------------------------------


class ProvinceTransport(HttpTransport):
    """A vendor format: only ``encode`` and ``decode`` differ."""

    name = "province-x"

    def encode(self, batch: Batch) -> dict[str, Any]:
        return {
            "pch": batch.batch_id,
            "data": [dict(r.fields, ID=r.key) for r in batch.records],
        }

    def decode(self, response: httpx.Response, batch: Batch) -> list[Receipt]:
        body = response.json()
        return [
            Receipt(item["ID"], "accepted" if item["zt"] == "1" else "rejected", item["yy"])
            for item in body["jg"]
        ]


def test_a_subclass_overrides_only_encode_and_decode(platform: Platform, make: Any) -> None:
    answer_body = {
        "jg": [{"ID": "key01", "zt": "1", "yy": ""}, {"ID": "key02", "zt": "0", "yy": "重"}]
    }
    platform.then(status(503), raw(json.dumps(answer_body).encode()))
    transport = ProvinceTransport({"url": platform.url, "timeout": 5})
    delays = Delays()
    transport.sleep = delays
    try:
        receipts = by_key(transport.push(batch(3)))
    finally:
        transport.close()
    assert receipts == {
        "key01": Receipt("key01", "accepted", ""),
        "key02": Receipt("key02", "rejected", "重"),
    }  # key03 has no answer: no receipt
    assert len(platform.requests) == 2  # retried like the default format
    seen = platform.requests[-1]
    assert seen.headers["idempotency-key"] == "20261126T103000-3f9a1c2b"
    assert seen.body["pch"] == "20261126T103000-3f9a1c2b"
    assert [r["ID"] for r in seen.body["data"]] == ["key01", "key02", "key03"]


class BytesTransport(HttpTransport):
    content_type = "application/xml"

    def encode(self, batch: Batch) -> bytes:
        return f"<batch id='{batch.batch_id}'/>".encode()


def test_encode_may_return_bytes(platform: Platform) -> None:
    platform.then(raw(b'{"results": []}'))
    with BytesTransport({"url": platform.url}) as transport:
        receipts = transport.push(batch(1))
    assert receipts == []  # no answer for key01: no receipt
    assert platform.requests[0].raw == b"<batch id='20261126T103000-3f9a1c2b'/>"
    assert platform.requests[0].headers["content-type"] == "application/xml"


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://platform.example/api", True),
        ("http://10.0.0.8:8080/records", True),
        ("https://platform.example/api", False),
        ("http://127.0.0.1:8765/records", False),
        ("http://localhost/records", False),
        ("http://[::1]:8000/records", False),
    ],
)
def test_a_token_over_plain_http_to_another_host_is_warned_about(
    monkeypatch: pytest.MonkeyPatch, url: str, warned: bool
) -> None:
    """issue 11 #17: one warning line; the token itself is never in it. A ConfigWarning,
    as the other settings' warnings are."""
    import warnings

    from sgs.adapters.http import InsecureTransportWarning

    monkeypatch.setenv(TOKEN_ENV, "tok-0123456789abcdef")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        HttpTransport({"url": url, "token_env": TOKEN_ENV}).close()
    from sgs.adapters.settings import ConfigWarning

    found = [w for w in caught if issubclass(w.category, InsecureTransportWarning)]
    assert len(found) == (1 if warned else 0)
    assert all(issubclass(w.category, ConfigWarning) for w in found)
    assert all("tok-0123456789abcdef" not in str(w.message) for w in found)
    assert all(str(w.message).startswith("令牌和记录（含个人信息）将以明文") for w in found)
    with warnings.catch_warnings(record=True) as caught:  # no token: the records still hold
        warnings.simplefilter("always")  # ID numbers
        HttpTransport({"url": url}).close()
    found = [w for w in caught if issubclass(w.category, InsecureTransportWarning)]
    assert len(found) == (1 if warned else 0)
    assert all("(the records, personal data included" in str(w.message) for w in found)


# -- the returns (疑问数据) -------------------------------------------------------------

RETURN = {
    "id": 17,
    "key": "8cb61c5e85a7ea838588ef0aa44b9a3f",
    "kind": "penalty",
    "number": "示市监罚〔2026〕1号",
    "status": "pending",
    "status_label": "待修改",
    "reasons": [
        {"code": "uscc-checksum", "field": "CF_XDR_SHXYM", "message": "统一社会信用代码校验位错误"}
    ],
    "received_at": "2026-11-26T10:00:00+00:00",
    "content_hash": "ab" * 32,
    "note": None,
}


@pytest.fixture
def returning(
    platform: Platform, make: Callable[..., tuple[HttpTransport, Delays]]
) -> Callable[..., tuple[HttpTransport, Delays]]:
    """A transport whose ``url`` ends with ``/records``: returns from ``…/returns``."""

    def made(**config: Any) -> tuple[HttpTransport, Delays]:
        return make(url=platform.url.replace("/batches", "/records"), **config)

    return made


def test_returns_are_fetched_with_the_token_and_since(
    platform: Platform, returning: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    ignored = {**RETURN, "id": 18, "key": "k2", "status": "ignored", "note": "已核实无误",
               "reasons": [], "received_at": "2026-11-26T11:30:00"}  # fmt: skip
    platform.then(serve(RETURN, ignored))
    transport, _ = returning(token_env=TOKEN_ENV)
    assert transport.returns_url == platform.url.replace("/batches", "/returns")
    since = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
    first, second = transport.returns(since)
    assert first == Return(
        key="8cb61c5e85a7ea838588ef0aa44b9a3f",
        status="pending",
        reasons=(ReturnReason("uscc-checksum", "CF_XDR_SHXYM", "统一社会信用代码校验位错误"),),
        received_at=dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC),
        content_hash="ab" * 32,
        number="示市监罚〔2026〕1号",
        note=None,
        id=17,
    )
    assert first.message == "平台退回：统一社会信用代码校验位错误"
    assert (second.status, second.note, second.reasons) == ("ignored", "已核实无误", ())
    assert second.received_at.tzinfo is dt.UTC  # a time without an offset is UTC
    (seen,) = platform.requests
    assert seen.method == "GET"
    path, _, query = seen.path.partition("?")
    assert path == "/api/returns"
    assert parse_qs(query) == {"since": ["2026-11-25T08:00:00+00:00"]}
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"


def test_returns_without_since_ask_for_all(platform: Platform, returning: Any) -> None:
    platform.then(serve())
    transport, _ = returning()
    assert transport.returns(None) == []
    assert platform.requests[0].path == "/api/returns"
    assert "authorization" not in platform.requests[0].headers


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"url": "https://credit.example/api/v1/records"}, "https://credit.example/api/v1/returns"),
        ({"url": "https://credit.example/api/v1/records?dept=1"},
         "https://credit.example/api/v1/returns?dept=1"),
        ({"url": "https://credit.example/api/batches"}, None),  # no /records: not guessed
        ({"url": "https://credit.example/records", "returns_url": ""}, None),  # turned off
        ({"url": "https://credit.example/api/batches",
          "returns_url": " https://credit.example/api/yiwen "}, "https://credit.example/api/yiwen"),
    ],
)  # fmt: skip
def test_where_the_returns_are_fetched(config: dict[str, Any], expected: str | None) -> None:
    transport = HttpTransport(config)
    assert transport.returns_url == expected
    if expected is None:
        assert transport.returns(None) is None  # nothing asked


@pytest.mark.parametrize("value", ["ftp://credit.example/returns", "returns", 5])
def test_a_bad_returns_url_names_the_key(value: object) -> None:
    with pytest.raises(ConfigError, match="returns_url"):
        HttpTransport({"url": "https://credit.example/api/records", "returns_url": value})


@pytest.mark.parametrize(
    ("action", "problem"),
    [
        pytest.param(raw(b"<html>OK</html>"), "the answer is not JSON", id="not-json"),
        pytest.param(raw(b'{"results": []}'), "no 'returns' list", id="no-returns"),
        pytest.param(serve({**RETURN, "status": "done"}), "returns item 1 needs", id="status"),
        pytest.param(serve(RETURN, {**RETURN, "received_at": "yesterday"}), "returns item 2",
                     id="received-at"),
        pytest.param(serve({**RETURN, "reasons": "bad"}), "returns item 1", id="reasons"),
        pytest.param(serve({**RETURN, "reasons": [{"message": 5}]}), "returns item 1",
                     id="reason-message"),
        pytest.param(serve({**RETURN, "content_hash": None}), "returns item 1", id="hash"),
        pytest.param(serve({**RETURN, "id": "17"}), "returns item 1", id="id"),
        pytest.param(serve({**RETURN, "key": ""}), "returns item 1", id="key"),
        pytest.param(raw(b'{"returns": [7]}'), "returns item 1", id="not-an-object"),
    ],
)  # fmt: skip
def test_an_unusable_returns_answer_is_a_transport_error(
    action: Action, problem: str, platform: Platform, returning: Any
) -> None:
    transport, delays = returning()
    error = unusable(platform, action, lambda: transport.returns(None), delays)
    assert problem in error.message_en
    assert "fetching the returns from" in error.message_en
    assert "获取退回数据失败" in error.message_zh


def test_a_refused_returns_request_is_not_retried(platform: Platform, returning: Any) -> None:
    platform.then(status(401, '{"msg": "令牌已过期"}'.encode()))
    transport, delays = returning()
    with pytest.raises(TransportError) as info:
        transport.returns(None)
    assert info.value.status == 401
    assert "the platform refused the request: HTTP 401" in info.value.message_en
    assert "令牌已过期" in info.value.message_en
    assert (len(platform.requests), delays) == (1, [])


def test_returns_are_retried_as_a_push_is(
    platform: Platform, returning: Any, caplog: pytest.LogCaptureFixture
) -> None:
    platform.then(status(503), drop, serve(RETURN))
    transport, delays = returning()
    with caplog.at_level(logging.WARNING, logger="sgs.adapters.http"):
        assert [r.key for r in transport.returns(None)] == [RETURN["key"]]
    assert len(platform.requests) == 3
    assert len(delays) == 2
    assert "returns to http://127.0.0.1" in caplog.text
    assert "attempt 1 of 6 failed (HTTP 503" in caplog.text


def test_a_token_in_the_returns_is_masked(
    platform: Platform, returning: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    echoed = {**RETURN, "note": f"auth {TOKEN}",
              "reasons": [{"code": "x", "field": "", "message": f"Bearer {TOKEN}"}]}  # fmt: skip
    platform.then(serve(echoed), echo_headers(400))
    transport, _ = returning(token_env=TOKEN_ENV)
    (found,) = transport.returns(None)
    assert_no_token(found, found.message, found.note)
    with pytest.raises(TransportError) as info:
        transport.returns(None)
    assert_no_token(info.value, info.value.message_zh, info.value.message_en)
