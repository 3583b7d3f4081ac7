"""The plugin system of sgs: pluggy hooks under the project name ``sgs``.

Plugins are found in the ``sgs`` entry-point group. This package holds the
hook specifications (:mod:`sgs.plugins.hookspecs`) and the plugin manager
(:mod:`sgs.plugins.manager`).
"""

from sgs.plugins.hookspecs import hookimpl, hookspec
from sgs.plugins.manager import get_plugin_manager

__all__ = ["get_plugin_manager", "hookimpl", "hookspec"]
