"""Where the records of a CSV file are, in bytes: what both engines and every runner share.

A record boundary is a line break with an even number of ``"`` before it,
which holds for any valid CSV file and for the :data:`SAFE_ENCODINGS`
(neither uses the bytes of ``"`` or a line break inside a multi-byte
character).
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import Any, Final

from sgs.io.tables import sniff_delimiter

try:  # only to count faster: the pure-Python engine needs no numpy
    import numpy as _np
except ImportError:  # pragma: no cover - the run without the fast extra
    _np = None  # type: ignore[assignment]

__all__ = [
    "SAFE_ENCODINGS",
    "byte_marks",
    "crlf_pairs",
    "data_start",
    "file_delimiter",
    "line_breaks",
    "quotes_and_breaks",
    "text_lines",
]

#: Encodings in which a ``"`` or a line break byte is always that character.
SAFE_ENCODINGS: Final = frozenset({"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "ascii"})

_BLOCK: Final = 4 * 2**20


def byte_marks(block: Any) -> tuple[Any, Any, Any, Any, int]:
    """``block`` (bytes or a buffer) as a numpy array, the positions of its ``"``, LF and
    CR, and how many NUL bytes it has: every byte up to ``"`` (0x22) is picked out in one
    pass (line breaks, quotes, spaces: a few in a line) and those are sorted by value.
    Needs numpy."""
    data = _np.frombuffer(block, dtype=_np.uint8)
    at = _np.flatnonzero(data <= 0x22)
    byte = data[at]
    nuls = int(_np.count_nonzero(byte == 0))
    return data, at[byte == 0x22], at[byte == 0x0A], at[byte == 0x0D], nuls


def crlf_pairs(data: Any, returns: Any) -> int:
    """How many of the CR at ``returns`` (positions in the numpy array ``data``) are
    followed by a LF. Needs numpy."""
    if len(returns) and returns[-1] == len(data) - 1:
        returns = returns[:-1]  # a CR at the end is no CR LF
    return int(_np.count_nonzero(data[returns + 1] == 0x0A))


def quotes_and_breaks(block: bytes) -> tuple[int, int]:
    r"""The number of ``"`` in ``block`` and its :func:`line_breaks`, in one pass of numpy
    where it is installed (a few times quicker than four ``bytes.count``).

    >>> quotes_and_breaks(b'a,"b\r\nc"\r\nd\re\n')
    (2, 4)
    """
    if _np is None:
        return block.count(b'"'), line_breaks(block)
    data, quotes, feeds, returns, _ = byte_marks(block)
    return len(quotes), len(feeds) + len(returns) - crlf_pairs(data, returns)


def line_breaks(block: bytes) -> int:
    """Line breaks as a text stream with ``newline=""`` counts them (CR LF, CR, LF).

    >>> line_breaks(b"a\\r\\nb\\rc\\n")
    3
    """
    return block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")


def data_start(path: str, header_line: int) -> tuple[int, int]:
    """The byte offset just after the header record (which starts on ``header_line``), and
    the physical line the record there starts on."""
    with open(path, "rb") as stream:
        line = 1  # the physical line the next record starts on
        while True:
            starts, parity = line, 0
            while True:
                raw = stream.readline()
                if not raw:
                    return stream.tell(), line
                line += line_breaks(raw)
                parity ^= raw.count(b'"') & 1
                if parity == 0:
                    break
            if starts >= header_line:
                return stream.tell(), line


def file_delimiter(path: str, encoding: str) -> str:
    """The delimiter of the CSV file ``path``, sniffed from its first line."""
    with open(path, "rb") as stream:
        first = stream.readline()
    return sniff_delimiter(first.decode(encoding, "replace").lstrip("\ufeff"))


def text_lines(path: str, start: int, end: int | None, encoding: str) -> Iterator[str]:
    """The lines of ``path`` from byte ``start`` to ``end`` (or its end), decoded as read
    and split as a text stream with ``newline=""`` splits them (a cell's line breaks
    included: the csv module joins them again)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as stream:
        stream.seek(start)
        carry = ""
        remaining = end - start if end is not None else None
        while True:
            want = _BLOCK if remaining is None else min(_BLOCK, remaining)
            data = stream.read(want) if want else b""
            if remaining is not None:
                remaining -= len(data)
            text = carry + decoder.decode(data, final=not data)
            if not data:
                if text:
                    yield from io.StringIO(text, newline="")
                return
            cut = text.rfind("\n") + 1
            carry = text[cut:]
            yield from io.StringIO(text[:cut], newline="")
