"""A running credit platform over its store: what the service and the CLI are built on."""

from __future__ import annotations

import os
from collections.abc import Sequence

from sgs.errors import SgsError
from sgs.ids import uscc
from sgs.platform.config import PlatformConfig, load_platform_config
from sgs.store import Department, Store, open_store

_PROBLEMS = {
    "length": ("应为18位", "must be 18 characters"),
    "charset": ("含有不允许的字符", "holds a character a credit code cannot"),
    "checksum": ("校验位错误", "has a wrong check character"),
}


def _checked_code(code: str) -> str:
    code = code.strip().upper()
    problem = uscc.problem(code)
    if problem is not None:
        zh, en = _PROBLEMS[problem]
        raise SgsError(
            f"统一社会信用代码 {code} {zh}", f"the unified social credit code {code} {en}"
        )
    return code


__all__ = ["Platform", "open_platform"]


class Platform:
    """The platform ``config`` describes, its store open (use :func:`open_platform`)."""

    def __init__(self, config: PlatformConfig, store: Store) -> None:
        self.config = config
        self.store = store

    def add_department(
        self, name: str, code: str, units: Sequence[str] = ()
    ) -> tuple[Department, str]:
        """Register a department (its codes checked); return it and its token, shown once."""
        if not name.strip():
            raise SgsError("单位名称不能为空", "a department needs a name")
        return self.store.departments.add(
            name, _checked_code(code), [_checked_code(u) for u in units]
        )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_platform(config: PlatformConfig | str | os.PathLike[str]) -> Platform:
    """Open the platform of ``config`` (a :class:`PlatformConfig` or a ``platform.toml``).

    Opening creates or migrates the store, so it is safe to repeat.
    """
    if not isinstance(config, PlatformConfig):
        config = load_platform_config(config)
    return Platform(config, open_store(config.store_url, base_dir=config.base_dir))
