"""A real ``sgs platform serve`` for the tests: a process on 127.0.0.1 and a free port."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from .records import CITY


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def write_config(folder: Path, *, name: str = "示例市信用信息中心", code: str = CITY,
                 store_url: str | None = None, extra: str = "") -> Path:  # fmt: skip
    """``platform.toml`` in ``folder``; the store is ``platform.db`` beside it unless given."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "platform.toml"
    store = f'\n[store]\nurl = "{store_url}"\n' if store_url else ""
    path.write_text(f'[platform]\nname = "{name}"\ncredit_code = "{code}"\n{store}{extra}',
                    encoding="utf-8")  # fmt: skip
    return path


def sgs(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``sgs`` command line in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "sgs", *args], capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=300,
    )  # fmt: skip


def add_department(config: Path, name: str, code: str, *more: str) -> str:
    """Register a department with the real CLI; its token (the one line on stdout)."""
    done = sgs("platform", "departments", "add", "--config", str(config), "--name", name,
               "--code", code, *more)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def add_user(config: Path, name: str, role: str, *more: str) -> str:
    """Add a staff user with the real CLI (``--as 测试管理员``); what it printed on stdout."""
    done = sgs("platform", "users", "add", "--config", str(config), "--name", name,
               "--role", role, "--as", "测试管理员", *more)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


class Server:
    """A running ``sgs platform serve`` process."""

    def __init__(self, config: Path, port: int, env: dict[str, str] | None = None, *,
                 scheme: str = "http", verify: ssl.SSLContext | bool = True) -> None:  # fmt: skip
        """``scheme="https"`` with ``verify`` an SSL context trusting a server with ``[serve] tls_cert``."""
        self.config, self.port, self.env, self.verify = config, port, env or {}, verify
        self.url = f"{scheme}://127.0.0.1:{port}"
        self.log = config.parent / f"serve-{port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sgs", "platform", "serve", "--config", str(self.config),
                 "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env},
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.log.read_text('utf-8')}")
            try:
                health = httpx.get(self.url + "/api/v1/health", timeout=1, verify=self.verify)
                if health.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not start: {self.log.read_text('utf-8')}")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        code = self.process.wait(timeout=60)
        self.process = None
        return code

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


@contextmanager
def running(config: Path, port: int | None = None, env: dict[str, str] | None = None,
            *, scheme: str = "http", verify: ssl.SSLContext | bool = True) -> Iterator[Server]:  # fmt: skip
    server = Server(config, port or free_port(), env, scheme=scheme, verify=verify)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            server.stop()
