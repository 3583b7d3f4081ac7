"""A SQLite store's file: what may be opened as one, and how a new one comes into being.

A store is either a SQLite database holding ``sgs_meta`` (or a new, empty one) or
nothing at all. Anything else at the store's path is refused with a
:class:`~sgs.errors.StoreError` — above all an **empty file**, which SQLite would take
for a new database: the ledger would start again and every record be pushed again.

A new store is made whole under a temporary name in the same folder and linked into
place, so that no process ever sees it half made (an empty file, a schema without its
version): two runs starting on a fresh store at once both open the same, complete one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from sgs.errors import StoreError

__all__ = ["HEADER", "check_file", "create", "make_folder"]

#: The first 16 bytes of every SQLite 3 database file.
HEADER = b"SQLite format 3\x00"


def make_folder(file: Path) -> None:
    """Make the folder of ``file`` when it is missing."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"无法创建存储所在的文件夹 {file.parent}：{exc.strerror or exc}",
            f"cannot make the store's folder {file.parent}: {exc.strerror or exc}",
        ) from None


def check_file(file: Path) -> None:
    """Refuse what exists at ``file`` unless it is a SQLite database."""
    try:
        if file.is_dir():
            raise StoreError(
                f"存储路径 {file} 是一个文件夹，不是 sgs 存储",
                f"the store path {file} is a folder, not an sgs store",
            )
        with open(file, "rb") as handle:
            head = handle.read(len(HEADER))
    except OSError as exc:
        raise StoreError(
            f"无法读取存储文件 {file}：{exc.strerror or exc}",
            f"cannot read the store file {file}: {exc.strerror or exc}",
        ) from None
    if not head:
        raise StoreError(
            f"存储文件 {file} 为空，不是 sgs 存储（台账不会从头开始，以免全部记录再次报送）；"
            f"如要新建台账，请删除该文件",
            f"the store file {file} is empty: not an sgs store (the ledger is not started "
            f"again, which would push every record again); remove it to start a new ledger",
        )
    if head != HEADER:
        raise StoreError(
            f"存储文件 {file} 不是 SQLite 数据库，不是 sgs 存储",
            f"the store file {file} is not a SQLite database, so not an sgs store",
        )


def create(file: Path, build: Callable[[Path], None]) -> None:
    """Make a new store at ``file`` with ``build(path)``, unless one appears there meanwhile.

    ``build`` makes the complete store at a temporary path of the same folder, which is
    then hard-linked to ``file``: the link fails when another process was quicker, and
    its store is used. (On a file system without hard links, the temporary file is
    renamed into place when ``file`` is still missing.)
    """
    temporary = file.with_name(f".{file.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        build(temporary)
        try:
            os.link(temporary, file)
        except FileExistsError:
            pass  # another run made it first
        except OSError:
            if not file.exists():
                os.replace(temporary, file)
    except OSError as exc:
        raise StoreError(
            f"无法创建存储 {file}：{exc.strerror or exc}",
            f"cannot make the store {file}: {exc.strerror or exc}",
        ) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{temporary}{suffix}")
