"""The bytes of a block's cells, seen once by numpy: lengths, edges, fixed-width matrices.

The filters ask the same few questions of every cell — is it empty, would
the exact reader strip something off it, is it an empty marker such as
``无``, does it start with a formula quote. Asked of each column through
Arrow's string kernels, they cost a kernel call (and a hash set, for the
markers) per column per block. Here the block's columns are joined into
one array and answered together from its offsets and data bytes: a cell's
length, its first and its last three bytes. A cell the answer is unsure of
counts as *odd*, so that its record is a suspect: the answer is a superset.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, Final

import numpy as np
import pyarrow as pa

from sgs.validation.columnar.arrays import strings
from sgs.validation.engine import TRIM

__all__ = ["BlockCells"]

#: The bytes of the one-byte characters of :data:`~sgs.validation.engine.TRIM`.
_ASCII_TRIM: Final = np.zeros(256, dtype=bool)
_ASCII_TRIM[[ord(c) for c in TRIM if ord(c) < 0x80]] = True
_WIDE: Final = [c.encode("utf-8") for c in TRIM if ord(c) >= 0x80]
#: The UTF-8 of its other characters, as integers of their two or three bytes.
_WIDE_TRIM: Final = tuple((len(b), int.from_bytes(b, "big")) for b in _WIDE)


#: The first byte, and the byte before the last, of the characters ``str.strip()`` takes
#: off that UTF-8 writes in more than one byte (the others are all at most 0x20).
_WIDE_SPACES: Final = [chr(c).encode("utf-8") for c in range(0x80, 0x3001) if chr(c).isspace()]
_SPACE_LEADS: Final = np.array(sorted({b[0] for b in _WIDE_SPACES}), dtype=np.uint8)
_SPACE_BEFORE_LAST: Final = np.array(sorted({b[-2] for b in _WIDE_SPACES}), dtype=np.uint8)


class BlockCells:
    """The cells of ``columns`` (string arrays of one length) as numpy sees their bytes.

    >>> cells = BlockCells([pa.array(["a", " b", ""]), pa.array(["无", "c\\u3000", "'1"])])
    >>> cells.filled(0).tolist(), cells.filled(1).tolist()
    ([True, True, False], [True, True, True])
    >>> cells.odd({"无"}, unescape=True).tolist()
    [[False, True, False], [True, True, True]]
    """

    def __init__(self, columns: Sequence[pa.Array]) -> None:
        self.width = len(columns)
        self.n = n = len(columns[0]) if columns else 0
        joined = pa.concat_arrays(list(columns)) if columns else strings([])
        buffers = joined.buffers()
        offsets = np.frombuffer(buffers[1], dtype=np.int32, count=len(joined) + 1,
                                offset=4 * joined.offset)  # fmt: skip
        data = buffers[2]
        self.data = (
            np.frombuffer(data, dtype=np.uint8)
            if data is not None and data.size
            else (np.zeros(1, dtype=np.uint8))
        )
        self.offsets = offsets = offsets.astype(np.intp)  # numpy gathers faster with these
        self.starts = offsets[:-1].reshape(self.width, n)
        self.lengths = (offsets[1:] - offsets[:-1]).reshape(self.width, n)

    def filled(self, column: int) -> Any:
        """Which cells of column ``column`` hold text."""
        return self.lengths[column] > 0

    def _bytes(self, positions: Any) -> Any:
        """The bytes at ``positions`` (clipped to the data)."""
        return np.take(self.data, positions, mode="clip")

    def _word(self, positions: Any) -> Any:
        """The three bytes from each of ``positions`` as one integer."""
        word = self._bytes(positions).astype(np.uint32) << 16
        word |= self._bytes(positions + 1).astype(np.uint32) << 8
        return word | self._bytes(positions + 2)

    def odd(self, markers: Collection[str], *, unescape: bool) -> Any:
        """Which filled cells the exact reader may not take as they are (``width × n``).

        Those with a character of :data:`~sgs.validation.engine.TRIM` at
        either end, those that may be one of the empty ``markers`` (the same
        length and first bytes), and with ``unescape`` those that start with
        the formula quote ``'``. A first look at each cell's first byte and
        last two leaves the few cells that could be any of these to a second,
        at their first and last three bytes.
        """
        encoded = [m.encode("utf-8") for m in markers if m]
        starts, lengths = self.starts.ravel(), self.lengths.ravel()
        # Cells follow each other in the data: the bytes before a cell's start end the one
        # before it.
        offsets = self.offsets
        heads, last = self._bytes(offsets[:-1]), self._bytes(offsets[1:] - 1)
        before = self._bytes(offsets[1:] - 2)
        maybe = (heads <= 0x20) | (last <= 0x20)  # ASCII spaces, and control characters
        for lead in {b[0] for b in _WIDE}:
            maybe |= heads == lead
        for wide in _WIDE:
            maybe |= (before == wide[-2]) & (last == wide[-1])
        if unescape:
            maybe |= heads == ord("'")
        for marker in encoded:
            maybe |= (lengths == len(marker)) & (heads == marker[0])
        maybe &= lengths > 0
        where = np.flatnonzero(maybe)
        odd = np.zeros(len(starts), dtype=bool)
        if len(where):
            at, size = starts[where], lengths[where]
            head, tail = self._word(at), self._word(at + size - 3)
            found = _ASCII_TRIM[head >> 16] | _ASCII_TRIM[tail & 0xFF]
            for width, code in _WIDE_TRIM:
                found |= ((head >> 8 * (3 - width)) == code) | (
                    (tail & (1 << 8 * width) - 1) == code
                )
            for marker in encoded:
                width = min(len(marker), 3)
                prefix = int.from_bytes(marker[:width], "big")
                found |= (size == len(marker)) & ((head >> 8 * (3 - width)) == prefix)
            if unescape:
                found |= (head >> 16) == ord("'")
            odd[where] = found
        return odd.reshape(self.lengths.shape)

    def spaced(self, column: int) -> Any:
        """Which cells of column ``column`` may start or end with a character that
        ``str.strip()`` takes off: a superset, from their first byte and last two.

        >>> cells = BlockCells([pa.array(["a", " b", "c\u2009", "号", ""])])
        >>> cells.spaced(0).tolist()
        [False, True, True, False, False]
        """
        starts, lengths = self.starts[column], self.lengths[column]
        ends = starts + lengths
        heads, last, before = self._bytes(starts), self._bytes(ends - 1), self._bytes(ends - 2)
        maybe = (heads <= 0x20) | (last <= 0x20) | np.isin(heads, _SPACE_LEADS)
        maybe |= np.isin(before, _SPACE_BEFORE_LAST)
        return maybe & (lengths > 0)

    def fixed(self, column: int, width: int) -> tuple[Any, Any]:
        """The cells of column ``column`` of exactly ``width`` bytes as a ``k × width``
        matrix of bytes, and the records they are in."""
        where = np.flatnonzero(self.lengths[column] == width)
        starts = self.starts[column][where]
        return self.data[starts[:, None] + np.arange(width)], where
