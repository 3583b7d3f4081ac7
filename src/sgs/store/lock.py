"""The store's lock: one writer of a store at a time, released however the writer ends.

``sgs sync`` and ``sgs ledger import`` hold it for their whole run
(``open_store(..., lock=True)``), so a second run on the same store does not push the
same records again under other batch ids: it waits up to ``timeout`` seconds, then
stops with a :class:`~sgs.errors.StoreError` saying that another sync is running.

* SQLite: an OS lock (``flock``) on the side file ``<database>.lock``, next to the
  database (an in-memory database has none);
* PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) held on a
  connection of its own for the run.

Both are released by the operating system or the server when the process ends, even
when it is killed (``kill -9``): nothing is left to clean up.
"""

from __future__ import annotations

import abc
import contextlib
import os
import sys
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from sgs.errors import StoreError

__all__ = [
    "FORWARD_KEY",
    "MIGRATION_KEY",
    "RUN_KEY",
    "AdvisoryLock",
    "FileLock",
    "StoreLock",
    "busy",
]

#: The PostgreSQL advisory lock key of a run (``sgs`` in ASCII, then 1).
RUN_KEY = 0x736773_01
#: The PostgreSQL advisory lock key of a migration (``sgs``, then 2).
MIGRATION_KEY = 0x736773_02
#: The advisory-lock key a platform's forwarding run holds (one forwarder at a time).
FORWARD_KEY = 0x736773_03

#: How often a waiting run tries the lock again, seconds.
_POLL = 0.2

if sys.platform == "win32":  # pragma: no cover - the tests run on Linux
    import msvcrt

    def _lock_file(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _lock_file(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def busy(store: str) -> StoreError:
    """The error of a run that found the store locked by another."""
    return StoreError(
        f"另一个同步正在运行：存储 {store} 正由另一个 sgs 进程写入，请等它结束后再试，"
        f"或在 sgs.toml 的 [sync] lock_timeout 中设置等待秒数",
        f"another sync is running: the store {store} is being written by another sgs "
        f"process; try again when it is done, or set [sync] lock_timeout (seconds to wait)",
    )


class StoreLock(abc.ABC):
    """A lock on one store, named ``store`` in messages (without a password)."""

    def __init__(self, store: str) -> None:
        self.store = store

    @abc.abstractmethod
    def _open(self) -> None:
        """Get hold of what the lock is taken on (a file, a connection)."""

    @abc.abstractmethod
    def _try(self) -> bool:
        """Take the lock if it is free; whether it was taken."""

    @abc.abstractmethod
    def release(self) -> None:
        """Let the lock go (nothing when it is not held)."""

    def acquire(self, timeout: float = 0.0) -> None:
        """Take the lock, trying again for up to ``timeout`` seconds; else :func:`busy`."""
        self._open()
        try:
            deadline = time.monotonic() + max(0.0, timeout)
            while not self._try():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise busy(self.store)
                time.sleep(min(_POLL, left))
        except BaseException:
            self.release()
            raise


class FileLock(StoreLock):
    """An exclusive ``flock`` on ``path`` (made when missing, never removed: removing it
    would let a second run lock a new file while the first holds the old one)."""

    def __init__(self, path: Path, store: str) -> None:
        super().__init__(store)
        self.path = path
        self._fd: int | None = None

    def _open(self) -> None:
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                f"无法创建存储的锁文件 {self.path}：{exc.strerror}",
                f"cannot make the store's lock file {self.path}: {exc.strerror}",
            ) from None

    def _try(self) -> bool:
        assert self._fd is not None
        return _lock_file(self._fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor lets the flock go
            self._fd = None


class AdvisoryLock(StoreLock):
    """PostgreSQL's session-level advisory lock ``key`` (:data:`RUN_KEY`), on a connection of
    its own."""

    def __init__(self, engine: Engine, store: str, key: int = RUN_KEY) -> None:
        super().__init__(store)
        self.engine = engine
        self.key = key
        self._connection: Connection | None = None

    def _open(self) -> None:
        self._connection = self.engine.connect()
        # Never back to the pool: closing it ends the session, and the lock with it.
        self._connection.detach()

    def _try(self) -> bool:
        assert self._connection is not None
        taken = self._connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
        ).scalar()
        self._connection.commit()  # the lock outlives the transaction; no transaction stays open
        return bool(taken)

    def release(self) -> None:
        if self._connection is None:
            return
        connection, self._connection = self._connection, None
        with contextlib.suppress(Exception):  # a lost connection has let the lock go already
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            connection.commit()
        with contextlib.suppress(Exception):
            connection.close()
