"""Running validation over sources: files, open streams, mappings or records.

:class:`Validator` holds the settings (kind, standard, reference date,
severities, extra rules); :meth:`Validator.validate` checks one source
or several and returns a :class:`~sgs.validation.report.Report`;
:meth:`Validator.iter` yields every record with its issues for a pipeline
that wants the valid records. :func:`validate` is the one-call form.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from itertools import chain, islice
from typing import Any

import attrs

from sgs.errors import InputError
from sgs.io.reader import DEFAULT_EMPTY_MARKERS, Reader, read
from sgs.io.rows import Position
from sgs.io.tables import Format
from sgs.records import Record, record_from_texts
from sgs.records.codecs import format_value
from sgs.records.models import License, Penalty
from sgs.standard import Kind, RecordSpec, Requirement, Standard, get_standard
from sgs.validation.catalogue import Catalogue
from sgs.validation.engine import Batch, Engine, TableColumns
from sgs.validation.issues import Issue, Severity
from sgs.validation.policy import Policy
from sgs.validation.report import FileSummary, Report
from sgs.validation.rules import Rule
from sgs.validation.scan import BATCH, ScanCounts, scan_cells

__all__ = ["Checked", "Validator", "validate"]

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


class Validator:
    """Validation settings, reusable over many sources.

    ``kind`` fixes the record kind (else it is detected per source);
    ``standard`` is a version name or a :class:`~sgs.standard.Standard`;
    ``as_of`` the reference date of checks such as "not in the future"
    (default: today); ``severity`` maps issue codes (or ``code:FIELD``) to
    ``error``, ``warning`` or ``off``; ``rules`` adds record rules (the rules of installed plugins come
    through :class:`sgs.plugins.registries.Validator`, which is ``sgs.Validator``).

    >>> v = Validator(as_of=dt.date(2026, 11, 26))
    >>> report = v.validate([{"CF_XDR_MC": "某公司", "CF_WSH": "罚〔2026〕1号"}])
    >>> report.summary.total, report.summary.invalid, report.issues[0].code
    (1, 1, 'required-missing')
    """

    def __init__(
        self,
        *,
        kind: Kind | str | None = None,
        standard: Standard | str | None = None,
        as_of: dt.date | None = None,
        severity: Mapping[str, str] | Policy | None = None,
        rules: Iterable[Rule] = (),
        empty_markers: Collection[str] = DEFAULT_EMPTY_MARKERS,
    ) -> None:
        self.kind = Kind.parse(kind) if kind is not None else None
        self.standard = get_standard(standard)
        self.as_of = as_of if as_of is not None else dt.date.today()
        self.policy = severity if isinstance(severity, Policy) else Policy(severity or {})
        self.rules = tuple(rules)
        self.catalogue = Catalogue(t for r in self.rules for t in r.issue_types)
        unknown = self.policy.unknown_codes(set(self.catalogue))
        if unknown:
            from sgs.errors import SgsError

            raise SgsError(
                f"未知的问题代码：{', '.join(unknown)}（见 docs/issue-codes.md）",
                f"unknown issue codes: {', '.join(unknown)} (see docs/issue-codes.md)",
            )
        self.empty_markers = frozenset(empty_markers)

    # -- public API ---------------------------------------------------------------------------
    def validate(
        self,
        source: Source,
        *,
        format: Format | None = None,
        encoding: str | None = None,
        sheet: str | int | None = None,
        progress: Progress | None = None,
    ) -> Report:
        """Check every record of ``source`` and return the report."""
        return self.validate_many([source], format=format, encoding=encoding, sheet=sheet,
                                  progress=progress)  # fmt: skip

    def validate_many(
        self,
        sources: Iterable[Source],
        *,
        format: Format | None = None,
        encoding: str | None = None,
        sheet: str | int | None = None,
        jobs: int = 1,
        progress: Progress | None = None,
        skip_unusable: bool = False,
    ) -> Report:
        """Check several sources into one report (duplicates are found across them).

        With ``jobs`` > 1 each large CSV file is checked by that many
        processes (see :mod:`sgs.validation.parallel`). A source that cannot
        be read at all raises :class:`~sgs.errors.InputError`; with
        ``skip_unusable`` it is noted in ``report.unusable`` and the others
        are checked.
        """
        run = _Run(self, progress)
        sources = list(sources) if jobs > 1 else sources
        try:
            for n, source in enumerate(sources, 1):
                try:
                    if jobs > 1 and isinstance(source, str | os.PathLike):
                        from sgs.validation.parallel import check_file

                        last = n == len(sources)  # type: ignore[arg-type]
                        check_file(run, source, jobs=jobs, format=format, encoding=encoding,
                                   sheet=sheet, last=last)  # fmt: skip
                    else:
                        run.fast(source, format=format, encoding=encoding, sheet=sheet)
                except InputError as exc:
                    if not skip_unusable:
                        raise
                    name = exc.path
                    if name is None and isinstance(source, str | os.PathLike):
                        name = os.fspath(source)
                    run.report.add_unusable(name, str(exc.message_zh), str(exc.message_en))
        finally:
            run.close()
        return run.report

    def iter(
        self,
        source: Source,
        *,
        format: Format | None = None,
        encoding: str | None = None,
        sheet: str | int | None = None,
        report: Report | None = None,
    ) -> Iterator[Checked]:
        """Yield every record of ``source`` as :class:`Checked`, valid or not.

        The counts and issues also go into ``report`` when given (a new one
        per call otherwise; it is complete once the iterator is exhausted).
        """
        run = _Run(self, None, report)
        return run.checked(source, format=format, encoding=encoding, sheet=sheet)

    def new_report(self) -> Report:
        """An empty report with this validator's settings, to pass to :meth:`iter`."""
        return Report(standard=self.standard.version, as_of=self.as_of)

    def engine(self, kind: Kind, batch: Batch | None = None) -> Engine:
        """The compiled checks of ``kind`` (a fresh batch: duplicates start anew)."""
        return Engine(
            self.standard,
            kind,
            as_of=self.as_of,
            policy=self.policy,
            catalogue=self.catalogue,
            rules=self.rules,
            batch=batch,
        )


