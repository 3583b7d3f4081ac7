"""前置库 exchange tables (``[[intake.table]]``): rows of departments' ``sql-table`` transports.

The rows whose ``sgs_status`` is ``new`` — those there when the run starts — are read in
pages of :data:`PAGE`, oldest ``sgs_updated_at`` first, grouped by ``sgs_batch_id`` and
received (``channel="table"``, the batch id as the Idempotency-Key); their records are
the field-code columns that hold text, and ``sgs_operation`` (``upsert`` or
``withdraw``). Only after the commit are exactly the rows read marked ``taken``: those
whose ``sgs_updated_at`` is still the one read, so that a row the department rewrote
meanwhile stays ``new`` and is taken at the next run. A row that is no record at all (an
``sgs_operation`` other than ``upsert``/``withdraw``, an empty key) is marked
``refused``. When the table has a ``sgs_result`` column, each row's answer is written
into it (the JSON of the HTTP answer's result, cut to the column's length).

A table that does not exist, or a SQLite file not made yet, holds nothing to take; a
database that cannot be reached is a failure of the run, and the other channels go on.
The records are taken to be in the platform's version of the standard.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from sgs.adapters.sql import EXCHANGE_COLUMNS, database_url, sqlite_file
from sgs.errors import StoreError
from sgs.platform.config import ExchangeTable
from sgs.platform.intake import IntakeSummary, ReceivingPlatform
from sgs.platform.wire import OPERATIONS, wire_body
from sgs.standard import Kind, Standard, get_standard
from sgs.store import Department, Result

__all__ = ["PAGE", "RESULT_COLUMN", "TableIntake"]

#: Rows of an exchange table read at a time.
PAGE = 500
#: The optional column of an exchange table that gets each row's answer.
RESULT_COLUMN = "sgs_result"
#: The label of ``sgs_updated_at`` as read (the value a row is marked by).
READ_AT = "sgs_read_at"


def _read_at(table: sa.Table) -> Any:
    """``sgs_updated_at`` as the database holds it: compared with itself, whatever its format.

    (SQLite keeps a time as text; read back through a type and written again it need not
    be the same text, and the row would never be marked.)
    """
    return sa.type_coerce(table.c.sgs_updated_at, sa.types.NullType())


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


class TableIntake:
    """One run over the exchange tables of one ``[[intake.table]]``: :meth:`take`."""

    def __init__(self, platform: ReceivingPlatform, table: ExchangeTable, summary: IntakeSummary,
                 today: dt.date | None) -> None:  # fmt: skip
        self.platform, self.table, self.summary, self.today = platform, table, summary, today
        self.standard: Standard = get_standard(platform.config.standard)
        self.where = f"[[intake.table]] {table.department}"

    def take(self) -> None:
        config = self.platform.config
        try:
            owner = self.platform.store.departments.get(self.table.department)
        except StoreError as exc:
            self.summary.failures.append(f"{self.where}: {exc}")
            return
        except SQLAlchemyError as exc:
            self.summary.store_failed(self.where, exc)
            return
        database = sqlite_file(self.table.url, config.base_dir)
        if database is not None and not database.exists():
            return  # the department has not written anything yet
        try:
            url = database_url(self.table.url, config.base_dir)
            connect = {"connect_timeout": 10} if url.get_backend_name() == "postgresql" else {}
            engine = sa.create_engine(url, connect_args=connect)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            self.summary.failures.append(f"{self.where}: 无法连接前置库 (cannot connect): {exc}")
            return
        shown = engine.url.render_as_string(hide_password=True)
        names: dict[str, list[Kind]] = {}
        for kind in Kind:
            names.setdefault(self.table.table.replace("{kind}", kind.value), []).append(kind)
        try:
            for name, kinds in names.items():
                self._take_table(engine, owner, name, kinds)
        except _StoreUnavailable as exc:
            self.summary.store_failed(self.where, exc.cause)
        except SQLAlchemyError as exc:
            self.summary.failures.append(
                f"{self.where}: 前置库 {shown} 无法读取或写入，下次运行重试 (the exchange database "
                f"cannot be read or written; tried again at the next run): "
                f"{type(exc).__name__}: {exc}"
            )
        finally:
            engine.dispose()

    def _take_table(self, engine: sa.Engine, owner: Department, name: str,
                    kinds: list[Kind]) -> None:  # fmt: skip
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(name):
                return  # nothing written yet
            table = sa.Table(name, sa.MetaData(), autoload_with=connection)
        missing = [c for c in EXCHANGE_COLUMNS if c not in table.c]
        kind = self._kind(table, kinds)
        if missing or kind is None:
            zh, en = (
                ("、".join(missing), ", ".join(missing))
                if missing
                else ("字段代码列", "field codes")
            )
            self.summary.failures.append(
                f"{self.where}: 表 {name} 不是前置库交换表，缺少列：{zh} "
                f"(table {name} is no exchange table; it lacks the columns: {en})"
            )
            return
        codes = [c for c in self.standard.spec(kind).codes if c in table.c]
        updated, key, status = _read_at(table), table.c.sgs_key, table.c.sgs_status
        with engine.connect() as connection:  # rows written after this wait for the next run
            horizon = connection.execute(
                sa.select(sa.func.max(updated)).where(status == "new")
            ).scalar()
        if horizon is None:
            return
        query = (
            sa.select(table, updated.label(READ_AT))
            .where(status == "new", updated <= horizon)
            .order_by(updated, key)
            .limit(PAGE)
        )
        after: tuple[Any, Any] | None = None
        while True:
            page = query
            if after is not None:
                page = page.where(
                    sa.or_(updated > after[0], sa.and_(updated == after[0], key > after[1]))
                )
            with engine.connect() as connection:
                rows = list(connection.execute(page).mappings())
            if not rows:
                return
            after = (rows[-1][READ_AT], rows[-1]["sgs_key"])
            for batch_id, group in self._batches(rows):
                self._take_batch(engine, table, owner, kind, codes, batch_id, group)
            if len(rows) < PAGE:
                return

    def _kind(self, table: sa.Table, kinds: list[Kind]) -> Kind | None:
        """The kind of ``table``'s records: the one its name says, or whose codes it has."""
        if len(kinds) == 1:
            return kinds[0]
        held = {k: sum(1 for c in self.standard.spec(k).codes if c in table.c) for k in kinds}
        best = max(kinds, key=lambda k: held[k])
        return best if held[best] else None

    @staticmethod
    def _batches(rows: list[sa.RowMapping]) -> Iterator[tuple[str, list[sa.RowMapping]]]:
        groups: dict[str, list[sa.RowMapping]] = {}
        for row in rows:
            groups.setdefault(str(row["sgs_batch_id"] or ""), []).append(row)
        yield from groups.items()

    def _take_batch(self, engine: sa.Engine, table: sa.Table, owner: Department, kind: Kind,
                    codes: list[str], batch_id: str,
                    group: list[sa.RowMapping]) -> None:  # fmt: skip
        good, refused = [], []
        for row in group:
            row_key, operation = row["sgs_key"], row["sgs_operation"]
            if isinstance(row_key, str) and 0 < len(row_key) <= 64 and operation in OPERATIONS:
                good.append(row)
            else:
                refused.append(row)
                self.summary.quarantined.append(
                    f"{self.where}: 表 {table.name} 中 sgs_key 为 {row_key!r}、sgs_operation 为 "
                    f"{operation!r} 的行不是可接收的记录（键应为不超过 64 字符的文本，操作应为 "
                    f"upsert 或 withdraw），已标记为 refused (the row of table {table.name} "
                    f"whose sgs_key is {row_key!r} and sgs_operation {operation!r} is no record: "
                    f"marked refused)"
                )
        answers: list[tuple[sa.RowMapping, str, Result | None]] = [
            (row, "refused", None) for row in refused
        ]
        if good:
            records = [
                {"key": row["sgs_key"], "operation": row["sgs_operation"],
                 "fields": {c: _cell(row[c]) for c in codes if row[c] is not None
                            and row[c] != ""}}
                for row in good
            ]  # fmt: skip
            body = wire_body(self.standard.version, kind, batch_id, records)
            try:
                results = self.platform.receive(owner, body, idempotency_key=batch_id or None,
                                                channel="table", today=self.today)  # fmt: skip
            except (StoreError, SQLAlchemyError) as exc:
                raise _StoreUnavailable(exc) from None
            self.summary.add(results)
            answers += [(row, "taken", result) for row, result in zip(good, results, strict=True)]
        self._mark(engine, table, answers)

    @staticmethod
    def _mark(engine: sa.Engine, table: sa.Table,
              answers: list[tuple[sa.RowMapping, str, Result | None]]) -> None:  # fmt: skip
        """Mark the rows read, unless the department wrote them again since (after the commit)."""
        values: dict[str, Any] = {"sgs_status": sa.bindparam("b_status")}
        column = table.c.get(RESULT_COLUMN)
        length = getattr(column.type, "length", None) if column is not None else None
        if column is not None:
            values[RESULT_COLUMN] = sa.bindparam("b_result")
        statement = (
            sa.update(table)
            .where(table.c.sgs_key == sa.bindparam("b_key"))
            .where(_read_at(table) == sa.bindparam("b_updated"))
            .where(table.c.sgs_status == "new")
            .values(values)
        )
        params = []
        for row, status, result in answers:
            param = {
                "b_key": row["sgs_key"],
                "b_updated": row[READ_AT],
                "b_status": status,
            }
            if column is not None:
                answer = result.to_dict() if result is not None else {"status": status}
                text = json.dumps(answer, ensure_ascii=False)
                param["b_result"] = text[:length] if length else text
            params.append(param)
        with engine.begin() as connection:
            connection.execute(statement, params)


class _StoreUnavailable(Exception):
    """The platform's store failed while an exchange table was being taken."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause
