"""What an XLSX file may cost to read, and fast looks into its sheets' XML.

An XLSX file is a ZIP archive of XML parts. A small file can inflate to
gigabytes (a "zip bomb", or a sheet of a million formatted blank rows), and
openpyxl then parses every cell in Python. Before a workbook is opened,
:func:`check_archive` refuses an archive that is not a workbook, one whose
parts would inflate beyond :attr:`ReadLimits.max_unpacked_bytes`, and a large
part compressed more than :attr:`ReadLimits.max_ratio` to 1, from the sizes
the archive declares (a part's data never inflates beyond its declared size:
:mod:`zipfile` stops there and checks the CRC).

The scans read a part's XML at the speed of zlib and regular expressions,
without parsing it: :func:`first_value_after` finds the first row holding a
value below a given row (whether a sheet has data after a long run of blank
rows, see :attr:`ReadLimits.max_blank_rows`); :func:`merged_ranges` lists a
sheet's merged cells (the forms read their sheets in read-only mode, which
does not give them).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

import attrs

from sgs.errors import InputError

__all__ = [
    "DEFAULT_LIMITS",
    "ReadLimits",
    "at_row",
    "check_archive",
    "damaged",
    "first_value_after",
    "merged_ranges",
]

_MIB = 1 << 20


@attrs.frozen(kw_only=True)
class ReadLimits:
    """Bounds on the cost of reading one file.

    ``max_blank_rows``: a sheet is read up to this many consecutive blank rows;
    then the rest of its XML is scanned for values, and when a row further
    down holds one, reading fails naming that row (nothing is left out
    unsaid). ``0`` reads every row however many are blank.
    ``max_unpacked_bytes``: an XLSX archive's parts may inflate to this many
    bytes in all. ``max_ratio``: a part of at least ``ratio_min_bytes`` may be
    compressed at most this many to one (real sheets, even of formatted blank
    rows, stay far below 100 to 1).
    """

    max_blank_rows: int = attrs.field(default=10_000, validator=attrs.validators.ge(0))
    max_unpacked_bytes: int = attrs.field(default=2048 * _MIB, validator=attrs.validators.gt(0))
    max_ratio: int = attrs.field(default=200, validator=attrs.validators.gt(0))
    ratio_min_bytes: int = attrs.field(default=32 * _MIB, validator=attrs.validators.ge(0))


DEFAULT_LIMITS = ReadLimits()


def _fail(path: str | None, zh: str, en: str, line: int | None = None) -> InputError:
    return InputError(zh, en, path=path, line=line)


def at_row(line: int | None) -> tuple[str, str]:
    """Where reading was, to put in a message: ``（读到第5行时）``, `` (at row 5)``."""
    return (f"（读到第{line}行时）", f" (at row {line})") if line is not None else ("", "")


def damaged(path: str | None, exc: BaseException, line: int | None = None) -> InputError:
    """The error for an archive whose compressed data or structure is broken."""
    where_zh, where_en = at_row(line)
    return _fail(
        path,
        f"Excel (.xlsx) 文件已损坏{where_zh}：压缩数据出错（{exc}）；请重新导出或另存该文件",
        f"the .xlsx file is damaged{where_en}: its compressed data is broken ({exc}); "
        "export or save it again",
        line,
    )


def check_archive(stream: IO[bytes], path: str | None, limits: ReadLimits) -> None:
    """Refuse ``stream`` unless it is a workbook archive within ``limits``; rewind it."""
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _fail(
            path,
            f"不是有效的 Excel (.xlsx) 文件：ZIP 结构损坏（{exc}）",
            f"not a valid .xlsx file: its ZIP structure is broken ({exc})",
        ) from None
    finally:
        stream.seek(0)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        what = "Word 文档" if any(n.startswith("word/") for n in names) else "其他 ZIP 压缩包"
        raise _fail(
            path,
            f"这是{what}，不是 Excel (.xlsx) 工作簿",
            "this is a ZIP archive but not an Excel (.xlsx) workbook",
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_unpacked_bytes:
        raise _fail(
            path,
            f"文件解压后共 {total:,} 字节，超过读取上限 {limits.max_unpacked_bytes:,} 字节；"
            "请删除多余的空行、空列后另存，或拆分为几个文件",
            f"the file inflates to {total:,} bytes, more than the limit of "
            f"{limits.max_unpacked_bytes:,}; remove blank rows and columns, or split the file",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_min_bytes and ratio > limits.max_ratio:
            raise _fail(
                path,
                f"文件中的 {info.filename} 压缩比异常（{ratio:,.0f}:1，解压后 {info.file_size:,} "
                f"字节），像是恶意构造的“压缩炸弹”，已拒绝读取",
                f"{info.filename} in the file is compressed {ratio:,.0f} to 1 (inflating to "
                f"{info.file_size:,} bytes), as a zip bomb is; refused",
            )


_CHUNK = 1 << 20
#: A tag that long is not one of a sheet's: the scan drops it rather than hold it.
_LONGEST_TAG = 1 << 20


def _buffers(stream: IO[bytes], member: str, path: str | None) -> Iterator[bytes]:
    """The XML of part ``member`` by pieces of about a MiB, each ending on a whole tag.

    A tag cut by the end of a piece is left out of it and begins the next one.
    """
    try:
        with zipfile.ZipFile(stream) as archive, archive.open(member) as part:
            carry = b""
            while True:
                chunk = part.read(_CHUNK)
                if not chunk:
                    return
                buffer = carry + chunk
                last = buffer.rfind(b"<")
                if last != -1 and buffer.find(b">", last) == -1:
                    carry = buffer[last:] if len(buffer) - last < _LONGEST_TAG else b""
                    buffer = buffer[:last]
                else:
                    carry = b""
                yield buffer
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError) as exc:
        raise damaged(path, exc) from None
    finally:
        stream.seek(0)


_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ROW_OR_VALUE = re.compile(_PREFIX + rb"(row|v|is)(?=[\s>/])([^>]*)>")
_ROW = re.compile(_PREFIX + rb"row(?=[\s>/])([^>]*)>")
_VALUE = re.compile(_PREFIX + rb"(?:v|is)(?=[\s>])[^>]*(?<!/)>")
_R = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")


def _after_rows(current: int, rows: list[bytes]) -> int:
    """The number of the last of ``rows`` (their attributes), which follow row ``current``."""
    for back, attributes in enumerate(reversed(rows)):
        found = _R.search(attributes)
        if found:
            return int(found.group(1)) + back
    return current + len(rows)


def _past(current: int, buffer: bytes) -> int:
    """The number of the last row that begins in ``buffer``, which follows row ``current``.

    Sheets number their rows (``r="…"``): the last row tag says it, found from
    the end. Without numbers, the row tags are counted.
    """
    at = len(buffer)
    while (at := buffer.rfind(b"row", 0, at)) > 0:
        if buffer[at - 1 : at] in (b"<", b":"):
            start = buffer.rfind(b"<", 0, at)
            tag = _ROW.match(buffer, start)
            if tag is not None:
                found = _R.search(tag.group(1))
                if found:
                    return int(found.group(1))
                break
    return _after_rows(current, _ROW.findall(buffer))


def first_value_after(
    stream: IO[bytes], member: str, row: int, path: str | None = None
) -> int | None:
    """The first row below ``row`` of the sheet part ``member`` with a value, or ``None``.

    A value is a ``<v>`` (number, shared string, formula result) or an
    ``<is>`` (inline string) element; rows are numbered by their ``r``
    attribute or, without one, as the row after the one before, as openpyxl
    does. Below ``row`` the scan runs in the regular expression engine alone:
    a million blank rows take a second.

    >>> import io, zipfile
    >>> data = io.BytesIO()
    >>> with zipfile.ZipFile(data, "w") as z:
    ...     z.writestr("s.xml", '<row r="1"><c><v>1</v></c></row><row r="2"/><row><c><v>2</v></c></row>')
    >>> first_value_after(data, "s.xml", 1), first_value_after(data, "s.xml", 3)
    (3, None)
    """
    current = 0
    for buffer in _buffers(stream, member, path):
        if current > row and b"v>" not in buffer and b"is>" not in buffer:
            current = _past(current, buffer)  # no <v> nor <is> here: only the rows count
            continue
        if current > row:  # only blank rows so far below ``row``: look for a value at once
            value = _VALUE.search(buffer)
            segment = buffer if value is None else buffer[: value.start()]
            current = _after_rows(current, _ROW.findall(segment))
            if value is not None:
                return current
            continue
        for match in _ROW_OR_VALUE.finditer(buffer):
            name, attributes = match.group(1), match.group(2)
            if name == b"row":
                found = _R.search(attributes)
                current = int(found.group(1)) if found else current + 1
            elif current > row and not attributes.endswith(b"/"):
                return current
    return None


_MERGE = re.compile(_PREFIX + rb"""mergeCell\s[^>]*?\bref\s*=\s*["']([A-Za-z0-9:$]+)["']""")


def merged_ranges(
    stream: IO[bytes], member: str, path: str | None = None
) -> list[tuple[int, int, int, int]]:
    """The merged cells of the sheet part ``member``: ``(min_col, min_row, max_col, max_row)``.

    >>> import io, zipfile
    >>> data = io.BytesIO()
    >>> with zipfile.ZipFile(data, "w") as z:
    ...     z.writestr("s.xml", '<mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>')
    >>> merged_ranges(data, "s.xml")
    [(1, 2, 1, 4)]
    """
    from openpyxl.utils.cell import range_boundaries

    ranges: list[tuple[int, int, int, int]] = []
    matches = (m for buffer in _buffers(stream, member, path) for m in _MERGE.finditer(buffer))
    for match in matches:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(
                match.group(1).decode("ascii").replace("$", "")
            )
        except ValueError:
            continue  # not a range: openpyxl would not merge it either
        if None not in (min_col, min_row, max_col, max_row):
            ranges.append((int(min_col), int(min_row), int(max_col), int(max_row)))
    return ranges
