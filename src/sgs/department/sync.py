"""``sgs sync``: the department's daily job, from source to platform through the ledger.

:func:`sync` reads the configured source, validates every record, stages the
valid ones in the ledger as pending (one transaction a batch), pushes what is
pending — withdrawals (撤回) included — with the configured transport
(:func:`sgs.exchange.push_pending`), records the receipts (one transaction a
batch), marks rejected the records the platform has returned since the last
run (疑问数据, when the transport can fetch them), writes the rejection
receipt of the invalid rows, and returns a summary with every record overdue
or due within two working days.

Nothing is lost and nothing doubled: a record is in the ledger before it is
pushed and marked only after the receipt; a record already accepted with the
same content is not pushed again (the same key with changed content is an
update); a run that stopped — a crash, a kill, a platform that was down —
leaves records pending, and the next run resends them under the batch id
they were first sent with, so the platform can recognise the retry. A run
holds the store's lock from start to end (:mod:`sgs.store.lock`): a second
run on the same store waits up to ``[sync] lock_timeout`` seconds for it,
then stops with "another sync is running" before it reads or sends anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import attrs

from sgs.adapters import Notice, OutgoingRecord, Source, Transport, outgoing_record, redact
from sgs.adapters.base import field_texts
from sgs.calendar import CalendarYearUnavailable, WorkCalendar, publication_deadline
from sgs.collector import fewer_collections
from sgs.department.config import SyncConfig
from sgs.department.ledger import DueItem, DueLists, due_lists
from sgs.department.objections import take_notices, take_repairs
from sgs.department.scopes import CatalogScopes, ScopedLedger
from sgs.display import LIMIT, file_name, html_table
from sgs.errors import CalendarRangeError, InputError, SgsError
from sgs.exchange import PushTally, push_pending, reconcile, transport_failure
from sgs.io import Reader
from sgs.io.rows import Position
from sgs.plugins.registries import Validator, plugin_failure, work_calendar
from sgs.records.stored import StoredFields
from sgs.standard import Kind, RecordSpec, Role, get_standard
from sgs.standard.keys import key_fields, record_keys
from sgs.store import LedgerEntry, LedgerRepository, open_store, payload_hash
from sgs.validation import Checked, Issue, Severity
from sgs.validation.engine import TableColumns
from sgs.validation.pipeline import ScanCounts
from sgs.validation.runners.local import LocalRun

__all__ = ["Progress", "SyncSummary", "reconcile", "sync"]

#: Called with a stage (``read``, ``pushed``) and the count so far.
Progress = Callable[[str, int], None]


@attrs.define(repr=False)
class SyncSummary(DueLists):
    """What a run did, and what is due (the :class:`~sgs.department.ledger.DueLists`)."""

    read: int = 0
    valid: int = 0
    invalid: int = 0
    staged_new: int = 0
    staged_changed: int = 0
    unchanged: int = 0
    #: Invalid decisions entered in the ledger as such (status ``invalid``).
    staged_invalid: int = 0
    pushed: int = 0
    accepted: int = 0
    rejected: int = 0
    pending: int = 0
    #: Records sent whose answer did not come: pending, resent on the next run.
    unanswered: int = 0
    #: Withdrawals (撤回) the platform accepted in this run.
    withdrawn: int = 0
    #: Records the platform returned (疑问数据) that this run marked rejected.
    returned: int = 0
    failures: list[str] = attrs.field(factory=list)
    receipts: list[str] = attrs.field(factory=list)
    #: Inputs that could not be read, and where the source put them.
    set_aside: list[str] = attrs.field(factory=list)
    #: Rows with text only in non-standard columns (not records): ``file:line`` of each.
    skipped: list[str] = attrs.field(factory=list)
    #: The ledger's entries by status after the run.
    ledger_counts: dict[str, int] = attrs.field(factory=dict)
    #: The keys of the records accepted in this run.
    accepted_keys: set[str] = attrs.field(factory=set)
    #: The platform's open 核查通知 (objection notices) to this department.
    notices: list[Notice] = attrs.field(factory=list)
    #: Ledger entries whose repair state (信用修复, on the platform) this run changed.
    repaired: int = 0

    @property
    def late_now(self) -> list[DueItem]:
        """The records of :attr:`late` accepted in this run: a sync's ``late`` holds only
        those (``sgs ledger due`` and :func:`~sgs.department.ledger.due_lists` list every
        one ever), so this is ``late``."""
        return [i for i in self.late if i.entry.record_key in self.accepted_keys]

    @property
    def nothing_new(self) -> bool:
        """Whether the run found nothing to read and nothing to send."""
        return not (self.read or self.pushed or self.returned or self.failures or self.set_aside)

    def _counts(self) -> dict[str, int]:
        return {
            "读取 read": self.read,
            "有效 valid": self.valid,
            "无效 invalid": self.invalid,
            "报送 pushed": self.pushed,
            "接收 accepted": self.accepted,
            "退回 rejected": self.rejected,
            "撤回 withdrawn": self.withdrawn,
            "平台退回 returned": self.returned,
            "未获答复 unanswered": self.unanswered,
            "待报送 pending": self.pending,
        }

    def __repr__(self) -> str:
        counts = ", ".join(f"{k.split()[1]} {v}" for k, v in self._counts().items())
        return f"<SyncSummary {counts}; {self._due_counts()}>"

    def _repr_html_(self) -> str:
        counts = self._counts()
        totals = html_table(list(counts), [list(counts.values())], limit=1)
        notes = [
            *(f"报送失败 push failed: {f}" for f in self.failures),
            *(f"无法读取 set aside: {line}" for line in self.set_aside),
            *(f"退回回执 receipt: {file_name(path)}" for path in self.receipts),
        ]
        listed = "".join(f"<li>{html.escape(n)}</li>" for n in notes[:LIMIT])
        more = f"<li>… 另有 {len(notes) - LIMIT} 条</li>" if len(notes) > LIMIT else ""
        return (
            f"<div><strong>sgs sync</strong>{totals}"
            + (f"<ul>{listed}{more}</ul>" if notes else "")
            + self._due_html()
            + "</div>"
        )

    def take_tally(self, tally: PushTally) -> None:
        """Add what the pushes of ``tally`` did to the summary."""
        self.pushed += tally.pushed
        self.accepted += tally.accepted
        self.rejected += tally.rejected
        self.unanswered += tally.unanswered
        self.withdrawn += tally.withdrawn
        self.failures.extend(tally.failures)
        self.accepted_keys.update(tally.accepted_keys)

    def take_due(self, due: DueLists) -> None:
        """Copy the due lists of ``due`` into the summary."""
        self.overdue, self.due_soon, self.late = due.overdue, due.due_soon, due.late
        self.no_deadline, self.missing_years = due.no_deadline, due.missing_years
        self.withdrawals_late = due.withdrawals_late


def ledger_entry(
    checked: Checked, spec: RecordSpec, calendar: WorkCalendar, source: str | None
) -> LedgerEntry:
    """The ledger entry of a record: its key, its fields, and its deadline."""
    record: OutgoingRecord = outgoing_record(spec, checked.values)
    return _entry(spec, checked.values, record.key, record.fields, calendar, source)


#: The roles whose values a ledger entry keeps (:func:`_new_entry`).
_ENTRY_ROLES = (Role.DECISION_DATE, Role.CASE_NAME, Role.AUTHORITY_CODE, Role.DECISION_NUMBER)


def _entry(spec: RecordSpec, values: Mapping[str, Any], key: str, fields: Mapping[str, str],
           calendar: WorkCalendar, source: str | None) -> LedgerEntry:  # fmt: skip
    """The ledger entry of a record's typed ``values``, sent as ``fields`` under ``key``."""
    date, name, authority, number = (
        values.get(code) if (code := spec.code_of(role)) is not None else None
        for role in _ENTRY_ROLES
    )
    return _new_entry(spec, date, name, authority, number, key, fields, calendar, source)


