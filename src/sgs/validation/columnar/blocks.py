"""A CSV file's records in blocks, parsed by Arrow, with the line each record starts on.

The data of a file (what follows its header record) is cut into blocks of
about :data:`BLOCK_BYTES` at record boundaries — a line break with an even
number of ``"`` before it, as in :mod:`sgs.validation.runners.processes` —
and each block is parsed by Arrow's CSV reader into string columns. A
block is handed to Arrow only when Arrow is certain to read it as Python's
``csv`` module does; otherwise it comes back as text for the exact reader
(:class:`~sgs.io.tables.CsvRows`), which also gives the exact error of a
malformed file. Such blocks hold a NUL byte, a lone carriage return, a
``"`` inside an unquoted cell or after a closing quote, a row with more or
fewer cells than the header, a cell over the csv module's size limit,
text that does not decode, or anything else Arrow refuses.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any, Final

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sgs.io.tables import undecodable
from sgs.validation.csvdata import byte_marks, crlf_pairs, line_breaks, text_lines

__all__ = ["BLOCK_BYTES", "ArrowBlock", "TextBlock", "blocks"]

#: About how many bytes of the file each block holds.
BLOCK_BYTES: Final = 4 * 2**20


@attrs.frozen
class ArrowBlock:
    """Records parsed by Arrow: string columns, and the line each record starts on."""

    columns: list[pa.Array]
    lines: Any  # numpy int64 array, one per record

    @property
    def rows(self) -> int:
        return len(self.lines)


@attrs.frozen
class TextBlock:
    """Records Arrow must not read: their text as lines (a text stream with ``newline=""``
    splits them), the line they start on, and whether they run to the end of the file."""

    lines: Iterable[str]
    first_line: int
    last: bool


#: A record that does not end within this many blocks' bytes sends the rest of the file to the
#: exact reader (an unclosed quote, most likely) rather than into memory.
LONGEST_RECORD_BLOCKS: Final = 4


@attrs.frozen
class _Marks:
    """Where a block's line breaks and quotes are, found in one pass over its bytes."""

    data: Any  # the bytes as a numpy uint8 array
    quotes: Any  # positions of ``"``
    feeds: Any  # positions of LF
    returns: Any  # positions of CR
    nuls: int  # how many NUL bytes

    @classmethod
    def of(cls, raw: Buffer) -> _Marks:
        r"""The marks of ``raw`` (:func:`~sgs.validation.csvdata.byte_marks`).

        >>> marks = _Marks.of(b'a,"b\r\nc"\r\nd\n')
        >>> marks.quotes.tolist(), marks.feeds.tolist(), marks.odd, marks.breaks
        ([2, 7], [5, 9, 11], False, 3)
        >>> _Marks.of(b"a\rb\n").odd, _Marks.of(b"a\x00\n").odd, _Marks.of(b"a\r").odd
        (True, True, True)
        """
        return cls(*byte_marks(raw))

    @property
    def _pairs(self) -> int:
        """How many CR are followed by LF."""
        return crlf_pairs(self.data, self.returns)

    @property
    def odd(self) -> bool:
        """A NUL byte, or a carriage return not followed by a line feed."""
        return self.nuls > 0 or self._pairs != len(self.returns)

    @property
    def breaks(self) -> int:
        """Line breaks as a text stream with ``newline=""`` counts them (CR LF, CR, LF)."""
        return len(self.feeds) + len(self.returns) - self._pairs

    def cut(self) -> int:
        r"""The end of the last whole record (the last LF with an even number of ``"`` before
        it), or 0 when there is none.

        >>> _Marks.of(b'a\n"b\nc\n').cut(), _Marks.of(b'"a\nb').cut()
        (2, 0)
        """
        feeds = self.feeds
        even = np.flatnonzero(np.searchsorted(self.quotes, feeds) % 2 == 0)
        return int(feeds[even[-1]]) + 1 if len(even) else 0

    def head(self, end: int) -> _Marks:
        """The marks of the first ``end`` bytes."""

        def before(positions: Any) -> Any:
            return positions[: np.searchsorted(positions, end)]

        nuls = self.nuls and int(np.count_nonzero(self.data[:end] == 0))
        return _Marks(self.data[:end], before(self.quotes), before(self.feeds),
                      before(self.returns), nuls)  # fmt: skip


