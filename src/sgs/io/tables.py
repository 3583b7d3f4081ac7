"""Low-level tabular sources: CSV (any common encoding), XLSX, XLS, JSON Lines, JSON.

Each opener returns a :class:`RawTable` whose ``rows`` yields
``(line, cells)`` pairs lazily — the physical line (CSV) or row number
(Excel) where the row starts, and its cells as text — or, for JSON sources,
``(line, mapping)`` pairs. Nothing here knows the standard.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import importlib
import io
import json
import math
import os
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, Literal, get_args
from xml.etree.ElementTree import ParseError

import attrs

from sgs.errors import InputError
from sgs.inputs import regular_file
from sgs.io.archive import (
    DEFAULT_LIMITS,
    ReadLimits,
    at_row,
    check_archive,
    damaged,
    first_value_after,
    merged_ranges,
)

__all__ = [
    "CSV_MAX_FIELD_CHARS",
    "DEFAULT_LIMITS",
    "FORMATS",
    "DateText",
    "RawTable",
    "RawTables",
    "ReadLimits",
    "cell_text",
    "detect_encoding",
    "detect_format",
    "import_extra",
    "open_table",
    "open_tables",
    "undecodable",
]

Format = Literal["csv", "xlsx", "xls", "jsonl", "json"]
#: The formats by name, as a ``format`` setting may give them.
FORMATS: tuple[Format, ...] = get_args(Format)
Source = str | os.PathLike[str] | IO[bytes] | IO[str]

_SAMPLE_SIZE = 1 << 16
#: The longest CSV cell read, in characters: a longer one is an error (an unclosed quote, mostly).
CSV_MAX_FIELD_CHARS = 64 * 1024 * 1024
csv.field_size_limit(CSV_MAX_FIELD_CHARS)


@attrs.define
class RawTable:
    """An open source of rows. ``mapping_rows`` is true for JSON sources."""

    path: str | None
    format: Format
    rows: Iterator[tuple[int, Any]]
    close: Callable[[], None]
    encoding: str | None = None
    sheet: str | None = None
    mapping_rows: bool = False
    #: For CSV: the rows not yet read, by batches of ``(lines, rows)`` (faster than ``rows``).
    batches: Callable[[int], Iterator[tuple[list[int], list[list[str]]]]] | None = None
    #: For Excel: the names of the workbook's sheets.
    sheets: tuple[str, ...] = ()
    #: For XLSX: the sheet's merged cells, ``(min_col, min_row, max_col, max_row)`` from 1.
    merged: Callable[[], list[tuple[int, int, int, int]]] | None = None


@attrs.define
class RawTables:
    """An open file as its tables: the sheets of a workbook, or the one table of another file.

    ``sheets`` names every sheet of a workbook (``()`` for other formats) and
    ``selected`` those to read: every sheet, or the one ``sheet=`` picked
    (``(None,)`` for other formats). ``open(name)`` gives the :class:`RawTable`
    of one of them, read lazily; its ``close`` leaves the file open for the
    other sheets, which ``close`` of this object closes.
    """

    path: str | None
    format: Format
    open: Callable[[str | None], RawTable]
    close: Callable[[], None]
    sheets: tuple[str, ...] = ()
    selected: tuple[str | None, ...] = (None,)


def _one(table: RawTable) -> RawTables:
    """The tables of a file that holds one table (CSV, JSON)."""
    return RawTables(table.path, table.format, lambda _name: table, table.close)


def _name(source: object) -> str | None:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


_EXTENSIONS: Mapping[str, Format] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}


#: Extensions of documents, never of tables: such a file is refused unless a format is given.
_DOCUMENT_EXTENSIONS: frozenset[str] = frozenset(
    {".md", ".markdown", ".rst", ".html", ".htm", ".pdf", ".doc", ".docx", ".odt", ".rtf"}
    | {".ppt", ".pptx", ".wps"}
)


def _refuse_document(path: str | None) -> None:
    """Raise when ``path``'s extension names a document (a report, a notice), not a table.

    A prose file read as CSV yields rows made of sentences; the caller who
    really has a table under such a name passes ``format="csv"``.
    """
    ext = Path(path).suffix.lower() if path else ""
    if ext in _DOCUMENT_EXTENSIONS:
        raise _fail(
            path,
            f"{ext} 是文档而非数据表格；请提供 CSV、XLSX、XLS、JSON 或 JSON Lines 文件"
            "（若确为 CSV，请改用 .csv 扩展名，或指定格式：命令行 --input-format csv，"
            'Python 中 format="csv"）',
            f"a {ext} file is a document, not a data table; give a CSV, XLSX, XLS, JSON or "
            "JSON Lines file (if it really is CSV, name it .csv or give the format: "
            '--input-format csv on the command line, format="csv" in Python)',
        )


def detect_format(name: str | None, head: bytes) -> Format:
    """The format from the file's first bytes, then its extension.

    >>> detect_format("a.xls", b"PK\\x03\\x04"), detect_format(None, b'{"CF_WSH": 1}')
    ('xlsx', 'jsonl')
    """
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    ext = Path(name).suffix.lower() if name else ""
    if ext in _EXTENSIONS and _EXTENSIONS[ext] not in ("xlsx", "xls"):
        return _EXTENSIONS[ext]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    return "csv"


def detect_encoding(sample: bytes, complete: bool) -> str:
    """``utf-8-sig``, ``utf-16``, ``utf-8`` or ``gb18030`` (which covers GBK and GB2312).

    >>> detect_encoding("名称".encode("gbk"), True), detect_encoding(b"\\xef\\xbb\\xbfa", True)
    ('gb18030', 'utf-8-sig')
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


