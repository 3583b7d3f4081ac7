"""Exceptions of the sgs library.

Exceptions are for programmer errors and for input that cannot be used at
all (a missing file, a file that is not a table, an unknown header set).
Bad *values* are never exceptions: they travel with their raw text to
validation.

Every error carries a Chinese message (shown first) and an English one.

>>> err = InputError("文件不存在", "file does not exist", path="a.csv")
>>> str(err)
'a.csv: 文件不存在 (file does not exist)'
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from os import PathLike

__all__ = ["InputError", "SgsError", "UnknownKindError", "UnknownVersionError"]


class SgsError(Exception):
    """Base class of every error raised on purpose by sgs.

    ``message_zh`` is the primary (Chinese) message, ``message_en`` its
    English twin; ``str()`` shows both.
    """

    def __init__(self, message_zh: str, message_en: str = "") -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(message_zh, message_en)

    def __str__(self) -> str:
        if self.message_en:
            return f"{self.message_zh} ({self.message_en})"
        return self.message_zh


class InputError(SgsError, ValueError):
    """Input that cannot be used at all: missing, unreadable, corrupt or not a table.

    ``path`` names the file when there is one; ``line`` the physical line or
    Excel row where the problem was found, when it is known.
    """

    def __init__(
        self,
        message_zh: str,
        message_en: str = "",
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message_zh, message_en)
        self.path = None if path is None else str(path)
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return where + super().__str__()


class UnknownVersionError(SgsError, LookupError):
    """A standard version that is not registered."""


class UnknownKindError(SgsError, LookupError):
    """A record kind other than ``license`` or ``penalty``."""
