"""``sgs platform serve``: the API under uvicorn, with intake and forwarding on a schedule.

The socket is bound before the server starts, so the address printed (and a
port of 0 made concrete) is the one listening. SIGTERM or SIGINT stops it
gracefully: uvicorn stops accepting connections and lets the requests in
flight finish — each batch is committed and answered, or, if it had not been
taken yet, not stored at all — then the scheduler finishes its current run.

Hardening (docs/security.md): uvicorn's h11 protocol with a bound on a request's
head still arriving (:data:`~sgs.platform.web.ratelimit.MAX_HEAD`, 400 in JSON; the
application refuses a complete head over it with 431), no ``Server`` header, an access
log of method, path and status without the query string (it may hold a name searched
for), HTTPS when ``[serve] tls_cert`` and ``tls_key`` are set, and a warning when a
non-loopback address is bound without them (tokens and ID numbers would travel in clear).
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import socket
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager

from sgs.adapters.http import is_loopback
from sgs.platform.platform import Platform
from sgs.platform.web.app import create_app
from sgs.platform.web.ratelimit import MAX_HEAD

__all__ = ["serve"]

logger = logging.getLogger("sgs.platform")

#: How long in-flight requests may take to finish after SIGTERM, seconds.
GRACE_SECONDS = 30
#: Seconds an idle keep-alive connection is kept open.
KEEP_ALIVE_SECONDS = 5


def plain_http_warning(host: str) -> str:
    """The warning printed when ``host`` is not loopback and there is no TLS."""
    return (
        f"sgs: 警告 (warning): 平台在 {host} 上以明文 HTTP 提供服务，令牌和个人信息将以明文在网络上传输；"
        "请设置 [serve] tls_cert 和 tls_key，或只监听 127.0.0.1 并由反向代理提供 HTTPS "
        f"(serving plain HTTP on {host}: tokens and personal data would travel in clear; "
        "set [serve] tls_cert and tls_key, or listen on 127.0.0.1 behind an HTTPS reverse proxy)"
    )


class _NoQuery(logging.Filter):
    """Drops the query string from uvicorn's access log lines (it may hold personal data)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].partition("?")[0], *args[3:])
        return True


#: The answer to a request uvicorn cannot parse (a head over MAX_HEAD, a bad Content-Length).
BAD_REQUEST_BODY = json.dumps(
    {"error": "bad-request", "message": "HTTP 请求格式无效",
     "message_en": "the HTTP request is not valid"}, ensure_ascii=False,
).encode("utf-8")  # fmt: skip


def _protocol_class() -> type:
    """uvicorn's h11 protocol, answering a request it cannot parse in JSON with the
    security headers, as the application answers every other error."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    from sgs.platform.web.headers import answer_headers

    class Protocol(H11Protocol):
        def send_400_response(self, msg: str) -> None:
            added = answer_headers(path="/api/", scheme="http", content_type="application/json")
            headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                       *((k.encode(), v.encode()) for k, v in added.items())]  # fmt: skip
            for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                          h11.Data(data=BAD_REQUEST_BODY), h11.EndOfMessage()):  # fmt: skip
                self.transport.write(self.conn.send(event) or b"")
            self.transport.close()

    return Protocol


def _tls_files(platform: Platform) -> tuple[str, str] | None:
    config = platform.config
    if config.tls_cert is None or config.tls_key is None:
        return None
    from sgs.errors import ConfigFileError

    found = []
    for key, value in (("tls_cert", config.tls_cert), ("tls_key", config.tls_key)):
        path = config.base_dir / value
        if not path.is_file():
            raise ConfigFileError(
                f"{config.path}：[serve] {key} 指定的文件 {path} 不存在",
                f"{config.path}: [serve] {key}: the file {path} does not exist",
            )
        found.append(str(path))
    return found[0], found[1]


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
    # and accepted sockets inherit it; without, Nagle and delayed ACKs add ~40 ms an answer
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class _Schedule:
    """Runs ``job`` every ``every`` seconds in a thread of its own until stopped."""

    def __init__(self, job: Callable[[], None], every: float) -> None:
        self.job, self.every = job, every
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="sgs-schedule", daemon=True)

    def _run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                self.job()
            except Exception as exc:  # reported, and tried again at the next run
                logger.error("scheduled run failed: %s", exc)

    def start(self) -> None:
        if self.every > 0:
            self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()


def _server_class() -> type:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, ending with status 0 after a graceful stop on SIGTERM/SIGINT.

        uvicorn raises the signal again once it has shut down, so the process would end as
        killed by it; a service manager should see a clean stop instead.
        """

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            handled = (signal.SIGINT, signal.SIGTERM)
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    return Server


def serve(
    platform: Platform,
    host: str,
    port: int,
    *,
    scheduled: Callable[[], None] | None = None,
) -> None:
    """Serve ``platform`` on ``host``:``port`` until SIGTERM/SIGINT."""
    import uvicorn

    tls = _tls_files(platform)
    if tls is None and not is_loopback(host):
        print(plain_http_warning(host), file=sys.stderr, flush=True)
    scheme = "https" if tls is not None else "http"
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    schedule = _Schedule(scheduled, platform.config.every) if scheduled is not None else None

    @asynccontextmanager
    async def lifespan(app: object) -> AsyncIterator[None]:
        if schedule is not None:
            schedule.start()
        shown = f"[{host}]" if ":" in host else host
        print(
            f"{platform.config.name}：正在 {scheme}://{shown}:{bound} 接收数据 "
            f"(listening on {scheme}://{shown}:{bound})",
            file=sys.stderr,
            flush=True,
        )
        yield
        if schedule is not None:
            schedule.stop()

    app = create_app(platform)
    app.router.lifespan_context = lifespan
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("uvicorn.access").addFilter(_NoQuery())
    config = uvicorn.Config(
        app,
        log_config=None,
        timeout_graceful_shutdown=GRACE_SECONDS,
        server_header=False,
        http=_protocol_class(),
        h11_max_incomplete_event_size=MAX_HEAD,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
        log_level="debug" if app.debug else "info",
    )
    _server_class()(config).run(sockets=[sock])
