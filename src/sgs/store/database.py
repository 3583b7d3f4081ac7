"""The store's database: opened by URL, migrated on open, one repository per aggregate.

:func:`open_store` opens (and migrates) a store by SQLAlchemy URL — an
embedded SQLite file by default (WAL mode, so a reader never waits for the
writer), PostgreSQL for a shared deployment. The :class:`Store` it returns
holds the repositories: ``store.ledger`` (台账), ``store.catalog`` (目录),
``store.roster`` (联络员), ``store.snapshots`` (what each publication run showed).

Opening is safe when several processes open one store at once: a new SQLite store
appears whole (:mod:`sgs.store.sqlite`), and a migration runs in a transaction only
one process is in at a time, which reads the version again once it has it. A writer
that must be alone for a whole run takes the store's lock (:mod:`sgs.store.lock`).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from sgs.adapters.sql import database_url
from sgs.calendar import WorkCalendar
from sgs.errors import StoreError
from sgs.store.applications import ApplicationRepository
from sgs.store.audit import AccessLog
from sgs.store.cases import CaseRepository
from sgs.store.catalog import CatalogRepository
from sgs.store.declarations import DeclarationRepository
from sgs.store.departments import DepartmentRepository
from sgs.store.documents import DocumentRepository
from sgs.store.frames import ledger_frame
from sgs.store.ledger import LedgerRepository
from sgs.store.lock import FORWARD_KEY, MIGRATION_KEY, AdvisoryLock, FileLock, StoreLock
from sgs.store.outbox import OutboxRepository
from sgs.store.received import ReceivedRepository
from sgs.store.roster import RosterRepository
from sgs.store.schema import MIGRATIONS, SCHEMA_VERSION, meta
from sgs.store.snapshots import SnapshotRepository
from sgs.store.sqlite import check_file, create, make_folder
from sgs.store.users import UserRepository

__all__ = ["Store", "open_store"]

#: How long a SQLite statement waits for another process's lock, seconds.
_BUSY_SECONDS = 10


class Store:
    """An open store (use :func:`open_store`): the engine and one repository per aggregate.

    ``lock`` is the store's lock when it was opened with ``lock=True``, released by
    :meth:`close`.
    """

    def __init__(
        self, engine: Engine, lock: StoreLock | None = None, *, file: Path | None = None
    ) -> None:
        self.engine = engine
        self.lock = lock
        #: The SQLite file of the store (``None``: PostgreSQL or in memory).
        self.file = file
        self.ledger = LedgerRepository(engine)
        self.catalog = CatalogRepository(engine)
        self.roster = RosterRepository(engine)
        #: The credit platform's departments and credentials (a platform store).
        self.departments = DepartmentRepository(engine)
        #: What the platform received: versions, the current set, returns (疑问数据).
        self.received = ReceivedRepository(engine)
        #: The departments' 月报表: what each declares it produced, published and sent.
        self.declarations = DeclarationRepository(engine)
        #: The documents departments hand in (目录, 工作方案, 推进计划, 联络员名单).
        self.documents = DocumentRepository(engine)
        #: What each publication run showed (the portal's snapshots, a site's exports).
        self.snapshots = SnapshotRepository(engine)
        #: The subject's cases: objections (异议) and credit repairs (信用修复).
        self.cases = CaseRepository(engine, clock=lambda: self.received.clock())
        #: Who saw which personal data, when and why: hash-chained (:mod:`sgs.store.audit`).
        self.audit = AccessLog(engine)
        #: The platform's staff users and their roles (:mod:`sgs.store.users`).
        self.users = UserRepository(engine, self.audit, clock=lambda: self.audit.clock())
        #: Applications to see personal data in clear (:mod:`sgs.store.applications`).
        self.applications = ApplicationRepository(engine, self.audit,
                                                  clock=lambda: self.audit.clock())  # fmt: skip

    def forward_lock(self) -> StoreLock | None:
        """The lock a platform's forwarding run holds, so that one forwards at a time:
        ``<db>.forward.lock`` beside a SQLite file, an advisory lock on PostgreSQL."""
        shown = self.engine.url.render_as_string(hide_password=True)
        if self.file is not None:
            return FileLock(self.file.with_name(self.file.name + ".forward.lock"), shown)
        if self.engine.dialect.name == "postgresql":
            return AdvisoryLock(self.engine, shown, FORWARD_KEY)
        return None

    def outbox(self, destination: str) -> OutboxRepository:
        """What is queued for the upstream ``destination`` (a platform store)."""
        return OutboxRepository(self.engine, destination)

    def ledger_frame(
        self,
        *,
        calendar: WorkCalendar | None = None,
        as_of: dt.date | None = None,
        department: str | None = None,
        payload: bool = False,
    ) -> Any:
        """The ledger as a pandas DataFrame: see :func:`sgs.store.frames.ledger_frame`."""
        return ledger_frame(
            self.ledger, calendar=calendar, as_of=as_of, department=department, payload=payload
        )

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _wal(cursor: Any) -> None:
    """Put the database in WAL mode (it stays so), trying again for a while when it is busy.

    Turning a database that another process is writing in rollback mode to WAL can
    meet a lock the busy timeout does not wait for: it is tried again.
    """
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_SECONDS * 1000}")  # first: others may wait
        _wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _engine(url: URL, shown: str) -> Engine:
    try:
        engine = create_engine(url)
    except Exception as exc:  # a missing driver
        raise StoreError(
            f"无法打开存储 {shown}：{exc}", f"cannot open the store {shown}: {exc}"
        ) from None
    if url.get_backend_name() == "sqlite":
        _sqlite_pragmas(engine)
    return engine


def _version(connection: Connection) -> int:
    if not inspect(connection).has_table(meta.name):
        return 0
    row = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def _apply(connection: Connection, shown: str) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION` (inside the caller's locked transaction)."""
    version = _version(connection)
    if version == 0 and connection.dialect.name == "sqlite":
        tables = inspect(connection).get_table_names()
        if tables and meta.name not in tables:
            raise StoreError(
                f"{shown} 是一个 SQLite 数据库，但不是 sgs 存储（有表 {'、'.join(tables[:5])}，"
                f"没有 {meta.name}）",
                f"{shown} is a SQLite database but not an sgs store (it has the tables "
                f"{', '.join(tables[:5])} and no {meta.name})",
            )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"存储由更新版本的 sgs 创建（结构版本 {version}，本版本支持 {SCHEMA_VERSION}），请升级 sgs",
            f"the store was made by a newer sgs (schema {version}; this one knows "
            f"{SCHEMA_VERSION}); upgrade sgs",
        )
    for migrate in MIGRATIONS[version:]:
        migrate(connection)
    if version < SCHEMA_VERSION:
        connection.execute(meta.delete().where(meta.c.key == "schema_version"))
        connection.execute(meta.insert(), {"key": "schema_version", "value": str(SCHEMA_VERSION)})


