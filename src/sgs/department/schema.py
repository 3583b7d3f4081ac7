"""The schema of ``sgs.toml``: every department-level table and key, checked once, at start.

:data:`TABLES` declares each table's keys with their types and bounds
(:class:`~sgs.adapters.settings.Setting`). :func:`check_tables` applies it to the
parsed file: a table that is not a table, a key of another type or out of bounds, a
path with a NUL character… is a :class:`~sgs.errors.ConfigFileError` naming the file,
the key and what was expected; a key sgs does not know is a
:class:`~sgs.adapters.settings.ConfigWarning` naming it. The other keys of ``[source]``
and ``[transport]`` are the adapter's, which checks them when it is made (see
:meth:`sgs.adapters.base._Configured.option`).

>>> tables = {"department": {"name": "局", "credit_code": "1"}, "source": {}, "transport": {}}
>>> check_tables({**tables, "sync": 5}, "sgs.toml")
Traceback (most recent call last):
...
sgs.errors.ConfigFileError: sgs.toml：[sync] 应为表（现为 5） (sgs.toml: [sync] must be a table (got 5))
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from sgs.adapters.settings import READ_OPTIONS, Setting, unknown_setting
from sgs.errors import ConfigError, ConfigFileError

__all__ = [
    "MAX_BATCH_SIZE",
    "MAX_LOCK_TIMEOUT",
    "REQUIRED",
    "TABLES",
    "check_tables",
    "in_file",
]

#: The largest ``[sync] batch_size``.
MAX_BATCH_SIZE = 100_000
#: The longest ``[sync] lock_timeout``, seconds (a day).
MAX_LOCK_TIMEOUT = 86_400


def _url(value: str) -> tuple[str, str] | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(value)
    except ArgumentError:
        return "不是数据库地址", "is not a database URL (sqlite:///sgs.db, postgresql+psycopg://…)"
    return None


#: The tables of ``sgs.toml`` and their keys. ``[source]`` and ``[transport]`` hold
#: their adapter's settings besides the keys listed here.
TABLES: Mapping[str, tuple[Setting, ...]] = {
    "department": (
        Setting("name", str, required=True, empty=False),
        Setting("credit_code", str, required=True, empty=False),
    ),
    "source": (Setting("type", str, empty=False), *READ_OPTIONS),
    "transport": (Setting("type", str, empty=False),),
    "store": (Setting("url", str, empty=False, check=_url),),
    "sync": (
        Setting("batch_size", int, min=1, max=MAX_BATCH_SIZE),
        Setting("receipts", str, empty=False),
        Setting("lock_timeout", float, min=0, max=MAX_LOCK_TIMEOUT),
    ),
    "calendar": (Setting("holidays", (str, list), items=str),),
    "standard": (Setting("version", str, empty=False),),
}
#: The tables every ``sgs.toml`` has.
REQUIRED = ("department", "source", "transport")
#: The tables whose other keys belong to an adapter.
_OPEN = frozenset({"source", "transport"})


def in_file(exc: ConfigError, file: str) -> ConfigFileError:
    """``exc`` as a mistake of the configuration file ``file``."""
    return ConfigFileError(f"{file}：{exc.message_zh}", f"{file}: {exc.message_en}")


def _table(data: Mapping[str, Any], name: str, file: str) -> dict[str, Any] | None:
    value = data.get(name)
    if name == "standard" and isinstance(value, str):  # standard = "2021", short for the table
        value = {"version": value}
    if value is None:
        if name in REQUIRED:
            raise ConfigFileError(
                f"{file}：缺少 [{name}] 表", f"{file}: the [{name}] table is missing"
            )
        return None
    if not isinstance(value, dict):
        also = ("文本或", "text or ") if name == "standard" else ("", "")
        raise ConfigFileError(
            f"{file}：[{name}] 应为{also[0]}表（现为 {value!r}）",
            f"{file}: [{name}] must be {also[1]}a table (got {value!r})",
        )
    return value


def check_tables(data: Mapping[str, Any], file: str) -> dict[str, dict[str, Any]]:
    """The tables of ``data`` (parsed ``sgs.toml``), each key checked against :data:`TABLES`.

    Absent tables are left out; absent keys keep no value (the caller's defaults
    apply). ``file`` names the file in messages. Unknown tables and keys are warned
    about, once each.
    """
    for name in data:
        if name not in TABLES:
            warnings.warn(unknown_setting(name, file), stacklevel=3)
    tables: dict[str, dict[str, Any]] = {}
    for name, specs in TABLES.items():
        table = _table(data, name, file)
        if table is None:
            continue
        known = {spec.key for spec in specs}
        checked = dict(table)
        try:
            for spec in specs:
                if spec.key in table or spec.required:
                    checked[spec.key] = spec.read(name, table)
        except ConfigError as exc:
            raise in_file(exc, file) from None
        if name not in _OPEN:
            for key in sorted(table.keys() - known):
                warnings.warn(unknown_setting(f"[{name}] {key}", file), stacklevel=3)
        tables[name] = checked
    return tables
