"""``sgs platform serve``: the API under uvicorn, with intake and forwarding on a schedule.

The socket is bound before the server starts, so the address printed (and a
port of 0 made concrete) is the one listening. SIGTERM or SIGINT stops it
gracefully: uvicorn stops accepting connections and lets the requests in
flight finish — each batch is committed and answered, or, if it had not been
taken yet, not stored at all — then the scheduler finishes its current run.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager

from sgs.platform.platform import Platform
from sgs.platform.web.app import create_app

__all__ = ["serve"]

logger = logging.getLogger("sgs.platform")

#: How long in-flight requests may take to finish after SIGTERM, seconds.
GRACE_SECONDS = 30


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
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

    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    schedule = _Schedule(scheduled, platform.config.every) if scheduled is not None else None

    @asynccontextmanager
    async def lifespan(app: object) -> AsyncIterator[None]:
        if schedule is not None:
            schedule.start()
        shown = f"[{host}]" if ":" in host else host
        print(
            f"{platform.config.name}：正在 http://{shown}:{bound} 接收数据 "
            f"(listening on http://{shown}:{bound})",
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
    config = uvicorn.Config(
        app,
        log_config=None,
        timeout_graceful_shutdown=GRACE_SECONDS,
        server_header=False,
    )
    _server_class()(config).run(sockets=[sock])
