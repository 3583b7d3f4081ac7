"""What plugins contribute, asked for in one place: the only caller of the plugin manager.

Lower layers never ask plugins for anything: the calendar takes its extra
years, the validator its rules, the adapters' factory its types as
arguments. This module gathers them from the hooks and hands them down:

* :func:`plugin_rules` — ``sgs_register_rules``;
* :func:`plugin_calendar_years` and :func:`work_calendar` — ``sgs_register_calendar_years``;
* :func:`load_plugin_standards` — ``sgs_register_standards``;
* :func:`source_types`, :func:`transport_types` — ``sgs_register_sources`` / ``_transports``,
  and :func:`make_source`, :func:`make_transport` that build one from its ``sgs.toml`` table;
* :class:`Validator` and :func:`validate` — the validation layer's, with the
  rules of installed plugins added unless ``plugins=False`` (what ``sgs.Validator``
  and ``sgs.validate`` are).

The deadline profiles (``sgs_register_deadline_profiles``) have their own module,
:mod:`sgs.plugins.deadlines`, as the masking profiles and renderers have theirs.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

import attrs

from sgs.adapters.base import Source, Transport, excerpt
from sgs.adapters.settings import unknown_setting
from sgs.calendar import WorkCalendar, YearData
from sgs.errors import ConfigError, PluginError, SgsError
from sgs.io.reader import DEFAULT_EMPTY_MARKERS
from sgs.io.tables import DEFAULT_LIMITS, Format, ReadLimits
from sgs.plugins.manager import BUILTIN, collect, misregistered, plugin_infos, unique, what_en
from sgs.standard import Kind, Standard, register_standard
from sgs.validation import Policy, Report, Rule
from sgs.validation import Validator as _BaseValidator
from sgs.validation import validate as _validate
from sgs.validation.validator import Progress
from sgs.validation.validator import Sources as ValidationSource

__all__ = [
    "Validator",
    "load_plugin_standards",
    "make_source",
    "make_transport",
    "plugin_calendar_years",
    "plugin_failure",
    "plugin_of",
    "plugin_rules",
    "reset_standards",
    "source_types",
    "transport_types",
    "validate",
    "work_calendar",
]


# -- validation rules ------------------------------------------------------------------------


def _of_type(
    pairs: list[tuple[str, tuple[Any, ...]]], kind: type, what: str, name: str
) -> list[tuple[str, tuple[Any, ...]]]:
    """The registrations whose first argument is a ``kind``; the others are reported and left out.

    A plugin that registers something else is named in a warning (an error in
    strict mode); what it registered correctly, and every other plugin, stand.
    """
    kept = []
    for plugin, args in pairs:
        if args and isinstance(args[0], kind):
            kept.append((plugin, args))
            continue
        shown = excerpt(repr(args), 120)
        misregistered(
            plugin,
            f"注册的{what}不是 {name}：{shown}",
            f"registered a {what_en(what)} that is not an {name}: {shown}",
        )
    return kept


def plugin_rules() -> list[Rule]:
    """Every rule that installed plugins register; a name registered twice is an error.

    A plugin whose hook raises is left out with a warning (see
    :func:`sgs.plugins.manager.collect`).
    """
    pairs = _of_type(collect("sgs_register_rules"), Rule, "校验规则", "sgs.validation.Rule")
    found = unique("校验规则", pairs, key=lambda args: args[0].name)
    return [attrs.evolve(args[0], origin=plugin) for plugin, args in found.values()]


class Validator(_BaseValidator):
    """:class:`sgs.validation.Validator` with the rules of installed plugins (``plugins=True``).

    >>> v = Validator(as_of=dt.date(2026, 11, 26), plugins=False)
    >>> v.validate([{"CF_XDR_MC": "某公司", "CF_WSH": "罚〔2026〕1号"}]).summary.invalid
    1
    """

    def __init__(
        self,
        *,
        kind: Kind | str | None = None,
        standard: Standard | str | None = None,
        as_of: dt.date | None = None,
        severity: Mapping[str, str] | Policy | None = None,
        rules: Iterable[Rule] = (),
        plugins: bool = True,
        empty_markers: Collection[str] = DEFAULT_EMPTY_MARKERS,
        limits: ReadLimits = DEFAULT_LIMITS,
        engine: str = "auto",
        scheduler: Any = None,
    ) -> None:
        extra = [*rules, *plugin_rules()] if plugins else list(rules)
        super().__init__(
            kind=kind,
            standard=standard,
            as_of=as_of,
            severity=severity,
            rules=extra,
            empty_markers=empty_markers,
            limits=limits,
            engine=engine,
            scheduler=scheduler,
        )


def validate(
    source: ValidationSource,
    *,
    kind: Kind | str | None = None,
    standard: Standard | str | None = None,
    as_of: dt.date | None = None,
    severity: Mapping[str, str] | Policy | None = None,
    rules: Iterable[Rule] = (),
    plugins: bool = True,
    format: Format | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    engine: str = "auto",
    scheduler: Any = None,
) -> Report:
    """Validate ``source`` — a path, an open file, mappings or records — and return a report.

    The same as :func:`sgs.validation.validate`, with the rules of installed
    plugins unless ``plugins=False``.
    """
    chosen = [*rules, *plugin_rules()] if plugins else list(rules)
    return _validate(source, kind=kind, standard=standard, as_of=as_of, severity=severity,
                     rules=chosen, format=format, encoding=encoding, sheet=sheet, jobs=jobs,
                     progress=progress, engine=engine, scheduler=scheduler)  # fmt: skip


# -- calendar years --------------------------------------------------------------------------


def plugin_calendar_years() -> list[YearData]:
    """The holiday schedules plugins supply (``sgs_register_calendar_years``)."""
    pairs = collect("sgs_register_calendar_years")
    return [args[0] for _, args in _of_type(pairs, YearData, "节假日数据", "sgs.calendar.YearData")]


def work_calendar(
    extra_years: Iterable[YearData | str | os.PathLike[str]] = (),
    *,
    assume_weekends: bool = False,
    environment: bool = True,
    plugins: bool = True,
) -> WorkCalendar:
    """A :class:`WorkCalendar` with the years of plugins, ``SGS_HOLIDAYS`` and ``extra_years``.

    Precedence: ``extra_years`` > the environment > plugins > chinesecalendar.
    """
    return WorkCalendar(
        extra_years,
        plugin_years=plugin_calendar_years() if plugins else (),
        assume_weekends=assume_weekends,
        environment=environment,
    )


# -- standards -------------------------------------------------------------------------------

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
        pairs = _of_type(
            collect("sgs_register_standards"), Standard, "标准版本", "sgs.standard.Standard"
        )
        found = unique("标准版本", pairs, key=lambda a: str(a[0].version))
        versions = []
        for version, (plugin, args) in found.items():
            standard = args[0]  # a Standard: _of_type left out anything else
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


def reset_standards() -> None:
    """Load the plugins' standards again on the next call (for tests)."""
    global _loaded
    with _lock:
        _loaded = False


