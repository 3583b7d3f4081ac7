"""居民身份证号码 (resident identity card number), GB 11643-1999.

An 18-character number is a six-digit address code, the birth date as
``YYYYMMDD``, a three-digit sequence number (odd for men, even for women) and
a check character.  The first 17 digits are weighted
``7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2`` (``2^(18−i) mod 11``)
and the check character is ``"10X98765432"[S mod 11]`` for the weighted sum
*S*.  A lower-case ``x`` is read as ``X``.

Numbers issued before 1999 have 15 digits: the birth date is written
``YYMMDD`` (in the 1900s) and there is no check character.  They are valid
here (:func:`problem` returns ``None``); :func:`is_legacy` lets callers warn
about them and :func:`to_18` converts them.

Two deliberate differences from python-stdnum's ``stdnum.cn.ric``:

* the address code is only required to be six digits.  It is the region
  where the number was *assigned*, and regions created after the holder's
  birth (Hainan, 460100, dates from 1988) appear on numbers of people born
  long before; stdnum looks the code up in a region table by birth year and
  rejects those numbers;
* a birth date after the ``as_of`` date is rejected, stdnum accepts it.

>>> problem("11010519491231002X")
>>> problem("11010519491231002x")
>>> problem("110105194912310021")
'checksum'
>>> problem("460100195001011232")  # Hainan code, holder born before 1988
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from operator import mul

__all__ = [
    "birth_date",
    "check_character",
    "is_legacy",
    "looks_like",
    "mask",
    "mask_all",
    "problem",
    "suspicious",
    "to_18",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# The weighted sum of the ASCII codes overshoots the sum of the digit values by this.
_OFFSET = ord("0") * sum(_WEIGHTS)
_CHECK = "10X98765432"
_LAST_CHARS = frozenset("0123456789Xx")
_EARLIEST = 18500101  # no holder was born before 1850
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Every MMDD of a year that may have 29 February.
_MONTH_DAY = frozenset(
    f"{month:02d}{day:02d}"
    for month in range(1, 13)
    for day in range(1, (_MONTH_DAYS[month] or 0) + 1 + (month == 2))
)


def _check(first17: bytes) -> str:
    return _CHECK[(sum(map(mul, first17, _WEIGHTS)) - _OFFSET) % 11]


def _is_real_date(ymd: int) -> bool:
    year, month_day = divmod(ymd, 10000)
    month, day = divmod(month_day, 100)
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _MONTH_DAYS[month]


def check_character(first17: str) -> str:
    """The check character for the first 17 digits of a number.

    Raises :class:`ValueError` when *first17* is not 17 ASCII digits (this
    is a builder, not a validator).

    >>> check_character("11010519491231002")
    'X'
    >>> check_character("65282319750617311")
    '3'
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"not the first 17 digits of an ID number: {first17!r}")
    return _check(first17.encode("ascii"))


def problem(number: str, *, as_of: datetime.date | None = None) -> str | None:
    """What is wrong with an ID number, or ``None`` when it is valid.

    *number* is stripped text of 18 characters (or 15 digits for a legacy
    number).  The result is the first of:

    * ``"length"`` — neither 15 nor 18 characters;
    * ``"charset"`` — not all digits (the 18th character may also be ``X``
      or ``x``);
    * ``"birth-date"`` — the birth date is not a calendar date, or is before
      1850-01-01;
    * ``"future-birth-date"`` — the birth date is after *as_of* (only checked
      when *as_of* is given);
    * ``"checksum"`` — the check character does not match (18 characters).

    The address code is never looked up in a region table.

    >>> problem("420106196509015491")
    >>> problem("420106196502295491")
    'birth-date'
    >>> problem("420106206509015491", as_of=datetime.date(2025, 1, 1))
    'future-birth-date'
    >>> problem("420106650901549")
    """
    length = len(number)
    if length == 18:
        if not number.isascii() or not number[:17].isdigit() or number[17] not in _LAST_CHARS:
            return "charset"
        birth = int(number[6:14])
    elif length == 15:
        if not number.isascii() or not number.isdigit():
            return "charset"
        birth = 19000000 + int(number[6:12])
    else:
        return "length"
    if birth < _EARLIEST or not _is_real_date(birth):
        return "birth-date"
    if as_of is not None and birth > as_of.year * 10000 + as_of.month * 100 + as_of.day:
        return "future-birth-date"
    if length == 18:
        last = number[17]
        if _check(number.encode("ascii")) != ("X" if last == "x" else last):
            return "checksum"
    return None