class _Run:
    """One validation run: the report, the engines and the batch they share."""

    def __init__(
        self, validator: Validator, progress: Progress | None, report: Report | None = None
    ):
        self.v = validator
        self.report = report if report is not None else validator.new_report()
        self.batch = Batch()
        self.engines: dict[Kind, Engine] = {}
        self.progress = progress
        self.done = 0

    def close(self) -> None:
        """Remove the temporary files of the run's duplicate index."""
        self.batch.index.close()

    def engine(self, kind: Kind) -> Engine:
        found = self.engines.get(kind)
        if found is None:
            found = self.engines[kind] = self.v.engine(kind, self.batch)
        return found

    def _tick(self, count: int) -> None:
        self.done += count
        self._report_progress(self.done)

    def _report_progress(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done)

    # -- opening sources ----------------------------------------------------------------------
    def _open(
        self, source: Source, format: Format | None, encoding: str | None, sheet: str | int | None
    ) -> Reader:
        v = self.v
        if isinstance(source, Reader):  # already open (a source adapter's reader)
            return source
        if _is_path_like(source):
            return read(
                source,  # type: ignore[arg-type]
                kind=v.kind,
                standard=v.standard,
                format=format,
                encoding=encoding,
                sheet=sheet,
                empty_markers=v.empty_markers,
            )
        items = iter(source)  # type: ignore[arg-type]
        first = next(items, None)
        rest: Iterable[Any] = () if first is None else chain([first], items)
        if isinstance(first, License | Penalty):
            kind = Kind.LICENSE if isinstance(first, License) else Kind.PENALTY
            spec = v.standard.spec(kind)
            mappings: Iterable[Mapping[str, Any]] = (_record_texts(r, spec) for r in rest)
            return read(mappings, kind=kind, standard=v.standard, empty_markers=v.empty_markers)
        return read(rest, kind=v.kind, standard=v.standard, empty_markers=v.empty_markers)

    def _summary(self, reader: Reader) -> tuple[int, int, Engine]:
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
        )
        index = self.report.add_file(summary)
        return index, self.batch.add_file(reader.path) << 40, engine

    # -- the fast path: counts and issues only --------------------------------------------------
    def fast(
        self,
        source: Source,
        *,
        format: Format | None,
        encoding: str | None,
        sheet: str | int | None,
    ) -> None:
        with self._open(source, format, encoding, sheet) as reader:
            self.scan_reader(reader)

    def scan_reader(self, reader: Reader) -> None:
        """Check an open reader's records into the report (the fast path where it applies)."""
        builder = None
        if reader.tabular:
            builder = self.engine(reader.kind).table_columns(
                reader.columns, reader.empty_markers, unescape=reader.format == "csv"
            )
        if builder is None:
            for _ in self._checked(reader):
                pass
        else:
            self._scan(reader, builder)

    def _scan(self, reader: Reader, builder: TableColumns) -> None:
        index, base, engine = self._summary(reader)
        report = self.report
        name, sheet = reader.path, reader.sheet
        counts = ScanCounts()
        valid = 0
        done = self.done
        tick = None if self.progress is None else (lambda n: self._report_progress(done + n))
        try:
            for record, line, cells, findings in scan_cells(
                engine, builder, reader.cell_batches(BATCH), counts, base=base, tick=tick
            ):
                issues = engine.issues(findings, Position(name, record, line, sheet))
                if issues:
                    report.add(index, issues, cells, line)
                else:
                    valid += 1  # every finding switched off
        finally:
            report.add_valid(index, counts.clean + valid)
            report.files[index].skipped += counts.skipped
            self._tick(counts.records - counts.skipped)

    # -- the general path: every record as Checked -----------------------------------------------
    def checked(
        self,
        source: Source,
        *,
        format: Format | None,
        encoding: str | None,
        sheet: str | int | None,
    ) -> Iterator[Checked]:
        with self._open(source, format, encoding, sheet) as reader:
            yield from self._checked(reader)

    def _checked(self, reader: Reader) -> Iterator[Checked]:
        index, base, engine = self._summary(reader)
        report = self.report
        spec = engine.spec
        rows = iter(reader)
        while True:
            batch = list(islice(rows, BATCH))
            if not batch:
                break
            report.files[index].skipped += sum(1 for row in batch if not row.values)
            batch = [row for row in batch if row.values]
            n = len(batch)
            columns, findings = engine.text_columns([row.values for row in batch])
            findings = engine.check_batch(columns, n, findings)
            present, hashes = engine.keys(columns, n)
            refs = [base | batch[i].position.record for i in present]
            for i, finding in engine.duplicates(columns, present, hashes, refs).items():
                findings.setdefault(i, []).append(finding)
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
            self._tick(n)


def validate(
    source: Source,
    *,
    kind: Kind | str | None = None,
    standard: Standard | str | None = None,
    as_of: dt.date | None = None,
    severity: Mapping[str, str] | Policy | None = None,
    rules: Iterable[Rule] = (),
    format: Format | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Report:
    """Validate ``source`` — a path, an open file, mappings or records — and return a report.

    See :class:`Validator` for the settings. ``jobs`` > 1 checks a large
    CSV file in that many processes (see :mod:`sgs.validation.parallel`);
    the report is the same.
    Raises :class:`~sgs.errors.InputError` when a source cannot be read at all.
    """
    validator = Validator(kind=kind, standard=standard, as_of=as_of, severity=severity, rules=rules)
    return validator.validate_many(
        [source], format=format, encoding=encoding, sheet=sheet, jobs=jobs, progress=progress
    )
