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

from collections.abc import Mapping
from typing import Any

from sgs.adapters.config_files import check_tables as check_config_tables
from sgs.adapters.config_files import url_problem
from sgs.adapters.settings import READ_OPTIONS, Setting
from sgs.errors import ConfigFileError

__all__ = [
    "MAX_BATCH_SIZE",
    "MAX_LOCK_TIMEOUT",
    "REQUIRED",
    "TABLES",
    "check_tables",
]

#: The largest ``[sync] batch_size``.
MAX_BATCH_SIZE = 100_000
#: The longest ``[sync] lock_timeout``, seconds (a day).
MAX_LOCK_TIMEOUT = 86_400


#: The tables of ``sgs.toml`` and their keys. ``[source]`` and ``[transport]`` hold
#: their adapter's settings besides the keys listed here.
TABLES: Mapping[str, tuple[Setting, ...]] = {
    "department": (
        Setting("name", str, required=True, empty=False),
        Setting("credit_code", str, required=True, empty=False),
    ),
    "source": (Setting("type", str, empty=False), *READ_OPTIONS),
    "transport": (Setting("type", str, empty=False),),
    "store": (Setting("url", str, empty=False, check=url_problem),),
    "sync": (
        Setting("batch_size", int, min=1, max=MAX_BATCH_SIZE),
        Setting("receipts", str, empty=False),
        Setting("lock_timeout", float, min=0, max=MAX_LOCK_TIMEOUT),
    ),
    "calendar": (Setting("holidays", (str, list), items=str),),
    "standard": (Setting("version", str, empty=False),),
    # the department's own site (部门网站), written by ``sgs publish export``
    "portal": (
        Setting("title", str, empty=False),
        Setting("templates", str, empty=False),
    ),
    # who is published and how (sgs.publication.Policy.from_mapping checks the keys)
    "publication": (),
}
#: The tables every ``sgs.toml`` has.
REQUIRED = ("department", "source", "transport")
#: The tables whose other keys belong to an adapter.
_OPEN = frozenset({"source", "transport", "publication"})


def check_tables(data: Mapping[str, Any], file: str) -> dict[str, dict[str, Any]]:
    """The tables of ``data`` (parsed ``sgs.toml``), each key checked against :data:`TABLES`.

    Absent tables are left out; absent keys keep no value (the caller's defaults
    apply). ``file`` names the file in messages. Unknown tables and keys are warned
    about, once each. ``standard = "2021"`` is short for ``[standard] version``.
    """
    standard = data.get("standard")
    if isinstance(standard, str):
        data = {**data, "standard": {"version": standard}}
    elif standard is not None and not isinstance(standard, dict):
        raise ConfigFileError(
            f"{file}：[standard] 应为文本或表（现为 {standard!r}）",
            f"{file}: [standard] must be text or a table (got {standard!r})",
        )
    return check_config_tables(data, file, TABLES, required=REQUIRED, open_tables=_OPEN)