#: What the blocks are read into: bytes, or a view of a buffer read into.
Buffer = bytes | bytearray | memoryview


def _read(stream: io.BufferedReader, carry: bytes, want: int) -> bytearray:
    """``carry`` and the next ``want`` bytes of ``stream`` (fewer at its end), in one buffer
    read into: no copy of the block is made to put the two together."""
    block = bytearray(len(carry) + want)
    block[: len(carry)] = carry
    with memoryview(block) as view, view[len(carry) :] as rest:
        got = stream.readinto(rest)
    if got < want:
        del block[len(carry) + got :]
    return block


def _pieces(
    path: str, start: int, end: int | None, size: int
) -> Iterator[tuple[int, Buffer | None, _Marks | None, bool]]:
    """``(offset, bytes, marks, last)`` from ``start`` to ``end`` (the end of the file when
    ``None``) in pieces that end at record boundaries, with their :class:`_Marks`.

    ``bytes`` is ``None`` when no record boundary came within
    :data:`LONGEST_RECORD_BLOCKS` blocks: the rest of the file from ``offset`` is the exact
    reader's.
    """
    with open(path, "rb") as stream:
        stream.seek(start)
        offset, carry, want = start, b"", size
        remaining = end - start if end is not None else None
        while True:
            if remaining is not None:
                want = min(want, remaining)
                remaining -= want
            block = _read(stream, carry, want) if want else bytearray(carry)
            if len(block) == len(carry):  # nothing more to read
                if block:
                    yield offset, block, _Marks.of(block), True
                return
            marks = _Marks.of(block)
            cut = marks.cut()
            if cut == 0:  # a record longer than the block: read on, up to a point
                if len(block) >= LONGEST_RECORD_BLOCKS * size:
                    yield offset, None, None, True
                    return
                carry, want = bytes(block), size
                continue
            carry, want = bytes(block[cut:]), size
            yield offset, memoryview(block)[:cut], marks.head(cut), False
            offset += cut


def _survey(marks: _Marks, delimiter: int) -> tuple[str, Any]:
    """Whether Arrow might read the block differently from the csv module (see the module
    documentation), and the record each line break inside a quoted cell belongs to
    (``None`` when there is none).

    The first is ``""`` (no), ``"odd"`` (a NUL or a lone carriage return: the exact reader
    takes this block) or ``"stray"`` (a ``"`` inside a cell: the exact reader takes the
    rest of the file, since the quotes no longer tell where records end).
    """
    if marks.odd:
        return "odd", None
    where, data = marks.quotes, marks.data
    if not len(where):
        return "", None
    # Counting from a record boundary, an even-numbered quote opens a cell (after a
    # delimiter or a line break) or doubles the quote before it; an odd-numbered one
    # closes a cell (before a delimiter or a line break) or is doubled by the next.
    edge = np.array([delimiter, 0x0A, 0x0D, 0x22], dtype=np.uint8)
    before = np.isin(data[np.maximum(where - 1, 0)], edge) | (where == 0)
    after = np.isin(data[np.minimum(where + 1, len(data) - 1)], edge) | (where == len(data) - 1)
    opening = np.arange(len(where)) % 2 == 0
    if not np.where(opening, before, after).all():
        return "stray", None
    breaks = marks.feeds
    inside = np.searchsorted(where, breaks) % 2 == 1  # an odd number of quotes before it
    if not inside.any():
        return "", None
    # The record of a break inside a cell: how many records ended before it.
    return "", np.searchsorted(breaks[~inside], breaks[inside])


