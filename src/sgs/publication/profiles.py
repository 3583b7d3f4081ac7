"""The masking profiles by name: sgs's own (``cn-default``) and the plugins' (``sgs_register_masking_profiles``).

A name two plugins register is a :class:`~sgs.errors.PluginError` naming both;
something registered that is not a :class:`MaskingProfile` is reported by the
plugin's name and left out.

>>> masking_profile("cn-default").version
'1'
"""

from __future__ import annotations

from sgs.plugins.manager import named, named_registrations, register_builtin
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
    return named_registrations("sgs_register_masking_profiles", MaskingProfile, _WHAT,
                               "sgs.publication.MaskingProfile")  # fmt: skip


def masking_profile(name: str | MaskingProfile) -> MaskingProfile:
    """The profile called ``name`` (a profile given is returned as it is).

    An unknown name is an :class:`~sgs.errors.SgsError` listing the known ones.
    """
    if isinstance(name, MaskingProfile):
        return name
    return named(masking_profiles(), name, _WHAT)
