"""``sgs.toml``: what a department's sync reads, where it pushes, where it keeps its ledger.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "sgs.toml").write_text('''
... [department]
... name = "示例市市场监督管理局"
... credit_code = "11410100MB00000005"
... [source]
... type = "directory"
... path = "inbox"
... [transport]
... type = "directory"
... path = "outbox"
... ''', encoding="utf-8")
>>> config = load_config(folder / "sgs.toml")
>>> config.department_name, config.store_url, config.batch_size
('示例市市场监督管理局', 'sqlite:///sgs.db', 500)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from sgs.errors import ConfigFileError, InputError
from sgs.inputs import read_small

__all__ = ["BATCH_SIZE", "ConfigFileError", "SyncConfig", "load_config"]

#: Records per transaction and per push, unless ``[sync] batch_size`` says otherwise.
BATCH_SIZE = 500
#: An ``sgs.toml`` is a page of settings: a larger file is not one (nor a device, nor a FIFO).
CONFIG_MAX_BYTES = 1 << 20


@attrs.frozen(kw_only=True)
class SyncConfig:
    """What ``sgs.toml`` says. Paths are relative to ``base_dir`` (the file's folder)."""

    department_name: str
    department_code: str
    source: Mapping[str, Any]
    transport: Mapping[str, Any]
    store_url: str = "sqlite:///sgs.db"
    standard: str | None = None
    holidays: tuple[str, ...] = ()
    receipts: str = "receipts"
    batch_size: int = BATCH_SIZE
    base_dir: Path = attrs.field(factory=Path.cwd)
    #: The ``sgs.toml`` this was read from, when it was read from a file.
    path: Path | None = None

    def own_files(self) -> list[Path]:
        """The files the department's sgs keeps: its ``sgs.toml`` and a SQLite store.

        An export must never be written over one of them.
        """
        from sqlalchemy.exc import ArgumentError

        from sgs.adapters.sql import database_url

        files = [self.path] if self.path is not None else []
        try:
            url = database_url(self.store_url, self.base_dir)
        except ArgumentError:
            return files  # opening the store says what is wrong with it
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            files.append(Path(url.database))
        return files


def _table(data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigFileError(f"{path}：缺少 [{key}] 表", f"{path}: the [{key}] table is missing")
    return value


def load_config(path: str | os.PathLike[str]) -> SyncConfig:
    """Read and check ``sgs.toml``."""
    name = os.fspath(path)
    try:
        raw = read_small(name, CONFIG_MAX_BYTES, ("配置文件", "a configuration file"))
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except InputError as exc:
        raise ConfigFileError(
            f"无法读取配置文件 {name}：{exc.message_zh}", f"cannot read {name}: {exc.message_en}"
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigFileError(
            f"{name} 不是 UTF-8 文本（{exc.reason}），请另存为 UTF-8",
            f"{name} is not UTF-8 text ({exc.reason}); save it as UTF-8",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(
            f"{name} 不是有效的 TOML：{exc}", f"{name} is not valid TOML: {exc}"
        ) from None
    department = _table(data, "department", name)
    dept_name, dept_code = department.get("name"), department.get("credit_code")
    if not isinstance(dept_name, str) or not isinstance(dept_code, str):
        raise ConfigFileError(
            f"{name}：[department] 需要 name 和 credit_code",
            f"{name}: [department] needs name and credit_code",
        )
    store = data.get("store", {})
    options = data.get("sync", {})
    holidays = data.get("calendar", {}).get("holidays", [])
    if isinstance(holidays, str):
        holidays = [holidays]
    base = Path(name).resolve().parent
    return SyncConfig(
        department_name=dept_name,
        department_code=dept_code,
        source=_table(data, "source", name),
        transport=_table(data, "transport", name),
        store_url=str(store.get("url", "sqlite:///sgs.db")),
        standard=data.get("standard", {}).get("version")
        if isinstance(data.get("standard"), dict)
        else data.get("standard"),
        holidays=tuple(str(base / h) for h in holidays),
        receipts=str(options.get("receipts", "receipts")),
        batch_size=int(options.get("batch_size", BATCH_SIZE)),
        base_dir=base,
        path=Path(name).resolve(),
    )