def _new_entry(spec: RecordSpec, decided: object, name: object, authority: object,
               number: object, key: str, fields: Mapping[str, str], calendar: WorkCalendar,
               source: str | None,
               deadlines: dict[dt.date, dt.date | None] | None = None) -> LedgerEntry:  # fmt: skip
    """The ledger entry of a record, from the values of :data:`_ENTRY_ROLES`
    (``deadlines``: those worked out already, by decision date)."""
    decided = decided if isinstance(decided, dt.date) else None
    deadline = None
    if decided is not None:
        if deadlines is not None and decided in deadlines:
            deadline = deadlines[decided]
        else:
            try:
                deadline = publication_deadline(decided, calendar=calendar)
            except (CalendarYearUnavailable, CalendarRangeError):
                deadline = None  # the schedule of that year is not published yet, or never will
            if deadlines is not None:
                deadlines[decided] = deadline
    return LedgerEntry(
        record_key=key,
        kind=spec.kind.value,
        number=str(number or ""),
        payload=fields,
        name=str(name) if name else None,
        decision_date=decided,
        authority_code=str(authority) if authority else None,
        deadline=deadline,
        source=source,
    )


def sync(
    config: SyncConfig, *, as_of: dt.date | None = None, progress: Progress | None = None
) -> SyncSummary:
    """Run the daily job once (see the module documentation)."""
    with fewer_collections():
        return _sync(config, as_of or dt.date.today(), progress)


