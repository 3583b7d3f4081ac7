"""Turning cell text into typed values, and back.

Parsers never raise on bad text: they return ``None`` (or the
:data:`INVALID` marker) so that a reader can carry the raw text on to
validation. Results are memoized because the same dates and amounts repeat
thousands of times in a batch.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Final

__all__ = [
    "LONG_TERM",
    "LongTerm",
    "excel_serial_to_date",
    "format_date",
    "format_decimal",
    "is_long_term",
    "parse_date",
    "parse_decimal",
]


_PLAIN_LONG_TERM = dt.date(2099, 12, 31)


class LongTerm(dt.date):
    """The date 2099-12-31, which the standard uses to mean 长期 (long term).

    It is a :class:`datetime.date` (compares, sorts and formats like one) but
    stays recognisable: ``value is LONG_TERM``.

    >>> LONG_TERM == dt.date(2099, 12, 31), LONG_TERM
    (True, LONG_TERM)
    """

    __slots__ = ()

    def __new__(cls) -> LongTerm:
        return super().__new__(cls, 2099, 12, 31)

    def __repr__(self) -> str:
        return "LONG_TERM"

    # Arithmetic on 长期 gives plain dates: ``date`` would make them with ``type(self)(y, m, d)``,
    # which this class cannot take (a decision dated 长期 must become an issue, not a crash).
    def replace(self, *args: Any, **changes: Any) -> dt.date:  # type: ignore[override]
        return _PLAIN_LONG_TERM.replace(*args, **changes)

    def __add__(self, other: dt.timedelta) -> dt.date:  # type: ignore[override]
        return _PLAIN_LONG_TERM + other

    def __radd__(self, other: dt.timedelta) -> dt.date:  # type: ignore[override]
        return _PLAIN_LONG_TERM + other

    def __sub__(self, other: Any) -> Any:
        return _PLAIN_LONG_TERM - other

    def __reduce__(self) -> str:
        return "LONG_TERM"

    def __copy__(self) -> LongTerm:
        return self

    def __deepcopy__(self, memo: object) -> LongTerm:
        return self


#: The marker for 长期 in 有效期至 / 处罚有效期.
LONG_TERM: Final = LongTerm()

_LONG_TERM_WORDS = frozenset({"长期", "长期有效", "永久", "永久有效"})


def is_long_term(value: object) -> bool:
    """Whether ``value`` is the 长期 date (2099-12-31)."""
    return isinstance(value, dt.date) and value == LONG_TERM


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 with Excel's 1900 leap-year bug
_MAX_EXCEL_SERIAL = 2958465  # 9999-12-31


def excel_serial_to_date(serial: float) -> dt.date | None:
    """The date of an Excel (1900 system) serial number, ``None`` when out of range.

    >>> excel_serial_to_date(42473)
    datetime.date(2016, 4, 13)
    """
    if not 1 <= serial <= _MAX_EXCEL_SERIAL or serial != int(serial):
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


# Serial numbers are taken as Excel dates only between 1950-01-01 and 2099-12-31.
_MIN_SERIAL = 18264
_MAX_PLAUSIBLE_SERIAL = 73415

_YMD = re.compile(
    r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SERIAL = re.compile(r"\d{1,7}(?:\.0+)?")


def _make_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return LONG_TERM if value == LONG_TERM else value


@lru_cache(maxsize=8192)
def parse_date(text: str) -> dt.date | None:
    """Parse the date forms found in real exports; ``None`` when ``text`` is not a date.

    Accepted: ``YYYY/MM/DD``, ``YYYY-MM-DD``, ``YYYY.MM.DD`` (with or without
    zero padding), ``YYYYMMDD``, ``YYYY年M月D日``, a trailing time of day,
    ``MM/DD/YYYY`` (US-locale exports), Excel serial numbers of dates from 1950
    to 2099, and 长期.
    ``2099/12/31`` gives :data:`LONG_TERM`.

    >>> [parse_date(t) for t in ("2019/10/10", "2017.3.10", "20190101", "2019年1月2日")]
    [datetime.date(2019, 10, 10), datetime.date(2017, 3, 10), datetime.date(2019, 1, 1), datetime.date(2019, 1, 2)]
    >>> parse_date("2099-12-31"), parse_date("长期"), parse_date("42473"), parse_date("2019-02-30")
    (LONG_TERM, LONG_TERM, datetime.date(2016, 4, 13), None)
    """
    text = text.strip()
    m = _YMD.fullmatch(text)
    if m:
        return _make_date(*m.groups())
    m = _COMPACT.fullmatch(text)
    if m:
        return _make_date(*m.groups())
    m = _MDY.fullmatch(text)
    if m:
        month, day, year = m.groups()
        return _make_date(year, month, day)
    if _SERIAL.fullmatch(text):
        serial = float(text)
        # Only serials of plausible decision dates: a year such as "2019" is not a date.
        if _MIN_SERIAL <= serial <= _MAX_PLAUSIBLE_SERIAL:
            return excel_serial_to_date(serial)
        return None
    if text in _LONG_TERM_WORDS:
        return LONG_TERM
    return None


def format_date(value: dt.date, style: str = "iso") -> str:
    """Format a date as the standard writes it (``slash``: ``YYYY/MM/DD``) or ISO.

    >>> format_date(dt.date(2019, 1, 2)), format_date(dt.date(2019, 1, 2), "slash")
    ('2019-01-02', '2019/01/02')
    """
    if style == "slash":
        return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_UNIT_WAN = re.compile(r"\s*万元?\s*$")


@lru_cache(maxsize=8192)
def parse_decimal(text: str) -> Decimal | None:
    """Parse an amount in 万元; ``None`` when ``text`` is not a plain number.

    Thousands separators and a trailing ``万元`` unit are accepted. Text in
    元 (``罚款2000元``) is not an amount in 万元 and gives ``None``.

    >>> parse_decimal("0.2"), parse_decimal("1,200.5"), parse_decimal("3万元"), parse_decimal("2000元")
    (Decimal('0.2'), Decimal('1200.5'), Decimal('3'), None)
    """
    text = _UNIT_WAN.sub("", text.strip())
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None


def format_decimal(value: Decimal) -> str:
    """Format an amount as plain decimal text, never in exponent form.

    >>> format_decimal(Decimal("0.2")), format_decimal(Decimal("1E+2")), format_decimal(Decimal("0.000001"))
    ('0.2', '100', '0.000001')
    """
    return format(value, "f")
