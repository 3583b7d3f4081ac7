"""Versions of the standard by name: ``get_standard("2018")``.

Built-in versions are made on first use and cached. Plugins (a later
issue) add local extensions with :func:`register_standard`.
"""

from __future__ import annotations

from collections.abc import Callable

from sgs.errors import UnknownVersionError
from sgs.standard.model import Standard

__all__ = ["DEFAULT_VERSION", "available_versions", "get_standard", "register_standard"]

_factories: dict[str, Callable[[], Standard]] = {}
_cache: dict[str, Standard] = {}


def _builtin() -> None:
    if _factories:
        return
    from sgs.standard.national import make_standard_2018, make_standard_2021

    _factories["2018"] = make_standard_2018
    _factories["2021"] = make_standard_2021


#: The version used when none is given: the newest national one.
DEFAULT_VERSION = "2021"


def register_standard(
    version: str, factory: Callable[[], Standard], *, replace: bool = False
) -> None:
    """Register a standard version (a province's extension, say) under ``version``."""
    _builtin()
    if version in _factories and not replace:
        raise ValueError(f"standard version {version!r} is already registered")
    _factories[version] = factory
    _cache.pop(version, None)


def available_versions() -> tuple[str, ...]:
    """The registered version names, oldest first.

    >>> available_versions()[:2]
    ('2018', '2021')
    """
    _builtin()
    return tuple(sorted(_factories))


def get_standard(version: str | Standard | None = None) -> Standard:
    """The standard of ``version`` (default: the newest national version).

    >>> std = get_standard("2018")
    >>> len(std.license), len(std.penalty)
    (28, 30)
    >>> std.penalty["CF_SJLY"].label
    '数据来源单位'
    """
    if isinstance(version, Standard):
        return version
    _builtin()
    name = DEFAULT_VERSION if version is None else str(version).strip()
    found = _cache.get(name)
    if found is None:
        factory = _factories.get(name)
        if factory is None:
            known = "、".join(available_versions())
            raise UnknownVersionError(
                f"未知的标准版本 {name!r}，可用版本：{known}",
                f"unknown standard version {name!r}; available: {', '.join(available_versions())}",
            )
        found = _cache[name] = factory()
    return found
