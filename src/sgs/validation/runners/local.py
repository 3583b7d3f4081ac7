"""The local runner: one validation run in this process, source after source.

:class:`LocalRun` holds what a run shares — the report, one engine per
record kind and the batch of decisions seen — and checks each source into
it: tables through the fast path (:func:`~sgs.validation.pipeline.scan_cells`:
counts and issues only), anything else record by record as :class:`Checked`.
The processes runner (:mod:`sgs.validation.runners.processes`) merges its
workers' results into a :class:`LocalRun` and falls back on it.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from typing import Any

import attrs

from sgs.io.reader import Reader, read
from sgs.io.rows import Position
from sgs.io.tables import Format
from sgs.records import Record, record_from_texts
from sgs.records.codecs import format_value
from sgs.records.models import License, Penalty
from sgs.standard import Kind, RecordSpec, Requirement
from sgs.validation.csvdata import SAFE_ENCODINGS, data_start, file_delimiter
from sgs.validation.engine import Batch, Engine, TableColumns
from sgs.validation.issues import Issue, Severity
from sgs.validation.pipeline import (
    BATCH,
    BatchHook,
    Flagged,
    ScanCounts,
    add_duplicates,
    check_partition,
    scan_cells,
)
from sgs.validation.report import FileSummary, Report
from sgs.validation.settings import Settings

__all__ = ["Checked", "LocalRun", "Progress", "Source"]

Source = (
    str | os.PathLike[str] | io.IOBase | Reader | Iterable[Mapping[str, Any]] | Iterable[Record]
)
Progress = Callable[[int], None]


@attrs.frozen(slots=True)
class Checked:
    """One record after validation: where it was, what it held, what was found.

    ``texts`` are the cleaned field texts by code, ``values`` the typed
    values, ``raw`` the cells as received and ``issues`` every finding.
    """

    position: Position
    spec: RecordSpec
    texts: Mapping[str, str]
    values: Mapping[str, Any]
    issues: tuple[Issue, ...]
    raw: tuple[str, ...]
    extras: Mapping[str, str]

    @property
    def valid(self) -> bool:
        """Whether the record has no error (warnings allowed)."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    def record(self) -> Record:
        """The typed record (:class:`~sgs.records.License` or :class:`~sgs.records.Penalty`)."""
        return record_from_texts(self.spec, self.texts)[0]


def _is_path_like(source: object) -> bool:
    return isinstance(source, str | os.PathLike | io.IOBase)


def _record_texts(record: Record, spec: RecordSpec) -> dict[str, str]:
    texts = {}
    for field in spec.fields:
        value = getattr(record, field.name, None)
        if value is None or value == "" or value == ():
            continue
        texts[field.code] = format_value(value, "slash")
    return texts


