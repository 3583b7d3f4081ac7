"""Credit codes and ID numbers checked a column at a time, as matrices of bytes.

A column of 18-character codes is an ``n × 18`` matrix of bytes: the check
characters of GB 32100 (mod 31), of the embedded 组织机构代码 (mod 11) and of
GB 11643 (mod 11) are one table lookup and one matrix product each. These
functions say which codes are *certainly* valid — the exact checks of
:mod:`sgs.ids` would find nothing in them —; every other code goes to those
exact checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sgs.ids import uscc
from sgs.validation.columnar.arrays import as_numpy, indices

__all__ = ["resident_matrix_valid", "resident_valid", "uscc_matrix_valid", "uscc_valid"]


def _table(chars: str) -> Any:
    table = np.full(256, 0xFF, dtype=np.uint8)
    for value, char in enumerate(chars):
        table[ord(char)] = value
    return table


_USCC_TABLE: Final = _table(uscc.CHARSET)
_USCC_WEIGHTS: Final = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
_ORG_TABLE: Final = _table("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ORG_WEIGHTS: Final = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ORG_CHECK: Final = np.frombuffer(b"0X987654321", dtype=np.uint8)
_REGISTRATION: Final = np.zeros((256, 256), dtype=bool)
for _department, _categories in uscc.REGISTRATION_CATEGORIES.items():
    for _category in _categories:
        _REGISTRATION[ord(_department), ord(_category)] = True
_ID_WEIGHTS: Final = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK: Final = np.frombuffer(b"10X98765432", dtype=np.uint8)
_MONTH_DAYS: Final = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _matrix(column: pa.Array, width: int) -> tuple[Any, Any]:
    """The cells of exactly ``width`` bytes as an ``k × width`` matrix, and where they are."""
    lengths = as_numpy(pc.binary_length(column))
    where = np.flatnonzero(lengths == width)
    if not len(where):
        return np.zeros((0, width), dtype=np.uint8), where
    chosen = column.take(indices(where))
    offsets = np.frombuffer(chosen.buffers()[1], dtype=np.int32)[chosen.offset :]
    start = int(offsets[0])
    data = np.frombuffer(chosen.buffers()[2], dtype=np.uint8)
    return data[start : start + width * len(where)].reshape(len(where), width), where


def uscc_valid(column: pa.Array) -> Any:
    """Which cells are 统一社会信用代码 with no finding of their own (a boolean array).

    Valid means: 18 characters of the code's alphabet in upper case, the
    check character right, the embedded 组织机构代码's check right and a
    known 登记管理部门码 with one of its 机构类别码 followed by six digits.
    The placeholder ``00000000000000000X`` is not valid here.

    >>> uscc_valid(pa.array(["91350100M000100Y43", "91350100M000100Y44", "", "x"])).tolist()
    [True, False, False, False]
    """
    valid = np.zeros(len(column), dtype=bool)
    codes, where = _matrix(column, 18)
    valid[where] = uscc_matrix_valid(codes)
    return valid


def uscc_matrix_valid(codes: Any) -> Any:
    """:func:`uscc_valid` of the rows of an ``k × 18`` matrix of bytes."""
    if not len(codes):
        return np.zeros(0, dtype=bool)
    values = np.take(_USCC_TABLE, codes)
    ok = (values != 0xFF).all(axis=1)
    ok &= (-(values[:, :17].astype(np.int64) @ _USCC_WEIGHTS)) % 31 == values[:, 17]
    body = np.take(_ORG_TABLE, codes[:, 8:16])
    ok &= (body != 0xFF).all(axis=1)
    ok &= _ORG_CHECK[(body.astype(np.int64) @ _ORG_WEIGHTS) % 11] == codes[:, 16]
    ok &= _REGISTRATION[codes[:, 0], codes[:, 1]]
    region = codes[:, 2:8]
    ok &= ((region >= 0x30) & (region <= 0x39)).all(axis=1)
    return ok


def resident_valid(column: pa.Array, as_of: dt.date) -> Any:
    """Which cells are valid 18-digit 居民身份证号码 born by ``as_of`` (a boolean array).

    Valid means what :func:`sgs.ids.resident.problem` finds nothing in, with
    an 18-character number: 17 digits, a real birth date from 1850-01-01 to
    ``as_of``, and the right check character (``x`` counts as ``X``).

    >>> resident_valid(pa.array(["420106196509015491", "420106196502295491", "1"]),
    ...                dt.date(2026, 1, 1)).tolist()
    [True, False, False]
    """
    valid = np.zeros(len(column), dtype=bool)
    numbers, where = _matrix(column, 18)
    valid[where] = resident_matrix_valid(numbers, as_of)
    return valid


def resident_matrix_valid(numbers: Any, as_of: dt.date) -> Any:
    """:func:`resident_valid` of the rows of an ``k × 18`` matrix of bytes."""
    if not len(numbers):
        return np.zeros(0, dtype=bool)
    digits = numbers[:, :17].astype(np.int64) - 0x30
    ok = ((digits >= 0) & (digits <= 9)).all(axis=1)
    last = numbers[:, 17]
    last = np.where(last == ord("x"), ord("X"), last)
    ok &= _ID_CHECK[(digits @ _ID_WEIGHTS) % 11] == last
    year = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
    month = digits[:, 10] * 10 + digits[:, 11]
    day = digits[:, 12] * 10 + digits[:, 13]
    ymd = year * 10000 + month * 100 + day
    ok &= (month >= 1) & (month <= 12) & (day >= 1)
    ok &= day <= _MONTH_DAYS[np.clip(month, 0, 12)]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok &= ~((month == 2) & (day == 29)) | leap
    ok &= (ymd >= 18500101) & (ymd <= as_of.year * 10000 + as_of.month * 100 + as_of.day)
    return ok