class DateText(str):
    """The text of a date cell (``2016-04-13``) that remembers the date it shows.

    Everything that reads texts reads it as the text it is; the XLSX writers
    write it back as a date cell (:attr:`date`, a :class:`datetime.datetime`
    when the cell had a time of day), so a date received in a workbook stays
    a date in a receipt or a converted workbook. It pickles with its date.

    >>> text = cell_text(dt.datetime(2016, 4, 13))
    >>> text, text.date, text.strip() is text
    ('2016-04-13', datetime.date(2016, 4, 13), True)
    """

    __slots__ = ("date",)
    date: dt.date

    def __new__(cls, text: str, date: dt.date) -> DateText:
        self = super().__new__(cls, text)
        self.date = date
        return self

    def __reduce__(self) -> tuple[type[DateText], tuple[str, dt.date]]:
        return DateText, (str(self), self.date)

    def strip(self, chars: str | None = None) -> str:
        """The text without the edges ``chars``: itself, as a date's text has none."""
        stripped = str.strip(self, chars)
        return self if len(stripped) == len(self) else stripped


def cell_text(value: Any) -> str:
    """The text of a spreadsheet or JSON cell value, as a person would read it.

    >>> cell_text(201312142.0), cell_text(0.2), cell_text(dt.datetime(2013, 5, 3)), cell_text(None)
    ('201312142', '0.2', '2013-05-03', '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return DateText(value.date().isoformat(), value.date())
        return DateText(value.isoformat(sep=" "), value)
    if isinstance(value, dt.date):
        return DateText(value.isoformat(), value)
    if isinstance(value, dt.time | int):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fail(path: str | None, zh: str, en: str, line: int | None = None) -> InputError:
    return InputError(zh, en, path=path, line=line)


def _open_binary(source: Source, path: str | None) -> IO[bytes]:
    if isinstance(source, str | os.PathLike):
        regular_file(source)  # before opening: opening a FIFO blocks, /dev/zero never ends
        try:
            return open(source, "rb")
        except FileNotFoundError:
            raise _fail(path, "文件不存在", "file not found") from None
        except OSError as exc:
            raise _fail(
                path, f"无法读取文件：{exc.strerror}", f"cannot read file: {exc.strerror}"
            ) from None
    if isinstance(source, io.TextIOBase):
        raise TypeError("internal: text streams are handled by the caller")
    return source  # type: ignore[return-value]


def open_table(
    source: Source,
    *,
    format: Format | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> RawTable:
    """Open ``source`` (a path or an open file) as a table, detecting format and encoding.

    A path must be a regular file (not a directory, FIFO or device). ``limits``
    bound what an XLSX file may cost to read (:class:`ReadLimits`). Of a
    workbook, ``sheet`` is read (a name or 0-based index), by default the
    first sheet; :func:`open_tables` gives every sheet.
    """
    tables = open_tables(source, format=format, encoding=encoding, sheet=sheet, limits=limits)
    try:
        table = tables.open(tables.selected[0])
    except BaseException:
        tables.close()
        raise
    table.close = tables.close
    return table


def open_tables(
    source: Source,
    *,
    format: Format | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> RawTables:
    """Open ``source`` as its tables: every sheet of a workbook (or only ``sheet``), else one.

    As :func:`open_table` for the rest. A workbook is opened once; its
    sheets are read one after the other, each lazily (XLSX in openpyxl's
    read-only mode).
    """
    path = _name(source)
    if isinstance(source, io.TextIOBase):
        text_stream: IO[str] = source  # type: ignore[assignment]
        if format is None:
            _refuse_document(path)
        fmt = format or _format_from_text(path, text_stream)
        return _one(_text_table(text_stream, path, fmt, None, close=lambda: None))
    if format is None:
        _refuse_document(path)
    stream = _open_binary(source, path)
    owned = isinstance(source, str | os.PathLike)
    try:
        head = stream.read(_SAMPLE_SIZE)
        complete = len(head) < _SAMPLE_SIZE
        stream.seek(0)
    except OSError as exc:
        stream.close()
        raise _fail(path, f"无法读取文件：{exc}", f"cannot read file: {exc}") from None
    if not head:
        if owned:
            stream.close()
        raise _fail(path, "文件为空", "the file is empty")
    fmt = format or detect_format(path, head)
    close = stream.close if owned else (lambda: None)
    named = Path(path).suffix.lower().lstrip(".") if path else ""
    if format is None and named in ("xlsx", "xls") and fmt not in ("xlsx", "xls"):
        close()
        raise _fail(  # a CSV renamed, an HTML page "exported to Excel", a text file
            path,
            f"不是有效的 {named.upper()} 文件（内容是文本而非 Excel 工作簿）；若是 CSV，请改用 .csv "
            '扩展名，或指定格式：命令行 --input-format csv，Python 中 format="csv"',
            f"not a valid {named.upper()} file (its content is text, not an Excel workbook); "
            "if it is CSV, name it .csv or give the format: --input-format csv on the command "
            'line, format="csv" in Python',
        )
    try:
        if fmt in ("xlsx", "xls"):
            if fmt == "xlsx":
                tables = _xlsx_tables(stream, path, close, limits)
            else:
                tables = _xls_tables(stream, path, close)
            try:
                tables.selected = _select(list(tables.sheets), sheet, path)
            except BaseException:
                tables.close()
                raise
            return tables
        enc = _text_encoding(encoding, head, path) if encoding else detect_encoding(head, complete)
        if b"\x00" in head and not codecs.lookup(enc).name.startswith(("utf-16", "utf-32")):
            little, big = head[1::2].count(0), head[::2].count(0)
            if max(little, big) > len(head) // 8 and min(little, big) * 10 < max(little, big):
                raise _fail(  # the zero bytes of ASCII in UTF-16, every other byte
                    path,
                    "不是文本表格文件（含二进制内容）；若是没有 BOM 的 UTF-16 文本，"
                    "请用 --encoding utf-16 指定编码",
                    "not a text table (binary content); if it is UTF-16 text without a BOM, "
                    "pass the encoding utf-16",
                )
            raise _fail(
                path, "不是文本表格文件（含二进制内容）", "not a text table (binary content)"
            )
        text = io.TextIOWrapper(stream, encoding=enc, newline="")
        return _one(_text_table(text, path, fmt, enc, close))
    except BaseException:
        close()
        raise


#: Encodings whose byte order a BOM gives, and the size of their code unit.
_UNIT = {"utf-16": 2, "utf-32": 4}


def _text_encoding(encoding: str, head: bytes, path: str | None) -> str:
    """The encoding to read with when ``encoding`` was asked for, checked against the file.

    An unknown name or a codec that is not a text encoding (``rot13``,
    ``base64``) is refused. ``utf-16``/``utf-32`` need a BOM to know the byte
    order: without one it is read from where the zero bytes of ASCII text
    fall, and a file without such bytes is not UTF-16/32 at all.

    >>> _text_encoding("UTF-16", "代码,名称".encode("utf-16-be"), None)
    'utf-16-be'
    """
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise _fail(
            path, f"未知的字符编码 {encoding!r}", f"unknown encoding {encoding!r}"
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise _fail(
            path,
            f"{encoding!r} 不是字符编码（是一种数据转换），请指定 utf-8、gb18030 等字符编码",
            f"{encoding!r} is not a text encoding (it is a data transform); give utf-8, "
            "gb18030 or another text encoding",
        )
    unit = _UNIT.get(info.name)
    if unit is None:
        return encoding
    if unit == 2:
        boms: tuple[bytes, ...] = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    else:
        boms = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    if head.startswith(boms):
        return encoding
    sample = head[: 4096 - 4096 % unit]
    little, big = sample[unit - 1 :: unit].count(0), sample[::unit].count(0)
    if little != big:
        return f"{info.name}-{'le' if little > big else 'be'}"
    upper = info.name.upper()
    raise _fail(
        path,
        f"指定的编码 {encoding} 与文件不符：文件开头没有字节顺序标记（BOM），内容也不像 {upper} "
        f"文本；请改用 {info.name}-le 或 {info.name}-be，或不指定编码由 sgs 自动识别",
        f"the file does not look like {upper}: it has no byte order mark (BOM) and no "
        f"{upper} text; give {info.name}-le or {info.name}-be, or no encoding to detect it",
    )


def _format_from_text(path: str | None, stream: IO[str]) -> Format:
    ext = Path(path).suffix.lower() if path else ""
    fmt = _EXTENSIONS.get(ext, "csv")
    return "csv" if fmt in ("xlsx", "xls") else fmt


def _text_table(
    stream: IO[str], path: str | None, fmt: Format, enc: str | None, close: Callable[[], None]
) -> RawTable:
    if fmt == "jsonl":
        return RawTable(path, fmt, _jsonl_rows(stream, path), close, enc, mapping_rows=True)
    if fmt == "json":
        return RawTable(path, fmt, _json_rows(stream, path), close, enc, mapping_rows=True)
    rows = CsvRows(stream, path)
    return RawTable(path, "csv", iter(rows), close, enc, batches=rows.batches)


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a CSV file from its first line: ``,`` tab ``;`` or ``|``.

    >>> sniff_delimiter("CF_WSH;CF_JDRQ;CF_CFJG")
    ';'
    """
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _line_breaks(cell: str) -> int:
    """Line breaks inside a cell, counted as a text stream with ``newline=""`` splits lines."""
    return cell.count("\n") + cell.count("\r") - cell.count("\r\n")