class LocalRun:
    """One validation run: the report, the engines and the batch they share."""

    def __init__(
        self, settings: Settings, progress: Progress | None = None, report: Report | None = None
    ) -> None:
        self.settings = settings
        self.report = report if report is not None else settings.new_report()
        self.batch = Batch()
        self.engines: dict[Kind, Engine] = {}
        self.progress = progress
        self.done = 0
        #: How many inputs (files, streams, readers) were opened: the sheets of one share it.
        self.inputs = 0

    def close(self) -> None:
        """Remove the temporary files of the run's duplicate index."""
        self.batch.index.close()

    def engine(self, kind: Kind) -> Engine:
        found = self.engines.get(kind)
        if found is None:
            found = self.engines[kind] = self.settings.engine(kind, self.batch)
        return found

    def tick(self, count: int) -> None:
        """Count ``count`` more records done, and tell the progress callback."""
        self.done += count
        self._report_progress(self.done)

    def _report_progress(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done)

    # -- opening sources ----------------------------------------------------------------------
    @contextlib.contextmanager
    def open(
        self, source: Source, format: Format | None, encoding: str | None, sheet: str | int | None
    ) -> Iterator[Sequence[Reader]]:
        """The readers of ``source``: one per record sheet of a workbook, else one.

        They make one input of the run (:attr:`FileSummary.input`); the file is
        closed after the ``with`` block.
        """
        v = self.settings
        self.inputs += 1
        if isinstance(source, Reader):  # already open (a source adapter's reader)
            with source:
                yield source.parts
            return
        if _is_path_like(source):
            with v.open(source, format=format, encoding=encoding, sheet=sheet) as tables:  # type: ignore[arg-type]
                yield tables.readers
            return
        items = iter(source)  # type: ignore[arg-type]
        first = next(items, None)
        rest: Iterable[Any] = () if first is None else chain([first], items)
        if isinstance(first, License | Penalty):
            kind = Kind.LICENSE if isinstance(first, License) else Kind.PENALTY
            spec = v.standard.spec(kind)
            mappings: Iterable[Mapping[str, Any]] = (_record_texts(r, spec) for r in rest)
            reader = read(mappings, kind=kind, standard=v.standard, empty_markers=v.empty_markers)
        else:
            reader = read(rest, kind=v.kind, standard=v.standard, empty_markers=v.empty_markers)
        with reader:
            yield (reader,)

    def summary(self, reader: Reader) -> tuple[int, int, Engine]:
        """Add ``reader``'s input to the report and the batch: its report index, the base of
        its run references, and the engine of its kind."""
        engine = self.engine(reader.kind)
        columns = {c.code: c.header for c in reader.columns if c.code is not None}
        mandatory = tuple(
            f.code
            for f in reader.spec.fields
            if f.requirement is Requirement.MANDATORY and f.code not in columns
        )
        summary = FileSummary(
            name=reader.path,
            kind=reader.kind.value,
            format=reader.format,
            encoding=reader.encoding,
            sheet=reader.sheet,
            header_line=reader.header_line,
            headers=reader.headers,
            columns=columns,
            unmapped=reader.unmapped,
            missing_mandatory=mandatory if reader.headers else (),
            formula_quotes=reader.formula_quotes,
            input=max(self.inputs - 1, 0),
        )
        index = self.report.add_file(summary)
        return index, self.batch.add_file(reader.path, reader.sheet) << 40, engine

    # -- the fast path: counts and issues only --------------------------------------------------
    def fast(
        self,
        source: Source,
        *,
        format: Format | None,
        encoding: str | None,
        sheet: str | int | None,
    ) -> None:
        with self.open(source, format, encoding, sheet) as readers:
            for reader in readers:
                self.scan_reader(reader)

    def scan_reader(self, reader: Reader) -> None:
        """Check an open reader's records into the report (the fast path where it applies)."""
        if reader.parts != (reader,):  # several sheets: one summary each
            for part in reader.parts:
                self.scan_reader(part)
            return
        builder = None
        if reader.tabular:
            builder = self.engine(reader.kind).table_columns(
                reader.columns, reader.empty_markers, unescape=reader.formula_quotes
            )
        if builder is None:
            for _ in self.check_reader(reader):
                pass
        else:
            self._scan(reader, builder)

    def flagged(
        self,
        reader: Reader,
        engine: Engine,
        builder: TableColumns,
        counts: ScanCounts,
        base: int,
        *,
        tick: Callable[[int], None] | None = None,
        on_batch: BatchHook | None = None,
    ) -> Iterator[Flagged]:
        """The records with findings of a table read on the fast path, as
        :func:`~sgs.validation.pipeline.scan_cells` gives them: by the columnar engine where
        it reads the file (:meth:`_columnar`), else batch by batch from the reader."""
        if not self._columnar(reader):
            return scan_cells(engine, builder, reader.cell_batches(BATCH), counts, base=base,
                              tick=tick, on_batch=on_batch)  # fmt: skip
        from sgs.validation.columnar.scan import scan_file

        path = reader.path
        assert path is not None
        assert reader.header_line is not None
        start, first_line = data_start(path, reader.header_line)
        encoding = "utf-8" if reader.encoding == "utf-8-sig" else reader.encoding or "utf-8"
        return scan_file(
            engine, builder, path, start, first_line=first_line, encoding=encoding,
            delimiter=file_delimiter(path, encoding), width=len(reader.headers), counts=counts, base=base,
            tick=tick, on_batch=on_batch,
        )  # fmt: skip

    def _columnar(self, reader: Reader) -> bool:
        """Whether the columnar engine reads ``reader``'s file: a plain CSV file on disk."""
        if reader.format != "csv" or reader.header_line is None or not reader.path:
            return False
        if not self.settings.columnar:
            return False
        return (reader.encoding or "").lower() in SAFE_ENCODINGS and os.path.isfile(reader.path)

    def _scan(self, reader: Reader, builder: TableColumns) -> None:
        index, base, engine = self.summary(reader)
        report = self.report
        name, sheet = reader.path, reader.sheet
        counts = ScanCounts()
        valid = 0
        done = self.done
        tick = None if self.progress is None else (lambda n: self._report_progress(done + n))
        try:
            flagged = self.flagged(reader, engine, builder, counts, base, tick=tick)
            for record, line, cells, findings in flagged:
                issues = engine.issues(findings, Position(name, record, line, sheet))
                if issues:
                    report.add(index, issues, cells, line)
                else:
                    valid += 1  # every finding switched off
        finally:
            report.add_valid(index, counts.clean + valid)
            report.files[index].skip(counts)
            self.tick(counts.records - counts.skipped)

    # -- the general path: every record as Checked -----------------------------------------------
    def checked(
        self,
        source: Source,
        *,
        format: Format | None,
        encoding: str | None,
        sheet: str | int | None,
    ) -> Iterator[Checked]:
        with self.open(source, format, encoding, sheet) as readers:
            for reader in readers:
                yield from self.check_reader(reader)

    def check_reader(self, reader: Reader) -> Iterator[Checked]:
        """Check an open reader's records into the report, yielding each as :class:`Checked`.

        The reader is a table of the current input (a sheet of the workbook
        opened last, say): a new input starts with :meth:`open`.
        """
        if reader.parts != (reader,):  # several sheets: one summary each
            for part in reader.parts:
                yield from self.check_reader(part)
            return
        index, base, engine = self.summary(reader)
        report = self.report
        spec = engine.spec
        rows = iter(reader)
        while True:
            batch = list(islice(rows, BATCH))
            if not batch:
                break
            skipped = ScanCounts()
            for row in batch:
                if not row.values:
                    skipped.skip(row.position.line or row.position.record)
            report.files[index].skip(skipped)
            batch = [row for row in batch if row.values]
            n = len(batch)
            columns, found_in_fields = engine.text_columns([row.values for row in batch])
            partition = check_partition(engine, columns, n, found_in_fields)
            refs = [base | batch[i].position.record for i in partition.present]
            findings = add_duplicates(engine, columns, partition, refs)
            for i, row in enumerate(batch):
                found = findings.get(i)
                issues = engine.issues(found, row.position) if found else []
                if issues:
                    report.add(index, issues, row.received(), row.position.line)
                else:
                    report.add_valid(index)
                values = engine.row_values(columns, i)
                yield Checked(
                    row.position, spec, row.values, values, tuple(issues), row.raw, row.extras
                )
            self.tick(n)
