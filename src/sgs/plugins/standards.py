"""Standard versions and local extensions from plugins (the ``sgs_register_standards`` hook)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sgs.plugins.manager import PluginError, collect, unique
from sgs.standard import Standard, register_standard

__all__ = ["load_plugin_standards"]

_loaded = False
_lock = threading.Lock()


def _constant(standard: Standard) -> Callable[[], Standard]:
    def factory() -> Standard:
        return standard

    return factory


def load_plugin_standards() -> list[str]:
    """Register the standards plugins supply (once); return their versions.

    A version that sgs or another plugin already has is a :class:`PluginError`.
    """
    global _loaded
    with _lock:
        if _loaded:
            return []
        _loaded = True
        pairs = collect("sgs_register_standards")
        found = unique("sgs_register_standards", "标准版本", pairs, key=lambda a: str(a[0].version))
        versions = []
        for version, (plugin, args) in found.items():
            standard = args[0]
            if not isinstance(standard, Standard):
                raise PluginError(
                    f"插件 {plugin} 注册的不是 sgs.standard.Standard：{standard!r}",
                    f"plugin {plugin} registered something that is not a Standard: {standard!r}",
                )
            try:
                register_standard(version, _constant(standard))
            except ValueError:
                raise PluginError(
                    f"插件 {plugin} 注册的标准版本“{version}”已存在",
                    f"plugin {plugin} registers the standard version {version!r}, "
                    "which already exists",
                ) from None
            versions.append(version)
        return versions


def reset() -> None:
    """Load again on the next call (for tests)."""
    global _loaded
    with _lock:
        _loaded = False
