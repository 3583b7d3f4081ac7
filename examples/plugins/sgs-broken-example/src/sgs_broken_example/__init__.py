"""A deliberately broken sgs plugin: it needs a vendor SDK that is not installed.

Many real plugins import their vendor's SDK at module level; where the SDK is
missing, importing the plugin fails. sgs then leaves this plugin out with a
``PluginWarning`` naming it and the error, ``sgs plugins list`` shows the
error, and every other plugin keeps working; with ``SGS_STRICT_PLUGINS=1`` the
broken plugin is an error (``PluginError``) instead. The tests install it to
show exactly that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sgs.plugins import hookimpl

try:
    import sgs_example_vendor_sdk  # type: ignore[import-not-found]  # noqa: F401
except ModuleNotFoundError as exc:
    raise ImportError(
        "sgs-broken-example 需要厂商 SDK sgs_example_vendor_sdk，但未安装 "
        "(sgs-broken-example needs the vendor SDK sgs_example_vendor_sdk, which is not installed)"
    ) from exc


@hookimpl
def sgs_register_sources(register: Callable[..., Any]) -> None:  # never reached
    raise AssertionError("unreachable: the module fails to import")
