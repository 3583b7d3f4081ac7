"""Checking one large CSV file in several processes, with the same report as one.

The file is cut into byte ranges at record boundaries: a line break is a
boundary when the number of ``"`` before it is even, which holds for any
valid CSV and for UTF-8 and GB18030 text (neither uses the bytes of ``"``
or a line break inside a multi-byte character). Each worker process
checks its range with the same generated row checker and returns the
rows with findings plus, for every record, the hash of its decision key;
the parent finds the decisions repeated across ranges, renumbers records
and builds the report. Workers are forked, so they share the validator
(and its plugin rules) without pickling it.

Other formats, small files, UTF-16 and systems without ``fork`` are
checked in one process.
"""

from __future__ import annotations

import csv
import io
import itertools
import multiprocessing
import os
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, Final

import attrs

from sgs.errors import InputError
from sgs.io.reader import Column, read
from sgs.io.rows import Position
from sgs.io.tables import sniff_delimiter
from sgs.standard import Kind
from sgs.validation.engine import duplicate_finding
from sgs.validation.issues import Finding
from sgs.validation.report import Report
from sgs.validation.scan import Flagged, ScanCounts, scan_cells
from sgs.validation.validator import Progress, Validator, _Run

__all__ = ["MIN_PARALLEL_BYTES", "split_points", "validate_parallel"]

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


@attrs.define
class _Chunk:
    """What a worker returns for its byte range."""

    counts: ScanCounts
    flagged: list[Flagged]
    hashes: array[int]
    records: array[int]
    lines: array[int]
    error: tuple[str, str, int | None] | None = None


# Set in the parent just before the workers fork; read in the workers.
_STATE: dict[str, Any] = {}


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
        line = 1
        while line < header_line:
            raw = stream.readline()
            if not raw:
                break
            line += 1
            if raw.count(b'"') & 1:  # a record spanning lines above the header
                end, _ = _record_end(stream, 1)
                line += 1
        end, _ = _record_end(stream, 0)
        return end


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


def _rows(lines: Iterator[str], first_line: int, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines, delimiter=delimiter)
    previous = 0
    for cells in reader:
        yield first_line + previous, cells
        previous = reader.line_num


def _count_lines(stream: io.BufferedReader, end: int) -> int:
    stream.seek(0)
    count, position = 0, 0
    while position < end:
        block = stream.read(min(_BLOCK, end - position))
        if not block:
            break
        count += block.count(b"\n")
        position += len(block)
    return count


def _work(bounds: tuple[int, int]) -> _Chunk:
    """In a worker: check the records of the byte range ``bounds``."""
    validator: Validator = _STATE["validator"]
    job: _Job = _STATE["job"]
    start, end = bounds
    engine = validator.engine(job.kind)
    engine.batch.add_file(job.path)
    check_row = engine.row_checker(job.columns, job.empty, unescape=True)
    assert check_row is not None
    counts = ScanCounts()
    hashes, records, lines = array("Q"), array("q"), array("q")
    flagged: list[Flagged] = []
    with open(job.path, "rb") as stream:
        first_line = _count_lines(stream, start) + 1
        rows = _rows(_text_lines(stream, start, end, job.encoding), first_line, job.delimiter)
        try:
            for item in scan_cells(engine, check_row, rows, counts, keys=(hashes, records, lines)):
                flagged.append(item)
        except UnicodeDecodeError as exc:
            zh = f"文件编码无法识别（{exc.encoding} 解码失败），请用 --encoding 指定编码"
            en = f"cannot decode the file as {exc.encoding}; pass the encoding explicitly"
            return _Chunk(counts, [], hashes, records, lines, (zh, en, None))
        except csv.Error as exc:
            return _Chunk(counts, [], hashes, records, lines,
                          (f"CSV 格式错误：{exc}", f"malformed CSV: {exc}", None))  # fmt: skip
    return _Chunk(counts, flagged, hashes, records, lines)