def _migrate(engine: Engine, shown: str) -> None:
    """Migrate in one transaction that only one process at a time is in.

    The version is read inside it, so a process that waited finds the work done.
    SQLite: ``BEGIN IMMEDIATE`` (the write lock first); PostgreSQL: the transaction
    first takes the advisory lock :data:`~sgs.store.lock.MIGRATION_KEY`.
    """
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # The driver's own transaction handling off, so that BEGIN is ours.
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                _apply(connection, shown)
            except BaseException:
                connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
            return
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_KEY}
                )
            _apply(connection, shown)


def _build(path: Path) -> None:
    """A new, complete SQLite store at ``path`` (see :func:`sgs.store.sqlite.create`),
    readable and writable by its owner only: it holds personal data (SQLite gives its
    ``-wal`` and ``-shm`` files the same mode)."""
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    engine = _engine(URL.create("sqlite", database=str(path)), str(path))
    try:
        _migrate(engine, str(path))
        with engine.connect() as connection:  # everything into the file itself
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _store_lock(url: URL, engine: Engine, file: Path | None, shown: str) -> StoreLock | None:
    if file is not None:
        return FileLock(file.with_name(file.name + ".lock"), shown)
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(engine, shown)
    return None  # an in-memory SQLite database is one process's own


def open_store(
    url: str = "sqlite:///sgs.db",
    *,
    base_dir: str | os.PathLike[str] | None = None,
    lock: bool = False,
    lock_timeout: float = 0.0,
) -> Store:
    """Open the store at ``url`` (SQLite paths relative to ``base_dir``), migrating it.

    With ``lock``, the store's lock (:mod:`sgs.store.lock`) is taken first and held
    until the store is closed; when another process holds it, this waits up to
    ``lock_timeout`` seconds, then raises :class:`StoreError` ("another sync is
    running"). A SQLite path where an empty file, a folder, a file that is not SQLite
    or a SQLite database of something else stands is refused (:mod:`sgs.store.sqlite`);
    a path where nothing stands becomes a new store.

    >>> import tempfile, pathlib
    >>> folder = tempfile.mkdtemp()
    >>> with open_store("sqlite:///ledger.db", base_dir=folder) as store:
    ...     store.ledger.status_counts()
    {}
    >>> _ = (pathlib.Path(folder) / "empty.db").write_bytes(b"")
    >>> open_store("sqlite:///empty.db", base_dir=folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sgs.errors.StoreError: 存储文件 ... 为空...
    """
    try:
        parsed = database_url(url, Path(base_dir or "."))
    except (ArgumentError, ValueError) as exc:
        raise StoreError(
            f"无法识别的存储地址：{url}（{exc}）", f"unusable store url {url!r}: {exc}"
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    file = None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        file = Path(parsed.database)
        make_folder(file)
    engine = _engine(parsed, shown)
    store_lock = _store_lock(parsed, engine, file, shown) if lock else None
    try:
        if store_lock is not None:
            store_lock.acquire(lock_timeout)
        if file is not None:
            if not file.exists():
                create(file, _build)
            check_file(file)
        _migrate(engine, shown)
    except BaseException as exc:
        engine.dispose()
        if store_lock is not None:
            store_lock.release()
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(
                f"无法打开存储 {shown}：{exc}", f"cannot open the store {shown}: {exc}"
            ) from None
        raise
    return Store(engine, store_lock, file=file)