def _sync(config: SyncConfig, today: dt.date, progress: Progress | None) -> SyncSummary:
    """:func:`sync` as of ``today``."""
    summary = SyncSummary()
    calendar = work_calendar(config.holidays)
    standard = get_standard(config.standard)
    validator = Validator(standard=standard, as_of=today)
    # Made first, so that a configuration mistake stops the run before anything is read;
    # then the store's lock, held to the end: a second run on the store waits or stops.
    with (
        config.make_transport() as transport,
        config.make_source() as source,
        open_store(config.store_url, base_dir=config.base_dir, lock=True,
                   lock_timeout=config.lock_timeout) as store,
    ):  # fmt: skip
        try:
            _read_source(source, validator, store.ledger, calendar, config, summary, progress)
        except Exception as exc:
            failure = plugin_failure(source, exc)
            if failure is None or isinstance(exc, SgsError):
                raise
            # What was read before the plugin failed is staged: push it, report the plugin.
            summary.failures.append(redact(str(failure)))
        finally:
            summary.set_aside.extend(getattr(source, "set_aside", ()))
        # The 核查通知 first: a corrected record read in this run goes out with its case.
        summary.notices = take_notices(transport, store.ledger, summary.failures)
        summary.repaired = take_repairs(transport, store.ledger, summary.failures)
        tally = PushTally()
        outbox = ScopedLedger(store.ledger, CatalogScopes(store.catalog))
        for kind in Kind:
            push_pending(outbox, transport, kind, standard.version,
                         batch_size=config.batch_size, today=today, tally=tally,
                         progress=progress)  # fmt: skip
        summary.take_tally(tally)
        _take_returns(transport, store.ledger, summary)
        summary.ledger_counts = store.ledger.status_counts()
        summary.pending = summary.ledger_counts.get("pending", 0)
        summary.take_due(due_lists(store.ledger, calendar, today, late_among=summary.accepted_keys))
    return summary


@attrs.define
class _Input:
    """The readers of one input taken so far: the record sheets of a workbook, or one reader.

    They share one validation run (a 决定书文号 in two sheets is a duplicate),
    one report and one receipt (a sheet per input sheet); the source is told
    each reader is done only once the receipt is written.
    """

    path: str | None
    run: LocalRun
    readers: list[Reader] = attrs.field(factory=list)
    failed: bool = False
    #: The invalid records read, with their errors: ledger entries once the receipt exists.
    invalid: list[tuple[LedgerEntry, str]] = attrs.field(factory=list)

    def holds(self, reader: Reader) -> bool:
        """Whether ``reader`` is another sheet of this input's workbook."""
        return reader.sheet is not None and reader.path == self.path and not self.failed

    def finish(
        self, source: Source, ledger: LedgerRepository, config: SyncConfig, summary: SyncSummary
    ) -> None:
        """Write the receipt of the rejected rows, enter them in the ledger, tell the source."""
        report = self.run.report
        try:
            if self.failed:
                return
            for file in report.files:
                summary.skipped.extend(f"{file.place}:{line}" for line in file.skipped_lines)
            if report.invalid:
                folder = config.base_dir / config.receipts
                folder.mkdir(parents=True, exist_ok=True)
                first = self.readers[0]
                stem = Path(first.path).stem if first.path else "records"
                ext = ".xlsx" if first.format in ("xlsx", "xls") else ".csv"
                written = report.write_receipt(folder / f"{stem}.退回{ext}")
                summary.receipts.extend(written)
                receipt = _relative(Path(written[0]), config.base_dir) if written else ""
                self.invalid = [
                    (e, f"{why}（退回回执 receipt: {receipt}）") for e, why in self.invalid
                ]
            # Invalid decisions are ledger entries too (status invalid), once their receipt exists.
            summary.staged_invalid += ledger.stage_invalid(self.invalid)
            for reader in self.readers:
                source.done(reader)
        finally:
            report.close()
            self.run.close()


