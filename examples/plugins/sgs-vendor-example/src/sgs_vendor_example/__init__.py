"""An example sgs plugin, as a vendor of an 审批系统 would write it.

It adds three things through the plugin hooks:

* the source type ``vendor-json`` (:mod:`.source`): the JSON export of the
  fictional 示例审批系统, its keys mapped to the field codes of the standard;
* the transport type ``vendor-drop`` (:mod:`.transport`): each batch as a CSV
  file in a folder that the platform's loader picks up;
* the validation rule ``vendor-number-format`` (:mod:`.rules`): the 文号 must
  hold its year in 〔〕 brackets;
* the report format ``province-xlsx`` (:mod:`.renderer`): the 月报告 in the
  province's own Excel layout (``sgs report monthly --format province-xlsx``).

sgs finds this module through the entry point in ``pyproject.toml``. The hooks
import their modules only when they are called, so that loading the plugin at
every ``sgs`` start stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sgs.plugins import hookimpl

if TYPE_CHECKING:
    from sgs.adapters.base import Source, Transport
    from sgs.validation import Rule

__all__ = [
    "sgs_register_renderers",
    "sgs_register_rules",
    "sgs_register_sources",
    "sgs_register_transports",
]


@hookimpl
def sgs_register_sources(register: Callable[[str, type[Source]], None]) -> None:
    from sgs_vendor_example.source import VendorJsonSource

    register(VendorJsonSource.name, VendorJsonSource)


@hookimpl
def sgs_register_transports(register: Callable[[str, type[Transport]], None]) -> None:
    from sgs_vendor_example.transport import VendorDropTransport

    register(VendorDropTransport.name, VendorDropTransport)


@hookimpl
def sgs_register_rules(register: Callable[[Rule], None]) -> None:
    from sgs_vendor_example.rules import number_format_rule

    register(number_format_rule)


@hookimpl
def sgs_register_renderers(register: Callable[[str, Callable[..., object]], None]) -> None:
    from sgs_vendor_example.renderer import NAME, render_province_xlsx

    register(NAME, render_province_xlsx)
