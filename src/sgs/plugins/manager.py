"""The plugin manager: hook specifications plus installed plugins, loaded on first use."""

from __future__ import annotations

import os
import threading

import pluggy

from sgs.plugins import hookspecs

__all__ = ["AUTOLOAD_ENV", "get_plugin_manager", "reset_plugin_manager"]

#: Set to ``1`` to load no installed plugin (as ``PYTEST_DISABLE_PLUGIN_AUTOLOAD``).
AUTOLOAD_ENV = "SGS_DISABLE_PLUGIN_AUTOLOAD"

_lock = threading.Lock()
_manager: pluggy.PluginManager | None = None


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager; installed plugins load on the first call."""
    global _manager
    with _lock:
        if _manager is None:
            manager = pluggy.PluginManager(hookspecs.PROJECT)
            manager.add_hookspecs(hookspecs)
            if os.environ.get(AUTOLOAD_ENV, "") not in ("1", "true", "yes"):
                manager.load_setuptools_entrypoints(hookspecs.PROJECT)
            manager.check_pending()
            _manager = manager
        return _manager


def reset_plugin_manager() -> None:
    """Forget the manager, so that the next call loads plugins again (for tests)."""
    global _manager
    with _lock:
        _manager = None