def suspicious(
    numbers: Sequence[str | None], indices: Iterable[int], *, as_of: datetime.date | None = None
) -> list[int]:
    """The ``indices`` of ``numbers`` that are not valid 18-character numbers.

    In one pass, for a column of numbers: a number is left out when
    :func:`problem` finds nothing wrong with it and it is not a legacy
    15-digit one; everything else (any problem, 15 digits) is kept, and
    ``None`` is left out. The check character is computed as
    ``int(first17, 13)``: 13 ≡ 2 (mod 11), so the digits read in base 13
    carry the weights 2^(17−i), and twice that is the standard's weighted sum.

    >>> suspicious(["11010519491231002X", "110105194912310021", None, "420106650901549"], range(4))
    [1, 3]
    """
    limit = 99999999 if as_of is None else as_of.year * 10000 + as_of.month * 100 + as_of.day
    check, days = _CHECK, _MONTH_DAY
    found = []
    for i in indices:
        number = numbers[i]
        if number is None:
            continue
        if (
            len(number) == 18
            and number.isascii()
            and number[:17].isdigit()
            and number[10:14] in days  # a month and a day of it (29 February: below)
            and _EARLIEST <= int(number[6:14]) <= limit
            and check[2 * int(number[:17], 13) % 11] == number[17].upper()
            and (number[10:14] != "0229" or _is_real_date(int(number[6:14])))
        ):
            continue
        found.append(i)
    return found


def is_legacy(number: str) -> bool:
    """Whether *number* has the 15-character length of a pre-1999 number.

    >>> is_legacy("420106650901549"), is_legacy("420106196509015491")
    (True, False)
    """
    return len(number) == 15


def to_18(number15: str) -> str:
    """The 18-character form of a 15-digit legacy number.

    The century ``19`` goes before the two-digit year and the check
    character is appended.  Raises :class:`ValueError` when *number15* is not
    15 ASCII digits.

    >>> to_18("420106650901549")
    '420106196509015491'
    """
    if len(number15) != 15 or not number15.isascii() or not number15.isdigit():
        raise ValueError(f"not a 15-digit ID number: {number15!r}")
    first17 = f"{number15[:6]}19{number15[6:]}"
    return first17 + _check(first17.encode("ascii"))


def birth_date(number: str) -> datetime.date | None:
    """The birth date written in an 18- or 15-character number.

    ``None`` when :func:`problem` finds a length, character or birth-date
    problem; the check character is not needed.

    >>> birth_date("11010519491231002X")
    datetime.date(1949, 12, 31)
    >>> birth_date("420106650901549")
    datetime.date(1965, 9, 1)
    >>> birth_date("420106196502305491") is None
    True
    """
    if problem(number) not in (None, "checksum"):
        return None
    if len(number) == 18:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def mask(number: str) -> str:
    """Hide all but the first six characters (the address code) behind ``*``.

    The result has the length of *number*.  A value of six characters or
    fewer is starred completely, so a short value is never shown whole.

    >>> mask("330921198001011234")
    '330921************'
    >>> mask("1234567")
    '123456*'
    >>> mask("123")
    '***'
    """
    if len(number) <= 6:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 6)


# An ID number inside any text: 18 characters (the last may be X) or the legacy 15
# digits, with a real birth date, not part of a longer run of digits or letters.
_ANYWHERE = re.compile(
    r"(?<![0-9A-Za-z])(?:[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    r"[0-9]{3}[0-9Xx]|[1-9][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3})"
    r"(?![0-9A-Za-z])"
)


def looks_like(text: str) -> bool:
    """Whether ``text`` is, as a whole, shaped like a 居民身份证号码 (check character not checked).

    >>> looks_like("330921198001011234"), looks_like("91410100MA00000003"), looks_like("罚〔2026〕1号")
    (True, False, False)
    """
    return _ANYWHERE.fullmatch(text.strip()) is not None


def mask_all(text: str) -> str:
    """``text`` with every ID number in it masked (:func:`mask`), whatever else it says.

    >>> mask_all("代码 330921198001011234 校验位错误（应为X）")
    '代码 330921************ 校验位错误（应为X）'
    """
    return _ANYWHERE.sub(lambda m: mask(m.group(0)), text)