# -- sources and transports ------------------------------------------------------------------


#: The plugin that registered each source or transport class.
_registered_by: dict[type, str] = {}


def _types(hook: str, what: str, base: type) -> dict[str, type]:
    pairs = collect(hook)
    found = unique(what, pairs, key=lambda args: str(args[0]))
    result = {}
    for name, (plugin, args) in found.items():
        cls = args[1] if len(args) > 1 else None
        if not (isinstance(cls, type) and issubclass(cls, base)):
            raise ConfigError(
                f"插件 {plugin} 注册的“{name}”不是 {base.__name__} 的子类",
                f"plugin {plugin} registered {name!r}, which is not a {base.__name__} subclass",
            )
        result[name] = cls
        _registered_by[cls] = plugin
    return result


def plugin_of(adapter: object) -> str | None:
    """The plugin (name and origin) whose source or transport ``adapter`` is; ``None`` for sgs's.

    >>> plugin_of(object()) is None
    True
    """
    plugin = _registered_by.get(type(adapter))
    if plugin is None or plugin == BUILTIN:
        return None
    info = {i.name: i for i in plugin_infos()}.get(plugin)
    return f"{plugin}（{info.origin}）" if info is not None else plugin


def plugin_failure(adapter: object, exc: BaseException) -> PluginError | None:
    """The error to report when a plugin's adapter raised ``exc``; ``None`` when it is sgs's own.

    An exception that is not one of sgs's own errors, raised inside a plugin's
    source or transport, is the plugin's failure, and is reported by its name.
    """
    plugin = plugin_of(adapter)
    if plugin is None:
        return None
    text = excerpt(f"{type(exc).__name__}: {exc}", 300)
    return PluginError(f"插件 {plugin} 出错：{text}", f"plugin {plugin} failed: {text}")


def source_types() -> dict[str, type[Source]]:
    """Every registered source type by name."""
    return _types("sgs_register_sources", "数据源", Source)


def transport_types() -> dict[str, type[Transport]]:
    """Every registered transport type by name."""
    return _types("sgs_register_transports", "传输", Transport)


def _make(table: str, types: Mapping[str, type], config: Mapping[str, Any], base_dir: Any) -> Any:
    """The adapter ``config`` describes; a key it does not know is warned about."""
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
    try:
        adapter: Source | Transport = cls(config, base_dir=base_dir)
    except SgsError:
        raise
    except Exception as exc:
        plugin = _registered_by.get(cls)
        if plugin is None or plugin == BUILTIN:
            raise
        text = excerpt(f"{type(exc).__name__}: {exc}", 300)
        raise PluginError(
            f"插件 {plugin} 的 [{table}] type = “{kind}” 无法创建：{text}",
            f"plugin {plugin} could not make its [{table}] type {kind!r}: {text}",
        ) from exc
    for key in adapter.unknown_settings():
        warnings.warn(unknown_setting(f"[{table}] {key}"), stacklevel=3)
    return adapter


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
