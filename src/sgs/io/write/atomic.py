"""Atomic output: a temporary file beside the target that replaces it only when complete.

:class:`AtomicFile` is what every writer of a path uses; :func:`save_workbook`
saves an openpyxl workbook through one. :func:`write_error` turns an
:class:`OSError` into the :class:`~sgs.errors.InputError` naming the file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from sgs.errors import InputError

__all__ = ["AtomicFile", "refuse_overwrite", "save_workbook", "write_error"]


def refuse_overwrite(
    target: str | os.PathLike[str], sources: Iterable[str | os.PathLike[str] | None]
) -> None:
    """Refuse to write ``target`` when it is one of ``sources``, however the two are named.

    Writing a receipt or a converted file over its input would replace what the
    user sent (an atomic write renames the new file over the old one).

    >>> import tempfile, pathlib
    >>> source = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
    >>> _ = source.write_text("a\\n", encoding="utf-8")
    >>> refuse_overwrite(source.parent / "out.csv", [source])
    >>> refuse_overwrite(source.parent / "." / "in.csv", [source])
    Traceback (most recent call last):
    sgs.errors.InputError: ...: 输出文件就是输入文件，写入会覆盖原数据；请换一个输出文件名 (the output is one of the input files and would overwrite it; choose another output name)
    """
    out = Path(target)
    for source in sources:
        if source is None:
            continue
        try:
            same = out.resolve() == Path(source).resolve() or (
                out.exists() and os.path.samefile(out, source)
            )
        except OSError:
            same = False
        if same:
            raise InputError(
                "输出文件就是输入文件，写入会覆盖原数据；请换一个输出文件名",
                "the output is one of the input files and would overwrite it; "
                "choose another output name",
                path=os.fspath(target),
            )


def write_error(path: str, exc: OSError) -> InputError:
    """The :class:`~sgs.errors.InputError` for an OS error writing ``path``, in two languages."""
    if isinstance(exc, FileNotFoundError):
        return InputError(
            "无法写入：目录不存在", "cannot write: the directory does not exist", path=path
        )
    if isinstance(exc, PermissionError):
        return InputError("无法写入：没有写入权限", "cannot write: permission denied", path=path)
    if isinstance(exc, IsADirectoryError):
        return InputError(
            "无法写入：这是一个目录，不是文件", "cannot write: is a directory", path=path
        )
    reason = exc.strerror or str(exc)
    return InputError(f"无法写入文件：{reason}", f"cannot write the file: {reason}", path=path)


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


class AtomicFile:
    """A temporary file next to ``path`` that replaces ``path`` on :meth:`commit`.

    The file is created with mode ``0o666`` less the umask, like any new file.
    If the object is dropped without :meth:`commit` or :meth:`discard`, the
    temporary file is removed when it is garbage-collected.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        if os.path.isdir(self.path):
            raise write_error(self.path, IsADirectoryError(21, "Is a directory"))
        directory, name = os.path.split(os.path.abspath(self.path))
        while True:
            tmp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
            except FileExistsError:  # pragma: no cover - 32 random bits
                continue
            except OSError as exc:
                raise write_error(self.path, exc) from None
            break
        self.tmp = tmp
        self.fd: int | None = fd
        self._finalizer = weakref.finalize(self, _remove_quietly, tmp)

    def open(self) -> IO[bytes]:
        """The temporary file as a binary stream (once; the stream owns the descriptor)."""
        assert self.fd is not None
        fd, self.fd = self.fd, None
        return os.fdopen(fd, "wb")

    def release(self) -> None:
        """Close the descriptor when the file will be written by name (openpyxl)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def commit(self) -> None:
        self.release()
        try:
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise write_error(self.path, exc) from None
        self._finalizer.detach()

    def discard(self) -> None:
        self.release()
        self._finalizer()


_O_BINARY: int = getattr(os, "O_BINARY", 0)


def save_workbook(book: Any, path: str | os.PathLike[str]) -> None:
    """Save an openpyxl workbook to ``path`` atomically (a temporary file, then a rename).

    For layouts the streaming writers cannot make (merged cells, title and note
    rows): an existing file is replaced only when the new one is complete.
    Raises :class:`~sgs.errors.InputError` naming the file when it cannot be written.
    """
    atomic = AtomicFile(path)
    try:
        atomic.release()
        book.save(atomic.tmp)
    except OSError as exc:
        atomic.discard()
        raise write_error(os.fspath(path), exc) from None
    except BaseException:
        atomic.discard()
        raise
    atomic.commit()
