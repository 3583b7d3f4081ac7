"""Source and transport types by name, from every plugin (built-ins included)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from sgs.adapters.base import ConfigError, Source, Transport
from sgs.plugins.manager import collect, unique

__all__ = ["make_source", "make_transport", "source_types", "transport_types"]


def _types(hook: str, what: str, base: type) -> dict[str, type]:
    pairs = collect(hook)
    found = unique(hook, what, pairs, key=lambda args: str(args[0]))
    result = {}
    for name, (plugin, args) in found.items():
        cls = args[1] if len(args) > 1 else None
        if not (isinstance(cls, type) and issubclass(cls, base)):
            raise ConfigError(
                f"插件 {plugin} 注册的“{name}”不是 {base.__name__} 的子类",
                f"plugin {plugin} registered {name!r}, which is not a {base.__name__} subclass",
            )
        result[name] = cls
    return result


def source_types() -> dict[str, type[Source]]:
    """Every registered source type by name."""
    return _types("sgs_register_sources", "数据源", Source)


def transport_types() -> dict[str, type[Transport]]:
    """Every registered transport type by name."""
    return _types("sgs_register_transports", "传输", Transport)


def _make(table: str, types: Mapping[str, type], config: Mapping[str, Any], base_dir: Any) -> Any:
    kind = config.get("type")
    if not isinstance(kind, str) or not kind:
        raise ConfigError(
            f"[{table}] 缺少 type（可用：{'、'.join(sorted(types))}）",
            f"[{table}] needs a type (one of: {', '.join(sorted(types))})",
        )
    cls = types.get(kind)
    if cls is None:
        raise ConfigError(
            f"[{table}] 未知的 type “{kind}”（可用：{'、'.join(sorted(types))}；插件可添加更多）",
            f"[{table}] unknown type {kind!r} (available: {', '.join(sorted(types))}; "
            "plugins add more)",
        )
    return cls(config, base_dir=base_dir)


def make_source(
    config: Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None
) -> Source:
    """The source a ``[source]`` table describes (``type`` names the registered type)."""
    source: Source = _make("source", source_types(), config, base_dir)
    return source


def make_transport(
    config: Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None
) -> Transport:
    """The transport a ``[transport]`` table describes."""
    transport: Transport = _make("transport", transport_types(), config, base_dir)
    return transport
