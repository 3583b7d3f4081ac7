"""A credit platform for the department's tests: real HTTP on 127.0.0.1, scripted faults.

It takes batches by ``POST …/records`` and serves its returns (疑问数据) by
``GET …/returns``, its 核查通知 by ``GET …/objections`` and its repair decisions by
``GET …/repairs``, as ``sgs.platform`` does; it records every request.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class Platform:
    """A real HTTP platform on 127.0.0.1: records every request; fails when told to."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_next = 0
        #: Leave every n-th record of a batch out of the answer (0: answer for all).
        self.omit_every = 0
        #: Answer with the request's Authorization header in each message, as a faulty echo.
        self.echo_auth = False
        #: The status given instead of leaving a record out (None: leave it out).
        self.odd_status: str | None = None
        #: Keys rejected, with the platform's reason.
        self.reject: dict[str, str] = {}
        #: What ``GET …/returns`` answers: the returns, or (status, raw body).
        self.returns: list[dict[str, Any]] | tuple[int, bytes] = []
        #: The query of every ``GET …/returns``.
        self.asked: list[dict[str, list[str]]] = []
        #: What ``GET …/objections`` and ``GET …/repairs`` answer (核查通知, repair decisions).
        self.objections: list[dict[str, Any]] = []
        self.repairs: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def answer(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path.endswith(("/objections", "/repairs")):  # none open, none decided
                    name = path.rsplit("/", 1)[1]
                    self.answer(200, json.dumps({name: getattr(outer, name)}).encode())
                    return
                outer.asked.append(parse_qs(urlsplit(self.path).query))
                if isinstance(outer.returns, tuple):
                    self.answer(*outer.returns)
                else:
                    self.answer(200, json.dumps({"returns": outer.returns}).encode())

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"headers": dict(self.headers), "body": body})
                if outer.fail_next > 0:
                    outer.fail_next -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                results = []
                for n, r in enumerate(body["records"], 1):
                    if outer.omit_every and n % outer.omit_every == 0:
                        if outer.odd_status is None:
                            continue
                        results.append({"key": r["key"], "status": outer.odd_status})
                        continue
                    if r["key"] in outer.reject:
                        results.append({"key": r["key"], "status": "rejected",
                                        "message": outer.reject[r["key"]]})  # fmt: skip
                        continue
                    message = str(self.headers.get("Authorization")) if outer.echo_auth else ""
                    results.append({"key": r["key"], "status": "rejected" if outer.echo_auth
                                    else "accepted", "message": message})  # fmt: skip
                self.answer(200, json.dumps({"results": results}).encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/records"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def keys(self) -> list[str]:
        return [r["key"] for q in self.requests for r in q["body"]["records"]]

    def records(self) -> list[dict[str, Any]]:
        """Every record sent, in order."""
        return [r for q in self.requests for r in q["body"]["records"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
