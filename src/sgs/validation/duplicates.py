"""Finding repeated decisions in one input without holding every key as text.

:class:`KeyIndex` maps the 64-bit hash of a key (the authority and the
决定书文号) to the number of the record that first had it, in two flat
arrays with open addressing: 16 bytes a slot, at most half full, so about
32 bytes a record instead of the hundreds a dict of strings takes.

>>> index = KeyIndex()
>>> index.first(hash(("11410100MB00000005", "罚〔2019〕1号")), 1) is None
True
>>> index.first(hash(("11410100MB00000005", "罚〔2019〕1号")), 7)
1
"""

from __future__ import annotations

import re
from array import array
from typing import Final

__all__ = ["KeyIndex", "normalize_number"]

_MASK64: Final = (1 << 64) - 1
_ODD = re.compile("[\\[\\]【】()（） \t\r\n\u3000\u00a0]")
_NORMAL = str.maketrans(
    {
        **dict.fromkeys("[【(（", "〔"),
        **dict.fromkeys("]】)）", "〕"),
        **dict.fromkeys(" \t\r\n\u3000\u00a0", None),
    }
)


def normalize_number(text: str) -> str:
    """The form of a 决定书文号 used to compare two of them.

    Spaces are dropped and the year brackets written as ``[ ] 【 】 ( ) （ ）``
    become ``〔 〕``, so the same decision typed two ways is one decision.

    >>> normalize_number("罚 [2019] 1号") == normalize_number("罚〔2019〕1号")
    True
    """
    return text.translate(_NORMAL) if _ODD.search(text) else text


class KeyIndex:
    """Hash → first record number, growing as needed (see the module documentation)."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        size = 1 << max(4, (max(capacity, 8) * 2 - 1).bit_length())
        self._keys = array("Q", bytes(8 * size))
        self._values = array("q", bytes(8 * size))
        self._mask = size - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def first(self, key_hash: int, value: int) -> int | None:
        """The value stored for ``key_hash``; store ``value`` and return ``None`` if new."""
        h = (key_hash & _MASK64) or 1  # 0 marks an empty slot
        keys = self._keys
        mask = self._mask
        i = h & mask
        while True:
            k = keys[i]
            if k == h:
                return self._values[i]
            if k == 0:
                keys[i] = h
                self._values[i] = value
                self._count += 1
                if self._count * 2 > mask:
                    self._grow()
                return None
            i = (i + 1) & mask

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values
        size = (self._mask + 1) * 2
        keys = array("Q", bytes(8 * size))
        values = array("q", bytes(8 * size))
        mask = size - 1
        for h, v in zip(old_keys, old_values, strict=True):
            if h:
                i = h & mask
                while keys[i]:
                    i = (i + 1) & mask
                keys[i] = h
                values[i] = v
        self._keys, self._values, self._mask = keys, values, mask
