"""The ``sql`` source and the ``sql-table`` transport: databases by SQLAlchemy URL.

``sql`` reads a department's own database — a query or a table — and streams
the rows (``stream_results``, so a large table is not loaded at once) into a
reader whose keys are the columns: name them by field code or Chinese label,
or alias them in the query (``SELECT wsh AS CF_WSH …``).

``sql-table`` is the 前置库 exchange pattern: each record is upserted into a
table whose columns are the standard's field codes plus the exchange columns
``sgs_key`` (the record key, primary key), ``sgs_batch_id``, ``sgs_operation``
(``upsert``, or ``withdraw`` for a withdrawal: 撤回), ``sgs_updated_at`` and
``sgs_status`` (``new`` until the platform side takes it).
SQLite and PostgreSQL use their native upsert; other databases (达梦 DM,
人大金仓 Kingbase… by their SQLAlchemy dialects) an update, then an insert
where nothing was updated, in the same transaction.

SQLite URLs with a relative path are taken relative to the configuration file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

from sgs.adapters.base import Batch, ConfigError, Receipt, Source, Transport
from sgs.adapters.settings import KIND, STANDARD
from sgs.io.reader import Reader, read
from sgs.standard import PUBLIC, Kind, get_standard

__all__ = ["SqlSource", "SqlTableTransport", "database_url", "exchange_table", "sqlite_file"]

_FETCH = 1000


def database_url(text: str, base_dir: Path) -> URL:
    """The SQLAlchemy URL of ``text``, a SQLite file taken relative to ``base_dir``.

    Raises SQLAlchemy's ``ArgumentError`` when ``text`` is not a URL.

    >>> database_url("sqlite:///ledger.db", Path("/srv/dept")).database
    '/srv/dept/ledger.db'
    """
    from sqlalchemy.engine import make_url  # SQLAlchemy is loaded only when a database is used

    url = make_url(text)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        url = url.set(database=str((base_dir / url.database).resolve()))
    return url


def sqlite_file(text: str, base_dir: Path) -> Path | None:
    """The file of a SQLite URL (``None``: another database, in memory, or no usable URL)."""
    from sqlalchemy.exc import ArgumentError

    try:
        url = database_url(text, base_dir)
    except (ArgumentError, ValueError):
        return None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database)
    return None


def _url(adapter: Source | Transport) -> URL:
    from sqlalchemy.exc import ArgumentError

    text = adapter.option("url", "", required=True, type=str, empty=False)
    try:
        return database_url(text, adapter.base_dir)
    except ArgumentError as exc:
        raise ConfigError(
            f"无法识别的数据库地址 url：{exc}", f"unusable database url: {exc}"
        ) from None


def _engine(adapter: Source | Transport) -> Any:
    from sqlalchemy import create_engine
    from sqlalchemy.exc import NoSuchModuleError

    url = _url(adapter)
    try:
        return create_engine(url)
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"缺少数据库驱动（{url.drivername}）：{exc}；请安装对应的包，如 psycopg",
            f"no database driver for {url.drivername}: {exc}; install it (e.g. psycopg)",
        ) from None


class SqlSource(Source):
    """Settings: ``url``, and ``query`` (SQL) or ``table``; ``kind`` when the columns do
    not tell; ``standard``; ``params`` (a table of query parameters).

    The settings are checked when the source is made; the database is opened only by
    :meth:`readers`.
    """

    name = "sql"
    settings = frozenset({"url", "query", "table", "params", "kind", "standard"})

    def __init__(self, config: Mapping[str, Any], *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        self.url = _url(self)
        self.query = self.option("query", None, type=str, empty=False)
        self.table_name = self.option("table", None, type=str, empty=False)
        if (self.query is None) == (self.table_name is None):
            raise ConfigError(
                '[source] type = "sql" 需要 query 或 table 二者之一',
                "[source] type = 'sql' needs either query or table",
            )
        self.params: dict[str, Any] = self.option("params", {}, type=dict)
        self.kind, self.standard = self.setting(KIND), self.setting(STANDARD)

    def readers(self) -> Iterator[Reader]:
        from sqlalchemy import MetaData, Table, select, text
        from sqlalchemy.exc import SQLAlchemyError

        query, table = self.query, self.table_name
        engine = _engine(self)
        label = f"{engine.url.render_as_string(hide_password=True)} {table or 'query'}"

        def rows() -> Iterator[dict[str, Any]]:
            # The connection lives as long as the rows are read (or the reader is dropped).
            try:
                with engine.connect() as connection:
                    statement: Any
                    if table:
                        found = Table(str(table), MetaData(), autoload_with=connection)
                        statement = select(found)
                    else:
                        statement = text(str(query))
                    options = connection.execution_options(stream_results=True, yield_per=_FETCH)
                    result = options.execute(statement, dict(self.params))
                    for row in result.mappings():
                        yield dict(row)
            except SQLAlchemyError as exc:
                raise ConfigError(
                    f"读取数据库失败（{label}）：{exc.__class__.__name__}: {exc}",
                    f"reading the database failed ({label}): {exc.__class__.__name__}: {exc}",
                ) from None
            finally:
                engine.dispose()

        yield read(rows(), kind=self.kind, standard=self.standard, name=label)


#: The exchange columns of a 前置库 table, after the field codes.
EXCHANGE_COLUMNS = ("sgs_key", "sgs_batch_id", "sgs_operation", "sgs_updated_at", "sgs_status")


def exchange_table(name: str, kind: Kind | str, standard: Any = None, metadata: Any = None) -> Any:
    """The SQLAlchemy ``Table`` of a 前置库 exchange table for ``kind``."""
    from sqlalchemy import Column, DateTime, MetaData, String, Table, Text

    spec = get_standard(standard).spec(kind)
    columns: list[Any] = [Column("sgs_key", String(64), primary_key=True)]
    for field in spec.fields:
        length = field.max_length
        kind_type: Any = String(length) if length and length <= 4000 else Text()
        if field.type.value in ("date", "decimal"):
            kind_type = String(40)
        columns.append(Column(field.code, kind_type, nullable=True))
    columns += [
        Column("sgs_batch_id", String(64), nullable=False),
        Column("sgs_operation", String(16), nullable=False),
        Column("sgs_updated_at", DateTime(timezone=True), nullable=False),
        Column("sgs_status", String(16), nullable=False),
    ]
    return Table(name, metadata if metadata is not None else MetaData(), *columns)


class SqlTableTransport(Transport):
    """Settings: ``url``; ``table`` (default ``sgs_exchange_{kind}``; ``{kind}`` is
    replaced by ``license``/``penalty``); ``create`` (make the table when missing,
    default true); ``standard``."""

    name = "sql-table"
    settings = frozenset({"url", "table", "create", "standard"})

    def __init__(self, config: Mapping[str, Any], *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        _url(self)  # checked now; the database is opened at the first push
        self.template = self.option("table", "sgs_exchange_{kind}", type=str, empty=False)
        self.create = self.option("create", True, type=bool)
        self.standard = self.setting(STANDARD)
        self._engine: Any = None
        self._tables: dict[str, Any] = {}

    def _table(self, kind: Kind) -> Any:
        from sqlalchemy import MetaData

        name = self.template.replace("{kind}", kind.value)
        if name not in self._tables:
            table = exchange_table(name, kind, self.standard, MetaData())
            if self.create:
                table.create(self._engine, checkfirst=True)
            self._tables[name] = table
        return self._tables[name]

    def push(self, batch: Batch) -> list[Receipt]:
        from sqlalchemy.exc import SQLAlchemyError

        if self._engine is None:
            self._engine = _engine(self)
        # The exchange tables have no 公开范围 column: a record the public may not see is not
        # written there (the platform would publish it), but refused, so the department knows.
        refused = [
            Receipt(record.key, "rejected",
                    f"前置库交换表没有公开范围列，公开范围为“{record.scope}”的记录不能经前置库报送，"
                    f"请改用 http 或 directory 报送 (the exchange tables carry no disclosure "
                    f"scope: a record of scope {record.scope} cannot go through them)")
            for record in batch.records
            if record.scope != PUBLIC
        ]  # fmt: skip
        if refused:
            batch = attrs.evolve(
                batch, records=tuple(r for r in batch.records if r.scope == PUBLIC)
            )
        if not batch.records:
            return refused
        now = dt.datetime.now(dt.UTC)
        try:
            table = self._table(batch.kind)
            codes = [c.name for c in table.columns if c.name not in EXCHANGE_COLUMNS]
            rows = [
                {
                    **{code: record.fields.get(code) for code in codes},
                    "sgs_key": record.key,
                    "sgs_batch_id": batch.batch_id,
                    "sgs_operation": record.operation,
                    "sgs_updated_at": now,
                    "sgs_status": "new",
                }
                for record in batch.records
            ]
            with self._engine.begin() as connection:  # one transaction for the batch
                self._upsert(connection, table, rows)
        except SQLAlchemyError as exc:
            from sgs.adapters.http import TransportError

            url = self._engine.url.render_as_string(hide_password=True)
            raise TransportError(
                f"写入前置库失败（{url}）：{exc.__class__.__name__}: {exc}",
                f"writing to the exchange database failed ({url}): {exc.__class__.__name__}: {exc}",
                url=url,
            ) from None
        return [*refused, *(Receipt(record.key, "accepted") for record in batch.records)]

    @staticmethod
    def _upsert(connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        dialect = connection.dialect.name
        if dialect in ("postgresql", "sqlite"):
            from sqlalchemy.dialects import postgresql, sqlite

            module: Any = postgresql if dialect == "postgresql" else sqlite
            statement = module.insert(table)
            updates = {
                c.name: statement.excluded[c.name] for c in table.columns if c.name != "sgs_key"
            }
            connection.execute(
                statement.on_conflict_do_update(index_elements=["sgs_key"], set_=updates), rows
            )
            return
        from sqlalchemy import bindparam

        key = table.c.sgs_key
        update = (
            table.update()
            .where(key == bindparam("b_key"))
            .values(
                {c.name: bindparam(f"b_{c.name}") for c in table.columns if c.name != "sgs_key"}
            )
        )
        for row in rows:
            params = {f"b_{k}": v for k, v in row.items()}
            if connection.execute(update, {**params, "b_key": row["sgs_key"]}).rowcount == 0:
                connection.execute(table.insert(), row)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
