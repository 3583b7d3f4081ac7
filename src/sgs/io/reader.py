"""Reading 双公示 records from the files people actually have.

:func:`read` opens a CSV (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16),
XLSX, XLS, JSON Lines or JSON file, finds the header row (also below a
title row), recognises the record kind and the fields from the headers,
and then streams :class:`~sgs.io.rows.Row` objects — one per non-empty data
row, each with its position. Memory stays flat for any file size (except
``.xls`` and whole-document ``.json``, which their formats load at once).

>>> import io
>>> text = "标题：2019年行政处罚\\nCF_XDR_MC,CF_WSH,CF_JDRQ\\n　某公司 ,罚字〔2019〕1号,2019年3月5日\\n"
>>> with read(io.StringIO(text)) as reader:
...     rows = list(reader)
>>> reader.kind, rows[0].values, rows[0].position.line
(<Kind.PENALTY: 'penalty'>, {'CF_XDR_MC': '某公司', 'CF_WSH': '罚字〔2019〕1号', 'CF_JDRQ': '2019年3月5日'}, 3)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from types import TracebackType
from typing import Any, cast

import attrs

from sgs.errors import InputError
from sgs.io.formula import unescape_formula
from sgs.io.headers import HeaderMatch, Origin, header_table, resolve_header, score_headers
from sgs.io.rows import Position, Row
from sgs.io.tables import (
    DEFAULT_LIMITS,
    Format,
    RawTable,
    ReadLimits,
    Source,
    cell_text,
    open_tables,
)
from sgs.io.template import INSTRUCTIONS_HEADERS, INSTRUCTIONS_SHEET, LISTS_SHEET
from sgs.records import Record, ValueProblem
from sgs.standard import Kind, RecordSpec, Standard, get_standard

__all__ = [
    "DEFAULT_EMPTY_MARKERS",
    "RECEIPT_COLUMNS",
    "Column",
    "Reader",
    "Tables",
    "WorkbookReader",
    "clean",
    "read",
    "read_all",
]

#: Cell texts that mean "no value".
DEFAULT_EMPTY_MARKERS: frozenset[str] = frozenset({"", "/", "无", "-"})

#: The two columns sgs's rejection receipts (退回回执) end with: 错误字段, 错误说明.
RECEIPT_COLUMNS = ("错误字段", "错误说明")

# ASCII whitespace, the ideographic space (U+3000), NBSP, BOM and zero-width space.
_TRIM = " \t\r\n\v\f\u3000\u00a0\ufeff\u200b"

#: How many rows at the top of a sheet are searched for the header row.
HEADER_SEARCH_ROWS = 30


class _NoHeader(InputError):
    """A table without a recognisable header row (in a workbook: a sheet that holds no records).

    ``empty`` says that the table holds no text at all (an unused sheet).
    """

    empty = False


def clean(text: str) -> str:
    """Trim ASCII and full-width spaces and NBSP from both ends.

    >>> clean("\\u3000 某公司\\u00a0")
    '某公司'
    """
    return text.strip(_TRIM)


@attrs.frozen
class Column:
    """One column of the source: its header and the field it feeds (``None``: extra)."""

    index: int
    header: str
    code: str | None
    origin: Origin | None = None
    value_map: Mapping[str, str] = attrs.field(factory=dict)
    implies: Mapping[str, str] = attrs.field(factory=dict)


class Reader:
    """An open source of rows of one record kind. Use :func:`read` to make one.

    Attributes: ``path``, ``format``, ``encoding`` (text formats), ``sheet``
    (Excel), ``kind``, ``standard``, ``spec``, ``headers`` (as in the file),
    ``header_line`` and ``columns``. Iterate once for :class:`Row` objects,
    or call :meth:`records` for typed records. A reader reads one table (one
    sheet); :class:`WorkbookReader` reads several, its :attr:`parts`.
    """

    def __init__(
        self,
        table: RawTable | None,
        *,
        mappings: Iterable[Mapping[str, Any]] | None = None,
        kind: Kind | str | None,
        standard: Standard | str | None,
        empty_markers: Collection[str],
        name: str | None = None,
        formula_quotes: bool | None = None,
    ) -> None:
        self._table = table
        self.standard = get_standard(standard)
        self.path = table.path if table else name
        self.format: Format | None = table.format if table else None
        self.encoding = table.encoding if table else None
        self.sheet = table.sheet if table else None
        self.empty_markers = frozenset(empty_markers)
        self._consumed = False
        self._rest: Iterator[tuple[int, Any]] = iter(())
        self._buffered: list[tuple[int, list[str]]] = []
        wanted = Kind.parse(kind) if kind is not None else None
        if table is not None and not table.mapping_rows:
            self._init_tabular(table, wanted)
        else:
            source = table.rows if table is not None else _numbered(mappings or ())
            self._init_mappings(source, wanted)
        #: Whether a ``'`` that sgs's CSV writer put before ``= + - @`` is taken off.
        self.formula_quotes = (
            formula_quotes if formula_quotes is not None else self._written_by_sgs()
        )

    def _written_by_sgs(self) -> bool:
        """Whether the file looks like sgs's own CSV, whose ``'`` before ``= + - @`` is an escape.

        sgs writes the header row on line 1: every field of the standard, in its
        order, under its exact code, label or attribute name, then any extra
        column; its rejection receipts end with the :data:`RECEIPT_COLUMNS`. Any
        other file was written by someone else, whose leading ``'`` is their own.
        """
        if self.format != "csv":
            return False
        if self.headers[-2:] == RECEIPT_COLUMNS:
            return True  # a rejection receipt: the rows as received, escaped by sgs
        fields = self.spec.fields
        if self.header_line != 1 or len(self.headers) < len(fields):
            return False
        first = [h.strip() for h in self.headers[: len(fields)]]
        return any(
            first == [getattr(f, style) for f in fields] for style in ("code", "label", "name")
        )

    # -- header detection -------------------------------------------------------------------
    def _scores(self, headers: list[str], wanted: Kind | None) -> dict[Kind, int]:
        kinds = [wanted] if wanted is not None else list(Kind)
        return {k: score_headers(self.standard.spec(k), headers) for k in kinds}

    def _choose_kind(self, scores: dict[Kind, int]) -> Kind:
        best = max(scores, key=lambda k: scores[k])
        if any(k is not best and s == scores[best] for k, s in scores.items()):
            raise InputError(
                "无法从表头判断是行政许可还是行政处罚，请指定记录类型"
                '（命令行 --kind license|penalty，Python 中 kind="license" 或 "penalty"）',
                "cannot tell from the headers whether these are licenses or penalties; "
                "pass the kind (--kind license|penalty on the command line, "
                'kind="license" or "penalty" in Python)',
                path=self.path,
            )
        return best

    def _init_tabular(self, table: RawTable, wanted: Kind | None) -> None:
        buffered: list[tuple[int, list[str]]] = []
        best: tuple[int, int, dict[Kind, int]] | None = None  # score, index in buffer, scores
        ended = False
        for line, cells in table.rows:
            buffered.append((line, cells))
            scores = self._scores(cells, wanted)
            score = max(scores.values())
            if score >= 2 and (best is None or score > best[0]):
                best = (score, len(buffered) - 1, scores)
            if len(buffered) >= HEADER_SEARCH_ROWS:
                break
        else:
            ended = True  # the table ended within the rows searched
        if best is None:
            error = _NoHeader(
                "找不到可识别的表头：前30行中没有一行含有至少两个双公示字段名（代码或中文名）",
                "no header row found: none of the first 30 rows names at least two "
                "双公示 fields (codes or Chinese labels)",
                path=self.path,
            )
            error.empty = ended and not any(any(c.strip() for c in row) for _, row in buffered)
            raise error
        _, index, scores = best
        self.kind = self._choose_kind(scores)
        self.header_line: int | None = buffered[index][0]
        self.headers = tuple(buffered[index][1])
        self.spec: RecordSpec = self.standard.spec(self.kind)
        self.columns = self._columns(self.headers)
        self._buffered = buffered[index + 1 :]
        self._rest = chain(self._buffered, table.rows)

    def _init_mappings(self, source: Iterator[tuple[int, Any]], wanted: Kind | None) -> None:
        first = next(source, None)
        if first is None:
            if wanted is None:
                raise InputError("没有记录", "no records", path=self.path)
            self.kind, self.headers = wanted, ()
            self._rest = iter(())
        else:
            self.headers = tuple(str(k) for k in first[1])
            scores = self._scores(list(self.headers), wanted)
            self.kind = self._choose_kind(scores)
            if scores[self.kind] < 1:
                raise InputError(
                    "记录的键不是双公示字段名（代码或中文名）",
                    "the record keys are not 双公示 field names (codes or Chinese labels)",
                    path=self.path,
                )
            self._rest = chain([first], source)
        self.header_line = None
        self.spec = self.standard.spec(self.kind)
        self.columns = self._columns(self.headers)

    def _columns(self, headers: Iterable[str]) -> tuple[Column, ...]:
        table = header_table(self.spec)
        matches: list[HeaderMatch | None] = [resolve_header(table, h) for h in headers]
        # For single-valued fields, the most certain header wins; the others stay extras.
        winner: dict[str, int] = {}
        for i, m in enumerate(matches):
            if m is None or m.code.startswith("~"):
                continue
            multiple = self.spec[m.code].multiple
            if multiple:
                continue
            j = winner.get(m.code)
            current = matches[j] if j is not None else None
            if current is None or m.origin < current.origin:
                winner[m.code] = i
        columns = []
        for i, (header, m) in enumerate(zip(headers, matches, strict=True)):
            code = None
            if (
                m is not None
                and not m.code.startswith("~")
                and (self.spec[m.code].multiple or winner.get(m.code) == i)
            ):
                code = m.code
            legacy = m.legacy if m is not None else None
            columns.append(
                Column(
                    index=i,
                    header=header,
                    code=code,
                    origin=m.origin if m is not None else None,
                    value_map=legacy.value_map if legacy and code else {},
                    implies=legacy.implies if legacy and code else {},
                )
            )
        return tuple(columns)

    # -- rows ---------------------------------------------------------------------------------
    @property
    def unmapped(self) -> tuple[str, ...]:
        """Headers that are not standard fields (their cells are kept as extras).

        A header that repeats one before it is numbered (``内部编号``, ``内部编号_2``), so
        that both columns are kept.
        """
        names = self._extra_names()
        return tuple(names[c.index] for c in self.columns if c.code is None and c.header.strip())

    def _extra_names(self) -> dict[int, str]:
        """The name under which each non-standard column's cells are kept, unique."""
        names: dict[int, str] = {}
        seen: set[str] = {c.header for c in self.columns if c.code is not None}
        for c in self.columns:
            if c.code is not None:
                continue
            base = c.header or f"列{c.index + 1}"
            name, n = base, 1
            while name in seen:
                n += 1
                name = f"{base}_{n}"
            seen.add(name)
            names[c.index] = name
        return names

    @property
    def tabular(self) -> bool:
        """Whether the source is a table of cells (CSV, XLSX, XLS), not of mappings."""
        return self._table is not None and not self._table.mapping_rows

    @property
    def parts(self) -> tuple[Reader, ...]:
        """One reader per sheet this reader reads: itself (see :class:`WorkbookReader`)."""
        return (self,)

    @property
    def sheets(self) -> tuple[str, ...]:
        """The Excel sheets this reader reads, in order (``()`` for other formats)."""
        return tuple(p.sheet for p in self.parts if p.sheet is not None)

    def cells(self) -> Iterator[tuple[int, list[str]]]:
        """The data rows below the header as raw cells, each with its line or Excel row.

        For tables only (see :attr:`tabular`); like iteration, this consumes
        the reader. Validation uses it to check cells without building rows.
        """
        if not self.tabular:
            raise TypeError("cells() needs a table source (CSV, XLSX, XLS)")
        if self._consumed:
            raise RuntimeError("a Reader can be iterated only once; call read() again")
        self._consumed = True
        return self._rest

    def cell_batches(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """As :meth:`cells`, by lists of up to ``size`` rows: ``(lines, rows)``.

        CSV files are read by batches in C, without a Python step per row.
        """
        if not self.tabular:
            raise TypeError("cell_batches() needs a table source (CSV, XLSX, XLS)")
        if self._consumed:
            raise RuntimeError("a Reader can be iterated only once; call read() again")
        self._consumed = True
        assert self._table is not None
        buffered = self._buffered
        for start in range(0, len(buffered), size):
            part = buffered[start : start + size]
            yield [line for line, _ in part], [cells for _, cells in part]
        if self._table.batches is not None:
            yield from self._table.batches(size)
            return
        rows = self._table.rows
        while True:
            part = list(islice(rows, size))
            if not part:
                return
            yield [line for line, _ in part], [cells for _, cells in part]

    def __iter__(self) -> Iterator[Row]:
        if self._consumed:
            raise RuntimeError("a Reader can be iterated only once; call read() again")
        self._consumed = True
        if self.tabular:
            return self._tabular_rows()
        return self._mapping_rows()

    def _tabular_rows(self) -> Iterator[Row]:
        extra_names = self._extra_names()
        columns = [
            (c.index, c.code, extra_names.get(c.index, c.header), c.value_map, c.implies)
            for c in self.columns
        ]
        width = len(columns)
        empty = self.empty_markers
        path, sheet = self.path, self.sheet
        multiple = {c.code for c in self.columns if c.code and self.spec[c.code].multiple}
        # sgs's CSV writer puts ' before = + - @ so spreadsheets do not run them: undo it.
        unescape = self.formula_quotes
        record = 0
        for line, cells in self._rest:
            values: dict[str, str] = {}
            extras: dict[str, str] = {}
            any_text = False
            for index, code, header, value_map, implies in columns:
                if index >= len(cells):
                    break
                text = cells[index].strip(_TRIM)
                if unescape and text[:1] == "'":
                    text = unescape_formula(text).strip(_TRIM)
                if text in empty:
                    if text:
                        any_text = True
                    continue
                any_text = True
                if code is None:
                    extras[header] = text
                    continue
                if value_map:
                    text = value_map.get(text, text)
                if code in values and code in multiple:
                    values[code] = f"{values[code]};{text}"
                else:
                    values[code] = text
                for implied, implied_value in implies.items():
                    values.setdefault(implied, implied_value)
            for index in range(width, len(cells)):
                text = cells[index].strip(_TRIM)
                if text:
                    any_text = True
                    extras[f"列{index + 1}"] = text
            if not any_text:
                continue  # blank or formatted-but-empty row
            record += 1
            yield Row(Position(path, record, line, sheet), values, tuple(cells), extras)

    def _mapping_rows(self) -> Iterator[Row]:
        table = header_table(self.spec)
        known: dict[str, Column | None] = {c.header: c for c in self.columns}
        unseen = Column(-1, "", None)
        empty = self.empty_markers
        record = 0
        for line, mapping in self._rest:
            values: dict[str, str] = {}
            extras: dict[str, str] = {}
            for key, value in mapping.items():
                column = known.get(key, unseen)
                if column is unseen:
                    m = resolve_header(table, key)
                    ok = m is not None and not m.code.startswith("~")
                    column = known[key] = (
                        Column(
                            -1,
                            key,
                            m.code,
                            m.origin,
                            m.legacy.value_map if m.legacy else {},
                            m.legacy.implies if m.legacy else {},
                        )
                        if ok and m is not None
                        else None
                    )
                text = value if isinstance(value, str) else cell_text(value)
                text = text.strip(_TRIM)
                if text in empty:
                    continue
                if column is None or column.code is None:
                    extras[key] = text
                    continue
                code = column.code
                text = column.value_map.get(text, text)
                if code in values and self.spec[code].multiple:
                    values[code] = f"{values[code]};{text}"
                elif code in values:
                    extras[key] = text
                else:
                    values[code] = text
                for implied, implied_value in column.implies.items():
                    values.setdefault(implied, implied_value)
            record += 1
            raw = tuple(
                value if isinstance(value, str) else cell_text(value) for value in mapping.values()
            )
            # A JSON Lines file has lines; an iterable of mappings only record numbers.
            position = Position(self.path, record, line if self._table is not None else None)
            yield Row(position, values, raw, extras, tuple(str(k) for k in mapping))

    def records(self) -> Iterator[tuple[Row, Record, tuple[ValueProblem, ...]]]:
        """Each row with its typed record and the values that did not parse."""
        spec = self.spec
        for row in self:
            record, problems = row.to_record(spec)
            yield row, record, problems

    # -- lifetime -----------------------------------------------------------------------------
    def close(self) -> None:
        if self._table is not None:
            self._table.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _numbered(mappings: Iterable[Mapping[str, Any]]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    yield from enumerate(mappings, 1)


class WorkbookReader(Reader):
    """A reader over several record sheets of one workbook, all of one kind, in order.

    :func:`read` gives one for a workbook with more than one record sheet.
    Its attributes (``sheet``, ``headers``, ``header_line``, ``columns``…)
    are those of the first sheet, except :attr:`unmapped`, the extra columns
    of every sheet; :attr:`parts` holds one reader per sheet and
    :attr:`sheets` their names. Iterating gives the rows of every sheet, each
    position naming its sheet (record numbers and rows count per sheet).
    :meth:`cells` and :meth:`cell_batches` read one sheet: use them on the parts.
    """

    def __init__(self, parts: Sequence[Reader], close: Callable[[], None]) -> None:
        first = parts[0]
        self._table = first._table
        self._parts = tuple(parts)
        self._close = close
        self._consumed = False
        self.standard = first.standard
        self.path = first.path
        self.format = first.format
        self.encoding = first.encoding
        self.sheet = first.sheet
        self.empty_markers = first.empty_markers
        self.kind = first.kind
        self.spec = first.spec
        self.header_line = first.header_line
        self.headers = first.headers
        self.columns = first.columns
        self.formula_quotes = first.formula_quotes

    @property
    def parts(self) -> tuple[Reader, ...]:
        """One reader per sheet, in the workbook's order."""
        return self._parts

    @property
    def unmapped(self) -> tuple[str, ...]:
        """The extra columns of every sheet, in order, each named once."""
        return tuple(dict.fromkeys(name for p in self._parts for name in p.unmapped))

    def cells(self) -> Iterator[tuple[int, list[str]]]:
        raise TypeError("cells() reads one sheet: call it on each of reader.parts")

    def cell_batches(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        raise TypeError("cell_batches() reads one sheet: call it on each of reader.parts")

    def __iter__(self) -> Iterator[Row]:
        if self._consumed:
            raise RuntimeError("a Reader can be iterated only once; call read() again")
        self._consumed = True
        return chain.from_iterable(self._parts)

    def close(self) -> None:
        self._close()


class Tables:
    """The record tables of one source, as readers: :func:`read_all` opens them.

    A workbook gives one :class:`Reader` per sheet with a recognised header
    (``skipped`` names the others); any other source gives one. Iterate for
    the readers; ``with`` closes the file. Attributes: ``path``, ``format``,
    ``readers``, ``skipped``, :attr:`sheets` (the sheets read).
    """

    def __init__(
        self,
        path: str | None,
        format: Format | None,
        readers: Sequence[Reader],
        close: Callable[[], None],
        skipped: Sequence[str] = (),
    ) -> None:
        self.path = path
        self.format = format
        self.readers = tuple(readers)
        self.skipped = tuple(skipped)
        self._close = close

    @property
    def sheets(self) -> tuple[str, ...]:
        """The sheets read, in order (``()`` for a source that is no workbook)."""
        return tuple(r.sheet for r in self.readers if r.sheet is not None)

    def __iter__(self) -> Iterator[Reader]:
        return iter(self.readers)

    def __len__(self) -> int:
        return len(self.readers)

    def one(self) -> Reader:
        """One reader over every table: the only one, or a :class:`WorkbookReader` over the
        sheets when they hold records of one kind. Closing it closes the file.

        Sheets of different kinds raise :class:`~sgs.errors.InputError` (pick one with
        ``sheet=``, or read each reader of these tables), and the file is closed.
        """
        if len(self.readers) == 1:
            reader = self.readers[0]
            if reader._table is not None:
                reader._table.close = self._close
            return reader
        kinds = {r.kind for r in self.readers}
        if len(kinds) > 1:
            self.close()
            raise InputError(*_mixed_kinds(self.readers), path=self.path)
        return WorkbookReader(self.readers, self._close)

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Tables:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _mixed_kinds(readers: Sequence[Reader]) -> tuple[str, str]:
    """The words for a workbook whose record sheets are of both kinds."""
    by_kind: dict[Kind, list[str]] = {}
    for r in readers:
        by_kind.setdefault(r.kind, []).append(r.sheet or "")
    zh = "；".join(f"{k.label}：{'、'.join(names)}" for k, names in by_kind.items())
    en = "; ".join(f"{k.value}: {', '.join(names)}" for k, names in by_kind.items())
    return (
        f"工作簿中既有行政许可又有行政处罚的工作表（{zh}），请指定要读取的工作表"
        '（命令行 --sheet NAME，Python 中 sheet="工作表名"），或用 sgs.read_all 逐表读取',
        f"the workbook holds both license and penalty sheets ({en}); pick the sheet to read "
        "(--sheet NAME on the command line, sheet='NAME' in Python), or read each with "
        "sgs.read_all",
    )


#: The first row of the instructions sheet of sgs's own template (see :mod:`sgs.io.template`).
_TEMPLATE_INSTRUCTIONS = list(INSTRUCTIONS_HEADERS)


def _sgs_template_sheet(name: str | None, first: list[str] | None) -> bool:
    """Whether a sheet without records is one of those sgs's template adds (skipped unsaid)."""
    if name == LISTS_SHEET:
        return True
    return name == INSTRUCTIONS_SHEET and first is not None and first == _TEMPLATE_INSTRUCTIONS


def _skipped_warning(path: str | None, names: Sequence[str]) -> None:
    """One warning naming the sheets of a workbook that are no tables of records."""
    zh = "、".join(f"“{n}”" for n in names)
    en = ", ".join(repr(n) for n in names)
    one = len(names) == 1
    warnings.warn(
        f"{path or '<input>'}: 工作表{zh}不是记录表（没有可识别的表头），已跳过 "
        f"(sheet{'' if one else 's'} {en} {'is' if one else 'are'} not "
        f"{'a table' if one else 'tables'} of records: no recognisable header; skipped)",
        stacklevel=3,
    )


def _no_sheet(path: str | None, names: Sequence[str | None]) -> InputError:
    listed = "、".join(n or "" for n in names)
    return InputError(
        f"找不到可识别的表头：各工作表（{listed}）的前30行中都没有一行含有至少两个双公示字段名"
        "（代码或中文名）",
        f"no header row found in any sheet ({', '.join(n or '' for n in names)}): none of "
        "their first 30 rows names at least two 双公示 fields (codes or Chinese labels)",
        path=path,
    )


def _fields(reader: Reader) -> int:
    """How many distinct fields the reader's columns feed."""
    return len({c.code for c in reader.columns if c.code is not None})


def read_all(
    source: Source | Iterable[Mapping[str, Any]],
    *,
    kind: Kind | str | None = None,
    standard: Standard | str | None = None,
    format: Format | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    empty_markers: Collection[str] = DEFAULT_EMPTY_MARKERS,
    name: str | None = None,
    formula_quotes: bool | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Tables:
    """Open ``source`` as its record tables: one :class:`Reader` per sheet of a workbook.

    The options are those of :func:`read`. Every sheet of a workbook is
    opened, its header found (the rows below are read lazily, sheet after
    sheet, when the readers are iterated); a sheet without a recognisable
    header — an instructions sheet, a table of something else — is skipped
    and named in one warning. Empty sheets and the instructions and code-list
    sheets of sgs's own template (:func:`~sgs.io.write_template`) are skipped
    without a word: they hold nothing of the sender's. When several sheets are
    read, a header naming a single field (an instructions sheet listing
    字段名称 and 字段代码) does not make a table of records either.
    ``skipped`` of the result names every sheet skipped. ``sheet`` reads that sheet only. Raises
    :class:`~sgs.errors.InputError` when no sheet holds records, or the source
    cannot be used at all. Use as a context manager: it closes the file.
    """
    import io
    import os

    if not isinstance(source, str | os.PathLike | io.IOBase):
        only = Reader(
            None,
            mappings=cast(Iterable[Mapping[str, Any]], source),
            kind=kind,
            standard=standard,
            empty_markers=empty_markers,
            name=name,
        )
        return Tables(only.path, None, [only], only.close)
    raw = open_tables(source, format=format, encoding=encoding, sheet=sheet, limits=limits)
    try:
        several = len(raw.selected) > 1
        readers: list[Reader] = []
        skipped: list[str] = []
        unsaid: list[str] = []  # empty sheets, and those sgs's own template adds
        for sheet_name in raw.selected:
            table = raw.open(sheet_name)
            first: list[str] | None = None
            if several:  # an Excel sheet: its first row may be sgs's template's
                found = next(table.rows, None)
                first = found[1] if found is not None else None
                table.rows = chain([found] if found is not None else [], table.rows)
            reader: Reader | None
            empty = False
            try:
                reader = Reader(
                    table,
                    kind=kind,
                    standard=standard,
                    empty_markers=empty_markers,
                    formula_quotes=formula_quotes,
                )
            except _NoHeader as exc:
                if not several:
                    raise
                reader, empty = None, exc.empty
            if reader is not None and (not several or _fields(reader) > 1):
                readers.append(reader)
            elif empty or _sgs_template_sheet(sheet_name, first):
                unsaid.append(sheet_name or "")  # nothing of the sender's is left out
            else:
                skipped.append(sheet_name or "")
        if not readers:
            raise _no_sheet(raw.path, raw.selected)
    except BaseException:
        raw.close()
        raise
    if skipped:
        _skipped_warning(raw.path, skipped)
    return Tables(raw.path, raw.format, readers, raw.close, [*skipped, *unsaid])


def read(
    source: Source | Iterable[Mapping[str, Any]],
    *,
    kind: Kind | str | None = None,
    standard: Standard | str | None = None,
    format: Format | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    empty_markers: Collection[str] = DEFAULT_EMPTY_MARKERS,
    name: str | None = None,
    formula_quotes: bool | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Reader:
    """Open ``source`` and recognise its headers; iterate the result for rows.

    ``source`` is a path, an open file (binary or text), or an iterable of
    mappings (keys as codes, labels, 2016 codes or attribute names).
    ``kind`` is detected from the headers unless given; ``encoding``
    overrides detection for CSV/JSON; ``sheet`` picks an Excel sheet by
    name or 0-based index. Without it every sheet with a recognised header
    is read (:func:`read_all`; the others are named in a warning): several
    such sheets of one kind give a :class:`WorkbookReader`, whose rows are
    those of every sheet in order, each position naming its sheet; sheets of
    both kinds raise :class:`~sgs.errors.InputError` (pass ``sheet=``, or use
    :func:`read_all`). Raises :class:`~sgs.errors.InputError` when the source
    cannot be used at all.
    ``name`` names an iterable of mappings in positions and messages (a
    database table, an API): a file's own name is used otherwise.
    ``formula_quotes`` says whether a ``'`` before ``= + - @`` in a CSV cell
    is the escape sgs's CSV writer adds (taken off) or the sender's own text
    (kept); by default it is taken off only in a file that looks written by
    sgs (see :attr:`Reader.formula_quotes`).
    A path must be a regular file (a directory, FIFO or device is refused);
    ``limits`` bound what a file may cost to read
    (:class:`~sgs.io.tables.ReadLimits`: blank rows, an XLSX's inflated size
    and compression ratio).
    """
    return read_all(
        source,
        kind=kind,
        standard=standard,
        format=format,
        encoding=encoding,
        sheet=sheet,
        empty_markers=empty_markers,
        name=name,
        formula_quotes=formula_quotes,
        limits=limits,
    ).one()
