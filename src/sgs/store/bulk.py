"""Many rows into or out of one table at once, through the driver on SQLite.

SQLAlchemy binds the parameters of an ``executemany`` row by row: a dict a row,
each value through its type's bind processor; and it converts what it reads value
by value. For a ledger batch of a thousand records that is most of the cost.
:func:`insert_rows` takes the rows as tuples, binds each distinct value of a
column once (the dates and times of a batch repeat), and hands the lot to the
driver in one call; :func:`select_rows` reads with the driver and converts each
distinct value of a column once, with the same type processors. That is on SQLite,
which keeps dates as text; elsewhere SQLAlchemy's own multi-row insert is
set-based already and is used as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

__all__ = ["insert_rows", "select_rows"]


def insert_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` — tuples of the values of ``columns``, in that order — into ``table``."""
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                  for name in columns]  # fmt: skip
    bound = _processed(processors, rows)
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
    connection.exec_driver_sql(sql, list(zip(*bound, strict=True)))


def select_rows(
    connection: Connection, table: Table, where: str, parameters: Sequence[Any]
) -> list[dict[str, Any]]:
    """The rows of ``table`` (a dict by column name each) that the SQL condition ``where``,
    with ``?`` for each of ``parameters``, selects on SQLite, in no particular order."""
    dialect = connection.dialect
    names = [column.name for column in table.columns]
    sql = f"SELECT {', '.join(names)} FROM {table.name} WHERE {where}"
    rows = connection.exec_driver_sql(sql, tuple(parameters)).all()
    if not rows:
        return []
    processors = [table.c[name].type.dialect_impl(dialect).result_processor(dialect, None)
                  for name in names]  # fmt: skip
    values = _processed(processors, rows)
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def _processed(
    processors: Sequence[Callable[[Any], Any] | None], rows: Sequence[Sequence[Any]]
) -> list[Sequence[Any]]:
    """The columns of ``rows``, each through its processor (``None``: as it is), once for
    each distinct value."""
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, process in enumerate(processors):
        if process is not None:
            memo: dict[Any, Any] = {}
            columns[i] = [
                None if v is None else memo[v] if v in memo else memo.setdefault(v, process(v))
                for v in columns[i]
            ]
    return columns
