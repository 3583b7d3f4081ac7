"""Where the records of a CSV file are, in bytes: what both engines and every runner share.

A record boundary is a line break with an even number of ``"`` before it,
which holds for any valid CSV file and for the :data:`SAFE_ENCODINGS`
(neither uses the bytes of ``"`` or a line break inside a multi-byte
character).
"""

from __future__ import annotations

from typing import Final

__all__ = ["SAFE_ENCODINGS", "data_start", "line_breaks"]

#: Encodings in which a ``"`` or a line break byte is always that character.
SAFE_ENCODINGS: Final = frozenset({"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "ascii"})


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
