"""The masking profiles by name: sgs's own (``cn-default``) and the plugins' (``sgs_register_masking_profiles``).

A name two plugins register is a :class:`~sgs.errors.PluginError` naming both;
something registered that is not a :class:`MaskingProfile` is reported by the
plugin's name and left out.

>>> masking_profile("cn-default").version
'1'
"""

from __future__ import annotations

from sgs.errors import SgsError
from sgs.plugins.manager import collect, misregistered, register_builtin, unique
from sgs.publication.profile import MaskingProfile

__all__ = [
    "BUILTIN_PROFILES",
    "masking_profile",
    "masking_profiles",
    "register_builtin_profiles",
]

#: The name sgs's own profiles are registered under (``sgs plugins list``).
BUILTIN_PROFILES = "sgs.publication"
_WHAT = "脱敏规则"


def register_builtin_profiles() -> None:
    """Register sgs's own profiles with the plugin manager (once per manager)."""
    from sgs.publication import builtin

    register_builtin(builtin, BUILTIN_PROFILES)


def masking_profiles() -> dict[str, MaskingProfile]:
    """Every registered profile by name (sgs's first, then the plugins')."""
    register_builtin_profiles()
    kept = []
    for plugin, args in collect("sgs_register_masking_profiles"):
        if len(args) == 1 and isinstance(args[0], MaskingProfile):
            kept.append((plugin, args))
            continue
        shown = repr(args)[:120]
        misregistered(
            plugin,
            f"注册的脱敏规则不是 sgs.publication.MaskingProfile：{shown}",
            f"registered a masking profile that is not an sgs.publication.MaskingProfile: {shown}",
        )
    found = unique(_WHAT, kept, key=lambda args: str(args[0].name))
    return {name: args[0] for name, (_, args) in found.items()}


def masking_profile(name: str | MaskingProfile) -> MaskingProfile:
    """The profile called ``name`` (a profile given is returned as it is).

    An unknown name is an :class:`~sgs.errors.SgsError` listing the known ones.
    """
    if isinstance(name, MaskingProfile):
        return name
    found = masking_profiles()
    if name not in found:
        known = sorted(found)
        raise SgsError(
            f"未知的脱敏规则“{name}”（可用：{'、'.join(known)}；插件可添加更多）",
            f"unknown masking profile {name!r} (available: {', '.join(known)}; plugins add more)",
        )
    return found[name]
