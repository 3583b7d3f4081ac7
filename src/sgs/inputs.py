"""The files sgs agrees to read: regular files only, and small ones read with a bound.

A FIFO blocks the reader until some other process writes to it, ``/dev/zero``
never ends and a directory is no file at all: every path sgs reads (tables,
forms, holiday notices, its configuration) is checked here first, by
:func:`regular_file`, without opening it (opening a FIFO would already block).
:func:`read_small` reads a file that is small by nature (a notice, a
configuration) and refuses one that is not.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> regular_file(folder)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sgs.errors.InputError: ...: 这是一个目录，不是文件 (is a directory, not a file)
"""

from __future__ import annotations

import os
import stat

from sgs.errors import InputError

__all__ = ["read_small", "regular_file"]

#: What a path that is not a regular file is, by :func:`stat.S_IFMT`.
_KINDS: dict[int, tuple[str, str]] = {
    stat.S_IFDIR: ("这是一个目录，不是文件", "is a directory, not a file"),
    stat.S_IFIFO: (
        "这是一个命名管道（FIFO），不是普通文件；请先把内容保存为文件",
        "is a named pipe (FIFO), not a regular file; save its content to a file first",
    ),
    stat.S_IFCHR: ("这是一个设备文件，不是普通文件", "is a device, not a regular file"),
    stat.S_IFBLK: ("这是一个设备文件，不是普通文件", "is a device, not a regular file"),
    stat.S_IFSOCK: ("这是一个套接字，不是普通文件", "is a socket, not a regular file"),
}


def regular_file(path: str | os.PathLike[str]) -> int:
    """The size of ``path`` when it is a regular file (links followed); else raise.

    The :class:`~sgs.errors.InputError` names the path and what it is: missing,
    a directory, a FIFO, a device, a socket. Nothing is opened.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise InputError("文件不存在", "file not found", path=name) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(
            f"无法读取文件：{reason}", f"cannot read file: {reason}", path=name
        ) from None
    if stat.S_ISREG(info.st_mode):
        return info.st_size
    zh, en = _KINDS.get(stat.S_IFMT(info.st_mode), ("不是普通文件", "is not a regular file"))
    raise InputError(zh, en, path=name)


def read_small(path: str | os.PathLike[str], limit: int, what: tuple[str, str]) -> bytes:
    """The bytes of the regular file ``path``, refused when larger than ``limit`` bytes.

    ``what`` names the kind of file in the message (``("假日安排文件", "a holiday
    file")``). Raises :class:`~sgs.errors.InputError` naming the path.
    """
    name = os.fspath(path)
    size = regular_file(name)
    if size > limit:
        raise _too_large(name, limit, what)
    try:
        with open(name, "rb") as file:
            data = file.read(limit + 1)
    except OSError as exc:
        raise InputError(
            f"无法读取文件：{exc.strerror}", f"cannot read file: {exc.strerror}", path=name
        ) from None
    if len(data) > limit:  # grew since it was looked at
        raise _too_large(name, limit, what)
    return data


def _too_large(name: str, limit: int, what: tuple[str, str]) -> InputError:
    return InputError(
        f"文件过大：{what[0]}不应超过 {limit:,} 字节",
        f"the file is too large: {what[1]} is at most {limit:,} bytes",
        path=name,
    )
