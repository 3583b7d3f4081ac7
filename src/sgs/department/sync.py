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
import html
from collections.abc import Callable
from pathlib import Path

import attrs

from sgs.adapters import Notice, OutgoingRecord, Source, Transport, outgoing_record, redact
from sgs.calendar import CalendarYearUnavailable, WorkCalendar, publication_deadline
from sgs.department.config import SyncConfig
from sgs.department.ledger import DueItem, DueLists, due_lists
from sgs.department.objections import take_notices, take_repairs
from sgs.department.scopes import CatalogScopes, ScopedLedger
from sgs.display import LIMIT, file_name, html_table
from sgs.errors import CalendarRangeError, InputError, SgsError
from sgs.exchange import PushTally, push_pending, reconcile, transport_failure
from sgs.io import Reader
from sgs.plugins.registries import Validator, plugin_failure, work_calendar
from sgs.standard import Kind, RecordSpec, Role, get_standard
from sgs.store import LedgerEntry, LedgerRepository, open_store
from sgs.validation import Checked, Severity
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
        """The records of :attr:`late` accepted in this run (``late`` holds every one ever)."""
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
    values = checked.values

    def value(role: Role) -> object:
        code = spec.code_of(role)
        return values.get(code) if code is not None else None

    decided = value(Role.DECISION_DATE)
    decided = decided if isinstance(decided, dt.date) else None
    deadline = None
    if decided is not None:
        try:
            deadline = publication_deadline(decided, calendar=calendar)
        except (CalendarYearUnavailable, CalendarRangeError):
            deadline = None  # the schedule of that year is not published yet, or never will be
    name, authority = value(Role.CASE_NAME), value(Role.AUTHORITY_CODE)
    return LedgerEntry(
        record_key=record.key,
        kind=spec.kind.value,
        number=str(value(Role.DECISION_NUMBER) or ""),
        payload=record.fields,
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
    today = as_of or dt.date.today()
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
        summary.take_due(due_lists(store.ledger, calendar, today))
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
    run, invalid = current.run, current.invalid
    spec = run.settings.standard.spec(reader.kind)
    batch: list[LedgerEntry] = []

    def flush() -> None:
        counts = ledger.stage(batch)
        summary.staged_new += counts.new
        summary.staged_changed += counts.changed
        summary.unchanged += counts.unchanged
        batch.clear()

    for checked in run.check_reader(reader):
        summary.read += 1
        if not checked.valid:
            summary.invalid += 1
            entry = ledger_entry(checked, spec, calendar, checked.position.describe())
            invalid.append((entry, _reasons(checked)))
            continue
        summary.valid += 1
        where = checked.position.describe()
        batch.append(ledger_entry(checked, spec, calendar, where))
        if len(batch) >= config.batch_size:
            flush()
            if progress is not None:
                progress("read", summary.read)
    flush()


def _reasons(checked: Checked) -> str:
    """The errors of an invalid record, for its ledger entry."""
    errors = [i.message_zh for i in checked.issues if i.severity is Severity.ERROR]
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
