"""The plugin manager: built-in adapters, installed plugins loaded one by one, registries.

Nothing is loaded at import time. :func:`get_plugin_manager` makes the manager
on first use: it registers sgs's own adapters as an ordinary plugin, then the
plugins of the ``sgs`` entry-point group **one at a time**: a plugin that fails
to import, to register or to match the hook specifications is left out with a
:class:`PluginWarning` naming it and the error, and the others keep working
(pluggy's own loader stops at the first broken plugin). ``strict`` (or
``SGS_STRICT_PLUGINS=1``) raises :class:`PluginError` instead.

Settings, as pytest and llm have them:

* ``SGS_DISABLE_PLUGIN_AUTOLOAD=1`` — load no installed plugin;
* ``SGS_LOAD_PLUGINS=name,name`` — load only these entry points (empty: none).

:func:`collect` calls a registry hook plugin by plugin, with the same isolation,
and keeps who registered what for ``sgs plugins list``.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Any, TypeVar

import attrs
import pluggy

from sgs.errors import PluginError, SgsError
from sgs.plugins import hookspecs

__all__ = [
    "ALLOW_ENV",
    "AUTOLOAD_ENV",
    "STRICT_ENV",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "collect",
    "get_plugin_manager",
    "misregistered",
    "named",
    "named_registrations",
    "plugin_infos",
    "register_builtin",
    "reset_plugin_manager",
]

_T = TypeVar("_T")

#: Set to ``1`` to load no installed plugin (as ``PYTEST_DISABLE_PLUGIN_AUTOLOAD``).
AUTOLOAD_ENV = "SGS_DISABLE_PLUGIN_AUTOLOAD"
#: Comma-separated entry-point names: load only these (as ``LLM_LOAD_PLUGINS``).
ALLOW_ENV = "SGS_LOAD_PLUGINS"
#: Set to ``1`` to raise on a broken plugin instead of leaving it out with a warning.
STRICT_ENV = "SGS_STRICT_PLUGINS"

BUILTIN = "sgs.builtin"
_TRUE = ("1", "true", "yes", "on")


class PluginWarning(UserWarning):
    """A plugin was left out because it is broken; the others keep working."""


@attrs.define
class PluginInfo:
    """What ``sgs plugins list`` shows of one plugin."""

    name: str
    origin: str  # "built-in", "entry point <dist> <version>", "registered at run time"
    hooks: list[str] = attrs.field(factory=list)
    registered: dict[str, list[str]] = attrs.field(factory=dict)
    error: str | None = None


_lock = threading.RLock()
_manager: pluggy.PluginManager | None = None
_infos: dict[str, PluginInfo] = {}


def _strict(strict: bool | None) -> bool:
    if strict is not None:
        return strict
    return os.environ.get(STRICT_ENV, "").strip().lower() in _TRUE


def _problem(name: str, origin: str, exc: BaseException, strict: bool) -> None:
    text = f"{type(exc).__name__}: {exc}"
    _infos[name] = PluginInfo(name=name, origin=origin, error=text)
    if strict:
        raise PluginError(
            f"插件 {name}（{origin}）无法使用：{text}",
            f"plugin {name} ({origin}) cannot be used: {text}",
        ) from exc
    zh = f"插件 {name}（{origin}）无法使用，已跳过：{text}"
    en = f"plugin {name} ({origin}) cannot be used and was left out: {text}"
    warnings.warn(PluginWarning(f"{zh} ({en})"), stacklevel=4)


def _register(
    manager: pluggy.PluginManager, plugin: object, name: str, origin: str, strict: bool
) -> None:
    try:
        manager.register(plugin, name=name)
        manager.check_pending()  # a misspelled hook name is an error, not silence
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit too: a plugin never ends sgs
        if manager.get_plugin(name) is not None:
            manager.unregister(name=name)
        _problem(name, origin, exc, strict)
        return
    hooks = sorted(impl_name for impl_name in dir(plugin) if impl_name.startswith("sgs_"))
    _infos[name] = PluginInfo(name=name, origin=origin, hooks=hooks)


def _load_installed(manager: pluggy.PluginManager, strict: bool) -> None:
    if os.environ.get(AUTOLOAD_ENV, "").strip().lower() in _TRUE:
        return
    allowed: set[str] | None = None
    if ALLOW_ENV in os.environ:
        allowed = {n.strip() for n in os.environ[ALLOW_ENV].split(",") if n.strip()}
    for entry in sorted(entry_points(group=hookspecs.PROJECT), key=lambda e: e.name):
        if allowed is not None and entry.name not in allowed:
            continue
        if manager.get_plugin(entry.name) is not None:
            continue
        dist = getattr(entry, "dist", None)
        origin = f"entry point {entry.value}"
        if dist is not None:
            origin += f" ({dist.name} {dist.version})"
        try:
            plugin = entry.load()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # sys.exit() or a BaseException at import: left out
            _problem(entry.name, origin, exc, strict)
            continue
        _register(manager, plugin, entry.name, origin, strict)


def get_plugin_manager(*, strict: bool | None = None) -> pluggy.PluginManager:
    """The process-wide plugin manager, made (and plugins loaded) on the first call."""
    global _manager
    with _lock:
        if _manager is None:
            strict_mode = _strict(strict)
            manager = pluggy.PluginManager(hookspecs.PROJECT)
            manager.add_hookspecs(hookspecs)
            from sgs.adapters import builtin

            _register(manager, builtin, BUILTIN, "built-in", True)
            _load_installed(manager, strict_mode)
            _manager = manager
        return _manager


def register_builtin(plugin: object, name: str) -> None:
    """Register one of sgs's own plugins from a higher layer (the reports' renderers), once
    per manager: it shows as ``built-in`` and, like the adapters, a mistake in it raises.

    A higher layer registers its own hooks this way on first use, so that this package never
    imports it.
    """
    with _lock:
        manager = get_plugin_manager()
        if manager.get_plugin(name) is None:
            _register(manager, plugin, name, "built-in", True)


def reset_plugin_manager() -> None:
    """Forget the manager and what it loaded, so that the next call loads again (for tests)."""
    global _manager
    with _lock:
        _manager = None
        _infos.clear()


def collect(hook: str, *, strict: bool | None = None) -> list[tuple[str, tuple[Any, ...]]]:
    """Call the registry ``hook`` of every plugin; return (plugin name, registered args) pairs.

    Each plugin is called on its own: one that raises is reported (warning, or
    :class:`PluginError` in strict mode) and the others' registrations stand.
    """
    manager = get_plugin_manager()
    strict_mode = _strict(strict)
    caller = getattr(manager.hook, hook)
    found: list[tuple[str, tuple[Any, ...]]] = []
    # pluggy calls the most recently registered first; sgs's own come first here.
    for impl in reversed(caller.get_hookimpls()):
        name = manager.get_name(impl.plugin) or repr(impl.plugin)
        mine: list[tuple[Any, ...]] = []

        def register(*args: Any, _mine: list[tuple[Any, ...]] = mine) -> None:
            _mine.append(args)

        try:
            impl.function(register=register)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # sys.exit() in a hook ends neither the command nor sync
            origin = _infos[name].origin if name in _infos else "registered at run time"
            _problem(name, origin, exc, strict_mode)
            continue
        info = _infos.setdefault(name, PluginInfo(name=name, origin="registered at run time"))
        info.registered[hook] = [_label(args) for args in mine]
        found.extend((name, args) for args in mine)
    return found


def misregistered(name: str, zh: str, en: str, *, strict: bool | None = None) -> None:
    """Report a plugin that registered something unusable: a warning naming it (or strict: an error).

    The caller leaves the registration out; the plugin's other registrations stand.
    """
    origin = _infos[name].origin if name in _infos else "registered at run time"
    _problem(name, origin, PluginError(zh, en), _strict(strict))


def _label(args: tuple[Any, ...]) -> str:
    first = args[0] if args else None
    if isinstance(first, str):
        return first
    for attribute in ("name", "version", "year"):
        value = getattr(first, attribute, None)
        if value is not None:
            return str(value)
    return repr(first)


def unique(
    what: str,
    pairs: list[tuple[str, tuple[Any, ...]]],
    key: Callable[[tuple[Any, ...]], str],
) -> dict[str, tuple[str, tuple[Any, ...]]]:
    """Index registrations by ``key``; two plugins registering one name is an error naming both."""
    result: dict[str, tuple[str, tuple[Any, ...]]] = {}
    for plugin, args in pairs:
        name = key(args)
        if name in result:
            other = result[name][0]
            raise PluginError(
                f"{what}名称“{name}”被两个插件注册：{other} 与 {plugin}",
                f"two plugins register the {what_en(what)} {name!r}: {other} and {plugin}",
            )
        result[name] = (plugin, args)
    return result


def named_registrations(hook: str, kind: type[_T], what: str, type_name: str) -> dict[str, _T]:
    """The objects of ``kind`` plugins registered through ``hook`` (``register(obj)``), by
    their ``name``: sgs's first, then the plugins'. A registration of anything else is
    the plugin's fault, by name (:func:`misregistered`); a name registered twice is an error
    naming both plugins (:func:`unique`). ``what`` is the Chinese word for the objects,
    ``type_name`` the class as the message names it."""
    kept = []
    for plugin, args in collect(hook):
        if len(args) == 1 and isinstance(args[0], kind):
            kept.append((plugin, args))
            continue
        shown = repr(args)[:120]
        misregistered(plugin, f"注册的{what}不是 {type_name}：{shown}",
                      f"registered a {what_en(what)} that is not an {type_name}: {shown}")  # fmt: skip
    found = unique(what, kept, key=lambda args: str(args[0].name))
    return {name: args[0] for name, (_, args) in found.items()}


def named(found: Mapping[str, _T], name: str, what: str) -> _T:
    """The registration of ``found`` called ``name``; an unknown name is an
    :class:`~sgs.errors.SgsError` listing every known one, the plugins' included."""
    if name not in found:
        known = sorted(found)
        raise SgsError(
            f"未知的{what}“{name}”（可用：{'、'.join(known)}；插件可添加更多）",
            f"unknown {what_en(what)} {name!r} (available: {', '.join(known)}; plugins add more)",
        )
    return found[name]


def what_en(what: str) -> str:
    return {
        "数据源": "source",
        "传输": "transport",
        "校验规则": "validation rule",
        "标准版本": "standard version",
        "报告格式": "report renderer",
        "脱敏规则": "masking profile",
        "节假日数据": "holiday schedule",
        "期限规则": "deadline profile",
    }.get(what, what)


def plugin_infos() -> list[PluginInfo]:
    """Every plugin seen (loaded, or left out with its error), after filling the registries."""
    get_plugin_manager()
    for hook in (
        "sgs_register_sources",
        "sgs_register_transports",
        "sgs_register_rules",
        "sgs_register_standards",
        "sgs_register_calendar_years",
        "sgs_register_renderers",
        "sgs_register_masking_profiles",
        "sgs_register_deadline_profiles",
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PluginWarning)
            collect(hook, strict=False)
    return sorted(_infos.values(), key=lambda i: (i.name != BUILTIN, i.name))
