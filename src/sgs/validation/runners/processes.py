"""Checking one large CSV file in several processes, with the same report as one.

The file is cut into byte ranges at record boundaries: a line break is a
boundary when the number of ``"`` before it is even, which holds for any
valid CSV and for UTF-8 and GB18030 text (neither uses the bytes of ``"``
or a line break inside a multi-byte character). Each worker process
checks its range with the same generated row checker and returns the
rows with findings plus, for every record, the hash of its decision key;
the parent reduces those keys to the decisions repeated across ranges
(:mod:`sgs.validation.pipeline`), renumbers records and builds the report in
a :class:`~sgs.validation.runners.local.LocalRun`. Each worker receives the
run's :class:`~sgs.validation.settings.Settings` and the file's description
as the arguments of its initializer; workers are forked where the system
can, so those are inherited rather than pickled (plugin rules need not pickle).

Other formats, small files, UTF-16 and systems without ``fork`` are
checked in one process.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import multiprocessing
import os
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, Final

import attrs

from sgs.errors import InputError
from sgs.io.formula import unescape_formula
from sgs.io.reader import Column
from sgs.io.rows import Position
from sgs.io.tables import CsvRows, sniff_delimiter
from sgs.standard import Kind
from sgs.validation.duplicates import duplicate_finding
from sgs.validation.engine import TRIM, Engine
from sgs.validation.issues import Finding
from sgs.validation.pipeline import BATCH, Flagged, ScanCounts, reduce_keys, scan_cells
from sgs.validation.runners.local import LocalRun
from sgs.validation.settings import Settings

__all__ = ["MIN_PARALLEL_BYTES", "check_file", "split_points"]

#: Files smaller than this are checked in one process (starting workers costs more).
MIN_PARALLEL_BYTES: Final = 8 * 2**20
_SAFE_ENCODINGS: Final = frozenset({"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "ascii"})
_BLOCK: Final = 8 * 2**20


@attrs.frozen
class _Job:
    path: str
    encoding: str
    delimiter: str
    kind: Kind
    columns: tuple[Column, ...]
    empty: frozenset[str]
    unescape: bool
    #: The cells of the header (the width of a row), for the columnar engine.
    width: int = 0


@attrs.define
class _Chunk:
    """What a worker returns for its byte range.

    ``keys`` names a temporary file of blocks of (decision hash, record, line)
    of every record with a 决定书文号, written by :class:`_KeyFile`.
    """

    counts: ScanCounts
    flagged: list[Flagged]
    keys: str
    error: tuple[str, str, int | None] | None = None
    #: The range ended inside a quoted cell: its end was not a record boundary after all.
    cut: bool = False


class _KeyFile:
    """Blocks of three arrays (hashes, records, lines) in a temporary file, so workers and
    the parent hold only one block of keys at a time, whatever the file size."""

    BLOCK: Final = 65_536

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="sgs-keys-", suffix=".bin")
        self.file = os.fdopen(handle, "wb")
        self.arrays = (array("q"), array("q"), array("q"))

    def flush(self) -> None:
        if self.arrays[0]:
            array("q", [len(self.arrays[0])]).tofile(self.file)
            for a in self.arrays:
                a.tofile(self.file)
                del a[:]

    def maybe_flush(self) -> None:
        if len(self.arrays[0]) >= self.BLOCK:
            self.flush()

    def close(self) -> str:
        self.flush()
        self.file.close()
        return self.path

    @staticmethod
    def blocks(path: str) -> Iterator[tuple[array[int], array[int], array[int]]]:
        with open(path, "rb") as file:
            while True:
                size = array("q")
                try:
                    size.fromfile(file, 1)
                except EOFError:
                    return
                block = (array("q"), array("q"), array("q"))
                for a in block:
                    a.fromfile(file, size[0])
                yield block


@attrs.frozen
class _Worker:
    """What a worker process checks with: the run's settings and the file's description."""

    settings: Settings
    job: _Job


#: In a worker process, what :func:`_start_worker` was given (``None`` elsewhere).
_worker: _Worker | None = None


def _start_worker(settings: Settings, job: _Job) -> None:
    """The initializer of a worker process: keep its arguments for :func:`_work`."""
    global _worker
    _worker = _Worker(settings, job)


def _record_end(stream: io.BufferedReader, parity: int) -> tuple[int, int]:
    """Read to the end of the current record; return (offset after it, quote parity)."""
    while True:
        line = stream.readline()
        if not line:
            return stream.tell(), parity
        parity ^= line.count(b'"') & 1
        if line.endswith(b"\n") and parity == 0:
            return stream.tell(), parity


def _data_start(path: str, header_line: int) -> int:
    """The byte offset just after the header record (which starts on ``header_line``)."""
    with open(path, "rb") as stream:
        line = 1  # the physical line the next record starts on
        while True:
            starts, parity = line, 0
            while True:
                raw = stream.readline()
                if not raw:
                    return stream.tell()
                line += _breaks(raw)
                parity ^= raw.count(b'"') & 1
                if parity == 0:
                    break
            if starts >= header_line:
                return stream.tell()


def split_points(path: str, start: int, end: int, parts: int) -> list[int]:
    """Offsets that cut ``[start, end)`` of a CSV file into about ``parts`` equal ranges.

    Every offset is the start of a record. The result begins with ``start``
    and ends with ``end``; fewer ranges come back when records are long.
    """
    points = [start]
    with open(path, "rb") as stream:
        stream.seek(start)
        position, parity = start, 0
        for k in range(1, parts):
            target = start + (end - start) * k // parts
            if target <= position:
                continue
            while position < target:  # count the quotes up to the target
                block = stream.read(min(_BLOCK, target - position))
                if not block:
                    break
                parity ^= block.count(b'"') & 1
                position += len(block)
            boundary, parity = _record_end(stream, parity)
            position = boundary
            if boundary >= end:
                break
            points.append(boundary)
    points.append(end)
    return points


def _text_lines(stream: io.BufferedReader, start: int, end: int, encoding: str) -> Iterator[str]:
    """The lines of ``[start, end)`` decoded, split as a text stream with ``newline=""`` does."""
    stream.seek(start)
    remaining, carry = end - start, b""
    while remaining > 0:
        block = stream.read(min(_BLOCK, remaining))
        if not block:
            break
        remaining -= len(block)
        block = carry + block
        carry = b""
        if remaining > 0:
            cut = block.rfind(b"\n") + 1
            block, carry = block[:cut], block[cut:]
        yield from io.StringIO(block.decode(encoding), newline="")
    if carry:
        yield from io.StringIO(carry.decode(encoding), newline="")


def _breaks(block: bytes) -> int:
    """Line breaks in ``block`` as a text stream with ``newline=""`` counts them (CR LF, CR, LF)."""
    return block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")


def _count_lines(stream: io.BufferedReader, end: int) -> int:
    """Line breaks before byte ``end`` (a CR LF cut by a block boundary counts once)."""
    stream.seek(0)
    count, position, last = 0, 0, b""
    while position < end:
        block = stream.read(min(_BLOCK, end - position))
        if not block:
            break
        count += _breaks(block)
        if last == b"\r" and block[:1] == b"\n":
            count -= 1
        last = block[-1:]
        position += len(block)
    return count


def _work(bounds: tuple[int, int]) -> _Chunk:
    """In a worker: check the records of the byte range ``bounds``."""
    assert _worker is not None, "not in a worker started by check_file"
    settings, job = _worker.settings, _worker.job
    start, end = bounds
    engine = settings.engine(job.kind)
    engine.batch.add_file(job.path)
    builder = engine.table_columns(job.columns, job.empty, unescape=job.unescape)
    assert builder is not None
    counts = ScanCounts()
    keys = _KeyFile()
    ending: list[str] = []
    flagged: list[Flagged] = []
    error = None
    with open(job.path, "rb") as stream:
        first_line = _count_lines(stream, start) + 1
        to_end = end >= os.fstat(stream.fileno()).st_size
        rows = CsvRows(
            _text_lines(stream, start, end, job.encoding),
            job.path,
            delimiter=job.delimiter,
            first_line=first_line,
            to_end=to_end,
        )
        try:
            if settings.columnar:
                from sgs.validation.columnar.scan import scan_file

                found = scan_file(
                    engine, builder, job.path, start, first_line=first_line,
                    encoding=job.encoding, delimiter=job.delimiter, width=job.width,
                    counts=counts, keys=keys.arrays, after_batch=keys.maybe_flush,
                    end=None if to_end else end, ending=ending,
                )  # fmt: skip
            else:
                batches = _watch_end(rows.batches(BATCH), ending)
                found = scan_cells(engine, builder, batches, counts, keys=keys.arrays,
                                   after_batch=keys.maybe_flush)  # fmt: skip
            for item in found:
                flagged.append(item)
        except InputError as exc:  # an exception may not survive the way back: send its words
            error = (exc.message_zh, exc.message_en, exc.line)
        finally:
            engine.batch.index.close()
    cut = bool(ending) and ending[0].endswith(("\n", "\r"))
    return _Chunk(counts, flagged if error is None else [], keys.close(), error, cut)


def _watch_end(
    batches: Iterator[tuple[list[int], list[list[str]]]], ending: list[str]
) -> Iterator[tuple[list[int], list[list[str]]]]:
    """Pass batches through, keeping in ``ending`` the last cell of the last row.

    A range cut inside a quoted cell ends with a cell that holds the line
    break the cut came after: the split assumed well-formed quoting (a ``"``
    inside an unquoted cell breaks that), and the run falls back to one
    process.
    """
    for lines, rows in batches:
        last = rows[-1] if rows else None
        if last:
            ending[:] = [last[-1]]
        yield lines, rows


def check_file(
    run: LocalRun,
    source: str | os.PathLike[str],
    *,
    jobs: int,
    format: Any = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    last: bool = False,
) -> None:
    """Check one file into ``run`` with up to ``jobs`` processes (one when that cannot help).

    The decisions of the file go into the run's batch, so that duplicates
    are found across the ranges and across the files of the run; with
    ``last`` (no file follows), those of the last range are only looked up.
    """
    path = os.fspath(source)
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        context = None
    settings = run.settings
    with run.open(path, format, encoding, sheet) as readers:
        reader = readers[0]
        builder = None
        if len(readers) == 1 and reader.tabular and reader.format == "csv":
            builder = run.engine(reader.kind).table_columns(
                reader.columns, reader.empty_markers, unescape=reader.formula_quotes
            )
        size = os.path.getsize(path)
        points: list[int] = []
        if (
            context is not None
            and builder is not None
            and (reader.encoding or "").lower() in _SAFE_ENCODINGS
            and reader.header_line is not None
            and size >= MIN_PARALLEL_BYTES
        ):
            start = _data_start(path, reader.header_line)
            points = split_points(path, start, size, jobs)
        if len(points) < 3 or context is None or builder is None:
            for one in readers:  # the sheets of a workbook, or the file in one process
                run.scan_reader(one)
            return
        with open(path, "rb") as stream:
            first = stream.readline().decode(reader.encoding or "utf-8", "replace")
        job = _Job(
            path=path,
            encoding="utf-8" if reader.encoding == "utf-8-sig" else reader.encoding or "utf-8",
            delimiter=sniff_delimiter(first.lstrip("\ufeff")),
            kind=reader.kind,
            columns=reader.columns,
            empty=reader.empty_markers,
            unescape=reader.formula_quotes,
            width=len(reader.headers),
        )
    workers = len(points) - 1
    with context.Pool(workers, initializer=_start_worker, initargs=(settings, job)) as pool:
        chunks = pool.map(_work, list(itertools.pairwise(points)))
    if any(chunk.cut for chunk in chunks[:-1]):
        for chunk in chunks:
            _remove(chunk.keys)
        run.fast(path, format=format, encoding=encoding, sheet=sheet)
        return
    index, base, engine = run.summary(reader)
    _merge(run, index, base, engine, job, points, chunks, last)


def _merge(
    run: LocalRun,
    index: int,
    base: int,
    engine: Engine,
    job: _Job,
    points: Sequence[int],
    chunks: Sequence[_Chunk],
    last: bool,
) -> None:
    report = run.report
    try:
        for chunk in chunks:
            if chunk.error is not None:
                zh, en, line = chunk.error
                raise InputError(zh, en, path=job.path, line=line)
        offset = 0
        for k, chunk in enumerate(chunks):
            keep = not last or k < len(chunks) - 1
            cross, keys, lines = _cross(run, chunk, base, offset, keep)
            flagged = {r: (line, cells, found) for r, line, cells, found in chunk.flagged}
            missing = sorted(r for r in cross if r not in flagged)
            if missing:
                wanted = {lines[r]: r for r in missing}
                flagged.update(_reread(job, points[k], points[k + 1], wanted))
            valid = chunk.counts.clean - len(missing)
            for record in sorted(flagged):
                line, cells, findings = flagged[record]
                fixed = _renumber(findings, cross.get(record), base, offset)
                if record in cross and not any(f.code == "duplicate-decision" for f in fixed):
                    number = _cell(job, cells, engine.number_field)
                    first = cross[record]
                    fixed.append(
                        duplicate_finding(engine.number_field, number, first, keys[record])
                    )
                issues = engine.issues(fixed, Position(job.path, record + offset, line, None))
                if issues:
                    report.add(index, issues, cells, line)
                else:
                    valid += 1
            report.add_valid(index, valid)
            report.files[index].skip(chunk.counts)
            run.tick(chunk.counts.records - chunk.counts.skipped)
            offset += chunk.counts.records
    finally:
        for chunk in chunks:
            _remove(chunk.keys)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def _cross(
    run: LocalRun, chunk: _Chunk, base: int, offset: int, keep: bool
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """The records of ``chunk`` whose decision came first before it (earlier ranges or files).

    Returns record → first reference, and the key hash and line of each of them.
    With ``keep``, the keys of the chunk go into the run's batch on the way
    (for the ranges and files after it).
    """
    index = run.batch.index
    start = base | (offset + 1)
    cross: dict[int, int] = {}
    keys: dict[int, int] = {}
    lines: dict[int, int] = {}
    for hashes, records, where in _KeyFile.blocks(chunk.keys):
        refs = [base | (r + offset) for r in records] if keep else []
        repeats = reduce_keys(index, hashes, refs, add=keep)
        for position, first in repeats.items():
            if first < start:
                record = records[position]
                cross[record] = first
                keys[record] = hashes[position]
                lines[record] = where[position]
    return cross, keys, lines


def _renumber(findings: list[Finding], first: int | None, base: int, offset: int) -> list[Finding]:
    """Findings with the worker's duplicate references made references of the whole run."""
    fixed = []
    for f in findings:
        params = f.params or {}
        if f.code == "duplicate-decision" and "first_ref" in params:
            ref = first if first is not None else base | (params["first_ref"] + offset)
            f = duplicate_finding(f.field or "", f.value or "", ref, params["key"])
        fixed.append(f)
    return fixed


def _cell(job: _Job, cells: list[str], code: str) -> str:
    for column in job.columns:
        if column.code == code and column.index < len(cells):
            cell = cells[column.index]
            text = cell.strip(TRIM)
            if job.unescape and cell[:1] == "'":
                return unescape_formula(text).strip(TRIM)
            return text
    return ""


def _reread(
    job: _Job, start: int, end: int, wanted: dict[int, int]
) -> dict[int, tuple[int, list[str], list[Finding]]]:
    """Read again the rows starting on the lines of ``wanted`` (line → record number)."""
    found: dict[int, tuple[int, list[str], list[Finding]]] = {}
    with open(job.path, "rb") as stream:
        first_line = _count_lines(stream, start) + 1
        lines = _text_lines(stream, start, end, job.encoding)
        to_end = end >= os.fstat(stream.fileno()).st_size
        rows = CsvRows(
            lines, job.path, delimiter=job.delimiter, first_line=first_line, to_end=to_end
        )
        for line, cells in rows:
            record = wanted.get(line)
            if record is not None:
                found[record] = (line, cells, [])
                if len(found) == len(wanted):
                    break
    return found
