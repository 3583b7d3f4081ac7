"""Decision-key hashes computed for a whole column at once with numpy.

The duplicate check compares 64-bit hashes of decision keys
(:func:`~sgs.standard.keys.decision_key`). Where the columnar engine runs,
every key of the run — those of a block's clean records, computed from its
Arrow columns, and those the exact checks make, as Python tuples — is
hashed by the one function here, over the UTF-8 bytes of the key's parts
joined by ``\\x1f``: a multiply and a shift per 8 bytes of the text and xxHash64's
final mixing, run on all texts together as numpy arrays. It
depends on nothing but the bytes, so it is the same in every process and on
every machine (the split runner and a Dask cluster's workers need no other).

>>> hash_keys([("penalty", "11410100MB00000005", "罚〔2019〕1号")])
[-7406337794400802130]
>>> from sgs.validation.columnar.arrays import strings
>>> texts = strings(["penalty\\x1f11410100MB00000005\\x1f罚〔2019〕1号", ""])
>>> hash_texts(texts).tolist()[0] == hash_keys([("penalty", "11410100MB00000005", "罚〔2019〕1号")])[0]
True
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pyarrow as pa

from sgs.standard.keys import DecisionKey

__all__ = ["hash_bytes", "hash_keys", "hash_one", "hash_texts"]

_P1: Final = np.uint64(0x9E3779B185EBCA87)
_P2: Final = np.uint64(0xC2B2AE3D27D4EB4F)
_P3: Final = np.uint64(0x165667B19E3779F9)
_P5: Final = np.uint64(0x27D4EB2F165667C5)

#: Texts are hashed in groups of similar length, each as a matrix of this many 8-byte words
#: or a power of two times it, so that one long text does not widen every row.
_WORDS: Final = 8


def _rows(data: Any, lengths: Any, width: int) -> Any:
    """The hashes of texts whose bytes, in order, are ``data``: ``width`` words a row."""
    n = len(lengths)
    matrix = np.zeros((n, width * 8), dtype=np.uint8)
    matrix[np.arange(width * 8) < lengths[:, None]] = data
    words = matrix.view("<u8")
    count = (lengths + 7) // 8
    h = _P5 + lengths.astype(np.uint64) * _P1
    for j in range(width):
        mixed = (h ^ words[:, j]) * _P1
        mixed ^= mixed >> np.uint64(29)
        h = np.where(j < count, mixed, h)
    h ^= h >> np.uint64(33)
    h *= _P2
    h ^= h >> np.uint64(29)
    h *= _P3
    h ^= h >> np.uint64(32)
    return h.view(np.int64)


def hash_bytes(data: Any, offsets: Any) -> Any:
    """The hashes (int64) of the texts ``data[offsets[i]:offsets[i + 1]]`` (numpy arrays).

    >>> data = np.frombuffer(b"abcdefghij", dtype=np.uint8)
    >>> a, b, c = hash_bytes(data, np.array([0, 3, 10, 10])).tolist()
    >>> a == hash_bytes(data[:3], np.array([0, 3])).tolist()[0], b != c
    (True, True)
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    lengths = np.diff(offsets)
    result = np.empty(len(lengths), dtype=np.int64)
    words = (lengths + 7) // 8
    width = _WORDS
    todo = np.ones(len(lengths), dtype=bool)
    data = data[offsets[0] : offsets[-1]] if len(lengths) else data[:0]
    while todo.any():
        group = todo & (words <= width)
        rows = np.flatnonzero(group)
        if len(rows) == len(lengths):
            result[:] = _rows(data, lengths, width)
        elif len(rows):  # the rows' bytes, one after the other
            result[rows] = _rows(data[np.repeat(group, lengths)], lengths[rows], width)
        todo &= ~group
        width *= 2
    return result


def hash_texts(texts: pa.Array) -> Any:
    """The hashes (int64) of the UTF-8 bytes of each text of a string array without nulls."""
    if not len(texts):
        return np.zeros(0, dtype=np.int64)
    buffers = texts.buffers()
    start = texts.offset
    offsets = np.frombuffer(buffers[1], dtype=np.int32)[start : start + len(texts) + 1]
    buffer = buffers[2]
    data = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    return hash_bytes(data, offsets)


_MASK: Final = 2**64 - 1
_Q1, _Q2, _Q3, _Q5 = (int(p) for p in (_P1, _P2, _P3, _P5))


def hash_one(text: bytes) -> int:
    """:func:`hash_bytes` of one text in plain Python (quicker than numpy for a few).

    >>> hash_one(b"abc") == hash_bytes(np.frombuffer(b"abc", dtype=np.uint8), [0, 3]).tolist()[0]
    True
    """
    size = len(text)
    h = (_Q5 + size * _Q1) & _MASK
    padded = text + bytes(-size % 8)
    for (word,) in struct.iter_unpack("<Q", padded):
        h = (h ^ word) * _Q1 & _MASK
        h ^= h >> 29
    h ^= h >> 33
    h = h * _Q2 & _MASK
    h ^= h >> 29
    h = h * _Q3 & _MASK
    h ^= h >> 32
    return h - 2**64 if h >= 2**63 else h


#: Below this many keys, :func:`hash_one` each is quicker than numpy arrays.
_FEW: Final = 16


def hash_keys(keys: Sequence[DecisionKey]) -> list[int]:
    """The hashes of decision keys: :func:`hash_texts` of their parts joined by ``\\x1f``."""
    if not keys:
        return []
    encoded = ["\x1f".join(key).encode("utf-8", "surrogatepass") for key in keys]
    if len(encoded) < _FEW:
        return [hash_one(e) for e in encoded]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return list(hash_bytes(data, offsets).tolist())
