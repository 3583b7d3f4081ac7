"""A plugin must not take sgs down: sys.exit, BaseException, wrong registrations (issue 11 #13)."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from sgs.errors import PluginError
from sgs.plugins import get_plugin_manager, hookimpl
from sgs.plugins.manager import PluginWarning, collect
from sgs.plugins.registries import load_plugin_standards, plugin_rules, reset_standards
from sgs.standard import available_versions


@contextmanager
def plugged(plugin: object, name: str) -> Iterator[list[warnings.WarningMessage]]:
    manager = get_plugin_manager()
    manager.register(plugin, name=name)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield caught
    finally:
        manager.unregister(name=name)


class Exits:
    @hookimpl
    def sgs_register_rules(self, register: Callable[..., None]) -> None:
        sys.exit(7)


class Raises:
    class Fatal(BaseException):
        pass

    @hookimpl
    def sgs_register_rules(self, register: Callable[..., None]) -> None:
        raise self.Fatal("boom")


@pytest.mark.parametrize("plugin", [Exits(), Raises()], ids=["sys.exit", "BaseException"])
def test_a_hook_that_exits_is_left_out_with_a_warning(plugin: object) -> None:
    with plugged(plugin, "wild") as caught:
        rules = plugin_rules()  # returns: the command goes on
    assert isinstance(rules, list)
    named = [w for w in caught if issubclass(w.category, PluginWarning)]
    assert named
    assert "wild" in str(named[0].message)


def test_keyboard_interrupt_still_stops() -> None:
    class Interrupts:
        @hookimpl
        def sgs_register_rules(self, register: Callable[..., None]) -> None:
            raise KeyboardInterrupt

    with plugged(Interrupts(), "ctrl-c"), pytest.raises(KeyboardInterrupt):
        collect("sgs_register_rules")


def test_a_standard_that_is_not_a_standard_is_left_out() -> None:
    class NotAStandard:
        @hookimpl
        def sgs_register_standards(self, register: Callable[..., None]) -> None:
            register("2099-fake")

    reset_standards()
    try:
        with plugged(NotAStandard(), "fake-standard") as caught:
            assert load_plugin_standards() == []
        assert "2099-fake" not in available_versions()
        messages = [str(w.message) for w in caught if issubclass(w.category, PluginWarning)]
        assert any("fake-standard" in m and "Standard" in m for m in messages)
    finally:
        reset_standards()


def test_strict_mode_makes_a_wrong_registration_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class WrongRule:
        @hookimpl
        def sgs_register_rules(self, register: Callable[..., None]) -> None:
            register("not a rule")

    monkeypatch.setenv("SGS_STRICT_PLUGINS", "1")
    with plugged(WrongRule(), "wrong-rule"), pytest.raises(PluginError, match="wrong-rule"):
        plugin_rules()
    monkeypatch.delenv("SGS_STRICT_PLUGINS")
    with plugged(WrongRule(), "wrong-rule") as caught:
        assert plugin_rules() == [r for r in plugin_rules() if r is not None]
    assert any("wrong-rule" in str(w.message) for w in caught)


class UndeclaredCode:
    """A rule that reports an issue code it never declared, and one that returns junk."""

    @hookimpl
    def sgs_register_rules(self, register: Callable[..., None]) -> None:
        from sgs.validation import Finding, Rule

        register(Rule(name="made-up", check=lambda values, context: [Finding("no-such-code")]))
        junk = lambda values, context: ["not a finding"]  # noqa: E731
        register(Rule(name="junk", check=junk))  # type: ignore[arg-type]


def test_a_rule_reporting_an_undeclared_code_is_a_rule_error_naming_its_plugin() -> None:
    import datetime as dt

    from sgs.plugins.registries import Validator

    penalty = {"CF_XDR_MC": "某公司", "CF_WSH": "罚〔2026〕1号"}
    with plugged(UndeclaredCode(), "vendor-x"):
        report = Validator(as_of=dt.date(2026, 11, 26)).validate([penalty, penalty])
    assert report.summary.total == 2  # validation went on
    errors = [i for i in report.issues if i.code == "rule-error"]
    assert len(errors) == 4  # two rules × two records
    made_up = [i for i in errors if "made-up" in i.message_zh]
    assert made_up
    assert all("vendor-x" in i.message_zh for i in made_up)
    assert "no-such-code" in made_up[0].message_en
    assert any("not a Finding" in i.message_en for i in errors)
    assert not any(i.code == "no-such-code" for i in report.issues)
