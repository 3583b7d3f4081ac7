"""Configuration files (``sgs.toml``, ``platform.toml``): read once, every table checked.

:func:`read_config_file` reads a TOML file within a size bound — UTF-8 with or
without a BOM, or UTF-16/32 with theirs; anything else is refused naming the
line. :func:`check_tables` checks its tables against declared
:class:`~sgs.adapters.settings.Setting` lists: a table that is not a table, a key
of another type or out of bounds is a :class:`~sgs.errors.ConfigFileError`
naming the file and the key; an unknown table or key is a
:class:`~sgs.adapters.settings.ConfigWarning`. Both wings' configurations use
them (:mod:`sgs.department.schema`, :mod:`sgs.platform.config`).

>>> specs = {"platform": (Setting("name", str, required=True, empty=False),)}
>>> check_tables({"platform": {"name": "中心"}}, "platform.toml", specs, required=("platform",))
{'platform': {'name': '中心'}}
>>> check_tables({"platform": 5}, "platform.toml", specs)
Traceback (most recent call last):
...
sgs.errors.ConfigFileError: platform.toml：[platform] 应为表（现为 5） (platform.toml: [platform] must be a table (got 5))
"""

from __future__ import annotations

import codecs
import tomllib
import warnings
from collections.abc import Collection, Mapping
from typing import Any

from sgs.adapters.settings import Setting, unknown_setting
from sgs.errors import ConfigError, ConfigFileError, InputError
from sgs.inputs import read_small

__all__ = ["CONFIG_MAX_BYTES", "check_tables", "in_file", "read_config_file", "url_problem"]

#: A configuration file is a page of settings: a larger file is not one (nor a device, nor
#: a FIFO).
CONFIG_MAX_BYTES = 1 << 20

#: The byte-order marks a text editor may put first, and the codecs they announce
#: (UTF-32 before UTF-16: its little-endian mark starts with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)


def _text(raw: bytes, name: str) -> str:
    """The text of a configuration file: UTF-8 (with or without a BOM), or UTF-16/32 with one."""
    codec = next((c for bom, c in _BOMS if raw.startswith(bom)), "utf-8")
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigFileError(
            f"{name} 第 {line} 行不是 UTF-8 编码：配置文件必须以 UTF-8 保存"
            f"（它可能是 GBK 编码的；请用编辑器另存为 UTF-8）",
            f"{name}, line {line}, is not UTF-8: the configuration file must be saved as "
            f"UTF-8 (it may be GBK; save it again as UTF-8)",
        ) from None


def read_config_file(name: str, limit: int = CONFIG_MAX_BYTES) -> dict[str, Any]:
    """The parsed TOML of the configuration file ``name`` (at most ``limit`` bytes)."""
    try:
        raw = read_small(name, limit, ("配置文件", "a configuration file"))
    except InputError as exc:
        raise ConfigFileError(
            f"无法读取配置文件 {name}：{exc.message_zh}", f"cannot read {name}: {exc.message_en}"
        ) from None
    try:
        return tomllib.loads(_text(raw, name))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(
            f"{name} 不是有效的 TOML：{exc}", f"{name} is not valid TOML: {exc}"
        ) from None


def in_file(exc: ConfigError, file: str) -> ConfigFileError:
    """``exc`` as a mistake of the configuration file ``file``."""
    return ConfigFileError(f"{file}：{exc.message_zh}", f"{file}: {exc.message_en}")


def url_problem(value: str) -> tuple[str, str] | None:
    """What is wrong with a database URL setting (``None``: nothing)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(value)
    except ArgumentError:
        return "不是数据库地址", "is not a database URL (sqlite:///sgs.db, postgresql+psycopg://…)"
    return None


def _table(data: Mapping[str, Any], name: str, file: str, required: bool) -> dict[str, Any] | None:
    value = data.get(name)
    if value is None:
        if required:
            raise ConfigFileError(
                f"{file}：缺少 [{name}] 表", f"{file}: the [{name}] table is missing"
            )
        return None
    if not isinstance(value, dict):
        raise ConfigFileError(
            f"{file}：[{name}] 应为表（现为 {value!r}）",
            f"{file}: [{name}] must be a table (got {value!r})",
        )
    return value


def check_tables(
    data: Mapping[str, Any],
    file: str,
    tables: Mapping[str, tuple[Setting, ...]],
    *,
    required: Collection[str] = (),
    open_tables: Collection[str] = (),
) -> dict[str, dict[str, Any]]:
    """The tables of ``data`` (a parsed file), each key checked against ``tables``.

    Absent tables are left out; absent keys keep no value (the caller's defaults
    apply). ``required`` tables must be there; the other keys of ``open_tables``
    belong to someone else (an adapter) and are not warned about. ``file`` names
    the file in messages.
    """
    for name in data:
        if name not in tables:
            warnings.warn(unknown_setting(name, file), stacklevel=3)
    checked_tables: dict[str, dict[str, Any]] = {}
    for name, specs in tables.items():
        table = _table(data, name, file, name in required)
        if table is None:
            continue
        checked = dict(table)
        try:
            for spec in specs:
                if spec.key in table or spec.required:
                    checked[spec.key] = spec.read(name, table)
        except ConfigError as exc:
            raise in_file(exc, file) from None
        if name not in open_tables:
            for key in sorted(table.keys() - {spec.key for spec in specs}):
                warnings.warn(unknown_setting(f"[{name}] {key}", file), stacklevel=3)
        checked_tables[name] = checked
    return checked_tables