def _read_source(source: Source, validator: Validator, ledger: LedgerRepository,
                 calendar: WorkCalendar, config: SyncConfig, summary: SyncSummary,
                 progress: Progress | None) -> None:  # fmt: skip
    current: _Input | None = None
    try:
        for reader in source.readers():
            if current is not None and not current.holds(reader):
                done, current = current, None
                done.finish(source, ledger, config, summary)
            if current is None:
                current = _Input(reader.path, LocalRun(validator.settings(), None))
            try:
                with reader:
                    _take(reader, current, ledger, calendar, config, summary, progress)
            except InputError as exc:
                current.failed = True
                if not source.failed(Path(reader.path) if reader.path else None, exc):
                    raise
                continue
            current.readers.append(reader)
            if reader.sheet is None:  # no workbook: no other sheet can follow
                done, current = current, None
                done.finish(source, ledger, config, summary)
        if current is not None:
            done, current = current, None
            done.finish(source, ledger, config, summary)
    finally:
        if current is not None:  # stopped by an error: nothing more is written
            current.run.report.close()
            current.run.close()


def _take(reader: Reader, current: _Input, ledger: LedgerRepository, calendar: WorkCalendar,
          config: SyncConfig, summary: SyncSummary, progress: Progress | None) -> None:  # fmt: skip
    """Validate and stage the records of ``reader``: a table on the validator's fast path."""
    if reader.parts != (reader,):  # several sheets: each on its own
        for part in reader.parts:
            _take(part, current, ledger, calendar, config, summary, progress)
        return
    run = current.run
    builder = None
    if reader.tabular and FAST_PATH:
        builder = run.engine(reader.kind).table_columns(
            reader.columns, reader.empty_markers, unescape=reader.formula_quotes
        )
    staging = _Staging(ledger, run.settings.standard.spec(reader.kind), calendar, summary,
                       config.batch_size, progress)  # fmt: skip
    if builder is None:
        _check(reader, current, staging)
    else:
        _scan(reader, builder, current, staging)
    staging.flush()


#: Whether tables are read on the validator's fast path (:func:`_scan`); ``False`` takes
#: every table record by record as :class:`~sgs.validation.Checked` (:func:`_check`), as
#: other sources are: the tests compare the ledgers both ways give.
FAST_PATH = True


@attrs.define
class _Held:
    """A batch's valid records as :class:`_Staging` holds them until they are staged."""

    #: Field code → the text each record is sent as, JSON-encoded (``None``: empty), in
    #: ``spec.codes`` order.
    encoded: Mapping[str, Sequence[str | None]]
    columns: Mapping[str, Sequence[Any]]
    rows: Sequence[int]
    where: Callable[[int], str]
    #: Field code → its JSON name and ``": "``.
    names: Mapping[str, str]
    texts: list[str] | None = None

    def payload(self, k: int) -> StoredFields:
        """The fields of the batch's ``k``-th record as the ledger stores them (the texts of
        the whole batch are put together, column by column, the first time one is asked)."""
        if self.texts is None:
            names = self.names
            parts = [[None if t is None else names[code] + t for t in column]
                     for code, column in self.encoded.items()]  # fmt: skip
            rows = zip(*parts, strict=True)
            self.texts = (
                ["{" + ", ".join(filter(None, row)) + "}" for row in rows]
                if parts
                else ["{}"] * len(self.rows)
            )
        return StoredFields(self.texts[k])


