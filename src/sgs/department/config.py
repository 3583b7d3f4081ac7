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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from sgs.adapters.config_files import CONFIG_MAX_BYTES, in_file, read_config_file
from sgs.department.schema import check_tables
from sgs.errors import ConfigError, ConfigFileError, StoreError

if TYPE_CHECKING:
    from sgs.adapters import Source, Transport
    from sgs.publication import Policy

__all__ = ["BATCH_SIZE", "CONFIG_MAX_BYTES", "ConfigFileError", "SyncConfig", "load_config"]

#: Records per transaction and per push, unless ``[sync] batch_size`` says otherwise.
BATCH_SIZE = 500


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
    #: How long ``sgs sync`` waits for another run on the same store, seconds (0: not at all).
    lock_timeout: float = 0.0
    #: The title of the department's own site (``None``: the department's name).
    portal_title: str | None = None
    #: A folder of templates overriding the built-in pages, relative to ``base_dir``.
    portal_templates: str | None = None
    #: The publication policy of ``[publication]`` (``None``: the built-in defaults).
    publication: Policy | None = None
    base_dir: Path = attrs.field(factory=Path.cwd)
    #: The ``sgs.toml`` this was read from, when it was read from a file.
    path: Path | None = None

    @contextmanager
    def _named(self) -> Iterator[None]:
        """An adapter's :class:`ConfigError` as a mistake of this file (when read from one)."""
        try:
            yield
        except ConfigError as exc:
            if self.path is None:
                raise
            raise in_file(exc, str(self.path)) from None

    def make_source(self) -> Source:
        """The source of ``[source]``, its settings checked (a mistake names this file)."""
        from sgs.plugins.registries import make_source

        with self._named():
            return make_source(self.source, base_dir=self.base_dir)

    def make_transport(self) -> Transport:
        """The transport of ``[transport]``, its settings checked."""
        from sgs.plugins.registries import make_transport

        with self._named():
            return make_transport(self.transport, base_dir=self.base_dir)

    def own_files(self) -> list[Path]:
        """The files the department's sgs keeps: its ``sgs.toml`` and a SQLite store.

        An export must never be written over one of them.
        """
        from sgs.adapters.sql import sqlite_file

        files = [self.path] if self.path is not None else []
        store = sqlite_file(self.store_url, self.base_dir)
        if store is not None:
            files.append(store)
        return files


def _folder(base: Path, value: str, key: str, name: str) -> str:
    """``value``, a folder setting: what it names must not be a file."""
    path = base / value
    if path.exists() and not path.is_dir():
        raise ConfigFileError(
            f"{name}：{key} 应为文件夹，但 {path} 是一个文件",
            f"{name}: {key} must name a folder, but {path} is a file",
        )
    return value


def _store_url(url: str, base: Path, name: str) -> str:
    """``url``, when what it names can be a store (a SQLite store's path is looked at)."""
    from sqlalchemy.exc import ArgumentError

    from sgs.adapters.sql import database_url
    from sgs.store.sqlite import check_file

    try:
        parsed = database_url(url, base)
    except (ArgumentError, ValueError) as exc:
        raise ConfigFileError(
            f"{name}：[store] url 不是可用的数据库地址：{exc}",
            f"{name}: [store] url is not a usable database URL: {exc}",
        ) from None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return url
    file = Path(parsed.database)
    try:
        if file.exists():
            check_file(file)
    except StoreError as exc:
        raise ConfigFileError(
            f"{name}：[store] url：{exc.message_zh}", f"{name}: [store] url: {exc.message_en}"
        ) from None
    folder = next((p for p in file.parents if p.exists()), None)
    if folder is not None and not folder.is_dir():
        raise ConfigFileError(
            f"{name}：[store] url 指向的 SQLite 文件应在文件夹中，但 {folder} 是一个文件",
            f"{name}: [store] url names a SQLite file inside {folder}, which is a file",
        )
    return url


def load_config(path: str | os.PathLike[str]) -> SyncConfig:
    """Read ``sgs.toml`` and check it against the schema (:mod:`sgs.department.schema`).

    A mistake is a :class:`ConfigFileError` naming the file, the key and what was
    expected; an unknown key is warned about. The adapters' own settings are checked
    when they are made (:meth:`SyncConfig.make_source`, :meth:`SyncConfig.make_transport`).
    """
    from sgs.publication.policy import policy_in_file

    name = os.fspath(path)
    tables = check_tables(read_config_file(name), name)
    department, store = tables["department"], tables.get("store", {})
    options, calendar = tables.get("sync", {}), tables.get("calendar", {})
    holidays = calendar.get("holidays", [])
    if isinstance(holidays, str):
        holidays = [holidays]
    base = Path(name).resolve().parent
    return SyncConfig(
        department_name=department["name"],
        department_code=department["credit_code"],
        source=tables["source"],
        transport=tables["transport"],
        store_url=_store_url(store.get("url", "sqlite:///sgs.db"), base, name),
        standard=tables.get("standard", {}).get("version"),
        holidays=tuple(str(base / h) for h in holidays),
        receipts=_folder(base, options.get("receipts", "receipts"), "[sync] receipts", name),
        batch_size=options.get("batch_size", BATCH_SIZE),
        lock_timeout=options.get("lock_timeout", 0.0),
        portal_title=tables.get("portal", {}).get("title"),
        portal_templates=tables.get("portal", {}).get("templates"),
        publication=policy_in_file(tables.get("publication"), name),
        base_dir=base,
        path=Path(name).resolve(),
    )
