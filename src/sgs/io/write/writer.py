"""The writers of 双公示 files — :func:`open_writer`, :func:`open_table_writer` — over the sinks.

:func:`open_writer` opens a :class:`Writer` for one record kind. Each item
written is a typed record (:class:`~sgs.records.License` /
:class:`~sgs.records.Penalty`), a :class:`~sgs.io.rows.Row` as read, or a
mapping of field code to text. Columns are every field of the kind in
standard order, headed by code, label or attribute name, then any extra
columns. Memory stays flat for any number of rows.

>>> import io
>>> from sgs.records import License
>>> out = io.BytesIO()
>>> with open_writer(out, kind="license", format="csv", headers="code") as writer:
...     writer.write(License(party_name="某公司", remarks="=1+2"))
>>> text = out.getvalue().decode("utf-8-sig")
>>> text.splitlines()[1].split(",")[:3], text.splitlines()[1].split(",")[-1]
(['某公司', '', ''], "'=1+2")

Output to a path is atomic: rows go to a temporary file in the same
directory, which replaces the target only when the writer closes without
an error. An exception inside the ``with`` block removes the temporary file
and leaves any existing target untouched.

Formula injection
-----------------
A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by a spreadsheet program that opens the file. The
writers defuse such texts unless they are plain numbers (``-5``, ``-0.5``):

* CSV: the text is prefixed with a single quote ``'`` (:func:`escape_formula`).
  A text that already starts with quotes followed by one of those characters
  gets one more quote, so that :func:`unescape_formula` undoes the escaping
  exactly;
* XLSX: the text is written as a string cell, never as a formula or error
  cell, and is kept as it is;
* JSON Lines: not a spreadsheet format; texts are written as they are.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import partial
from operator import attrgetter
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, Self

import attrs

from sgs.errors import InputError
from sgs.io.rows import Row
from sgs.io.write.atomic import AtomicFile
from sgs.io.write.csv import CsvSink
from sgs.io.write.jsonl import JsonlSink, unique_keys
from sgs.io.write.sink import Sink
from sgs.io.write.xlsx import XlsxSink
from sgs.records import KeyStyle, License, Penalty
from sgs.records.codecs import format_value
from sgs.standard import FieldSpec, FieldType, Kind, RecordSpec, Standard, get_standard

__all__ = [
    "DateStyle",
    "Item",
    "TableWriter",
    "Target",
    "WriteFormat",
    "Writer",
    "open_table_writer",
    "open_writer",
]

WriteFormat = Literal["csv", "xlsx", "jsonl"]
DateStyle = Literal["slash", "iso"]
#: What :meth:`Writer.write` accepts: a typed record, a row as read, or texts by field code.
Item = License | Penalty | Row | Mapping[str, str]
Target = str | os.PathLike[str] | IO[bytes]

_EXTENSIONS: Mapping[str, WriteFormat] = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl"}
_DATE_STYLES: frozenset[str] = frozenset({"slash", "iso"})


# -- the writer ----------------------------------------------------------------------------------


def _text_cell(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is str:
        return value
    return format_value(value)


def _keep_date(value: Any, date_style: str) -> Any:
    if isinstance(value, dt.date):
        return value
    return format_value(value, date_style)


def _formatter(field: FieldSpec, fmt: WriteFormat, date_style: str) -> Callable[[Any], Any]:
    if field.type is FieldType.DATE:
        if fmt == "xlsx":
            return partial(_keep_date, date_style=date_style)
        return partial(format_value, date_style=date_style)
    if field.type is FieldType.TEXT or (field.type is FieldType.ENUMERATION and not field.multiple):
        return _text_cell
    return format_value


def _record_getter(
    cls: type[License] | type[Penalty], names: Sequence[str]
) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the values of ``names`` of a record, ``None`` for unknown names.

    Fields of a local extension of the standard that the record classes do not
    have come out empty.
    """
    known = {a.name for a in attrs.fields(cls)}
    if len(names) > 1 and all(n in known for n in names):
        getter: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
        return getter
    present = [n for n in names if n in known]

    def values(record: Any) -> tuple[Any, ...]:
        found = {n: getattr(record, n) for n in present}
        return tuple(found.get(n) for n in names)

    return values