class _Staging:
    """The valid records of one table on their way to the ledger, a transaction a batch.

    Records come as indices into their batch's columns (field code → typed values,
    :func:`_scan`) or as ledger entries (:func:`_check`). Their keys and payload hashes
    are worked out column by column (:meth:`_keys`, :meth:`_hashes`); the ledger asks
    for an entry itself (:meth:`LedgerRepository.stage_keyed`) only of a record new or
    changed: a rerun with nothing new builds no entry.
    """

    def __init__(self, ledger: LedgerRepository, spec: RecordSpec, calendar: WorkCalendar,
                 summary: SyncSummary, size: int, progress: Progress | None) -> None:  # fmt: skip
        self.ledger, self.spec, self.calendar = ledger, spec, calendar
        self.summary, self.size, self.progress = summary, size, progress
        self.keys: list[str] = []
        self.digests: list[str] = []
        #: Of each record: its batch and its place there, or its entry.
        self.held: list[tuple[_Held, int] | LedgerEntry] = []
        self.deadlines: dict[dt.date, dt.date | None] = {}
        self.key_codes = key_fields(spec)
        self.sorted_codes = sorted(spec.codes)
        self.labels = {c: encode_basestring(c) + ":" for c in spec.codes}
        self.names = {c: encode_basestring(c) + ": " for c in spec.codes}
        self.role_codes = tuple(spec.code_of(r) for r in _ENTRY_ROLES)

    def add_columns(self, columns: Mapping[str, Sequence[Any]], rows: Sequence[int],
                    where: Callable[[int], str]) -> None:  # fmt: skip
        """Stage the records ``rows`` of a batch held as ``columns``; ``where(i)`` tells
        where record ``i`` was read."""
        n = len(rows)
        if not n:
            return
        whole = n == len(next(iter(columns.values()), ()))  # no invalid record in the batch
        texts = {
            code: field_texts(column if whole else [column[i] for i in rows])
            for code in self.spec.codes
            if (column := columns.get(code)) is not None
        }
        self.keys.extend(self._keys(texts, n))
        encoded = {
            code: [None if t is None else encode_basestring(t) for t in column]
            for code, column in texts.items()
        }
        self.digests.extend(self._hashes(encoded, n))
        held = _Held(encoded, columns, rows, where, self.names)
        self.held.extend(zip([held] * n, range(n), strict=True))
        self.summary.valid += n
        self.flush(self.size)

    def add_entry(self, entry: LedgerEntry) -> None:
        """Stage one record given as its ledger entry."""
        self.keys.append(entry.record_key)
        self.digests.append(payload_hash(entry.payload))
        self.held.append(entry)
        self.summary.valid += 1
        self.flush(self.size)

    def _entry(self, held: Sequence[tuple[_Held, int] | LedgerEntry], keys: Sequence[str],
               j: int) -> LedgerEntry:  # fmt: skip
        """The ledger entry of the ``j``-th record of ``held``, keyed ``keys[j]``."""
        found = held[j]
        if isinstance(found, LedgerEntry):
            return found
        batch, k = found
        i = batch.rows[k]
        columns = batch.columns
        date, name, authority, number = (
            None if code is None or (column := columns.get(code)) is None else column[i]
            for code in self.role_codes
        )
        return _new_entry(self.spec, date, name, authority, number, keys[j], batch.payload(k),
                          self.calendar, batch.where(i), self.deadlines)  # fmt: skip

    def _keys(self, texts: Mapping[str, Sequence[str | None]], n: int) -> list[str]:
        """The record key of each record (as :func:`~sgs.standard.keys.record_key_of`)."""
        code, name, number = self.key_codes
        nothing: Sequence[str | None] = [None] * n
        codes = texts.get(code, nothing) if code else nothing
        names = texts.get(name, nothing) if name else nothing
        numbers = texts.get(number, nothing) if number else nothing
        authorities = [a or b or "" for a, b in zip(codes, names, strict=True)]
        return record_keys(self.spec.kind, authorities, [n or "" for n in numbers])

    def _hashes(self, encoded: Mapping[str, Sequence[str | None]], n: int) -> list[str]:
        """The :func:`~sgs.store.payload_hash` of each record: its canonical JSON put
        together from each field's encoded text, column by column."""
        parts = []
        for code in self.sorted_codes:
            column = encoded.get(code)
            if column is not None:
                label = self.labels[code]
                parts.append([None if t is None else label + t for t in column])
        if not parts:
            return [payload_hash({})] * n
        sha256 = hashlib.sha256
        return [
            sha256(("{" + ",".join(filter(None, row)) + "}").encode()).hexdigest()
            for row in zip(*parts, strict=True)
        ]

    def flush(self, size: int | None = None) -> None:
        """Stage what was added — its first ``size`` records, while there are that many,
        each ``size`` in one transaction; by default all of it, in one."""
        while self.keys and (size is None or len(self.keys) >= size):
            n = len(self.keys) if size is None else size
            keys, digests, held = self.keys[:n], self.digests[:n], self.held[:n]
            self.keys, self.digests, self.held = self.keys[n:], self.digests[n:], self.held[n:]
            counts = self.ledger.stage_keyed(keys, digests, partial(self._entry, held, keys))
            summary = self.summary
            summary.staged_new += counts.new
            summary.staged_changed += counts.changed
            summary.unchanged += counts.unchanged
            if self.progress is not None:
                self.progress("read", summary.valid + summary.invalid)


