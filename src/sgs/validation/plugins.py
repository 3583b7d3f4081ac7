"""Rules contributed by plugins through the ``sgs_register_rules`` hook."""

from __future__ import annotations

from sgs.errors import SgsError
from sgs.plugins import get_plugin_manager
from sgs.validation.rules import Rule

__all__ = ["plugin_rules"]


def plugin_rules() -> list[Rule]:
    """Every rule that installed plugins register; a name registered twice is an error."""
    rules: dict[str, Rule] = {}

    def register(rule: Rule) -> None:
        if not isinstance(rule, Rule):
            raise SgsError(
                f"插件注册的校验规则不是 sgs.validation.Rule：{rule!r}",
                f"a plugin registered something that is not an sgs.validation.Rule: {rule!r}",
            )
        if rule.name in rules:
            raise SgsError(
                f"校验规则名称重复：{rule.name}",
                f"two plugins register a validation rule named {rule.name!r}",
            )
        rules[rule.name] = rule

    get_plugin_manager().hook.sgs_register_rules(register=register)
    return list(rules.values())
