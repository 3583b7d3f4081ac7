"""``platform.toml``: who the platform is and where its store lives.

The minimal file::

    [platform]
    name = "示例市信用信息中心"
    credit_code = "12410100MB0000000X"

    [store]
    url = "sqlite:///platform.db"      # relative to this file; postgresql+psycopg://… shared

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "platform.toml").write_text(
...     '[platform]\\nname = "示例市信用信息中心"\\ncredit_code = "12410100MB0000000X"\\n',
...     encoding="utf-8")
>>> config = load_platform_config(folder / "platform.toml")
>>> config.name, config.store_url
('示例市信用信息中心', 'sqlite:///platform.db')
"""

from __future__ import annotations

import os
import tomllib
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from sgs.errors import ConfigFileError, InputError
from sgs.inputs import read_small

__all__ = ["PlatformConfig", "load_platform_config"]

#: The largest platform.toml read.
CONFIG_MAX_BYTES = 1 << 20
_KNOWN = {"platform": {"name", "credit_code"}, "store": {"url"}}


@attrs.frozen(kw_only=True)
class PlatformConfig:
    """What ``platform.toml`` says. Paths are relative to ``base_dir`` (the file's folder)."""

    name: str
    credit_code: str
    store_url: str = "sqlite:///platform.db"
    base_dir: Path = attrs.field(factory=Path.cwd)
    path: Path | None = None


def _table(data: Mapping[str, Any], key: str, name: str, *, required: bool) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        found = "missing" if value is None else type(value).__name__
        raise ConfigFileError(
            f"{name}：[{key}] 应为表（现为 {found}）",
            f"{name}: [{key}] must be a table (found {found})",
        )
    return value


def _text(table: Mapping[str, Any], section: str, key: str, name: str, default: str | None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        found = "missing" if value is None else repr(value)
        raise ConfigFileError(
            f"{name}：[{section}] {key} 应为非空文字（现为 {found}）",
            f"{name}: [{section}] {key} must be a non-empty text (found {found})",
        )
    return value.strip()


def load_platform_config(path: str | os.PathLike[str]) -> PlatformConfig:
    """Read and check ``platform.toml``: a mistake is one message naming the key (exit 2)."""
    name = os.fspath(path)
    try:
        raw = read_small(name, CONFIG_MAX_BYTES, ("配置文件", "a configuration file"))
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except InputError as exc:
        raise ConfigFileError(
            f"无法读取配置文件 {name}：{exc.message_zh}", f"cannot read {name}: {exc.message_en}"
        ) from None
    except UnicodeDecodeError:
        raise ConfigFileError(
            f"{name} 不是 UTF-8 文本，请另存为 UTF-8", f"{name} is not UTF-8 text; save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(
            f"{name} 不是有效的 TOML：{exc}", f"{name} is not valid TOML: {exc}"
        ) from None
    platform = _table(data, "platform", name, required=True)
    store = _table(data, "store", name, required=False)
    for section, table in (("platform", platform), ("store", store)):
        for key in sorted(set(table) - _KNOWN[section]):
            warnings.warn(
                f"{name}：未知的配置项 [{section}] {key}，已忽略 "
                f"({name}: unknown setting [{section}] {key}, ignored)",
                UserWarning,
                stacklevel=2,
            )
    base = Path(name).resolve().parent
    return PlatformConfig(
        name=_text(platform, "platform", "name", name, None),
        credit_code=_text(platform, "platform", "credit_code", name, None).upper(),
        store_url=_text(store, "store", "url", name, "sqlite:///platform.db"),
        base_dir=base,
        path=Path(name).resolve(),
    )
