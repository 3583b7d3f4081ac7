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

__all__ = [
    "CalendarRangeError",
    "CalendarYearUnavailable",
    "ConfigError",
    "ConfigFileError",
    "InputError",
    "NoticeError",
    "PluginError",
    "RecordValueError",
    "SgsError",
    "StoreError",
    "TransportError",
    "UnknownKindError",
    "UnknownVersionError",
]


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


class RecordValueError(SgsError, ValueError):
    """A mapping value that cannot become a record value; names the fields by key."""


class NoticeError(SgsError, ValueError):
    """A holiday-notice file that cannot be used, with what is wrong and where."""


class CalendarYearUnavailable(SgsError, LookupError):
    """A computation needs a year whose holiday schedule is not known. ``year`` names it.

    ``str()`` gives the advice for Python; :meth:`for_command_line` the advice
    for the ``sgs`` command, whose options differ.

    >>> print(CalendarYearUnavailable(2090).message_en.split(". ")[1])
    Supply the 2090 notice with WorkCalendar(extra_years=[...]), the SGS_HOLIDAYS environment variable or a plugin; or opt in to plain weekends with assume_weekends=True (results may be wrong)
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{self._missing_zh()}请提供《国务院办公厅关于{year}年部分节假日安排的通知》："
            f"用 WorkCalendar(extra_years=[...])、环境变量 SGS_HOLIDAYS 或插件；"
            f"或明确指定 assume_weekends=True 按普通周末估算（结果可能有误）",
            f"{self._missing_en()}Supply the {year} notice with WorkCalendar(extra_years=[...]), "
            f"the SGS_HOLIDAYS environment variable or a plugin; or opt in to plain weekends "
            f"with assume_weekends=True (results may be wrong)",
        )

    def _missing_zh(self) -> str:
        return (
            f"没有{self.year}年的节假日安排（chinesecalendar 只含国务院已公布的年份），"
            f"无法计算工作日。"
        )

    def _missing_en(self) -> str:
        return (
            f"no holiday schedule for {self.year} (chinesecalendar has only the years the "
            f"State Council has published), so working days cannot be counted. "
        )

    def for_command_line(self) -> str:
        """The message with the command line's ways: ``--holidays``, ``--assume-weekends``."""
        year = self.year
        return (
            f"{self._missing_zh()}请用 --holidays 文件（sgs.toml 中为 [calendar] holidays）"
            f"或环境变量 SGS_HOLIDAYS 提供《国务院办公厅关于{year}年部分节假日安排的通知》；"
            f"或加 --assume-weekends 按普通周末估算（结果可能有误） "
            f"({self._missing_en()}Supply the {year} notice with --holidays FILE "
            f"([calendar] holidays in sgs.toml) or the SGS_HOLIDAYS environment variable; or "
            f"add --assume-weekends to count plain weekends (results may be wrong))"
        )


class CalendarRangeError(SgsError, ValueError):
    """A date computation that would leave the dates Python knows (years 1 to 9999)."""

    def __init__(self, what_zh: str, what_en: str) -> None:
        super().__init__(
            f"{what_zh}超出可计算的日期范围（公元1年1月1日至9999年12月31日）",
            f"{what_en} falls outside the dates that can be computed (0001-01-01 to 9999-12-31)",
        )


class PluginError(SgsError):
    """A plugin that cannot be used (raised in strict mode, warned about otherwise)."""


class ConfigError(SgsError, ValueError):
    """A source or transport configuration that cannot be used, naming the key."""


class ConfigFileError(SgsError):
    """A configuration file that cannot be used, naming the file and the key."""


class TransportError(SgsError):
    """A batch that could not be delivered, or whose answer cannot be used.

    ``url`` is the platform's address (without any user name or password),
    ``status`` the HTTP status of the last answer when there was one, and
    ``attempts`` how many requests were made. The message never holds a token.
    """

    def __init__(
        self,
        message_zh: str,
        message_en: str = "",
        *,
        url: str = "",
        status: int | None = None,
        attempts: int = 0,
    ) -> None:
        super().__init__(message_zh, message_en)
        self.url = url
        self.status = status
        self.attempts = attempts


class StoreError(SgsError):
    """A store that cannot be opened or used."""
