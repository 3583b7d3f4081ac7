"""Finding repeated decisions in one run: 决定书文号 per authority, seen before or not.

:class:`SeenKeys` keeps the hash of each decision's key (kind, authority,
决定书文号) in a set — a whole batch of new keys is checked and added in
C with ``isdisjoint`` and ``update`` — and a log of (hash, first record)
in two flat arrays, read only when a repeat is found.

>>> seen = SeenKeys()
>>> seen.add_many([hash(("CF", "11410100MB00000005", "罚〔2019〕1号"))], [1])
{}
>>> seen.add_many([hash(("CF", "11410100MB00000005", "罚〔2019〕1号"))], [7])
{0: 1}
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from typing import Final

__all__ = ["SeenKeys", "normalize_number", "odd_number"]

_ODD = re.compile("[\\[\\]【】()（） \t\r\n\u3000\u00a0]")
_NORMAL = str.maketrans(
    {
        **dict.fromkeys("[【(（", "〔"),
        **dict.fromkeys("]】)）", "〕"),
        **dict.fromkeys(" \t\r\n\u3000\u00a0", None),
    }
)
#: After this many repeats, the log is indexed in a dict instead of being searched.
_SEARCHES: Final = 64

odd_number = _ODD.search


def normalize_number(text: str) -> str:
    """The form of a 决定书文号 used to compare two of them.

    Spaces are dropped and the year brackets written as ``[ ] 【 】 ( ) （ ）``
    become ``〔 〕``, so the same decision typed two ways is one decision.

    >>> normalize_number("罚 [2019] 1号") == normalize_number("罚〔2019〕1号")
    True
    """
    return text.translate(_NORMAL) if _ODD.search(text) else text


class SeenKeys:
    """Key hashes seen so far and the record each was first seen in."""

    def __init__(self) -> None:
        self._seen: set[int] = set()
        self._hashes = array("q")
        self._refs = array("q")
        self._firsts: dict[int, int] | None = None
        self._searches = 0

    def __len__(self) -> int:
        return len(self._seen)

    def _first(self, key: int) -> int:
        if self._firsts is None:
            self._searches += 1
            if self._searches <= _SEARCHES:
                return self._refs[self._hashes.index(key)]
            self._firsts = {}
            for h, r in zip(self._hashes, self._refs, strict=True):
                self._firsts.setdefault(h, r)
        return self._firsts[key]

    def add_many(self, keys: Sequence[int], refs: Sequence[int]) -> dict[int, int]:
        """Add ``keys`` (of the records ``refs``); return position → first ref of the repeats."""
        seen = self._seen
        if self._firsts is None and seen.isdisjoint(keys):
            before = len(seen)
            seen.update(keys)
            self._hashes.extend(keys)
            self._refs.extend(refs)
            if len(seen) - before == len(keys):
                return {}
            # Repeats inside this batch: the log keeps both, and the first comes first.
            first: dict[int, int] = {}
            inside = {}
            for position, key in enumerate(keys):
                if key in first:
                    inside[position] = refs[first[key]]
                else:
                    first[key] = position
            return inside
        repeats = {}
        for position, (key, ref) in enumerate(zip(keys, refs, strict=True)):
            if key in seen:
                repeats[position] = self._first(key)
                continue
            seen.add(key)
            self._hashes.append(key)
            self._refs.append(ref)
            if self._firsts is not None:
                self._firsts[key] = ref
        return repeats

    def first(self, key: int, ref: int) -> int | None:
        """As :meth:`add_many` for one key: the first ref if it is a repeat, else ``None``."""
        return self.add_many([key], [ref]).get(0)
