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
from pathlib import Path

import attrs

from sgs.adapters.config_files import check_tables, read_config_file, url_problem
from sgs.adapters.settings import Setting

__all__ = ["TABLES", "PlatformConfig", "load_platform_config"]

#: The tables of ``platform.toml`` and their keys.
TABLES = {
    "platform": (
        Setting("name", str, required=True, empty=False),
        Setting("credit_code", str, required=True, empty=False),
    ),
    "store": (Setting("url", str, empty=False, check=url_problem),),
}


@attrs.frozen(kw_only=True)
class PlatformConfig:
    """What ``platform.toml`` says. Paths are relative to ``base_dir`` (the file's folder)."""

    name: str
    credit_code: str
    store_url: str = "sqlite:///platform.db"
    base_dir: Path = attrs.field(factory=Path.cwd)
    path: Path | None = None


def load_platform_config(path: str | os.PathLike[str]) -> PlatformConfig:
    """Read and check ``platform.toml``: a mistake is one message naming the key (exit 2)."""
    name = os.fspath(path)
    tables = check_tables(read_config_file(name), name, TABLES, required=("platform",))
    platform, store = tables["platform"], tables.get("store", {})
    return PlatformConfig(
        name=platform["name"].strip(),
        credit_code=platform["credit_code"].strip().upper(),
        store_url=store.get("url", "sqlite:///platform.db"),
        base_dir=Path(name).resolve().parent,
        path=Path(name).resolve(),
    )
