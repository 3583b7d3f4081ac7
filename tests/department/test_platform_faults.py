"""A platform that fails in every way loses no record and doubles none (issue 11).

For each fault mode, one ``sgs sync`` meets a real HTTP platform on 127.0.0.1
misbehaving that way, then the platform recovers and the next runs meet it
healthy. Afterwards every valid record must be accepted in the ledger and
stored by the platform; none may have been taken as rejected on the way, and
each record must have travelled under one batch id (the Idempotency-Key), so
the platform can tell a resend from a new record.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sgs.department.config import load_config
from sgs.department.sync import sync
from sgs.store import open_store

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)

MODES = [
    "down-503",
    "html-500",
    "not-json",
    "json-array",
    "results-not-a-list",
    "items-not-objects",
    "partial",
    "odd-status",
    "unknown-keys",
    "repeated-keys",
    "stored-then-dropped",
    "stored-answered-half",
    "hangs",
    "throttled-429",
    "unauthorised-401",
    "empty-body",
    "redirect",
]


class MoodyPlatform:
    """Stores records by key like a real platform; answers according to ``mode``."""

    def __init__(self) -> None:
        self.mode = "healthy"
        self.stored: dict[str, dict[str, Any]] = {}
        self.sent_under: dict[str, set[str]] = {}
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def answer(self, code: int, data: bytes, kind: str = "application/json") -> None:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests += 1
                records = body["records"]
                for r in records:
                    outer.sent_under.setdefault(r["key"], set()).add(
                        self.headers["Idempotency-Key"]
                    )
                mode = outer.mode

                def results(of: list[dict[str, Any]]) -> list[dict[str, Any]]:
                    return [{"key": r["key"], "status": "accepted"} for r in of]

                def store(of: list[dict[str, Any]]) -> None:
                    for r in of:
                        outer.stored[r["key"]] = r["fields"]

                if mode == "healthy":
                    store(records)
                    self.answer(200, json.dumps({"results": results(records)}).encode())
                elif mode == "down-503":
                    self.answer(503, b"")
                elif mode == "html-500":
                    self.answer(
                        500, b"<html><body>Internal Server Error</body></html>", "text/html"
                    )
                elif mode == "not-json":
                    self.answer(200, b"{results: oops")
                elif mode == "json-array":
                    self.answer(200, json.dumps(results(records)).encode())
                elif mode == "results-not-a-list":
                    self.answer(200, b'{"results": "all good"}')
                elif mode == "items-not-objects":
                    self.answer(200, json.dumps({"results": [1, "x", None]}).encode())
                elif mode == "partial":
                    half = records[::2]
                    store(half)
                    self.answer(200, json.dumps({"results": results(half)}).encode())
                elif mode == "odd-status":
                    answer = [{"key": r["key"], "status": "maybe"} for r in records]
                    self.answer(200, json.dumps({"results": answer}).encode())
                elif mode == "unknown-keys":
                    answer = [{"key": "f" * 32, "status": "accepted"}]
                    self.answer(200, json.dumps({"results": answer}).encode())
                elif mode == "repeated-keys":
                    store(records)
                    answer = results(records) + [
                        {"key": r["key"], "status": "rejected", "message": "again"} for r in records
                    ]
                    self.answer(200, json.dumps({"results": answer}).encode())
                elif mode == "stored-then-dropped":
                    store(records)
                    self.connection.shutdown(socket.SHUT_RDWR)  # no answer at all
                elif mode == "stored-answered-half":
                    store(records)
                    self.answer(200, json.dumps({"results": results(records[::2])}).encode())
                elif mode == "hangs":
                    time.sleep(1.5)  # past the transport's timeout
                    self.answer(503, b"")
                elif mode == "throttled-429":
                    self.send_response(429)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif mode == "unauthorised-401":
                    self.answer(401, b'{"msg": "token expired"}')
                elif mode == "empty-body":
                    self.answer(200, b"")
                elif mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:  # pragma: no cover - a mode without a branch is a test bug
                    raise AssertionError(mode)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/records"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def platform() -> Iterator[MoodyPlatform]:
    server = MoodyPlatform()
    yield server
    server.close()


def _department(folder: Path, url: str) -> Path:
    shutil.copy(ROOT / "examples" / "penalties.csv", folder / "penalties.csv")
    (folder / "sgs.toml").write_text(
        f"""
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"
[source]
type = "file"
path = "penalties.csv"
[transport]
type = "http"
url = "{url}"
retries = 1
backoff = 0.01
max_backoff = 0.05
timeout = 0.5
[sync]
batch_size = 2
""",
        encoding="utf-8",
    )
    return folder / "sgs.toml"


@pytest.mark.parametrize("mode", MODES)
def test_no_fault_of_the_platform_loses_or_doubles_a_record(
    tmp_path: Path, platform: MoodyPlatform, mode: str
) -> None:
    config = load_config(_department(tmp_path, platform.url))
    platform.mode = mode
    first = sync(config, as_of=AS_OF)
    valid = first.valid
    assert valid >= 3  # more than one batch of 2
    assert first.rejected == 0
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        counts = store.ledger.status_counts()
    assert "rejected" not in counts  # no fault is a rejection
    assert sum(counts.values()) == valid  # every valid decision is in the ledger
    platform.mode = "healthy"
    for _ in range(2):
        sync(config, as_of=AS_OF)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        assert store.ledger.status_counts() == {"accepted": valid}
        keys = {row.record_key for row in store.ledger.entries()}
    assert set(platform.stored) == keys  # the platform holds every record
    assert all(len(ids) == 1 for ids in platform.sent_under.values()), platform.sent_under
    assert set(platform.sent_under) == keys  # nothing sent that the ledger does not know
