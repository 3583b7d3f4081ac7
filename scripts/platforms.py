"""Helpers of scripts/example.sh: free ports, waiting for a server, pointing a department at one,
the key of a record a portal shows.

python scripts/platforms.py ports 2                  # two free ports on 127.0.0.1
python scripts/platforms.py wait URL                 # until URL/api/v1/health answers 200
python scripts/platforms.py http-transport SGS_TOML URL TOKEN_ENV
python scripts/platforms.py clear-read URL KEY       # a querier's application, approved, used
"""

from __future__ import annotations

import re
import socket
import sys
import time
from pathlib import Path
from typing import Any

import httpx


def ports(count: int) -> None:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    print(" ".join(str(s.getsockname()[1]) for s in sockets))
    for s in sockets:
        s.close()


def wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    sys.exit(f"{url} did not start")


def http_transport(config: str, url: str, token_env: str) -> None:
    path = Path(config)
    text = path.read_text(encoding="utf-8")
    table = (f'[transport]\ntype = "http"\nurl = "{url}/api/v1/records"\n'
             f'token_env = "{token_env}"\n\n')  # fmt: skip
    path.write_text(re.sub(r"\[transport\]\n.*?\n\n", table, text, flags=re.S), encoding="utf-8")


def public_key(url: str, name: str) -> None:
    """Print the key of the first record the portal at ``url`` shows for the party ``name``."""
    found = httpx.get(url + "/api/v1/public/records", params={"q": name}, timeout=10).json()
    if not found["records"]:
        sys.exit(f"{url} shows no record of {name}")
    print(found["records"][0]["key"])


def clear_read(url: str, key: str) -> None:
    """A querier (``$SGS_QUERIER_TOKEN``) applies to see ``key`` in clear, an approver
    (``$SGS_APPROVER_TOKEN``) approves, the querier reads it: print what the log would
    show — the application, its state and the fields revealed, never their values."""
    import os

    def call(method: str, path: str, token: str, body: object = None) -> dict[str, Any]:
        answer = httpx.request(method, url + path, json=body, timeout=10,
                               headers={"Authorization": f"Bearer {os.environ[token]}"})  # fmt: skip
        if answer.status_code >= 400:
            sys.exit(f"{method} {path}: {answer.status_code} {answer.text}")
        found: dict[str, Any] = answer.json()
        return found

    masked = call("GET", f"/api/v1/records/{key}", "SGS_QUERIER_TOKEN")
    applied = call("POST", "/api/v1/applications", "SGS_QUERIER_TOKEN",
                   {"keys": [key], "purpose": "objection", "text": "异议核查：核对当事人身份"})  # fmt: skip
    ident = applied["id"]
    call("POST", f"/api/v1/applications/{ident}/approve", "SGS_APPROVER_TOKEN",
         {"opinion": "同意，限本件异议核查使用"})  # fmt: skip
    clear = call("GET", f"/api/v1/records/{key}?reveal=1&application={ident}",
                 "SGS_QUERIER_TOKEN")  # fmt: skip
    revealed = ", ".join(clear["revealed"]) or "—"
    print(f"查询申请 {ident}：已批准；脱敏查看 masked={masked['masked']}；明文查看字段 "
          f"(fields revealed): {revealed}")  # fmt: skip


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "ports":
        ports(int(args[0]))
    elif command == "wait":
        wait(args[0])
    elif command == "public-key":
        public_key(*args)
    elif command == "clear-read":
        clear_read(*args)
    else:
        http_transport(*args)
