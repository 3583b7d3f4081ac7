"""Rules contributed by plugins through the ``sgs_register_rules`` hook."""

from __future__ import annotations

from sgs.plugins.manager import PluginError, collect, unique
from sgs.validation.rules import Rule

__all__ = ["plugin_rules"]


def plugin_rules() -> list[Rule]:
    """Every rule that installed plugins register; a name registered twice is an error.

    A plugin whose hook raises is left out with a warning (see
    :func:`sgs.plugins.manager.collect`).
    """
    pairs = collect("sgs_register_rules")
    for plugin, args in pairs:
        if not (args and isinstance(args[0], Rule)):
            raise PluginError(
                f"插件 {plugin} 注册的校验规则不是 sgs.validation.Rule：{args!r}",
                f"plugin {plugin} registered something that is not an sgs.validation.Rule: "
                f"{args!r}",
            )
    found = unique("sgs_register_rules", "校验规则", pairs, key=lambda args: args[0].name)
    return [args[0] for _, args in found.values()]
