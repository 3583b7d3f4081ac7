"""The split pass and the merge that the parallel runners share.

A large CSV file is cut into byte ranges at record boundaries: a line
break is a boundary when the number of ``"`` before it is even, which holds
for any valid CSV and for UTF-8 and GB18030 text (neither uses the bytes of
``"`` or a line break inside a multi-byte character). The same pass counts
the line breaks it reads, so each :class:`Range` knows the physical line
its first record starts on: no worker counts lines from byte 0.

A worker checks one range with :func:`check_range` (the generated row
checker of :func:`~sgs.validation.pipeline.scan_cells`) and returns a
:class:`Chunk`: the rows with findings plus, for every record with a
决定书文号, the 8-byte hash of its decision key, its record number and its
line. :func:`merge` reduces those keys in order against the run's
:class:`~sgs.validation.duplicates.SeenKeys` (duplicates across ranges: the
first occurrence wins, as in one process), renumbers records and adds
everything to the report of a :class:`~sgs.validation.runners.local.LocalRun`.

The processes runner (:mod:`sgs.validation.runners.processes`) and the Dask
runner (:mod:`sgs.validation.runners.dask`) both use this module.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, Final, TypeAlias

import attrs

from sgs.errors import InputError
from sgs.io.formula import unescape_formula
from sgs.io.reader import Column, Reader
from sgs.io.rows import Position
from sgs.io.tables import CsvRows, Format
from sgs.standard import Kind
from sgs.validation.csvdata import (
    SAFE_ENCODINGS,
    data_start,
    file_delimiter,
    quotes_and_breaks,
    text_lines,
)
from sgs.validation.duplicates import MEMORY_KEYS, duplicate_finding
from sgs.validation.engine import TRIM, Engine
from sgs.validation.issues import Finding
from sgs.validation.pipeline import BATCH, Flagged, ScanCounts, reduce_keys, scan_cells
from sgs.validation.runners.local import LocalRun
from sgs.validation.settings import Settings

__all__ = [
    "SAFE_ENCODINGS",
    "Chunk",
    "Job",
    "KeyFile",
    "Plan",
    "Range",
    "check_range",
    "data_start",
    "finish",
    "merge",
    "remove",
    "split_file",
    "split_points",
    "split_ranges",
]

try:  # only to reduce the keys faster: the pure-Python runner needs no numpy
    import numpy as _np
except ImportError:  # pragma: no cover - the run without the fast extra
    _np = None  # type: ignore[assignment]

_BLOCK: Final = 8 * 2**20

#: Arrays of (decision hash, record, line) of the records with a 决定书文号.
Keys: TypeAlias = "tuple[array[int], array[int], array[int]]"


@attrs.frozen
class Job:
    """What a worker needs to know of the file: where it is and how to read its rows."""

    path: str
    encoding: str
    delimiter: str
    kind: Kind
    columns: tuple[Column, ...]
    empty: frozenset[str]
    unescape: bool
    #: The file's size in bytes as the split pass saw it (a worker checks it sees the same).
    size: int = -1
    #: The cells of the header (the width of a row), for the columnar engine.
    width: int = 0


@attrs.frozen
class Range:
    """Bytes ``[start, end)`` of a file, whose first record starts on physical line ``line``."""

    start: int
    end: int
    line: int


@attrs.define
class Chunk:
    """What a worker returns for its range.

    ``keys`` names a temporary file of blocks of (decision hash, record, line)
    of every record with a 决定书文号, written by :class:`KeyFile`; a worker
    on another machine sends them in ``hashes`` instead (``keys`` is then
    empty until :meth:`spill` writes them to a file here).
    """

    counts: ScanCounts
    flagged: list[Flagged]
    keys: str
    error: tuple[str, str, int | None] | None = None
    #: The range ended inside a quoted cell: its end was not a record boundary after all.
    cut: bool = False
    hashes: Keys | None = None

    def spill(self) -> None:
        """Move keys sent in ``hashes`` to a temporary file (named by ``keys``)."""
        if self.hashes is not None:
            file = KeyFile()
            for have, add in zip(file.arrays, self.hashes, strict=True):
                have.extend(add)
            self.keys, self.hashes = file.close(), None


class KeyFile:
    """Blocks of three arrays (hashes, records, lines) in a temporary file, so workers and
    the parent hold only one block of keys at a time, whatever the file size."""

    BLOCK: Final = 65_536

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="sgs-keys-", suffix=".bin")
        self.file = os.fdopen(handle, "wb")
        self.arrays: Keys = (array("q"), array("q"), array("q"))

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
    def blocks(path: str) -> Iterator[Keys]:
        if not path:
            return
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


def remove(path: str) -> None:
    """Remove a temporary file of keys (nothing when there is none)."""
    if path:
        with contextlib.suppress(OSError):
            os.remove(path)


class _Counter:
    """Quote parity and physical lines of the bytes read so far (a CR LF cut between two
    reads counts once)."""

    def __init__(self, position: int, line: int) -> None:
        self.position, self.line, self.parity, self.last = position, line, 0, b""

    def add(self, block: bytes) -> None:
        quotes, breaks = quotes_and_breaks(block)
        self.parity ^= quotes & 1
        self.line += breaks
        if self.last == b"\r" and block[:1] == b"\n":
            self.line -= 1
        self.last = block[-1:]
        self.position += len(block)


def split_ranges(path: str, start: int, end: int, parts: int, line: int = 1) -> list[Range]:
    """Ranges that cut ``[start, end)`` of a CSV file into about ``parts`` equal ones.

    ``line`` is the physical line the record at ``start`` starts on; each
    range gets the line of its own first record, counted in the same pass.
    Every range starts at a record; the first starts at ``start`` and the
    last ends at ``end``; fewer ranges come back when records are long.
    """
    ranges: list[Range] = []
    begin, begin_line = start, line
    with open(path, "rb") as stream:
        stream.seek(start)
        seen = _Counter(start, line)
        for k in range(1, parts):
            target = start + (end - start) * k // parts
            if target <= seen.position:
                continue
            while seen.position < target:  # count quotes and lines up to the target
                block = stream.read(min(_BLOCK, target - seen.position))
                if not block:
                    break
                seen.add(block)
            while True:  # to the end of the record the target fell in
                raw = stream.readline()
                if not raw:
                    break
                seen.add(raw)
                if raw.endswith(b"\n") and seen.parity == 0:
                    break
            if seen.position >= end:
                break
            ranges.append(Range(begin, seen.position, begin_line))
            begin, begin_line = seen.position, seen.line
    ranges.append(Range(begin, end, begin_line))
    return ranges


def split_points(path: str, start: int, end: int, parts: int) -> list[int]:
    """Offsets that cut ``[start, end)`` of a CSV file into about ``parts`` equal ranges.

    Every offset is the start of a record. The result begins with ``start``
    and ends with ``end`` (see :func:`split_ranges`, which also gives lines).
    """
    return [r.start for r in split_ranges(path, start, end, parts)] + [end]


def _rows(stream: io.BufferedReader, job: Job, part: Range) -> CsvRows:
    return CsvRows(
        text_lines(job.path, part.start, part.end, job.encoding),
        job.path,
        delimiter=job.delimiter,
        first_line=part.line,
        to_end=part.end >= os.fstat(stream.fileno()).st_size,
    )


def _open(job: Job) -> io.BufferedReader:
    """The file of ``job`` as a worker sees it: the same size as the split pass saw, or an
    error that says why a worker cannot check it."""
    try:
        stream = open(job.path, "rb")  # noqa: SIM115 - returned to the caller's with
    except OSError as exc:
        raise InputError(
            f"工作进程读不到文件：{exc.strerror or exc}（在集群上，文件须放在每个工作节点都能"
            "以同一路径读到的共享存储上）",
            f"a worker cannot read the file: {exc.strerror or exc} (on a cluster the file "
            "must be on storage every worker reaches at the same path)",
            path=job.path,
        ) from None
    size = os.fstat(stream.fileno()).st_size
    if job.size >= 0 and size != job.size:
        stream.close()
        raise InputError(
            f"工作进程看到的文件大小（{size} 字节）与拆分时（{job.size} 字节）不同："
            "文件在校验中被改动，或工作节点上同一路径是另一个文件",
            f"a worker sees {size} bytes where the split saw {job.size}: the file changed "
            "during the run, or the path names another file on the worker",
            path=job.path,
        )
    return stream


def check_range(settings: Settings, job: Job, part: Range, *, spill: bool = True) -> Chunk:
    """Check the records of one range of ``job``'s file.

    With ``spill`` the decision keys go to a temporary file (a worker on this
    machine); without, they come back in :attr:`Chunk.hashes`.
    """
    engine = settings.engine(job.kind)
    engine.batch.add_file(job.path)
    builder = engine.table_columns(job.columns, job.empty, unescape=job.unescape)
    assert builder is not None
    counts = ScanCounts()
    keys = KeyFile() if spill else None
    arrays: Keys = keys.arrays if keys is not None else (array("q"), array("q"), array("q"))
    ending: list[str] = []
    flagged: list[Flagged] = []
    error = None
    try:
        with _open(job) as stream:
            after = keys.maybe_flush if keys is not None else None
            found: Iterator[Flagged]
            if settings.columnar:
                from sgs.validation.columnar.scan import scan_file

                to_end = part.end >= os.fstat(stream.fileno()).st_size
                found = scan_file(
                    engine, builder, job.path, part.start, first_line=part.line,
                    encoding=job.encoding, delimiter=job.delimiter, width=job.width,
                    counts=counts, keys=arrays, after_batch=after,
                    end=None if to_end else part.end, ending=ending,
                )  # fmt: skip
            else:
                batches = _watch_end(_rows(stream, job, part).batches(BATCH), ending)
                found = scan_cells(engine, builder, batches, counts, keys=arrays,
                                   after_batch=after)  # fmt: skip
            for item in found:
                flagged.append(item)
    except InputError as exc:  # an exception may not survive the way back: send its words
        error = (exc.message_zh, exc.message_en, exc.line)
    finally:
        engine.batch.index.close()
    cut = bool(ending) and ending[0].endswith(("\n", "\r"))
    path = keys.close() if keys is not None else ""
    return Chunk(counts, flagged if error is None else [], path, error, cut,
                 None if keys is not None else arrays)  # fmt: skip


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


def merge(
    run: LocalRun,
    index: int,
    base: int,
    engine: Engine,
    job: Job,
    ranges: Sequence[Range],
    chunks: Sequence[Chunk],
    last: bool,
) -> None:
    """Add the chunks of ``job``'s file (in the order of its ranges) to ``run``'s report.

    The keys of each chunk are reduced against the run's index of decisions
    seen; a record whose decision came first in an earlier range (or file)
    gets its ``duplicate-decision`` finding here, its row read again when the
    worker had no other finding for it. With ``last`` (no file follows) the
    keys of the last chunk are only looked up.
    """
    report = run.report
    try:
        for chunk in chunks:
            if chunk.error is not None:
                zh, en, line = chunk.error
                raise InputError(zh, en, path=job.path, line=line)
        for chunk in chunks:
            chunk.spill()
        crossed = _cross_sorted(run, chunks, base) if last else None
        offset = 0
        for k, chunk in enumerate(chunks):
            keep = not last or k < len(chunks) - 1
            if crossed is not None:
                cross, keys, lines = crossed[k]
            else:
                cross, keys, lines = _cross(run, chunk, base, offset, keep)
            flagged = {r: (line, cells, found) for r, line, cells, found in chunk.flagged}
            missing = sorted(r for r in cross if r not in flagged)
            if missing:
                wanted = {lines[r]: r for r in missing}
                flagged.update(_reread(job, ranges[k], wanted))
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
            remove(chunk.keys)


def _cross(
    run: LocalRun, chunk: Chunk, base: int, offset: int, keep: bool
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
    for hashes, records, where in KeyFile.blocks(chunk.keys):
        refs = [base | (r + offset) for r in records] if keep else []
        repeats = reduce_keys(index, hashes, refs, add=keep)
        for position, first in repeats.items():
            if first < start:
                record = records[position]
                cross[record] = first
                keys[record] = hashes[position]
                lines[record] = where[position]
    return cross, keys, lines


_Crossed: TypeAlias = "tuple[dict[int, int], dict[int, int], dict[int, int]]"


def _cross_sorted(run: LocalRun, chunks: Sequence[Chunk], base: int) -> list[_Crossed] | None:
    """:func:`_cross` of every chunk of the run's last file at once, with numpy: each
    chunk's key hashes looked up among the earlier chunks' by sorted search.

    ``None`` (use :func:`_cross`) without numpy, when earlier files left keys in the run's
    index, or when the keys are more than the index keeps in memory.
    """
    if _np is None or len(run.batch.index) or sum(c.counts.records for c in chunks) > MEMORY_KEYS:
        return None
    np = _np
    found: list[_Crossed] = []
    seen, firsts = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    offset = 0
    for k, chunk in enumerate(chunks):
        blocks = list(KeyFile.blocks(chunk.keys))
        hashes, records, lines = (
            np.concatenate([np.frombuffer(b[part], dtype=np.int64) for b in blocks])
            if blocks else np.zeros(0, dtype=np.int64)
            for part in range(3)
        )  # fmt: skip
        hit = np.flatnonzero(np.isin(hashes, seen))  # by sorting: no search per key
        at = np.searchsorted(seen, hashes[hit])
        where = records[hit].tolist()
        found.append((
            dict(zip(where, firsts[at].tolist(), strict=True)),
            dict(zip(where, hashes[hit].tolist(), strict=True)),
            dict(zip(where, lines[hit].tolist(), strict=True)),
        ))  # fmt: skip
        if k < len(chunks) - 1:
            # The first reference of each key so far: the earlier chunks' before this one's.
            refs = (records + offset) | base
            seen, first = np.unique(np.concatenate([seen, hashes]), return_index=True)
            firsts = np.concatenate([firsts, refs])[first]
        offset += chunk.counts.records
    return found


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


def _cell(job: Job, cells: list[str], code: str) -> str:
    for column in job.columns:
        if column.code == code and column.index < len(cells):
            cell = cells[column.index]
            text = cell.strip(TRIM)
            if job.unescape and cell[:1] == "'":
                return unescape_formula(text).strip(TRIM)
            return text
    return ""


def _reread(
    job: Job, part: Range, wanted: dict[int, int]
) -> dict[int, tuple[int, list[str], list[Finding]]]:
    """Read again the rows of ``part`` starting on the lines of ``wanted`` (line → record)."""
    found: dict[int, tuple[int, list[str], list[Finding]]] = {}
    with _open(job) as stream:
        for line, cells in _rows(stream, job, part):
            record = wanted.get(line)
            if record is not None:
                found[record] = (line, cells, [])
                if len(found) == len(wanted):
                    break
    return found


@attrs.frozen
class Plan:
    """A file cut into ranges for workers: its description, its ranges, its reader."""

    job: Job
    ranges: list[Range]
    reader: Reader


def split_file(
    run: LocalRun,
    source: str | os.PathLike[str],
    parts: int,
    *,
    format: Format | Any = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    min_bytes: int | None = 0,
) -> Plan | None:
    """Cut a CSV file of at least ``min_bytes`` into about ``parts`` ranges for workers.

    A file that cannot be cut (another format, an encoding in which a byte
    ``"`` may be part of another character, no header, too small, a single
    range, ``min_bytes`` of ``None``) is checked here in ``run`` and ``None``
    comes back.
    """
    path = os.fspath(source)
    with run.open(path, format, encoding, sheet) as readers:
        reader = readers[0]
        builder = None
        if len(readers) == 1 and reader.tabular and reader.format == "csv":
            builder = run.engine(reader.kind).table_columns(
                reader.columns, reader.empty_markers, unescape=reader.formula_quotes
            )
        size = os.path.getsize(path)
        ranges: list[Range] = []
        if (
            min_bytes is not None
            and builder is not None
            and (reader.encoding or "").lower() in SAFE_ENCODINGS
            and reader.header_line is not None
            and size >= min_bytes
        ):
            start, line = data_start(path, reader.header_line)
            ranges = split_ranges(path, start, size, parts, line)
        if len(ranges) < 2:
            for one in readers:  # the sheets of a workbook, or the file in one process
                run.scan_reader(one)
            return None
        encoding = "utf-8" if reader.encoding == "utf-8-sig" else reader.encoding or "utf-8"
        job = Job(
            path=path,
            encoding=encoding,
            delimiter=file_delimiter(path, encoding),
            kind=reader.kind,
            columns=reader.columns,
            empty=reader.empty_markers,
            unescape=reader.formula_quotes,
            size=size,
            width=len(reader.headers),
        )
    return Plan(job, ranges, reader)


def finish(
    run: LocalRun,
    plan: Plan,
    chunks: Sequence[Chunk],
    *,
    last: bool,
    format: Format | Any = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
) -> None:
    """Merge the workers' chunks of ``plan`` into ``run`` (see :func:`merge`), or check the
    file again in this process when a range turned out to end inside a quoted cell."""
    if any(chunk.cut for chunk in chunks[:-1]):
        for chunk in chunks:
            remove(chunk.keys)
        run.fast(plan.job.path, format=format, encoding=encoding, sheet=sheet)
        return
    index, base, engine = run.summary(plan.reader)
    merge(run, index, base, engine, plan.job, plan.ranges, chunks, last)
