"""sgs's own masking profiles, registered through ``sgs_register_masking_profiles`` like a plugin's."""

from __future__ import annotations

from collections.abc import Callable

from sgs.plugins.hookspecs import hookimpl

__all__ = ["sgs_register_masking_profiles"]


@hookimpl
def sgs_register_masking_profiles(register: Callable[..., None]) -> None:
    from sgs.publication.profile import CN_DEFAULT

    register(CN_DEFAULT)
