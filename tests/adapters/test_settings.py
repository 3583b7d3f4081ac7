"""Typed adapter settings (issue 11 #9): checked when the adapter is made, a plugin's too."""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from sgs.adapters import Batch, ConfigError, Receipt, Transport
from sgs.adapters.http import HttpTransport
from sgs.adapters.settings import ConfigWarning
from sgs.io import Reader
from sgs.plugins.registries import make_source, make_transport

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class Carrier(Transport):
    """A plugin's transport reading its settings with the typed helper."""

    name = "carrier"
    settings: ClassVar[frozenset[str] | None] = frozenset({"level", "ratio", "mode", "label"})

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        self.level: int = self.option("level", 3, type=int, min=1, max=9)
        self.ratio: float = self.option("ratio", 0.5, type=float, min=0, max=1)
        self.mode: str = self.option("mode", "fast", type=str, choices=("fast", "slow"))
        self.label: str | None = self.option("label", None, type=str, empty=False)

    def push(self, batch: Batch) -> list[Receipt]:
        return []


@pytest.mark.parametrize(
    ("config", "key", "wanted"),
    [
        ({"level": "3"}, "level", "a whole number from 1 to 9"),
        ({"level": True}, "level", "a whole number"),
        ({"level": 0}, "level", "out of range"),
        ({"level": 10}, "level", "out of range"),
        ({"level": 2.0}, "level", "a whole number"),
        ({"ratio": "half"}, "ratio", "a number from 0 to 1"),
        ({"ratio": float("inf")}, "ratio", "finite"),
        ({"mode": "warp"}, "mode", "one of fast, slow"),
        ({"label": ""}, "label", "empty"),
        ({"label": "a\x00b"}, "label", "NUL"),
    ],
)
def test_a_wrong_value_names_the_table_the_key_and_the_type(
    config: dict[str, Any], key: str, wanted: str
) -> None:
    with pytest.raises(ConfigError) as info:
        Carrier(config)
    assert f"[transport] {key}" in info.value.message_en
    assert f"[transport] {key}" in info.value.message_zh
    assert wanted in info.value.message_en
    assert repr(config[key])[:20] in info.value.message_en  # what was found


def test_good_values_and_defaults() -> None:
    carrier = Carrier({"level": 9, "ratio": 1, "mode": "slow"})
    assert (carrier.level, carrier.ratio, carrier.mode, carrier.label) == (9, 1.0, "slow", None)
    assert isinstance(carrier.ratio, float)  # an int where a number is asked
    assert (Carrier({}).level, Carrier({}).ratio) == (3, 0.5)


def _warned(make: Any) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        make()
    return [str(w.message) for w in caught if issubclass(w.category, ConfigWarning)]


def test_unknown_settings_are_warned_about_by_name(tmp_path: Path) -> None:
    config = {"type": "directory", "path": ".", "patern": "*.xlsx", "encoding": "gbk"}
    (message,) = _warned(lambda: make_source(config, base_dir=tmp_path))
    assert "[source] patern" in message
    assert "unknown setting" in message
    assert _warned(lambda: make_source({"type": "file", "path": "a.csv"}, base_dir=tmp_path)) == []


def test_a_plugin_adapter_that_declares_nothing_is_not_warned_about(tmp_path: Path) -> None:
    class Quiet(Carrier):
        settings = None

    assert Quiet({"anything": 1}).unknown_settings() == []
    assert Carrier({"anything": 1}).unknown_settings() == ["anything"]


def test_a_subclass_reading_its_own_key_is_not_warned_about() -> None:
    class Province(HttpTransport):
        name = "province"

        def __init__(self, config: Any, *, base_dir: Any = None) -> None:
            super().__init__(config, base_dir=base_dir)
            self.region = self.option("region", "全省", type=str)

    province = Province({"url": "https://p.example/api", "region": "郑州", "retires": 1})
    assert province.unknown_settings() == ["retires"]


def test_the_outbox_is_made_and_tried_when_the_transport_is_made(tmp_path: Path) -> None:
    make_transport({"type": "directory", "path": "out/box"}, base_dir=tmp_path)
    assert list((tmp_path / "out" / "box").iterdir()) == []  # made; the probe file removed
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for path, wanted in [
        ("file", "must name a folder"),
        ("file/box", "cannot be made or written to"),
        ("/proc/self/box", "cannot be made or written to"),  # even root cannot write there
    ]:
        with pytest.raises(ConfigError, match=wanted) as info:
            make_transport({"type": "directory", "path": path}, base_dir=tmp_path)
        assert "[transport] path" in info.value.message_en


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({"pattern": "/etc/*"}, "pattern"),
        ({"pattern": "../*.csv"}, "pattern"),
        ({"pattern": "a/../../*.csv"}, "pattern"),
        ({"pattern": ""}, "pattern"),
        ({"pattern": 5}, "pattern"),
        ({"state": 5}, "state"),
        ({"path": "in\x00box"}, "path"),
        ({"encoding": 8}, "encoding"),
        ({"encoding": "utf-9"}, "encoding"),
        ({"sheet": -1}, "sheet"),
        ({"format": "pdf"}, "format"),
        ({"kind": "fine"}, "kind"),
    ],
)
def test_directory_source_settings_are_checked_when_it_is_made(
    tmp_path: Path, config: dict[str, Any], key: str
) -> None:
    with pytest.raises(ConfigError) as info:
        make_source({"type": "directory", "path": ".", **config}, base_dir=tmp_path)
    assert f"[source] {key}" in info.value.message_en


def test_the_read_options_reach_the_reader(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "licenses-gbk.csv", tmp_path / "a.csv")
    source = make_source(
        {"type": "file", "path": "a.csv", "encoding": "gb18030"}, base_dir=tmp_path
    )
    (reader,) = list(source.readers())
    with reader:
        assert reader.encoding == "gb18030"


def test_the_state_is_read_again_before_the_folder_is_listed(tmp_path: Path) -> None:
    """A run that waited for the store sees the files another run took meanwhile."""
    shutil.copy(EXAMPLES / "penalties.csv", tmp_path / "a.csv")
    config = {"type": "directory", "path": "."}
    waiting = make_source(config, base_dir=tmp_path)  # made before the other run ends
    other = make_source(config, base_dir=tmp_path)
    readers: Iterator[Reader] = other.readers()
    for reader in readers:
        with reader:
            list(reader)
        other.done(reader)
    assert json.loads((tmp_path / ".sgs-taken.json").read_text("utf-8"))["taken"]
    assert list(waiting.readers()) == []


def test_sql_settings_are_checked_before_the_database_is_opened(tmp_path: Path) -> None:
    base = {"type": "sql", "url": "sqlite:///own.db", "query": "SELECT 1"}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"params": "oops"}, "params"),
        ({"params": [1, 2]}, "params"),
        ({"query": 5}, "query"),
        ({"url": 5}, "url"),
        ({"kind": "fine"}, "kind"),
    ]
    for bad, key in cases:
        with pytest.raises(ConfigError) as info:
            make_source({**base, **bad}, base_dir=tmp_path)
        assert f"[source] {key}" in info.value.message_en
    make_source({**base, "params": {"since": "2026-01-01"}}, base_dir=tmp_path)
    table = {"type": "sql-table", "url": "sqlite:///x.db"}
    for bad, key in [({"create": "yes"}, "create"), ({"table": ""}, "table")]:
        with pytest.raises(ConfigError) as info:
            make_transport({**table, **bad}, base_dir=tmp_path)
        assert f"[transport] {key}" in info.value.message_en
    assert not (tmp_path / "own.db").exists()
    assert not (tmp_path / "x.db").exists()
