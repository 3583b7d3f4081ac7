"""The renderers by format name: sgs's own and the plugins' (``sgs_register_renderers``).

sgs's renderers (``json``, ``xlsx``, ``docx``, ``html``: :mod:`.builtin`) are an ordinary
plugin, ``sgs.reports``, registered with the plugin manager the first time renderers are
asked for. A name two plugins register is a :class:`~sgs.errors.PluginError` naming both;
a plugin's renderer that raises is reported by the plugin's name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from sgs.adapters.base import excerpt
from sgs.errors import PluginError, SgsError
from sgs.plugins.manager import BUILTIN, collect, misregistered, register_builtin, unique
from sgs.reports.document import Document

__all__ = [
    "BUILTIN_RENDERERS",
    "TEXT_FORMATS",
    "Renderer",
    "register_builtin_renderers",
    "render",
    "renderer_plugin",
    "renderers",
]

#: ``render(document, path)``: writes ``document`` to ``path`` in its format.
Renderer: TypeAlias = Callable[[Document, Path], object]

#: The name sgs's own renderers are registered under (``sgs plugins list``).
BUILTIN_RENDERERS = "sgs.reports"
#: The formats that are text, which a command may print; the others need a file.
TEXT_FORMATS = frozenset({"json", "html"})

_WHAT = "报告格式"


def register_builtin_renderers() -> None:
    """Register sgs's own renderers with the plugin manager (once per manager)."""
    from sgs.reports.render import builtin

    register_builtin(builtin, BUILTIN_RENDERERS)


def _registered() -> dict[str, tuple[str, Renderer]]:
    register_builtin_renderers()
    pairs = collect("sgs_register_renderers")
    kept = []
    for plugin, args in pairs:
        if len(args) == 2 and isinstance(args[0], str) and args[0] and callable(args[1]):
            kept.append((plugin, args))
            continue
        shown = excerpt(repr(args), 120)
        misregistered(
            plugin,
            f"注册的报告格式应为 register(名称, render)：{shown}",
            f"must register a renderer as register(name, render): {shown}",
        )
    found = unique(_WHAT, kept, key=lambda args: str(args[0]))
    return {name: (plugin, args[1]) for name, (plugin, args) in found.items()}


def renderers() -> dict[str, Renderer]:
    """Every registered renderer by format name (sgs's first, then the plugins')."""
    return {name: render for name, (_, render) in _registered().items()}


def renderer_plugin(format: str) -> str | None:
    """The plugin that registered ``format``; ``None`` when no plugin did."""
    found = _registered().get(format)
    return found[0] if found else None


def render(document: Document, format: str, path: str | os.PathLike[str]) -> Path:
    """Write ``document`` to ``path`` in ``format``; return the path.

    An unknown format is an :class:`~sgs.errors.SgsError` listing the known ones; a
    plugin's renderer that fails is a :class:`~sgs.errors.PluginError` naming the plugin.
    """
    found = _registered()
    if format not in found:
        known = sorted(found)
        raise SgsError(
            f"未知的报告格式“{format}”（可用：{'、'.join(known)}；插件可添加更多）",
            f"unknown report format {format!r} (available: {', '.join(known)}; plugins add more)",
        )
    plugin, renderer = found[format]
    target = Path(path)
    try:
        renderer(document, target)
    except SgsError:
        raise
    except Exception as exc:
        if plugin in (BUILTIN, BUILTIN_RENDERERS):
            raise
        text = excerpt(f"{type(exc).__name__}: {exc}", 300)
        raise PluginError(
            f"插件 {plugin} 的报告格式“{format}”出错：{text}",
            f"plugin {plugin} failed to render {format!r}: {text}",
        ) from exc
    return target