def blocks(
    path: str,
    start: int,
    *,
    first_line: int,
    encoding: str,
    delimiter: str,
    width: int,
    threads: bool = False,
    size: int | None = None,
    end: int | None = None,
    to_end: bool = True,
) -> Iterator[ArrowBlock | TextBlock]:
    """The records of ``path`` from byte ``start`` (line ``first_line``), block by block.

    With ``end`` the records stop there (a record boundary); ``to_end=False`` says that
    more of the file follows (an unclosed quote is then no error of this part).

    ``width`` is the number of cells of the header: rows of another width
    come back as text. With ``threads`` Arrow parses each block with its
    thread pool.
    """
    size = size or BLOCK_BYTES
    name = codecs.lookup(encoding).name
    utf8 = name in ("utf-8", "utf-8-sig", "ascii")
    names = [f"c{i}" for i in range(width)]
    read = pacsv.ReadOptions(column_names=names, use_threads=threads, block_size=2 * size)
    convert = pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    limit = csv.field_size_limit()
    line = first_line
    for offset, raw, marks, last in _pieces(path, start, end, size):
        last = last and to_end
        if raw is None or marks is None:
            yield TextBlock(text_lines(path, offset, end, name), line, to_end)
            return
        breaks = marks.breaks
        risky, inside = _survey(marks, ord(delimiter))
        if risky == "stray":  # the quote count no longer tells where records end
            yield TextBlock(text_lines(path, offset, end, name), line, to_end)
            return
        found = None
        text = None
        if not utf8:
            text = _decoded(raw, name, path, line)
        if not risky:  # Arrow checks UTF-8 itself; a block it refuses is decoded below
            found = _parse(raw if text is None else text.encode("utf-8"), delimiter,
                           inside is not None, read, convert, limit)  # fmt: skip
        if found is None:
            text = _decoded(raw, name, path, line) if text is None else text
            yield TextBlock(io.StringIO(text, newline=""), line, last)
        else:
            yield ArrowBlock(found, _lines(found, line, inside))
        line += breaks


def _decoded(raw: Buffer, encoding: str, path: str, line: int) -> str:
    """``raw`` as text; the error names the line of the first byte that does not decode."""
    try:
        return str(raw, encoding)
    except UnicodeDecodeError as exc:
        raise undecodable(path, exc, line + line_breaks(bytes(raw[: exc.start]))) from None


def _parse(
    raw: Buffer,
    delimiter: str,
    inside: bool,
    read: pacsv.ReadOptions,
    convert: pacsv.ConvertOptions,
    limit: int,
) -> list[pa.Array] | None:
    invalid: list[object] = []

    def refuse(row: object) -> str:
        invalid.append(row)
        return "skip"

    parse = pacsv.ParseOptions(
        delimiter=delimiter,
        quote_char='"',
        double_quote=True,
        escape_char=False,
        newlines_in_values=inside,  # twice as slow: only where a cell holds a line break
        ignore_empty_lines=False,
        invalid_row_handler=refuse,
    )
    try:
        table = pacsv.read_csv(pa.py_buffer(raw), read, parse, convert)
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if invalid:
        return None
    columns = [c.chunk(0) if c.num_chunks == 1 else c.combine_chunks() for c in table.columns]
    for column in columns:  # characters are never more than bytes
        if (
            len(column)
            and pc.max(pc.binary_length(column)).as_py() > limit
            and pc.max(pc.utf8_length(column)).as_py() > limit
        ):
            return None
    return columns


def _lines(columns: list[pa.Array], first: int, inside: Any) -> Any:
    """The line each record starts on, counting line breaks inside quoted cells (``inside``:
    the record of each, from :func:`_survey`)."""
    n = len(columns[0]) if columns else 0
    lines = np.arange(first, first + n, dtype=np.int64)
    if inside is not None and n:
        lines[1:] += np.cumsum(np.bincount(inside, minlength=n))[: n - 1]
    return lines
