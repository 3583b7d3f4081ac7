"""The plugin system of sgs: pluggy hooks under the project name ``sgs``.

Plugins are found in the ``sgs`` entry-point group. :mod:`sgs.plugins.hookspecs`
holds every hook specification, :mod:`sgs.plugins.manager` the manager that
loads plugins one by one, in isolation.
"""

from sgs.plugins.hookspecs import PROJECT, hookimpl, hookspec
from sgs.plugins.manager import (
    PluginError,
    PluginInfo,
    PluginWarning,
    collect,
    get_plugin_manager,
    plugin_infos,
    reset_plugin_manager,
)

__all__ = [
    "PROJECT",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "collect",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "plugin_infos",
    "reset_plugin_manager",
]