def validate_parallel(
    validator: Validator,
    source: str | os.PathLike[str],
    *,
    jobs: int,
    format: Any = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Validate one file with ``jobs`` processes; the report is as :meth:`Validator.validate` gives."""
    path = os.fspath(source)
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        context = None
    run = _Run(validator, progress)
    with read(
        path,
        kind=validator.kind,
        standard=validator.standard,
        format=format,
        encoding=encoding,
        empty_markers=validator.empty_markers,
    ) as reader:
        check_row = None
        if reader.tabular and reader.format == "csv":
            check_row = run.engine(reader.kind).row_checker(
                reader.columns, reader.empty_markers, unescape=True
            )
        size = os.path.getsize(path)
        if (
            context is None
            or check_row is None
            or (reader.encoding or "").lower() not in _SAFE_ENCODINGS
            or reader.header_line is None
            or size < MIN_PARALLEL_BYTES
        ):
            run.fast(path, format=format, encoding=encoding, sheet=None)
            return run.report
        start = _data_start(path, reader.header_line)
        points = split_points(path, start, size, jobs)
        with open(path, "rb") as stream:
            first = stream.readline().decode(reader.encoding or "utf-8", "replace")
        job = _Job(
            path=path,
            encoding="utf-8" if reader.encoding == "utf-8-sig" else reader.encoding or "utf-8",
            delimiter=sniff_delimiter(first.lstrip("\ufeff")),
            kind=reader.kind,
            columns=reader.columns,
            empty=reader.empty_markers,
        )
        index, base, engine = run._summary(reader)
    _STATE.update(validator=validator, job=job)
    try:
        with context.Pool(min(jobs, len(points) - 1)) as pool:
            chunks = pool.map(_work, list(itertools.pairwise(points)))
    finally:
        _STATE.clear()
    _merge(run, index, base, engine, job, points, chunks)
    return run.report


def _merge(
    run: _Run,
    index: int,
    base: int,
    engine: Any,
    job: _Job,
    points: Sequence[int],
    chunks: Sequence[_Chunk],
) -> None:
    report = run.report
    for chunk in chunks:
        if chunk.error is not None:
            zh, en, line = chunk.error
            raise InputError(zh, en, path=job.path, line=line)
    offsets, total = [], 0
    for chunk in chunks:
        offsets.append(total)
        total += chunk.counts.records
    seen: set[int] = set()
    name = job.path
    for k, chunk in enumerate(chunks):
        offset = offsets[k]
        extra: dict[int, Finding] = {}  # local record -> new cross-range duplicate finding
        rewrite: dict[int, int] = {}  # hash -> global first reference
        if k:
            common = seen.intersection(chunk.hashes)
            if common:
                rewrite = _first_refs(chunks[:k], offsets, common, base)
                firsts: set[int] = set()
                for h, record in zip(chunk.hashes, chunk.records, strict=True):
                    if h in common and h not in firsts:
                        firsts.add(h)
                        extra[record] = duplicate_finding(engine._number, "", rewrite[h], h)
        seen.update(chunk.hashes)
        flagged = {
            record: (line, cells, findings) for record, line, cells, findings in chunk.flagged
        }
        missing = sorted(r for r in extra if r not in flagged)
        if missing:
            flagged.update(_reread(job, points[k], points[k + 1], chunk, missing))
        valid = chunk.counts.clean - len(missing)
        for record in sorted(flagged):
            line, cells, findings = flagged[record]
            fixed: list[Finding] = []
            for f in findings:
                params = f.params or {}
                if f.code == "duplicate-decision" and "first_ref" in params:
                    key = params["key"] & 0xFFFF_FFFF_FFFF_FFFF
                    first = rewrite.get(key, base | (params["first_ref"] + offset))
                    f = duplicate_finding(f.field or "", f.value or "", first, key)
                fixed.append(f)
            if record in extra:
                number = _cell(job, cells, engine._number)
                new = extra[record]
                fixed.append(attrs.evolve(new, value=number))
            issues = engine.issues(fixed, Position(name, record + offset, line, None))
            if issues:
                report.add(index, issues, cells, line)
            else:
                valid += 1
        report.add_valid(index, valid)
        report.files[index].skipped += chunk.counts.skipped
        run._tick(chunk.counts.records - chunk.counts.skipped)


def _cell(job: _Job, cells: list[str], code: str) -> str:
    for column in job.columns:
        if column.code == code and column.index < len(cells):
            return cells[column.index].strip()
    return ""


def _first_refs(
    earlier: Sequence[_Chunk], offsets: Sequence[int], common: set[int], base: int
) -> dict[int, int]:
    """For each hash in ``common``, the reference of its first record in the ``earlier`` chunks."""
    found: dict[int, int] = {}
    for k, chunk in enumerate(earlier):
        for h, record in zip(chunk.hashes, chunk.records, strict=True):
            if h in common and h not in found:
                found[h] = base | (record + offsets[k])
    return found


def _reread(
    job: _Job, start: int, end: int, chunk: _Chunk, records: list[int]
) -> dict[int, tuple[int, list[str], list[Finding]]]:
    """Read again the rows of ``records`` (clean in the worker, duplicates across ranges)."""
    wanted = set(records)
    wanted_lines = {
        line: record
        for record, line in zip(chunk.records, chunk.lines, strict=True)
        if record in wanted
    }
    found: dict[int, tuple[int, list[str], list[Finding]]] = {}
    with open(job.path, "rb") as stream:
        first_line = _count_lines(stream, start) + 1
        for line, cells in _rows(
            _text_lines(stream, start, end, job.encoding),
            first_line,
            job.delimiter,
        ):
            record = wanted_lines.get(line)
            if record is not None:
                found[record] = (line, cells, [])
                if len(found) == len(wanted_lines):
                    break
    return found
