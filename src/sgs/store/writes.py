"""Write transactions that wait for each other instead of failing.

Many requests of a platform write at once. SQLite lets one writer in at a time;
a transaction that starts as a reader and then writes can fail at once when
another wrote in between. :func:`write_transaction` therefore starts SQLite's
transactions with ``BEGIN IMMEDIATE`` (they queue on the write lock, up to the
busy timeout) behind one lock per engine in this process (threads queue there,
not in SQLite's busy loop). On PostgreSQL it takes a transaction-scoped
advisory lock on ``key`` first, so writers of one key (one department) queue
and writers of different keys run side by side.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

__all__ = ["SNAPSHOTS_KEY", "write_transaction"]

#: The first advisory-lock key of :func:`write_transaction` (the key is added to it).
LOCK_BASE = 0x5367_5000_0000
#: The key of the writers of publication snapshots (:mod:`sgs.store.snapshots`): one at a
#: time, whatever the site, since they share the contents; beyond any department's id.
SNAPSHOTS_KEY = 1 << 32

_locks: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def _engine_lock(engine: Engine) -> threading.Lock:
    with _guard:
        lock = _locks.get(engine)
        if lock is None:
            lock = _locks[engine] = threading.Lock()
        return lock


@contextmanager
def write_transaction(engine: Engine, key: int = 0) -> Iterator[Connection]:
    """A connection in a write transaction, committed when the block ends without error."""
    if engine.dialect.name == "sqlite":
        with _engine_lock(engine), engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_BASE + key})
        yield connection