def _scan(reader: Reader, builder: TableColumns, current: _Input, staging: _Staging) -> None:
    """Validate a table on the validator's fast path (as ``sgs validate``) and stage it.

    The records with findings come with their issues; the valid ones are staged from
    their batch's columns (:meth:`_Staging.add_columns`) once the batch is checked: no
    :class:`~sgs.validation.Checked` per record.
    """
    run, summary = current.run, staging.summary
    index, base, engine = run.summary(reader)
    report, spec, calendar = run.report, engine.spec, staging.calendar
    name, sheet = reader.path, reader.sheet
    counts = ScanCounts()
    off = 0  # records whose findings are all switched off: valid
    errors: dict[int, list[Issue]] = {}  # record number → its issues, where one is an error

    def batch_done(numbers: Sequence[int], lines: Sequence[int],
                   columns: Mapping[str, Sequence[Any]], skip: Collection[int]) -> None:  # fmt: skip
        valid: list[int] = []
        for i, number in enumerate(numbers):
            if not number or i in skip:
                continue
            issues = errors.pop(number, None)
            if issues is None:
                valid.append(i)
                continue
            summary.invalid += 1
            where = Position(name, number, lines[i], sheet).describe()
            values = engine.row_values(columns, i)
            entry = _entry_of(spec, values, calendar, where)
            current.invalid.append((entry, _reasons(issues)))
        staging.add_columns(
            columns, valid, lambda i: Position(name, numbers[i], lines[i], sheet).describe()
        )
        summary.read = summary.valid + summary.invalid

    flagged = run.flagged(reader, engine, builder, counts, base, on_batch=batch_done)
    try:
        for record, line, cells, findings in flagged:
            issues = engine.issues(findings, Position(name, record, line, sheet))
            if issues:
                report.add(index, issues, cells, line)
                if any(i.severity is Severity.ERROR for i in issues):
                    errors[record] = issues
            else:
                off += 1  # every finding switched off
    finally:
        report.add_valid(index, counts.clean + off)
        report.files[index].skip(counts)
        run.tick(counts.records - counts.skipped)


def _check(reader: Reader, current: _Input, staging: _Staging) -> None:
    """Validate and stage the records of ``reader`` one by one (not a table)."""
    summary, spec, calendar = staging.summary, staging.spec, staging.calendar
    for checked in current.run.check_reader(reader):
        where = checked.position.describe()
        if not checked.valid:
            summary.invalid += 1
            summary.read = summary.valid + summary.invalid
            entry = ledger_entry(checked, spec, calendar, where)
            current.invalid.append((entry, _reasons(checked.issues)))
            continue
        staging.add_entry(ledger_entry(checked, spec, calendar, where))
        summary.read = summary.valid + summary.invalid


def _entry_of(spec: RecordSpec, values: Mapping[str, Any], calendar: WorkCalendar,
              source: str) -> LedgerEntry:  # fmt: skip
    record = outgoing_record(spec, values)
    return _entry(spec, values, record.key, record.fields, calendar, source)


def _reasons(issues: Sequence[Issue]) -> str:
    """The errors of an invalid record, for its ledger entry."""
    errors = [i.message_zh for i in issues if i.severity is Severity.ERROR]
    return "校验未通过：" + "；".join(errors)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def _take_returns(transport: Transport, ledger: LedgerRepository, summary: SyncSummary) -> None:
    """Mark rejected the records the platform returned since the last run (疑问数据)."""
    try:
        returns = transport.returns(ledger.returns_since())
    except Exception as exc:
        reason = transport_failure(transport, exc)
        if reason is None:
            raise  # sgs's own transport: a bug, not the platform
        summary.failures.append(reason)  # the rest of the run stands: asked again next time
        return
    if returns is not None:
        summary.returned += ledger.apply_returns(returns)
