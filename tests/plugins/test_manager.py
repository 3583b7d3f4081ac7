"""The plugin manager: isolation, strict mode, allow-list, clashes, and sgs plugins list."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import attrs
import pytest

from sgs.plugins import hookimpl
from sgs.plugins import manager as manager_module
from sgs.plugins.manager import (
    ALLOW_ENV,
    STRICT_ENV,
    PluginError,
    PluginWarning,
    collect,
    get_plugin_manager,
    plugin_infos,
    reset_plugin_manager,
)
from sgs.plugins.registries import make_source, source_types, transport_types
from sgs.standard import Standard, available_versions, get_standard

GOOD = """
from sgs.adapters.files import FileSource
from sgs.plugins import hookimpl


class ShopSource(FileSource):
    name = "shop"


@hookimpl
def sgs_register_sources(register):
    register("shop", ShopSource)
"""

BROKEN_IMPORT = "raise ImportError('the vendor SDK is not installed')\n"

MISSPELT = """
from sgs.plugins import hookimpl


@hookimpl
def sgs_register_sourcez(register):
    register("typo", object)
"""

RAISES = """
from sgs.plugins import hookimpl


@hookimpl
def sgs_register_transports(register):
    raise RuntimeError("cannot reach the licence server")
"""

CLASH = """
from sgs.adapters.files import FileSource
from sgs.plugins import hookimpl


@hookimpl
def sgs_register_sources(register):
    register("file", FileSource)
"""


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Installed plugins, faked: modules on sys.path and entry points of group sgs."""
    modules = {
        "good_plugin": GOOD,
        "broken_plugin": BROKEN_IMPORT,
        "misspelt_plugin": MISSPELT,
        "raising_plugin": RAISES,
    }
    for name, text in modules.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    names = {"good": "good_plugin", "broken": "broken_plugin", "misspelt": "misspelt_plugin",
             "raising": "raising_plugin"}  # fmt: skip

    def entry_points(group: str) -> list[EntryPoint]:
        return [EntryPoint(name=n, value=m, group=group) for n, m in names.items()]

    monkeypatch.setattr(manager_module, "entry_points", entry_points)
    monkeypatch.delenv("SGS_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    monkeypatch.delenv(STRICT_ENV, raising=False)
    reset_plugin_manager()
    yield names
    reset_plugin_manager()
    for module in modules:
        sys.modules.pop(module, None)


def test_broken_plugins_are_left_out_and_the_rest_work(plugins: dict[str, str]) -> None:
    with pytest.warns(PluginWarning) as caught:
        manager = get_plugin_manager()
    messages = " ".join(str(w.message) for w in caught)
    assert "broken" in messages
    assert "vendor SDK" in messages
    assert "misspelt" in messages
    assert "sgs_register_sourcez" in messages
    assert manager.get_plugin("good") is not None
    assert manager.get_plugin("misspelt") is None
    assert "shop" in source_types()
    with pytest.warns(PluginWarning, match="licence server"):
        types = transport_types()
    assert "directory" in types  # the built-ins still register


def test_strict_mode_raises(plugins: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(PluginError, match="broken"):
        get_plugin_manager()


def test_allow_list_loads_only_the_named(
    plugins: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW_ENV, "good")
    manager = get_plugin_manager()  # no warning: the broken ones are not loaded
    assert manager.get_plugin("good") is not None
    assert manager.get_plugin("broken") is None
    monkeypatch.setenv(ALLOW_ENV, "")
    reset_plugin_manager()
    assert get_plugin_manager().get_plugin("good") is None


def test_a_name_registered_twice_names_both_plugins(
    plugins: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "clash_plugin.py").write_text(textwrap.dedent(CLASH), encoding="utf-8")
    monkeypatch.setenv(ALLOW_ENV, "clash")
    plugins["clash"] = "clash_plugin"
    with pytest.raises(PluginError, match=r"sgs\.builtin.*clash|clash.*sgs\.builtin"):
        source_types()
    sys.modules.pop("clash_plugin", None)


def test_plugins_list_shows_origin_registrations_and_errors(plugins: dict[str, str]) -> None:
    with pytest.warns(PluginWarning):
        infos = {i.name: i for i in plugin_infos()}
    assert infos["sgs.builtin"].origin == "built-in"
    assert infos["sgs.builtin"].registered["sgs_register_sources"] == ["file", "directory", "sql"]
    assert infos["good"].registered["sgs_register_sources"] == ["shop"]
    assert "entry point good_plugin" in infos["good"].origin
    assert infos["broken"].error is not None
    assert "ImportError" in infos["broken"].error
    assert infos["raising"].error is not None
    assert "licence server" in infos["raising"].error


def test_collect_isolates_a_raising_hook(plugins: dict[str, str]) -> None:
    with pytest.warns(PluginWarning):
        pairs = collect("sgs_register_transports")
    assert {args[0] for _, args in pairs} >= {"directory"}


def test_unknown_source_type_lists_the_known_ones(tmp_path: Path) -> None:
    from sgs.adapters import ConfigError

    with pytest.raises(ConfigError, match="directory"):
        make_source({"type": "ftp"}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="type"):
        make_source({}, base_dir=tmp_path)


class _Extension:
    """A plugin object: a province's standard extension and a report format."""

    def __init__(self, version: str) -> None:
        self.version = version

    @hookimpl
    def sgs_register_standards(self, register: Callable[[Standard], None]) -> None:
        base = get_standard("2021").with_overrides({"CF_WSH": {"max_length": 256}})
        register(attrs.evolve(base, version=self.version))

    @hookimpl
    def sgs_register_renderers(
        self, register: Callable[[str, Callable[..., object]], None]
    ) -> None:
        register("txt", lambda data, path: Path(path).write_text(str(data)))


def test_plugin_standards_and_renderers(monkeypatch: pytest.MonkeyPatch) -> None:
    from sgs.plugins import registries as standards_module

    monkeypatch.setenv("SGS_DISABLE_PLUGIN_AUTOLOAD", "1")
    reset_plugin_manager()
    standards_module.reset_standards()
    plugin = _Extension("2021-test")
    get_plugin_manager().register(plugin, name="extension")
    try:
        assert standards_module.load_plugin_standards() == ["2021-test"]
        assert get_standard("2021-test").penalty["CF_WSH"].max_length == 256
        assert "2021-test" in available_versions()
        renderers = collect("sgs_register_renderers")
        assert [(name, args[0]) for name, args in renderers] == [("extension", "txt")]
        # the same version again is a clash
        standards_module.reset_standards()
        with pytest.raises(PluginError, match="2021-test"):
            standards_module.load_plugin_standards()
    finally:
        reset_plugin_manager()
        standards_module.reset_standards()