class _Output:
    """Closing, aborting and ``with`` for outputs written through a sink, atomically for paths."""

    _closed: bool
    _sink: Sink
    _atomic: AtomicFile | None
    path: str | None

    def _open(
        self,
        target: Target,
        format: WriteFormat,
        headers: tuple[str, ...],
        *,
        encoding: str,
        sheet: str,
        fields: list[FieldSpec | None],
        date_style: str,
        wrap: frozenset[int] = frozenset(),
    ) -> None:
        """Set ``path`` and open the sink of ``format``: for a path, a temporary file beside it.

        ``wrap``: the columns whose texts wrap, in XLSX."""
        self._atomic = None
        if isinstance(target, str | os.PathLike):
            self.path = os.fspath(target)
            self._atomic = AtomicFile(target)
        else:
            self.path = _stream_name(target)
        atomic = self._atomic
        try:
            if format == "xlsx":
                dest: str | IO[bytes]
                if atomic is not None:
                    atomic.release()
                    dest = atomic.tmp
                else:
                    dest = target  # type: ignore[assignment]
                self._sink = XlsxSink(dest, self.path, sheet, headers, fields, date_style, wrap)
                return
            binary = atomic.open() if atomic is not None else target
            owned = atomic is not None
            if format == "csv":
                self._sink = CsvSink(binary, owned, encoding, self.path, headers)  # type: ignore[arg-type]
            else:
                self._sink = JsonlSink(binary, owned, self.path, unique_keys(headers))  # type: ignore[arg-type]
        except BaseException:
            if atomic is not None:
                atomic.discard()
            raise

    def close(self) -> None:
        """Finish the file; for a path, move it into place. Calling it again does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            self._sink.finish()
        except BaseException:
            if self._atomic is not None:
                self._atomic.discard()
            raise
        if self._atomic is not None:
            self._atomic.commit()

    def abort(self) -> None:
        """Give up: remove the temporary file (a path's target stays as it was)."""
        if self._closed:
            return
        self._closed = True
        self._sink.discard()
        if self._atomic is not None:
            self._atomic.discard()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class Writer(_Output):
    """An open output of one record kind. Use :func:`open_writer` to make one.

    Attributes: ``path`` (``None`` for a caller's stream), ``format``,
    ``kind``, ``spec``, ``key_style``, ``headers`` (as written: the fields,
    then ``extras``), ``extras``, ``date_style``, ``encoding`` (CSV) and
    ``count``, the number of items written so far.
    """

    def __init__(
        self,
        target: Target,
        *,
        spec: RecordSpec,
        key_style: KeyStyle,
        format: WriteFormat,
        encoding: str,
        date_style: DateStyle,
        extras: Sequence[str],
    ) -> None:
        self.spec = spec
        self.kind: Kind = spec.kind
        self.key_style = key_style
        self.format: WriteFormat = format
        self.encoding = encoding if format == "csv" else "utf-8"
        self.date_style: DateStyle = date_style
        self.extras: tuple[str, ...] = tuple(dict.fromkeys(extras))
        self.headers: tuple[str, ...] = (
            *(key_style.key(f) for f in spec.fields),
            *self.extras,
        )
        self.count = 0
        self._closed = False
        # Work done once per writer, not per row.
        self._codes = spec.codes
        self._code_set = frozenset(self._codes)
        self._known_keys = self._code_set | frozenset(self.extras)
        self._record_class = License if spec.kind is Kind.LICENSE else Penalty
        self._getter = _record_getter(self._record_class, spec.names)
        self._formatters = tuple(_formatter(f, format, date_style) for f in spec.fields)
        self._empty_extras = [""] * len(self.extras)

        fields: list[FieldSpec | None] = [*spec.fields, *([None] * len(self.extras))]
        self._open(
            target,
            format,
            self.headers,
            encoding=self.encoding,
            sheet=self.kind.label,
            fields=fields,
            date_style=date_style,
        )

    # -- items -> cells ----------------------------------------------------------------------
    def _cells(self, item: Item) -> list[Any]:
        if isinstance(item, License | Penalty):
            if item.__class__ is not self._record_class:
                raise ValueError(
                    f"{item.__class__.__name__} cannot be written to a {self.kind.value} file"
                )
            values = self._getter(item)
            cells = [fmt(v) for fmt, v in zip(self._formatters, values, strict=True)]
            cells.extend(self._empty_extras)
            return cells
        if isinstance(item, Row):
            texts = item.values
            if not texts.keys() <= self._code_set:
                unknown = sorted(set(texts) - self._code_set)
                raise ValueError(
                    f"row {item.position.record}: not {self.kind.value} fields: {unknown}"
                )
            extras = item.extras
            return [texts.get(c) or "" for c in self._codes] + [
                extras.get(h) or "" for h in self.extras
            ]
        if isinstance(item, Mapping):
            if not item.keys() <= self._known_keys:
                unknown = sorted(set(item) - self._known_keys)
                raise ValueError(
                    f"keys that are neither {self.kind.value} field codes nor extra columns: "
                    f"{unknown}"
                )
            return [item.get(c) or "" for c in self._codes] + [
                item.get(h) or "" for h in self.extras
            ]
        raise TypeError(
            f"cannot write {item.__class__.__name__}; expected a record, Row or mapping"
        )

    # -- public API --------------------------------------------------------------------------
    def write(self, item: Item) -> None:
        """Write one record, row or mapping (field code → text).

        Raises :class:`~sgs.errors.InputError` when the item cannot be stored
        in the format (characters the encoding lacks, control characters in
        XLSX); nothing of that item is written and the writer stays usable.
        """
        if self._closed:
            raise ValueError("write to a closed Writer")
        self._sink.write(self._cells(item), self.count + 1)
        self.count += 1

    def write_all(self, items: Iterable[Item]) -> int:
        """Write every item; return how many this call wrote."""
        before = self.count
        for item in items:
            self.write(item)
        return self.count - before

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        where = self.path or "<stream>"
        return f"<Writer {self.format} {self.kind.value} {where} {state}, {self.count} rows>"


def _stream_name(stream: object) -> str | None:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else None


def _format_for(target: Target, format: WriteFormat | None) -> WriteFormat:
    if format is not None:
        if format not in ("csv", "xlsx", "jsonl"):
            raise ValueError(f"unknown output format {format!r}; expected csv, xlsx or jsonl")
        return format
    name = os.fspath(target) if isinstance(target, str | os.PathLike) else _stream_name(target)
    ext = Path(name).suffix.lower() if name else ""
    found = _EXTENSIONS.get(ext)
    if found is None:
        raise InputError(
            f"无法从扩展名 {ext or '（无）'} 判断输出格式，应为 .csv、.xlsx 或 .jsonl",
            f"cannot tell the output format from the extension {ext or '(none)'!r}; "
            "use .csv, .xlsx or .jsonl or pass format=",
            path=name,
        )
    return found


def open_writer(
    target: Target,
    *,
    kind: Kind | str,
    standard: Standard | str | None = None,
    headers: KeyStyle | str = KeyStyle.LABEL,
    format: WriteFormat | None = None,
    encoding: str = "utf-8-sig",
    date_style: DateStyle = "slash",
    extras: Sequence[str] = (),
) -> Writer:
    """Open a writer of ``kind`` records to ``target`` (a path or a binary file).

    ``format`` is taken from the extension (``.csv``, ``.xlsx``, ``.jsonl``)
    unless given. ``headers`` is the key style of the header row (JSON Lines:
    of the keys). ``encoding`` applies to CSV only: UTF-8 with BOM by default
    so that Excel opens it, ``gb18030`` on request; JSON Lines is UTF-8.
    ``date_style`` writes dates as ``YYYY/MM/DD`` (``slash``, as the standard
    does) or ``YYYY-MM-DD`` (``iso``); in XLSX, dates of records are date
    cells shown in that style. ``extras`` names extra columns after the
    fields, filled from a :class:`~sgs.io.rows.Row`'s extras (or a mapping's
    keys) by header. In JSON Lines a repeated header (an extra column named
    like a field) gets ``_2``, ``_3``… so that no value is lost.

    For a path, the file appears only when the writer closes without error
    (see the module documentation); a caller's binary file is written in
    place and left open. Raises :class:`~sgs.errors.InputError` when the
    target cannot be written.

    >>> import io
    >>> out = io.BytesIO()
    >>> with open_writer(out, kind="penalty", format="jsonl", headers="code") as writer:
    ...     writer.write({"CF_XDR_MC": "某公司", "CF_JDRQ": "2019/10/10"})
    >>> out.getvalue().decode()
    '{"CF_XDR_MC": "某公司", "CF_JDRQ": "2019/10/10"}\\n'
    """
    fmt = _format_for(target, format)
    spec = get_standard(standard).spec(kind)
    style = KeyStyle(headers)
    if date_style not in _DATE_STYLES:
        raise ValueError(f"unknown date style {date_style!r}; expected 'slash' or 'iso'")
    if fmt == "csv":
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(
                f"未知的字符编码 {encoding!r}", f"unknown encoding {encoding!r}"
            ) from None
    return Writer(
        target,
        spec=spec,
        key_style=style,
        format=fmt,
        encoding=encoding,
        date_style=date_style,
        extras=extras,
    )


#: What a :class:`TableWriter` cell may be.
Cell = str | int | dt.date | None


def _plain(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


class TableWriter(_Output):
    """Rows of plain cells under any header row — for files that mirror an input.

    Use :func:`open_table_writer`. The same atomic replacement and
    formula-injection protection apply as for :class:`Writer`.
    """

    def __init__(
        self,
        target: Target,
        headers: Sequence[str],
        *,
        format: WriteFormat,
        encoding: str,
        title: str,
        wrap: Collection[str] = (),
    ) -> None:
        self.headers = tuple(headers)
        self.format: WriteFormat = format
        self.count = 0
        self._closed = False
        self._widths = [len(self.headers)]
        self._open(
            target,
            format,
            self.headers,
            encoding=encoding,
            sheet=title,
            fields=[None] * len(self.headers),
            date_style="slash",
            wrap=_positions(self.headers, wrap),
        )

    def add_sheet(self, title: str, headers: Sequence[str], wrap: Collection[str] = ()) -> int:
        """XLSX only: another sheet, with its own header row; its number for :meth:`write`.

        >>> import io, openpyxl
        >>> out = io.BytesIO()
        >>> with open_table_writer(out, ["名称"], format="xlsx", title="法人") as w:
        ...     second = w.add_sheet("自然人", ["姓名"])
        ...     w.write(["张三"], sheet=second)
        >>> openpyxl.load_workbook(out).sheetnames
        ['法人', '自然人']
        """
        if not isinstance(self._sink, XlsxSink):
            raise ValueError(f"only an XLSX file has sheets, not {self.format}")
        number = self._sink.add_sheet(
            title, headers, [None] * len(headers), _positions(headers, wrap)
        )
        self._widths.append(len(headers))
        return number

    def write(
        self, cells: Sequence[Cell], *, sheet: int = 0, notes: Mapping[int, str] | None = None
    ) -> None:
        """Write one row (into ``sheet``, from :meth:`add_sheet`); it is padded or cut to the
        width of the header row.

        A cell is a text, a number or a date: an XLSX file gets number and date
        cells (dates shown ``yyyy/mm/dd``, and a :class:`~sgs.io.tables.DateText`
        as its date), the other formats their text (``2026-11-02``). ``notes``
        marks cells in error by column (0-based): in XLSX each is filled light
        red with its note as a comment; the other formats have no place for them.
        """
        width = self._widths[sheet]
        row: list[Any] = list(cells[:width])
        row.extend([""] * (width - len(row)))
        if isinstance(self._sink, XlsxSink):
            self._sink.write(row, self.count + 1, sheet, notes)
        else:
            self._sink.write([_plain(c) for c in row], self.count + 1)
        self.count += 1


def _positions(headers: Sequence[str], wanted: Collection[str]) -> frozenset[int]:
    return frozenset(i for i, header in enumerate(headers) if header in wanted)


def open_table_writer(
    target: Target,
    headers: Sequence[str],
    *,
    format: WriteFormat | None = None,
    encoding: str = "utf-8-sig",
    title: str = "Sheet1",
    wrap: Collection[str] = (),
) -> TableWriter:
    """Open a :class:`TableWriter` with ``headers`` as its first row.

    ``format`` comes from the extension unless given; ``title`` names the
    XLSX sheet. In XLSX, the columns headed by one of ``wrap`` are wide and
    wrap their texts.

    >>> import io
    >>> out = io.BytesIO()
    >>> with open_table_writer(out, ["名称", "错误说明"], format="csv") as w:
    ...     w.write(["=1+2", "处罚机关为空"])
    >>> out.getvalue().decode("utf-8-sig").splitlines()
    ['名称,错误说明', "'=1+2,处罚机关为空"]
    """
    fmt = _format_for(target, format)
    return TableWriter(target, headers, format=fmt, encoding=encoding, title=title, wrap=wrap)
