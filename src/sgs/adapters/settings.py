"""Typed settings of a configuration table: one check, one message naming the key and the type.

A :class:`Setting` declares a key of a table (``[sync] batch_size``, ``[transport]
retries``…): its type, its bounds, whether it is required and any further check.
:func:`check_setting` applies it to a value and raises a
:class:`~sgs.errors.ConfigError` that names the table, the key, what was expected and
what was found. The department's schema (:mod:`sgs.department.schema`) and the
adapters (:meth:`sgs.adapters.base._Configured.option`) use the same check, so a plugin
adapter reads its settings the way sgs does.

>>> spec = Setting("batch_size", int, min=1, max=100_000)
>>> check_setting("sync", spec, 500)
500
>>> check_setting("sync", spec, "abc")
Traceback (most recent call last):
...
sgs.errors.ConfigError: [sync] batch_size 应为介于 1 到 100000 之间的整数（现为 'abc'） ([sync] batch_size must be a whole number from 1 to 100000 (got 'abc'))
"""

from __future__ import annotations

import builtins
import codecs
import math
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from sgs.errors import ConfigError, UnknownKindError
from sgs.io.tables import FORMATS
from sgs.standard import Kind

__all__ = [
    "KIND",
    "READ_OPTIONS",
    "STANDARD",
    "ConfigWarning",
    "Expected",
    "Setting",
    "check_setting",
    "unknown_setting",
]

#: The type (or types) a setting's value may have: ``str``, ``int``, ``float``, ``bool``,
#: ``dict`` (a table) or ``list``.
Expected = type | tuple[type, ...]

#: A further check of a value of the right type: ``None`` when it is fine, else what is
#: wrong with it (Chinese, English).
Check = Callable[[Any], tuple[str, str] | None]

_NAMES: dict[type, tuple[str, str]] = {
    str: ("文本", "text"),
    int: ("整数", "a whole number"),
    float: ("数", "a number"),
    bool: ("true 或 false", "true or false"),
    dict: ("表", "a table"),
    list: ("列表", "a list"),
}


class ConfigWarning(UserWarning):
    """A configuration sgs can use but that is probably not what was meant (an unknown key)."""


@attrs.frozen
class Setting:
    """A key of a configuration table and what its value must be.

    ``min``/``max`` bound numbers; ``empty=False`` refuses an empty (or blank) text;
    ``items`` is the type of a list's elements; ``choices`` the values allowed;
    ``check`` a further test (see :data:`Check`).
    """

    key: str
    type: Expected
    required: bool = False
    min: float | None = None
    max: float | None = None
    empty: bool = True
    items: builtins.type | None = None
    choices: tuple[Any, ...] = ()
    check: Check | None = None

    def expected(self) -> tuple[str, str]:
        """What the value must be, in words (Chinese, English)."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        zh = "或".join(_NAMES.get(t, (t.__name__, t.__name__))[0] for t in types)
        en = " or ".join(_NAMES.get(t, (t.__name__, t.__name__))[1] for t in types)
        if self.items is not None and list in types:
            item_zh, item_en = _NAMES.get(self.items, (self.items.__name__,) * 2)
            zh, en = (
                zh.replace("列表", f"{item_zh}的列表"),
                en.replace("a list", f"a list of {item_en}"),
            )
        if self.choices:
            shown = ", ".join(map(str, self.choices))
            return f"{'、'.join(map(str, self.choices))} 之一", f"one of {shown}"
        if self.min is not None and self.max is not None:
            zh, en = (
                f"介于 {_number(self.min)} 到 {_number(self.max)} 之间的{zh}",
                (f"{en} from {_number(self.min)} to {_number(self.max)}"),
            )
        elif self.min is not None:
            zh, en = f"不小于 {_number(self.min)} 的{zh}", f"{en} of {_number(self.min)} or more"
        if not self.empty:
            zh, en = f"非空{zh}", f"{en}, not empty"
        return zh, en

    def read(self, table: str, config: Mapping[str, Any], default: Any = None) -> Any:
        """The checked value of this key in ``config`` (``default`` when it is absent)."""
        if self.key not in config:
            if self.required:
                raise ConfigError(
                    f"[{table}] 缺少配置项 {self.key}（应为{self.expected()[0]}）",
                    f"[{table}] needs the setting {self.key} ({self.expected()[1]})",
                )
            return default
        return check_setting(table, self, config[self.key])


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _of_type(value: Any, wanted: type) -> bool:
    if isinstance(value, bool):
        return wanted is bool
    if wanted is float:
        return isinstance(value, int | float)
    return isinstance(value, wanted)


def _problem(spec: Setting, value: Any) -> tuple[str, str] | None:
    """What is wrong with ``value`` beyond its type (``None``: nothing)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "不是有限的数", "is not a finite number"
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and (
        (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max)
    ):
        return "超出范围", "is out of range"
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str) and "\x00" in text:
            return "含有 NUL 字符", "holds a NUL character"
    if isinstance(value, str) and not spec.empty and not value.strip():
        return "为空", "is empty"
    items = spec.items
    if items is not None and isinstance(value, list) and not all(_of_type(i, items) for i in value):
        return "含有类型不对的项", "holds an item of another type"
    if spec.choices and value not in spec.choices:
        return "不是可选的值", "is not one of the values allowed"
    return spec.check(value) if spec.check is not None else None


def check_setting(table: str, spec: Setting, value: Any) -> Any:
    """``value`` if it is what ``spec`` asks for (an int as a float where a number is
    asked), else a :class:`ConfigError` naming ``[table] key``, the type and the value."""
    types = spec.type if isinstance(spec.type, tuple) else (spec.type,)
    zh, en = spec.expected()
    where = f"[{table}] {spec.key}"
    if not any(_of_type(value, t) for t in types):
        raise ConfigError(
            f"{where} 应为{zh}（现为 {_shown(value)}）",
            f"{where} must be {en} (got {_shown(value)})",
        )
    problem = _problem(spec, value)
    if problem is not None:
        raise ConfigError(
            f"{where} {problem[0]}：应为{zh}（现为 {_shown(value)}）",
            f"{where} {problem[1]}: it must be {en} (got {_shown(value)})",
        )
    if float in types and int not in types and isinstance(value, int):
        return float(value)
    return value


def unknown_setting(key: str, where: str = "") -> ConfigWarning:
    """The warning about a key sgs does not know: ``key`` as ``[table] name``, ``where`` the file."""
    prefix_zh, prefix_en = (f"{where}：", f"{where}: ") if where else ("", "")
    return ConfigWarning(
        f"{prefix_zh}未知的配置项 {key}，已忽略 ({prefix_en}unknown setting {key}, ignored)"
    )


def _kind(value: str) -> tuple[str, str] | None:
    try:
        Kind.parse(value)
    except UnknownKindError:
        return "不是记录类型", "is not a record kind (license or penalty)"
    return None


def _encoding(value: str) -> tuple[str, str] | None:
    try:
        codecs.lookup(value)
    except LookupError:
        return "不是已知的字符编码", "is not a known encoding"
    return None


#: The read options of the sources that read files (``file``, ``directory``); ``kind``
#: and ``standard`` serve the ``sql`` source too. The department's schema checks them in
#: ``[source]`` whatever its type.
KIND = Setting("kind", str, check=_kind)
STANDARD = Setting("standard", str, empty=False)
READ_OPTIONS = (
    KIND,
    STANDARD,
    Setting("encoding", str, check=_encoding),
    Setting("sheet", (str, int), min=0),
    Setting("format", str, choices=FORMATS),
)
