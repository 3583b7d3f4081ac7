"""The deadline profiles by name: sgs's own and the plugins' (``sgs_register_deadline_profiles``).

The calendar, the ground layer, knows sgs's own profiles
(:func:`sgs.calendar.builtin_deadline_profiles`) and never asks plugins; this module
registers them as the built-in plugin ``sgs.calendar`` and gathers the plugins' with
them. A name two plugins register (or a plugin and sgs) is a
:class:`~sgs.errors.PluginError` naming both; something registered that is not a
:class:`~sgs.calendar.DeadlineProfile` is reported by the plugin's name and left out.

>>> deadline_profile("henan").step("objection.provider").counts_from
'notice'
"""

from __future__ import annotations

from collections.abc import Callable

from sgs.calendar import DeadlineProfile, builtin_deadline_profiles
from sgs.plugins.hookspecs import hookimpl
from sgs.plugins.manager import named, named_registrations, register_builtin

__all__ = [
    "BUILTIN_DEADLINE_PROFILES",
    "deadline_profile",
    "deadline_profiles",
    "register_builtin_deadline_profiles",
]

#: The name sgs's own deadline profiles are registered under (``sgs plugins list``).
BUILTIN_DEADLINE_PROFILES = "sgs.calendar"
_WHAT = "期限规则"


class _Builtin:
    """sgs's own deadline profiles, registered through the hook like a plugin's."""

    @hookimpl
    def sgs_register_deadline_profiles(self, register: Callable[[DeadlineProfile], None]) -> None:
        for profile in builtin_deadline_profiles().values():
            register(profile)


def register_builtin_deadline_profiles() -> None:
    """Register sgs's own deadline profiles with the plugin manager (once per manager)."""
    register_builtin(_Builtin(), BUILTIN_DEADLINE_PROFILES)


def deadline_profiles() -> dict[str, DeadlineProfile]:
    """Every registered deadline profile by name (sgs's first, then the plugins')."""
    register_builtin_deadline_profiles()
    return named_registrations("sgs_register_deadline_profiles", DeadlineProfile, _WHAT,
                               "sgs.calendar.DeadlineProfile")  # fmt: skip


def deadline_profile(name: str | DeadlineProfile) -> DeadlineProfile:
    """The deadline profile called ``name`` (a profile given is returned as it is).

    An unknown name is an :class:`~sgs.errors.SgsError` listing every known one,
    the plugins' included.
    """
    if isinstance(name, DeadlineProfile):
        return name
    return named(deadline_profiles(), name, _WHAT)