#: A line inside one cell holding this many delimiters is a row swallowed by an open quote.
_SWALLOWED_DELIMITERS = 5


def swallowed(cells: Sequence[str], delimiter: str) -> bool:
    r"""Whether the last cell of the file's last row ran from an unclosed quote to end of file.

    The csv module accepts end of file inside a quoted field: a ``"`` that is
    never closed takes every later row into one cell. Such a cell holds the
    file's last line break, or lines that are whole rows (many delimiters).

    >>> swallowed(["某公司", '见附件\n2,b,c,d,e,f,g\n'], ","), swallowed(["a", "两行\n备注"], ",")
    (True, False)
    """
    if not cells:
        return False
    last = cells[-1]
    if "\n" not in last and "\r" not in last:
        return False
    if last.endswith(("\n", "\r")):
        return True
    return any(line.count(delimiter) >= _SWALLOWED_DELIMITERS for line in last.splitlines()[1:])


class CsvRows:
    """The rows of CSV text with their line numbers: one at a time, or by batches.

    Iterating gives ``(line, cells)``; :meth:`batches` gives ``(lines, rows)``
    lists, read by the csv module in C (validation uses them). ``lines`` is
    the text as lines (a text stream with ``newline=""``, or the lines of a
    part of a file that starts on line ``first_line``; ``to_end=False`` when that
    part stops before the end of the file).

    A quote opened and never closed takes every later row into one cell: when
    the file's last row looks like that (:func:`swallowed`), reading fails with
    an :class:`~sgs.errors.InputError` naming the line where the quote opened.
    """

    def __init__(
        self,
        lines: Iterable[str],
        path: str | None,
        *,
        delimiter: str | None = None,
        first_line: int = 1,
        to_end: bool = True,
    ) -> None:
        self.path = path
        #: Whether the lines run to the end of the file: only then is an open quote an error.
        self.to_end = to_end
        self.offset = first_line - 1
        lines = iter(lines)
        if delimiter is None:
            try:
                first = next(lines, "")
            except UnicodeError as exc:
                self.reader = csv.reader(())
                raise self._error(exc) from None
            delimiter = sniff_delimiter(first)
            lines = chain((first,), lines) if first else lines  # chain: no Python step a line
        self.delimiter = delimiter
        self.reader = csv.reader(lines, delimiter=delimiter)
        #: A row read ahead, with the line before it, to learn whether the file ended.
        self._ahead: tuple[int, list[str]] | None = None

    def _error(self, exc: Exception, start: int | None = None) -> InputError:
        """The error for ``exc``, raised reading the row that starts on line ``start``."""
        line = self.offset + self.reader.line_num + 1
        if isinstance(exc, UnicodeError):
            return undecodable(self.path, exc, line)
        if "field larger than field limit" in str(exc):
            limit = csv.field_size_limit()  # CSV_MAX_FIELD_CHARS, unless a caller changed it
            zh, en = (f"第{start}行起的", f"the row on line {start}") if start else (
                f"读到第{line}行时，", f"the row read up to line {line}"
            )  # fmt: skip
            return _fail(
                self.path,
                f"{zh}一格超过 {limit:,} 个字符（单元格长度上限）；"
                '多半是某个引号（"）没有闭合，其后的内容都被读进了这一格',
                f"a cell of {en} is longer than {limit:,} characters (the "
                'limit); most likely a quote (") is never closed, so what follows was read '
                "into that cell",
                start or line,
            )
        return _fail(self.path, f"CSV 格式错误：{exc}", f"malformed CSV: {exc}", line)

    def _unclosed(self, line: int, cells: Sequence[str]) -> InputError:
        opened = line + sum(_line_breaks(c) for c in cells[:-1])
        return _fail(
            self.path,
            f'第{opened}行第{len(cells)}列的引号（"）没有闭合，其后各行都被读进了这一格；'
            "请补上闭合的引号后重新提交",
            f'the quote (") opened in column {len(cells)} of line {opened} is never closed, '
            "so every later row was read into that one cell; close the quote and resubmit",
            opened,
        )

    def _peek(self, cells: list[str], before: int) -> None:
        """After a row that may hold an unclosed quote: fail if it is the file's last row.

        Otherwise the next row is kept (``_ahead``) for whichever of :meth:`__iter__`
        and :meth:`batches` reads on.
        """
        after = self.offset + self.reader.line_num
        following = next(self.reader, None)
        if following is None:
            if self.to_end:
                raise self._unclosed(before + 1, cells)
            return
        self._ahead = (after, following)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = self.reader
        delimiter = self.delimiter
        before = self.offset
        try:
            while True:
                if self._ahead is not None:
                    (before, cells), self._ahead = self._ahead, None
                else:
                    before = self.offset + reader.line_num
                    found = next(reader, None)
                    if found is None:
                        return
                    cells = found
                if swallowed(cells, delimiter):
                    self._peek(cells, before)
                yield before + 1, cells
        except (UnicodeError, csv.Error) as exc:
            raise self._error(exc, before + 1) from None

    def batches(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """Lists of up to ``size`` rows and the line each starts on."""
        reader = self.reader
        delimiter = self.delimiter
        while True:
            try:
                if self._ahead is not None:
                    (before, first), self._ahead = self._ahead, None
                    rows = [first, *islice(reader, size - 1)]
                else:
                    before = self.offset + reader.line_num
                    rows = list(islice(reader, size))
                if not rows:
                    return
                lines = self._lines(before, rows)
                if swallowed(rows[-1], delimiter):
                    self._peek(rows[-1], lines[-1] - 1)
            except (UnicodeError, csv.Error) as exc:
                raise self._error(exc) from None
            yield lines, rows

    def _lines(self, before: int, rows: list[list[str]]) -> list[int]:
        """The line each of ``rows`` starts on, the first one after line ``before``."""
        after = self.offset + self.reader.line_num
        if after - before == len(rows):
            return list(range(before + 1, before + 1 + len(rows)))
        lines = []  # some cell holds a line break: count them
        line = before + 1
        for cells in rows:
            lines.append(line)
            line += 1 + sum(_line_breaks(c) for c in cells if "\n" in c or "\r" in c)
        return lines


def _json_value_map(obj: Any, path: str | None, line: int) -> Mapping[str, str]:
    if not isinstance(obj, dict):
        raise _fail(
            path, 'JSON 记录不是对象（应为 {"字段": 值}）', "a JSON record is not an object", line
        )
    return {str(k): cell_text(v) for k, v in obj.items()}


def undecodable(path: str | None, exc: UnicodeError, line: int | None = None) -> InputError:
    if isinstance(exc, UnicodeDecodeError):
        return _fail(
            path,
            f"文件编码无法识别（{exc.encoding} 解码失败），请用 --encoding 指定编码",
            f"cannot decode the file as {exc.encoding}; pass the encoding explicitly",
            line,
        )
    return _fail(
        path,
        f"文件无法按所给编码解码（{exc}），请用 --encoding 指定正确的编码",
        f"cannot decode the file ({exc}); pass the right encoding",
        line,
    )


def _json_int(text: str) -> int | str:
    """A JSON integer, or its digits as text when Python refuses to convert that many."""
    limit = sys.get_int_max_str_digits()
    return text if limit and len(text.lstrip("-")) > limit else int(text)


def _json_float(text: str) -> float | str:
    """A JSON number with a fraction or exponent, or its text when it overflows (``1e999``)."""
    value = float(text)
    return value if math.isfinite(value) else text


def _too_deep(path: str | None, line: int | None) -> InputError:
    where_zh, where_en = (f"第{line}行的", f"on line {line} ") if line else ("", "")
    return _fail(
        path,
        f"{where_zh}JSON 嵌套层数过多，无法读取（记录应为一层对象）",
        f"the JSON {where_en}is nested too deeply to read (records are flat objects)",
        line,
    )


def _json_loads(text: str) -> Any:
    return json.loads(text, parse_int=_json_int, parse_float=_json_float)


def _jsonl_rows(stream: IO[str], path: str | None) -> Iterator[tuple[int, Mapping[str, str]]]:
    number = 0
    try:
        for number, line in enumerate(stream, 1):
            text = line.strip().lstrip("\ufeff")
            if not text:
                continue
            try:
                obj = _json_loads(text)
                values = _json_value_map(obj, path, number)
            except json.JSONDecodeError as exc:
                raise _fail(
                    path,
                    f"第{number}行不是有效的 JSON：{exc.msg}",
                    f"line {number} is not valid JSON: {exc.msg}",
                    number,
                ) from None
            except RecursionError:
                raise _too_deep(path, number) from None
            yield number, values
    except UnicodeError as exc:
        raise undecodable(path, exc, number + 1) from None


_ROW_KEYS = ("rows", "records", "data", "list", "items", "result")


def _json_rows(stream: IO[str], path: str | None) -> Iterator[tuple[int, Mapping[str, str]]]:
    """A whole JSON document: a list of objects, or an object holding one (``{"rows": [...]}``)."""
    try:
        doc = _json_loads(stream.read())
    except json.JSONDecodeError as exc:
        raise _fail(
            path,
            f"不是有效的 JSON：{exc.msg}（第{exc.lineno}行）",
            f"not valid JSON: {exc.msg} (line {exc.lineno})",
            exc.lineno,
        ) from None
    except UnicodeError as exc:
        raise undecodable(path, exc) from None
    except RecursionError:
        raise _too_deep(path, None) from None
    items = doc
    if isinstance(doc, dict):
        lists = [doc[k] for k in _ROW_KEYS if isinstance(doc.get(k), list)]
        if not lists:
            lists = [v for v in doc.values() if isinstance(v, list)]
        items = lists[0] if lists else [doc]
    if not isinstance(items, list):
        raise _fail(path, "JSON 中找不到记录列表", "no list of records found in the JSON document")
    for number, obj in enumerate(items, 1):
        try:
            values = _json_value_map(obj, path, number)
        except RecursionError:
            raise _too_deep(path, None) from None
        yield number, values


def import_extra(module: str, extra: str, path: str | None, *, writing: bool = False) -> Any:
    """Import the optional ``module`` of extra ``extra``, or explain how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        zh, en = ("写出", "writing") if writing else ("读取", "reading")
        raise _fail(
            path,
            f"{zh} .{extra} 需要安装 {module}：pip install 'shuanggongshi[{extra}]'",
            f"{en} .{extra} needs {module}: pip install 'shuanggongshi[{extra}]'",
        ) from None


def _xlsx_error(path: str | None, exc: Exception, line: int | None = None) -> InputError:
    """The error for what openpyxl raised reading a workbook (at row ``line``)."""
    where_zh, where_en = at_row(line)
    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps what it met in a ValueError of its own
        if type(cause).__module__.startswith("defusedxml") or isinstance(
            cause, ParseError | zlib.error | zipfile.BadZipFile
        ):
            exc = cause  # type: ignore[assignment]
            break
        cause = cause.__cause__ or cause.__context__
    if type(exc).__module__.startswith("defusedxml"):
        return _fail(
            path,
            f"文件中的 XML 含有实体或 DTD 声明{where_zh}，可能是恶意构造的文件，已拒绝读取"
            "（Excel 自己保存的文件不含这些声明）",
            f"the file's XML declares entities or a DTD{where_en}, as maliciously crafted "
            "files do; refused (files Excel saves have none)",
            line,
        )
    if isinstance(exc, zipfile.BadZipFile | zipfile.LargeZipFile | zlib.error | EOFError):
        return damaged(path, exc, line)
    if isinstance(exc, ParseError | RecursionError):
        return _fail(
            path,
            f"Excel (.xlsx) 文件中的 XML 格式错误{where_zh}：{exc}；请重新导出或另存该文件",
            f"the .xlsx file's XML is malformed{where_en}: {exc}; export or save it again",
            line,
        )
    return _fail(
        path,
        f"不是有效的 Excel (.xlsx) 文件{where_zh}：{exc}",
        f"not a valid .xlsx file{where_en}: {exc}",
        line,
    )


def _unexpected(exc: Exception) -> bool:
    """Whether ``exc`` is no fault of the file: it is raised as it is."""
    return isinstance(exc, MemoryError | ImportError | InputError)


def _xlsx_tables(
    stream: IO[bytes], path: str | None, close: Callable[[], None], limits: ReadLimits
) -> RawTables:
    openpyxl = import_extra("openpyxl", "xlsx", path)
    check_archive(stream, path, limits)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a corrupt file
        if _unexpected(exc):
            raise
        raise _xlsx_error(path, exc) from None

    def close_all() -> None:
        book.close()
        close()

    try:
        names = tuple(book.sheetnames)
    except Exception as exc:
        close_all()
        if _unexpected(exc):
            raise
        raise _xlsx_error(path, exc) from None

    def table(name: str | None) -> RawTable:
        try:
            ws = book[name]
        except Exception as exc:
            if _unexpected(exc):
                raise
            raise _xlsx_error(path, exc) from None
        if not hasattr(ws, "iter_rows"):  # a chart sheet: no cells
            return RawTable(path, "xlsx", iter(()), lambda: None, sheet=name, sheets=names)
        return _xlsx_sheet(ws, stream, path, name, names, limits)

    return RawTables(path, "xlsx", table, close_all, names)


def _xlsx_sheet(
    ws: Any,
    stream: IO[bytes],
    path: str | None,
    name: str | None,
    names: tuple[str, ...],
    limits: ReadLimits,
) -> RawTable:
    """The table of one worksheet of a read-only workbook."""
    # Exporters write a <dimension> that understates the rows (ref="A1:U3" over ten rows):
    # read every row the sheet holds, never only the ones the dimension claims.
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    member = getattr(ws, "_worksheet_path", None)
    member = member.lstrip("/") if isinstance(member, str) else None

    def rows() -> Iterator[tuple[int, list[str]]]:
        values = ws.iter_rows(values_only=True)
        number = blank = 0
        most = limits.max_blank_rows
        while True:
            try:
                found = next(values, None)
            except Exception as exc:  # a part broken further on: name the row reached
                if _unexpected(exc):
                    raise
                raise _xlsx_error(path, exc, number + 1) from None
            if found is None:
                return
            number += 1
            cells = [cell_text(v) for v in found]
            if any(cells):
                blank = 0
            else:
                blank += 1
                if most and blank >= most:
                    _blank_run(stream, member, path, number, blank)
                    return
            yield number, cells

    def merged() -> list[tuple[int, int, int, int]]:
        return merged_ranges(stream, member, path) if member else []

    return RawTable(path, "xlsx", rows(), lambda: None, sheet=name, sheets=names, merged=merged)


def _blank_run(stream: IO[bytes], member: str | None, path: str | None, row: int, run: int) -> None:
    """After ``run`` blank rows up to ``row``: stop reading, or raise when values follow."""
    first = row - run + 1
    if member is None:  # pragma: no cover - an openpyxl without the sheet's part name
        warnings.warn(
            f"{path}: 工作表从第{first}行起连续{run:,}行为空，读到第{row}行停止，其后各行未读 "
            f"(the sheet has {run:,} blank rows from row {first}; reading stopped at row {row})",
            stacklevel=3,
        )
        return
    found = first_value_after(stream, member, row, path)
    if found is None:
        return  # only blank rows follow: nothing is left out
    raise _fail(
        path,
        f"工作表从第{first}行起连续{run:,}行为空，读到第{row}行停止；但第{found}行还有数据。"
        "请删除多余的空行后另存，或调高空行上限（--max-blank-rows，0 为不限）",
        f"the sheet has {run:,} blank rows from row {first}, so reading stopped at row {row}; "
        f"but row {found} holds data. Remove the blank rows, or raise the limit "
        "(--max-blank-rows; 0 for none)",
        found,
    )


def _select(names: list[str], sheet: str | int | None, path: str | None) -> tuple[str, ...]:
    """The sheets to read: every one of ``names``, or the one ``sheet`` names or numbers."""
    if not names:
        raise _fail(path, "工作簿中没有工作表", "the workbook has no sheets")
    if sheet is None:
        return tuple(names)
    if isinstance(sheet, int) or (
        isinstance(sheet, str) and sheet.isdigit() and sheet not in names
    ):
        index = int(sheet)
        if 0 <= index < len(names):
            return (names[index],)
    elif sheet in names:
        return (sheet,)
    listed = "、".join(names)
    raise _fail(
        path,
        f"找不到工作表 {sheet!r}（现有：{listed}）",
        f"no sheet {sheet!r} (sheets: {', '.join(names)})",
    )


def _xls_tables(stream: IO[bytes], path: str | None, close: Callable[[], None]) -> RawTables:
    xlrd = import_extra("xlrd", "xls", path)
    try:
        book = xlrd.open_workbook(
            file_contents=stream.read(), on_demand=True, logfile=io.StringIO()
        )
    except Exception as exc:  # xlrd raises many unrelated types for a corrupt file
        if isinstance(exc, ImportError | MemoryError):
            raise
        raise _fail(
            path, f"不是有效的 Excel (.xls) 文件：{exc}", f"not a valid .xls file: {exc}"
        ) from None
    names = tuple(book.sheet_names())
    datemode = book.datemode

    def text(cell: Any) -> str:
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return cell_text(xlrd.xldate_as_datetime(cell.value, datemode))
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return cell_text(cell.value)
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return str(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return "TRUE" if cell.value else "FALSE"
        return cell_text(cell.value)

    def table(name: str | None) -> RawTable:
        try:
            ws = book.sheet_by_name(name)  # on demand: the sheet's records are parsed here
        except Exception as exc:  # the same zoo of types for a corrupt sheet
            if isinstance(exc, ImportError | MemoryError):
                raise
            raise _fail(
                path,
                f"工作表 {name} 已损坏，无法读取：{type(exc).__name__}: {exc}",
                f"sheet {name} is damaged and cannot be read: {type(exc).__name__}: {exc}",
            ) from None

        def rows() -> Iterator[tuple[int, list[str]]]:
            for index in range(ws.nrows):
                yield index + 1, [text(c) for c in ws.row(index)]

        return RawTable(path, "xls", rows(), lambda: None, sheet=name, sheets=names)

    def close_all() -> None:
        book.release_resources()
        close()

    return RawTables(path, "xls", table, close_all, names)
