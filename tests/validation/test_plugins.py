"""Rules from plugins: the sgs_register_rules hook and the example plugin."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from sgs.errors import SgsError
from sgs.plugins import get_plugin_manager, hookimpl
from sgs.plugins.manager import AUTOLOAD_ENV, reset_plugin_manager
from sgs.plugins.registries import Validator
from sgs.validation import Rule, RuleContext, Severity
from tests.validation.test_rules import AS_OF, PENALTY, record

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plugins" / "sgs-local-rules" / "src"


@pytest.fixture
def example_plugin() -> Iterator[ModuleType]:
    sys.path.insert(0, str(EXAMPLE))
    try:
        module = importlib.import_module("sgs_local_rules")
        manager = get_plugin_manager()
        manager.register(module)
        yield module
        manager.unregister(module)
    finally:
        sys.path.remove(str(EXAMPLE))
        sys.modules.pop("sgs_local_rules", None)


def test_the_example_plugin_adds_its_rule(example_plugin: ModuleType) -> None:
    wrong = record(PENALTY, CF_XDR_GSZC="92410102MA45HN3P8E")  # an organisation: 91 expected
    report = Validator(as_of=AS_OF).validate([wrong, record(PENALTY, CF_WSH="另一号")])
    issues = [(i.record, i.code, i.severity) for i in report.issues]
    assert issues == [(1, "local-regno-prefix", Severity.ERROR)]
    assert "91" in report.issues[0].message_zh
    assert Validator(as_of=AS_OF, plugins=False).validate([wrong]).ok


def test_plugin_severity_is_configurable(example_plugin: ModuleType) -> None:
    wrong = record(PENALTY, CF_XDR_GSZC="92410102MA45HN3P8E")
    relaxed = Validator(as_of=AS_OF, severity={"local-regno-prefix": "warning"})
    assert relaxed.validate([wrong]).ok


def test_two_rules_with_one_name_are_an_error() -> None:
    class Twice:
        @hookimpl
        def sgs_register_rules(self, register: object) -> None:
            rule = Rule(name="same", check=lambda values, context: ())
            register(rule)  # type: ignore[operator]
            register(rule)  # type: ignore[operator]

    plugin = Twice()
    get_plugin_manager().register(plugin)
    try:
        with pytest.raises(SgsError, match="same"):
            Validator()
    finally:
        get_plugin_manager().unregister(plugin)


def test_autoload_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from sgs.plugins import manager as manager_module

    calls: list[str] = []

    def entry_points(group: str) -> list[object]:
        calls.append(group)
        return []

    monkeypatch.setattr(manager_module, "entry_points", entry_points)
    reset_plugin_manager()
    try:
        monkeypatch.setenv(AUTOLOAD_ENV, "1")
        get_plugin_manager()
        assert calls == []
        reset_plugin_manager()
        monkeypatch.delenv(AUTOLOAD_ENV)
        get_plugin_manager()
        assert calls == ["sgs"]
    finally:
        reset_plugin_manager()


def test_as_of_reaches_plugin_rules() -> None:
    seen: list[dt.date] = []

    def spy(values: object, context: RuleContext) -> tuple[()]:
        seen.append(context.as_of)
        return ()

    rule = Rule(name="spy", check=spy)
    Validator(as_of=AS_OF, plugins=False, rules=[rule]).validate([PENALTY])
    assert seen == [AS_OF]
