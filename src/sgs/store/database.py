"""The store's database: opened by URL, migrated on open, one repository per aggregate.

:func:`open_store` opens (and migrates) a store by SQLAlchemy URL — an
embedded SQLite file by default (WAL mode, so a reader never waits for the
writer), PostgreSQL for a shared deployment. The :class:`Store` it returns
holds the repositories: ``store.ledger`` (台账), ``store.catalog`` (目录),
``store.roster`` (联络员).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from sgs.adapters.sql import database_url
from sgs.calendar import WorkCalendar
from sgs.errors import StoreError
from sgs.store.catalog import CatalogRepository
from sgs.store.frames import ledger_frame
from sgs.store.ledger import LedgerRepository
from sgs.store.roster import RosterRepository
from sgs.store.schema import MIGRATIONS, SCHEMA_VERSION, meta

__all__ = ["Store", "open_store"]


class Store:
    """An open store (use :func:`open_store`): the engine and one repository per aggregate."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.ledger = LedgerRepository(engine)
        self.catalog = CatalogRepository(engine)
        self.roster = RosterRepository(engine)

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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def _version(connection: Connection) -> int:
    from sqlalchemy import inspect

    if not inspect(connection).has_table(meta.name):
        return 0
    row = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def open_store(
    url: str = "sqlite:///sgs.db", *, base_dir: str | os.PathLike[str] | None = None
) -> Store:
    """Open the store at ``url`` (SQLite paths relative to ``base_dir``), migrating it.

    >>> import tempfile, pathlib
    >>> folder = tempfile.mkdtemp()
    >>> with open_store("sqlite:///ledger.db", base_dir=folder) as store:
    ...     store.ledger.status_counts()
    {}
    """
    try:
        parsed = database_url(url, Path(base_dir or "."))
    except ArgumentError as exc:
        raise StoreError(
            f"无法识别的存储地址：{url}（{exc}）", f"unusable store url {url!r}: {exc}"
        ) from None
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed)
    except Exception as exc:  # a missing driver
        raise StoreError(
            f"无法打开存储 {url}：{exc}", f"cannot open the store {url}: {exc}"
        ) from None
    if sqlite:
        _sqlite_pragmas(engine)
    try:
        with engine.begin() as connection:
            version = _version(connection)
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
                connection.execute(
                    meta.insert(), {"key": "schema_version", "value": str(SCHEMA_VERSION)}
                )
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(
            f"无法打开存储 {parsed.render_as_string(hide_password=True)}：{exc}",
            f"cannot open the store {parsed.render_as_string(hide_password=True)}: {exc}",
        ) from None
    return Store(engine)
