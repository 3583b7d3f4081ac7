"""A plugin's failure is the plugin's: named, records pending, exit 1 (issue 12 #12)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sgs.adapters import Batch, Receipt, Source, Transport
from sgs.cli.main import main
from sgs.department.config import load_config
from sgs.department.sync import sync
from sgs.errors import PluginError
from sgs.io import Reader, read
from sgs.plugins import get_plugin_manager, hookimpl
from sgs.store import open_store

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)


class BuggyTransport(Transport):
    name = "buggy"

    def push(self, batch: Batch) -> list[Receipt]:
        return batch.nonexistent  # type: ignore[attr-defined,no-any-return]


class BuggySource(Source):
    """Yields the example file, then fails as a vendor's code might."""

    name = "buggy-source"

    def readers(self) -> Iterator[Reader]:
        yield read(ROOT / "examples" / "penalties.csv")
        raise KeyError("cursor")


class UnmakeableTransport(Transport):
    name = "unmakeable"

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        raise ZeroDivisionError("settings")

    def push(self, batch: Batch) -> list[Receipt]:  # pragma: no cover - never made
        return []


class VendorPlugin:
    @hookimpl
    def sgs_register_transports(self, register: Callable[..., None]) -> None:
        register("buggy", BuggyTransport)
        register("unmakeable", UnmakeableTransport)

    @hookimpl
    def sgs_register_sources(self, register: Callable[..., None]) -> None:
        register("buggy-source", BuggySource)


@pytest.fixture
def vendor() -> Iterator[None]:
    manager = get_plugin_manager()
    manager.register(VendorPlugin(), name="vendor-adapters")
    try:
        yield
    finally:
        manager.unregister(name="vendor-adapters")


def _config(folder: Path, source: str, transport: str) -> Path:
    shutil.copy(ROOT / "examples" / "penalties.csv", folder / "penalties.csv")
    (folder / "outbox").mkdir(exist_ok=True)
    (folder / "sgs.toml").write_text(
        '[department]\nname = "示例市市场监督管理局"\ncredit_code = "11410100MB00000005"\n'
        f"[source]\n{source}\n[transport]\n{transport}\n",
        encoding="utf-8",
    )
    return folder / "sgs.toml"


def test_a_transport_that_raises_is_named_and_leaves_the_records_pending(
    tmp_path: Path, vendor: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _config(tmp_path, 'type = "file"\npath = "penalties.csv"', 'type = "buggy"')
    summary = sync(load_config(path), as_of=AS_OF)
    assert summary.pending == summary.valid > 0
    assert len(summary.failures) == 1
    assert "vendor-adapters" in summary.failures[0]
    assert "AttributeError" in summary.failures[0]
    capsys.readouterr()
    assert main(["sync", "--config", str(path), "--as-of", "2026-11-26"]) == 1
    err = capsys.readouterr().err
    assert "插件 vendor-adapters" in err
    assert "plugin vendor-adapters" in err
    assert "内部错误" not in err
    with open_store("sqlite:///sgs.db", base_dir=tmp_path) as store:
        assert set(store.ledger.status_counts()) == {"pending"}


def test_a_source_that_raises_is_named_and_what_it_gave_is_pushed(
    tmp_path: Path, vendor: None
) -> None:
    path = _config(tmp_path, 'type = "buggy-source"', 'type = "directory"\npath = "outbox"')
    summary = sync(load_config(path), as_of=AS_OF)
    assert summary.valid > 0
    assert summary.accepted == summary.valid  # read before the failure: staged and pushed
    assert any("vendor-adapters" in f and "KeyError" in f for f in summary.failures)


def test_a_transport_that_cannot_be_made_is_named(tmp_path: Path, vendor: None) -> None:
    path = _config(tmp_path, 'type = "file"\npath = "penalties.csv"', 'type = "unmakeable"')
    with pytest.raises(PluginError, match="vendor-adapters"):
        sync(load_config(path), as_of=AS_OF)


def test_sgs_own_adapters_are_not_blamed_on_a_plugin() -> None:
    from sgs.adapters.files import FileSource
    from sgs.plugins.registries import plugin_of, source_types

    assert source_types()["file"] is FileSource
    assert plugin_of(FileSource({"path": "x"})) is None
