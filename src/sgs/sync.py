"""``sgs sync``: the department's daily job, from source to platform through the ledger.

:func:`sync` reads the configured source, validates every record, stages the
valid ones in the ledger as pending (one transaction a batch), pushes what is
pending with the configured transport, records the receipts (one transaction
a batch), writes the rejection receipt of the invalid rows, and returns a
summary with every record overdue or due within two working days.

Nothing is lost and nothing doubled: a record is in the ledger before it is
pushed and marked only after the receipt; a record already accepted with the
same content is not pushed again (the same key with changed content is an
update); a run that stopped — a crash, a kill, a platform that was down —
leaves records pending, and the next run resends them under the batch id
they were first sent with, so the platform can recognise the retry.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from sgs.adapters import Batch, OutgoingRecord, new_batch_id
from sgs.adapters.base import outgoing_record
from sgs.calendar import (
    CalendarYearUnavailable,
    TimelinessStatus,
    WorkCalendar,
    publication_deadline,
    timeliness,
)
from sgs.errors import ConfigFileError
from sgs.plugins.registries import Validator, make_source, make_transport, work_calendar
from sgs.standard import Kind, Role, get_standard
from sgs.store import LedgerEntry, Store, open_store

__all__ = ["ConfigFileError", "SyncConfig", "SyncSummary", "load_config", "sync"]

_BATCH = 500


@attrs.frozen(kw_only=True)
class SyncConfig:
    """What ``sgs.toml`` says. Paths are relative to ``base_dir`` (the file's folder)."""

    department_name: str
    department_code: str
    source: Mapping[str, Any]
    transport: Mapping[str, Any]
    store_url: str = "sqlite:///sgs.db"
    standard: str | None = None
    holidays: tuple[str, ...] = ()
    receipts: str = "receipts"
    batch_size: int = _BATCH
    base_dir: Path = attrs.field(factory=Path.cwd)


def _table(data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigFileError(f"{path}：缺少 [{key}] 表", f"{path}: the [{key}] table is missing")
    return value


def load_config(path: str | os.PathLike[str]) -> SyncConfig:
    """Read and check ``sgs.toml``."""
    name = os.fspath(path)
    try:
        data = tomllib.loads(Path(name).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigFileError(
            f"无法读取配置文件 {name}：{exc.strerror}", f"cannot read {name}: {exc.strerror}"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(
            f"{name} 不是有效的 TOML：{exc}", f"{name} is not valid TOML: {exc}"
        ) from None
    department = _table(data, "department", name)
    dept_name, dept_code = department.get("name"), department.get("credit_code")
    if not isinstance(dept_name, str) or not isinstance(dept_code, str):
        raise ConfigFileError(
            f"{name}：[department] 需要 name 和 credit_code",
            f"{name}: [department] needs name and credit_code",
        )
    store = data.get("store", {})
    options = data.get("sync", {})
    holidays = data.get("calendar", {}).get("holidays", [])
    if isinstance(holidays, str):
        holidays = [holidays]
    base = Path(name).resolve().parent
    return SyncConfig(
        department_name=dept_name,
        department_code=dept_code,
        source=_table(data, "source", name),
        transport=_table(data, "transport", name),
        store_url=str(store.get("url", "sqlite:///sgs.db")),
        standard=data.get("standard", {}).get("version")
        if isinstance(data.get("standard"), dict)
        else data.get("standard"),
        holidays=tuple(str(base / h) for h in holidays),
        receipts=str(options.get("receipts", "receipts")),
        batch_size=int(options.get("batch_size", _BATCH)),
        base_dir=base,
    )


@attrs.define
class SyncSummary:
    """What a run did, and what is due."""

    read: int = 0
    valid: int = 0
    invalid: int = 0
    staged_new: int = 0
    staged_changed: int = 0
    unchanged: int = 0
    pushed: int = 0
    accepted: int = 0
    rejected: int = 0
    pending: int = 0
    failures: list[str] = attrs.field(factory=list)
    receipts: list[str] = attrs.field(factory=list)
    overdue: list[dict[str, Any]] = attrs.field(factory=list)
    due_soon: list[dict[str, Any]] = attrs.field(factory=list)
    late: list[dict[str, Any]] = attrs.field(factory=list)  # pushed after the deadline
    #: Entries whose deadline cannot be computed: a year's holiday schedule is missing.
    no_deadline: list[dict[str, Any]] = attrs.field(factory=list)
    #: The years without a holiday schedule that this run needed.
    missing_years: set[int] = attrs.field(factory=set)


def _entry(checked: Any, spec: Any, calendar: WorkCalendar, source: str | None) -> LedgerEntry:
    record: OutgoingRecord = outgoing_record(spec, checked.values)
    values = checked.values

    def value(role: Role) -> Any:
        code = spec.code_of(role)
        return values.get(code) if code is not None else None

    decided = value(Role.DECISION_DATE)
    decided = decided if isinstance(decided, dt.date) else None
    deadline = None
    if decided is not None:
        try:
            deadline = publication_deadline(decided, calendar=calendar)
        except CalendarYearUnavailable:
            deadline = None  # the schedule of that year is not published yet
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
    config: SyncConfig,
    *,
    as_of: dt.date | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> SyncSummary:
    """Run the daily job once (see the module documentation)."""
    today = as_of or dt.date.today()
    summary = SyncSummary()
    calendar = work_calendar(config.holidays)
    standard = get_standard(config.standard)
    validator = Validator(standard=standard, as_of=today)
    # Made first, so that a configuration mistake stops the run before anything is read.
    with (
        make_transport(config.transport, base_dir=config.base_dir) as transport,
        open_store(config.store_url, base_dir=config.base_dir) as store,
    ):
        source = make_source(config.source, base_dir=config.base_dir)
        try:
            for reader in source.readers():
                with reader:
                    _take(reader, validator, store, calendar, config, summary, progress)
                source.done(reader)
        finally:
            source.close()
        for kind in Kind:
            _push(store, transport, kind, standard.version, config, today, summary, progress)
        summary.pending = store.status_counts().get("pending", 0)
        _due(store, calendar, today, summary)
    return summary


def _take(reader: Any, validator: Validator, store: Store, calendar: WorkCalendar,
          config: SyncConfig, summary: SyncSummary, progress: Any) -> None:  # fmt: skip
    report = validator.new_report()
    spec = validator.standard.spec(reader.kind)
    batch: list[LedgerEntry] = []

    def flush() -> None:
        counts = store.stage(batch)
        summary.staged_new += counts["new"]
        summary.staged_changed += counts["changed"]
        summary.unchanged += counts["unchanged"]
        batch.clear()

    for checked in validator.iter(reader, report=report):
        summary.read += 1
        if not checked.valid:
            summary.invalid += 1
            continue
        summary.valid += 1
        where = checked.position.describe()
        batch.append(_entry(checked, spec, calendar, where))
        if len(batch) >= config.batch_size:
            flush()
            if progress is not None:
                progress("read", summary.read)
    flush()
    if report.invalid:
        folder = config.base_dir / config.receipts
        folder.mkdir(parents=True, exist_ok=True)
        stem = Path(reader.path).stem if reader.path else "records"
        ext = ".xlsx" if reader.format in ("xlsx", "xls") else ".csv"
        target = folder / f"{stem}.退回{ext}"
        summary.receipts.extend(report.write_receipt(target))
    report.close()


def _push(store: Store, transport: Any, kind: Kind, version: str, config: SyncConfig,
          today: dt.date, summary: SyncSummary, progress: Any) -> None:  # fmt: skip
    from sgs.adapters import TransportError

    pending = store.pending(kind.value)
    # Records cut short in a send go again under the same batch id (the platform's
    # Idempotency-Key), the others in new batches.
    groups: dict[str | None, list[tuple[str, dict[str, str]]]] = {}
    for key, batch_id, fields in pending:
        groups.setdefault(batch_id, []).append((key, fields))
    for batch_id, records in sorted(groups.items(), key=lambda g: g[0] is None):
        for start in range(0, len(records), config.batch_size):
            part = records[start : start + config.batch_size]
            keys = [k for k, _ in part]
            bid = batch_id if batch_id is not None and start == 0 else new_batch_id()
            store.mark_sending(keys, bid)
            batch = Batch(bid, version, kind, tuple(OutgoingRecord(k, f) for k, f in part))
            try:
                receipts = transport.push(batch)
            except TransportError as exc:
                store.note_failure(keys, str(exc))
                summary.failures.append(str(exc))
                return  # the platform is down: the rest stays pending for the next run
            summary.pushed += len(part)
            answers = [(r.key, r.status, r.message) for r in receipts]
            store.record_receipts(answers, today)
            summary.accepted += sum(1 for r in receipts if r.status == "accepted")
            summary.rejected += sum(1 for r in receipts if r.status == "rejected")
            if progress is not None:
                progress("pushed", summary.pushed)


def _due(store: Store, calendar: WorkCalendar, today: dt.date, summary: SyncSummary) -> None:
    """Fill ``overdue``, ``due_soon`` (not pushed), ``late`` (pushed after the deadline).

    A missing holiday schedule never hides an entry. A deadline the ledger lacks
    (its year had no schedule when the entry was staged) is computed again and
    stored once the calendar has the year; an entry whose deadline still cannot
    be computed goes to ``no_deadline``. When only the count of working days
    past a known deadline needs a missing year, the entry is still overdue or
    late, with ``late_by`` ``None``.
    """
    found: dict[str, dt.date] = {}
    for row in store.entries():
        decided = row.get("decision_date")
        if decided is None or row["status"] == "withdrawn":
            continue
        pushed = row.get("platform_pushed_on") if row["status"] == "accepted" else None
        try:
            state = timeliness(decided, pushed, as_of=today, calendar=calendar)
        except CalendarYearUnavailable as exc:
            summary.missing_years.add(exc.year)
            _due_without_count(row, pushed, today, calendar, summary, found)
            continue
        if row.get("deadline") != state.deadline:
            found[row["record_key"]] = state.deadline
        item = {**row, "deadline": state.deadline, "late_by": state.late_by,
                "days_left": state.days_left}  # fmt: skip
        if state.status is TimelinessStatus.OVERDUE:
            summary.overdue.append(item)
        elif state.status is TimelinessStatus.LATE:
            summary.late.append(item)
        elif state.status is TimelinessStatus.PENDING and state.days_left <= 2:
            summary.due_soon.append(item)
    store.set_deadlines(found)


def _due_without_count(
    row: dict[str, Any],
    pushed: dt.date | None,
    today: dt.date,
    calendar: WorkCalendar,
    summary: SyncSummary,
    found: dict[str, dt.date],
) -> None:
    """Place an entry whose timeliness needs a year without a holiday schedule."""
    try:
        deadline = publication_deadline(row["decision_date"], calendar=calendar)
    except CalendarYearUnavailable as exc:
        summary.missing_years.add(exc.year)
        summary.no_deadline.append({**row, "deadline": None, "late_by": None, "days_left": None})
        return
    if row.get("deadline") != deadline:
        found[row["record_key"]] = deadline
    # The deadline is known, so its years are; only the count past it is not.
    item = {**row, "deadline": deadline, "late_by": None, "days_left": None}
    if pushed is not None:
        if pushed > deadline:
            summary.late.append(item)
    elif today > deadline:
        summary.overdue.append(item)
