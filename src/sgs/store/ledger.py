"""The ledger repository: every decision (台账), what was sent, and the platform's answers.

The ledger keeps what was sent (``payload``) with a hash, so that a record is
pushed again only when it changed (an update) or was never accepted, and a
run that stopped half way resumes what is pending. Every write that belongs
together is one transaction: a batch staged as pending, a batch marked as
being sent, the receipts of a batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import attrs
from sqlalchemy import (
    RowMapping,
    String,
    and_,
    any_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine, Result

from sgs.adapters.base import Notice, Receipt, RepairDecision, Return
from sgs.calendar.today import china_today
from sgs.display import LIMIT, html_table
from sgs.errors import InputError
from sgs.records.stored import StoredFields
from sgs.standard.keys import normalize_number
from sgs.standard.scopes import scope_of
from sgs.store.bulk import insert_rows, select_rows
from sgs.store.payloads import payload_hash, payload_text
from sgs.store.schema import STATUS_LABELS, WITHDRAWAL_STATUSES, ledger, meta

__all__ = [
    "EntryDates",
    "ImportedEntry",
    "LedgerEntry",
    "LedgerRepository",
    "LedgerRow",
    "PendingRecord",
    "StageCounts",
    "payload_hash",
]

#: Keys per ``IN (…)`` query: well below every database's parameter limit.
_CHUNK = 500

#: Statuses in which an entry imported without its fields only learns them from the source.
_REPORTED = ("accepted", *WITHDRAWAL_STATUSES)
#: Statuses of an entry a return of the platform can concern: sent, or being sent again.
_RETURNABLE = ("pending", "pushed", "accepted")
#: The ``sgs_meta`` key of the newest return's ``received_at`` (ISO 8601).
_RETURNS_SINCE = "returns_since"


@attrs.frozen
class LedgerEntry:
    """One decision as the ledger receives it from a sync: what to send, and about what."""

    record_key: str
    kind: str
    number: str
    payload: Mapping[str, str]
    name: str | None = None
    decision_date: dt.date | None = None
    authority_code: str | None = None
    deadline: dt.date | None = None
    source: str | None = None


@attrs.frozen(kw_only=True)
class ImportedEntry:
    """One decision of an existing ledger file (附件2), without its fields."""

    record_key: str
    kind: str
    number: str
    name: str | None = None
    decision_date: dt.date | None = None
    platform_pushed_on: dt.date | None = None
    portal_pushed_on: dt.date | None = None
    remarks: str | None = None
    deadline: dt.date | None = None
    source: str | None = None


@attrs.frozen(kw_only=True)
class LedgerRow:
    """One entry of the ledger as stored."""

    id: int
    record_key: str
    kind: str
    number: str
    name: str | None
    decision_date: dt.date | None
    authority_code: str | None
    platform_pushed_on: dt.date | None
    portal_pushed_on: dt.date | None
    remarks: str | None
    status: str
    attempts: int
    last_message: str | None
    deadline: dt.date | None
    batch_id: str | None
    payload: Mapping[str, str]
    payload_hash: str
    source: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    #: The 公开范围 set for this record (:meth:`LedgerRepository.set_scope`); ``None``: not
    #: set, its catalog item's applies (:func:`sgs.department.scopes.effective_scope`).
    scope: str | None = None
    #: The platform's open 核查通知 on this record (its case number) and its due date.
    objection: str | None = None
    objection_due: dt.date | None = None
    #: The day the platform repaired the record (信用修复): its publication ended then.
    repaired_on: dt.date | None = None
    #: The day the withdrawal (撤回) was asked for (行政处罚法 §48: 3 working days).
    withdraw_asked_on: dt.date | None = None


class EntryDates(NamedTuple):
    """What the due lists need of an entry (:meth:`LedgerRepository.dates`)."""

    record_key: str
    status: str
    decision_date: dt.date | None
    platform_pushed_on: dt.date | None
    deadline: dt.date | None
    withdraw_asked_on: dt.date | None


@attrs.frozen
class PendingRecord:
    """A record waiting to be pushed: its key, the batch of a send cut short, its fields,
    what is asked of the platform (``upsert`` or ``withdraw``) and its 公开范围.

    ``scope`` is ``None`` when the outbox leaves it to the sender: the department's
    ledger gives only a record's own scope (:attr:`LedgerRow.scope`), and its sync fills
    in the catalog's (:func:`sgs.department.scopes.effective_scope`); sent as 公示.
    """

    key: str
    batch_id: str | None
    fields: Mapping[str, str]
    operation: str = "upsert"
    scope: str | None = None
    #: The platform's 核查通知 this record answers (the case number), when one is open.
    objection: str | None = None


@attrs.define
class StageCounts:
    """What :meth:`LedgerRepository.stage` did."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ledger_row(values: dict[str, Any]) -> LedgerRow:
    """The entry of a row given as its values by column name (``values`` is used for it)."""
    values["payload"] = StoredFields(values["payload"])
    return LedgerRow(**values)


def _row(mapping: RowMapping) -> LedgerRow:
    return _ledger_row(dict(mapping))


def _rows(result: Result[Any]) -> Iterator[LedgerRow]:
    """The entries of a ``select(ledger)`` result, fetched a chunk at a time (many rows:
    the columns' names zipped once a row, not a mapping made of each)."""
    names = tuple(result.keys())
    while chunk := result.fetchmany(_CHUNK):
        for row in chunk:
            yield _ledger_row(dict(zip(names, row, strict=True)))


def _content_key(key: str, digest: str) -> str:
    """The key of an entry that cannot have its record's own: its key and content, hashed."""
    return hashlib.sha256(f"{key}\x1f{digest}".encode()).hexdigest()[:32]


def _chunks(connection: Connection, keys: Sequence[str]) -> Iterator[Sequence[str]]:
    """``keys`` in chunks for :func:`_among`: all at once on PostgreSQL (one array)."""
    size = (len(keys) or 1) if connection.dialect.name == "postgresql" else _CHUNK
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def _among(connection: Connection, keys: Sequence[str]) -> Any:
    """The entries of ``keys``: ``record_key = ANY(:array)`` on PostgreSQL (one parameter,
    whatever the number of keys), ``record_key IN (…)`` elsewhere."""
    if connection.dialect.name == "postgresql":
        return ledger.c.record_key == any_(bindparam("keys", list(keys), type_=ARRAY(String)))
    return ledger.c.record_key.in_(keys)


#: The columns :func:`_columns` sets, in the order of :func:`_values`.
_STAGED = ("kind", "number", "name", "decision_date", "authority_code", "deadline", "payload",
           "payload_hash", "source", "updated_at")  # fmt: skip
#: The columns of a new entry (:meth:`LedgerRepository.stage_keyed`): :data:`_STAGED`, then
#: its key, status, attempts and creation time.
_NEW = (*_STAGED, "record_key", "status", "attempts", "created_at")


def _values(entry: LedgerEntry, digest: str, now: dt.datetime) -> tuple[Any, ...]:
    """The values of :data:`_STAGED` a staged entry sets, whatever its status."""
    return (entry.kind, entry.number, entry.name, entry.decision_date, entry.authority_code,
            entry.deadline, payload_text(entry.payload), digest, entry.source, now)  # fmt: skip


def _columns(entry: LedgerEntry, digest: str, now: dt.datetime) -> dict[str, Any]:
    """:func:`_values` by column name."""
    return dict(zip(_STAGED, _values(entry, digest, now), strict=True))


class LedgerRepository:
    """The ledger of one store (``store.ledger``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- staging and sending --------------------------------------------------------------------
    def stage(self, entries: Sequence[LedgerEntry]) -> StageCounts:
        """Record ``entries`` as pending where they are new or changed, in one transaction.

        An entry already accepted (or pushed, rejected, withdrawn or being
        withdrawn) with the same payload stays as it is: the same record is never
        pushed twice, and a withdrawn decision that the source still lists is not
        published again. A changed payload under the same key is an update and
        becomes pending again, in a batch of its own (a new batch id: it is not a
        retry of what was sent before) — a withdrawn decision that changed is
        published again.
        """
        keys = [e.record_key for e in entries]
        digests = [payload_hash(e.payload) for e in entries]
        return self.stage_keyed(keys, digests, entries.__getitem__)

    def stage_keyed(
        self,
        keys: Sequence[str],
        digests: Sequence[str],
        entry: Callable[[int], LedgerEntry],
    ) -> StageCounts:
        """:meth:`stage` for a batch given as record keys and payload hashes (``digests``,
        :func:`payload_hash`): ``entry(i)`` gives the :class:`LedgerEntry` of the ``i``-th,
        and is called only for those the ledger must write.

        What the ledger holds for the whole batch is read in one query (``IN`` by chunks);
        a record whose hash is the one held is left there and then, so a rerun with
        nothing new writes nothing; the new entries go in with one multi-row insert, the
        changed ones with one ``executemany``, all in one transaction.
        """
        counts = StageCounts()
        if not keys:
            return counts
        now = _now()
        with self.engine.begin() as connection:
            known = self._known(connection, keys)
            inserts: list[tuple[Any, ...]] = []
            learned: list[dict[str, Any]] = []
            changed: list[dict[str, Any]] = []
            seen: set[str] = set()
            for i, (key, digest) in enumerate(zip(keys, digests, strict=True)):
                old = known.get(key)
                if old is None:
                    if key in seen:  # the same key earlier in the batch: the first stays
                        counts.unchanged += 1
                        continue
                    seen.add(key)
                    inserts.append((*_values(entry(i), digest, now), key, "pending", 0, now))
                    counts.new += 1
                elif old[0] == digest and old[1] != "invalid":
                    counts.unchanged += 1  # the rerun's path: nothing else is looked at
                elif old[0] == "" and old[1] in _REPORTED:
                    # imported from a ledger file, reported or withdrawn: learn its fields only
                    payload = payload_text(entry(i).payload)
                    learned.append({"k": key, "b_payload": payload, "b_hash": digest, "u": now})
                    counts.unchanged += 1
                else:
                    values = _columns(entry(i), digest, now)
                    changed.append({"k": key, **{f"b_{c}": v for c, v in values.items()}})
                    counts.changed += 1
            insert_rows(connection, ledger, _NEW, inserts)
            by_key = ledger.c.record_key == bindparam("k")
            if learned:
                connection.execute(
                    update(ledger).where(by_key).values(
                        payload=bindparam("b_payload"), payload_hash=bindparam("b_hash"),
                        updated_at=bindparam("u"),
                    ),
                    learned,
                )  # fmt: skip
            if changed:
                connection.execute(
                    update(ledger)
                    .where(by_key)
                    .values(
                        {c: bindparam(f"b_{c}") for c in _STAGED}
                        | {
                            "status": "pending",
                            "batch_id": None,
                            "last_message": "记录已更新 (updated)",
                        }
                    ),
                    changed,
                )
        return counts

    @staticmethod
    def _known(connection: Connection, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
        """The payload hash and status of each of ``keys`` that the ledger holds.

        The rerun's hot query, sent as plain SQL: on PostgreSQL one ``= ANY(array)`` for
        the whole batch, elsewhere ``IN (?, …)`` by chunks.
        """
        unique = list(dict.fromkeys(keys))
        head = f"SELECT record_key, payload_hash, status FROM {ledger.name} WHERE record_key"
        if connection.dialect.name == "postgresql":
            rows = connection.exec_driver_sql(f"{head} = ANY(%(keys)s)", {"keys": unique}).all()
            return {key: (digest, status) for key, digest, status in rows}
        known: dict[str, tuple[str, str]] = {}
        for start in range(0, len(unique), _CHUNK):
            chunk = tuple(unique[start : start + _CHUNK])
            marks = ", ".join("?" * len(chunk))
            rows = connection.exec_driver_sql(f"{head} IN ({marks})", chunk).all()
            known.update((key, (digest, status)) for key, digest, status in rows)
        return known

    def stage_invalid(self, entries: Sequence[tuple[LedgerEntry, str]]) -> int:
        """Record decisions whose records failed validation, with the reason; return how many.

        A 台账 holds every decision, so an invalid record is an entry too, with
        status ``invalid`` and ``reason`` as its message; it counts toward the
        deadline and leaves that status when a corrected record is staged under
        the same key (:meth:`stage`). An entry that already holds a valid record
        under that key is not touched: the invalid one (a second record under
        the same 决定书文号) gets an entry of its own, keyed by its content; so
        does a second invalid record under one number in ``entries``, and a
        record without a 决定书文号. The same record twice is one entry.
        """
        if not entries:
            return 0
        now = _now()
        digests = [payload_hash(entry.payload) for entry, _ in entries]
        own = [entry.record_key for entry, _ in entries]
        by_content = [_content_key(k, d) for k, d in zip(own, digests, strict=True)]
        seen: dict[str, str] = {}  # key → payload hash, of this call's entries
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        with self.engine.begin() as connection:
            status = self._statuses(connection, [*own, *by_content])
            for (entry, reason), key, content, digest in zip(
                entries, own, by_content, digests, strict=True
            ):
                other = seen.setdefault(key, digest) != digest  # two records, one number
                held = status.get(key)
                if not entry.number or other or (held is not None and held != "invalid"):
                    key = content
                values = {**_columns(entry, digest, now), "last_message": reason}
                if key not in status:
                    inserts.append(
                        {**values, "record_key": key, "status": "invalid", "attempts": 0,
                         "created_at": now}
                    )  # fmt: skip
                    status[key] = "invalid"
                else:
                    updates.append({"k": key, **{f"b_{c}": v for c, v in values.items()}})
            # the inserts first: a later record of this call may update an entry inserted here
            if inserts:
                connection.execute(ledger.insert(), inserts)
            if updates:
                connection.execute(
                    update(ledger)
                    .where(ledger.c.record_key == bindparam("k"))
                    .values({c: bindparam(f"b_{c}") for c in (*_STAGED, "last_message")}),
                    updates,
                )
        return len(entries)

    @staticmethod
    def _statuses(connection: Connection, keys: Sequence[str]) -> dict[str, str]:
        """The status of each of ``keys`` that the ledger holds."""
        found: dict[str, str] = {}
        for start in range(0, len(keys), _CHUNK):
            rows = connection.execute(
                select(ledger.c.record_key, ledger.c.status).where(
                    ledger.c.record_key.in_(keys[start : start + _CHUNK])
                )
            )
            found.update((r.record_key, r.status) for r in rows)
        return found

    def pending(self, kind: str) -> list[PendingRecord]:
        """The records of ``kind`` to send, in ledger order: pending ones and withdrawals.

        A ``pending`` entry is sent as an ``upsert``; a ``withdrawing`` one as a
        ``withdraw``, with the fields last sent. Pending entries imported from a
        ledger file without their fields wait for the record to come from the
        source, so they are not among them (a withdrawal needs only the key).
        """
        return [record for record, _, _ in self.pending_named(kind)]

    def pending_named(self, kind: str) -> list[tuple[PendingRecord, str | None, dt.date | None]]:
        """:meth:`pending`, each record with its entry's name and decision date (what its
        catalog item is found by: :class:`sgs.department.scopes.ScopedLedger`), in one query."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(
                    ledger.c.record_key,
                    ledger.c.batch_id,
                    ledger.c.payload,
                    ledger.c.status,
                    ledger.c.scope,
                    ledger.c.objection,
                    ledger.c.name,
                    ledger.c.decision_date,
                )
                .where(ledger.c.kind == kind)
                .where(
                    or_(
                        and_(ledger.c.status == "pending", ledger.c.payload != "{}"),
                        ledger.c.status == "withdrawing",
                    )
                )
                .order_by(ledger.c.id)
            )
            return [
                (
                    PendingRecord(
                        key,
                        batch,
                        StoredFields(payload),
                        "withdraw" if status == "withdrawing" else "upsert",
                        scope,
                        objection,
                    ),
                    name,
                    day,
                )
                for key, batch, payload, status, scope, objection, name, day in rows
            ]

    def mark_sending(self, keys: Sequence[str], batch_id: str) -> None:
        """Note, before a push, that ``keys`` go out in ``batch_id`` (one more attempt)."""
        with self.engine.begin() as connection:
            for chunk in _chunks(connection, keys):
                connection.execute(
                    update(ledger)
                    .where(_among(connection, chunk))
                    .values(batch_id=batch_id, attempts=ledger.c.attempts + 1, updated_at=_now())
                )

    def record_receipts(self, receipts: Iterable[Receipt], pushed_on: dt.date) -> None:
        """Record the platform's answers in one transaction.

        An accepted record is ``accepted`` on ``pushed_on`` (its 报送日期); an
        accepted withdrawal makes a ``withdrawing`` entry ``withdrawn``, keeping
        the date its decision was reported. A rejection (of either) is
        ``rejected`` with the platform's reason. An accepted record answered the
        objection case it carried: the entry holds none after it.
        """
        now = _now()
        # the accepted by message (nearly always none): one UPDATE … IN (…) a group and chunk
        accepted: dict[str | None, list[str]] = {}
        rejected: list[dict[str, Any]] = []
        for receipt in receipts:
            if receipt.accepted:
                accepted.setdefault(receipt.message or None, []).append(receipt.key)
            else:
                rejected.append(
                    {"k": receipt.key, "s": receipt.status, "m": receipt.message or None, "u": now}
                )
        withdrawing = ledger.c.status == "withdrawing"  # the status before this update
        with self.engine.begin() as connection:
            for message, keys in accepted.items():
                for chunk in _chunks(connection, keys):
                    connection.execute(
                        update(ledger)
                        .where(_among(connection, chunk))
                        .values(
                            status=case((withdrawing, "withdrawn"), else_=literal("accepted")),
                            last_message=message, updated_at=now,
                            objection=None, objection_due=None,
                            platform_pushed_on=case(
                                (withdrawing, ledger.c.platform_pushed_on), else_=pushed_on
                            ),
                        )
                    )  # fmt: skip
            if rejected:  # each with its reason: executemany, one round trip a statement
                connection.execute(
                    update(ledger)
                    .where(ledger.c.record_key == bindparam("k"))
                    .values(
                        status=bindparam("s"),
                        last_message=bindparam("m"),
                        updated_at=bindparam("u"),
                    ),
                    rejected,
                )

    def note_objections(self, notices: Iterable[Notice]) -> list[Notice]:
        """Record on their entries the platform's open 核查通知 — all of them: an entry
        holding a case no longer listed forgets it (closed on the platform) —; those whose
        record the ledger does not hold (they are listed to the user, never dropped).

        An entry keeps its case until a push carrying it is accepted
        (:meth:`record_receipts`) or :meth:`clear_objection` is called (the department
        confirmed the record).
        """
        listed = list(notices)
        unknown: list[Notice] = []
        with self.engine.begin() as connection:
            # a case the platform no longer lists is closed there (decided by its staff)
            connection.execute(
                update(ledger)
                .where(ledger.c.objection.is_not(None))
                .where(ledger.c.objection.not_in([n.case for n in listed]))
                .values(objection=None, objection_due=None)
            )  # fmt: skip
            for notice in listed:
                done = connection.execute(
                    update(ledger).where(ledger.c.record_key == notice.key)
                    .values(objection=notice.case, objection_due=notice.due)
                )  # fmt: skip
                if not done.rowcount:
                    unknown.append(notice)
        return unknown

    def clear_objection(self, case: str) -> int:
        """Forget the 核查通知 ``case`` (answered); how many entries held it."""
        with self.engine.begin() as connection:
            done = connection.execute(update(ledger).where(ledger.c.objection == case)
                                      .values(objection=None, objection_due=None))  # fmt: skip
        return int(done.rowcount)

    def note_repairs(self, decisions: Iterable[RepairDecision]) -> int:
        """Record the platform's repair decisions on their entries: a ``repaired`` one ends
        the record's publication on the department's site too (终止公示); one revoked for
        fraud (36号令 第二十五条) publishes it again. How many entries changed."""
        changed = 0
        with self.engine.begin() as connection:
            for decision in decisions:
                day = decision.decided_on if decision.state == "repaired" else None
                done = connection.execute(
                    update(ledger)
                    .where(ledger.c.record_key == decision.key)
                    .where(ledger.c.repaired_on.is_distinct_from(day))
                    .values(repaired_on=day)
                )
                changed += int(done.rowcount)
        return changed

    def objections(self) -> list[LedgerRow]:
        """The entries a 核查通知 is open on, the earliest due first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(ledger).where(ledger.c.objection.is_not(None))
                                      .order_by(ledger.c.objection_due, ledger.c.id))  # fmt: skip
            return [_row(r._mapping) for r in rows]

    def set_deadlines(self, deadlines: Mapping[str, dt.date]) -> None:
        """Store deadlines (record key → date) computed later, once a year's schedule is known."""
        if not deadlines:
            return
        rows = [{"k": key, "d": day} for key, day in deadlines.items()]
        with self.engine.begin() as connection:
            connection.execute(
                update(ledger)
                .where(ledger.c.record_key == bindparam("k"))
                .values(deadline=bindparam("d")),
                rows,
            )

    def mark_published(self, keys: Sequence[str], day: dt.date) -> int:
        """Record ``day`` as the 部门网站推送日期 of the entries under ``keys`` that have none.

        The date is the first day a record was on the department's own site; a later
        export does not move it. Returns how many entries got their date now.
        """
        done = 0
        now = _now()
        with self.engine.begin() as connection:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                result = connection.execute(
                    update(ledger)
                    .where(ledger.c.record_key.in_(chunk), ledger.c.portal_pushed_on.is_(None))
                    .values(portal_pushed_on=day, updated_at=now)
                )
                done += result.rowcount
        return done

    def note_failure(self, keys: Sequence[str], message: str) -> None:
        """Keep ``keys`` pending with the reason the push failed (the platform is down…)."""
        with self.engine.begin() as connection:
            for start in range(0, len(keys), _CHUNK):
                connection.execute(
                    update(ledger)
                    .where(ledger.c.record_key.in_(keys[start : start + _CHUNK]))
                    .values(last_message=message, updated_at=_now())
                )

    def withdraw(self, key: str, reason: str, *, on: dt.date | None = None) -> str:
        """Withdraw (撤回) the decision of the entry ``key`` for ``reason``; its new status.

        行政处罚法 §48: a published decision that was revoked or changed is
        withdrawn within 3 working days, saying why. An entry never sent
        (``invalid``, or ``pending`` without an attempt) is ``withdrawn`` at
        once; any other becomes ``withdrawing``, and :meth:`pending` gives it to
        the next push as a ``withdraw``, in a batch of its own (its batch id is
        forgotten: the withdrawal is no retry of what was sent). The reason goes
        into 备注 (``撤回：<reason>``, after any remarks there) and the message,
        and ``on`` (China's today) is kept as the day it was asked for: the 3 working
        days of §48 count from it (:func:`sgs.department.ledger.due_lists`). An entry
        withdrawn, or being withdrawn, is left as it is.
        """
        reason = reason.strip()
        if not reason:
            raise InputError("撤回须说明理由", "a withdrawal needs a reason")
        with self.engine.begin() as connection:
            row = connection.execute(
                select(ledger.c.status, ledger.c.attempts, ledger.c.remarks).where(
                    ledger.c.record_key == key
                )
            ).first()
            if row is None:
                raise InputError(
                    f"台账中没有记录键为 {key} 的记录",
                    f"the ledger has no entry with the key {key}",
                )
            if row.status in WITHDRAWAL_STATUSES:
                return str(row.status)
            never_sent = row.status == "invalid" or (row.status == "pending" and not row.attempts)
            status = "withdrawn" if never_sent else "withdrawing"
            note = f"撤回：{reason}"
            connection.execute(
                update(ledger)
                .where(ledger.c.record_key == key)
                .values(status=status, batch_id=None, last_message=note, updated_at=_now(),
                        remarks=f"{row.remarks}；{note}" if row.remarks else note,
                        withdraw_asked_on=on or china_today())
            )  # fmt: skip
        return status

    def set_scope(self, keys: Sequence[str], scope: str | None) -> int:
        """Set the 公开范围 of the entries under ``keys`` (``None``: back to the catalog's).

        ``scope`` is a name or a 2016 ``SYFW`` code (:func:`~sgs.standard.scope_of`). The
        setting outlives new versions of the record from the source. An entry whose scope
        changes and that the platform has been sent (``pushed``, ``accepted``,
        ``rejected``) is ``pending`` again, in a batch of its own, so that the next sync
        tells the platform; one never sent, or taken back, only keeps the setting. Returns
        how many entries changed.
        """
        wanted = None if scope is None else scope_of(scope)
        note = f"公开范围改为{wanted or '目录所定'} (disclosure scope set to {wanted or 'default'})"
        now, changed = _now(), 0
        with self.engine.begin() as connection:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                rows = connection.execute(
                    select(ledger.c.record_key, ledger.c.status, ledger.c.scope, ledger.c.payload)
                    .where(ledger.c.record_key.in_(chunk))
                ).all()  # fmt: skip
                for row in rows:
                    if row.scope == wanted:
                        continue
                    values: dict[str, Any] = {"scope": wanted, "updated_at": now}
                    if row.status in ("pushed", "accepted", "rejected") and row.payload != "{}":
                        values.update(status="pending", batch_id=None, last_message=note)
                    connection.execute(
                        update(ledger).where(ledger.c.record_key == row.record_key).values(values)
                    )
                    changed += 1
        return changed

    def rows(self, keys: Sequence[str]) -> dict[str, LedgerRow]:
        """The entries under ``keys`` that the ledger holds, by key."""
        found: dict[str, LedgerRow] = {}
        with self.engine.connect() as connection:
            for chunk in _chunks(connection, keys):
                if connection.dialect.name == "sqlite":  # many rows: read by the driver
                    marks = ", ".join("?" * len(chunk))
                    for values in select_rows(
                        connection, ledger, f"record_key IN ({marks})", chunk
                    ):
                        found[values["record_key"]] = _ledger_row(values)
                    continue
                query = select(ledger).where(_among(connection, chunk))
                found.update((r.record_key, r) for r in _rows(connection.execute(query)))
        return found

    # -- the platform's returns (疑问数据) --------------------------------------------------------
    def returns_since(self) -> dt.datetime | None:
        """When the platform received the newest return :meth:`apply_returns` has seen."""
        with self.engine.connect() as connection:
            value = connection.execute(
                select(meta.c.value).where(meta.c.key == _RETURNS_SINCE)
            ).scalar()
        return dt.datetime.fromisoformat(value) if value else None

    def apply_returns(self, returns: Sequence[Return]) -> int:
        """Mark ``rejected`` the entries the platform returned as it received them; how many.

        A ``pending`` return (待修改) concerns an entry ``pending``, ``pushed`` or
        ``accepted`` whose payload is what the platform received (its
        ``payload_hash`` is the return's ``content_hash``): a record the
        department has corrected since is not touched, nor is a withdrawn one.
        The message is the return's reasons (``平台退回：…``). The newest
        ``received_at`` of ``returns`` is remembered (:meth:`returns_since`),
        all in one transaction.
        """
        # key → content hash → return: the platform may return several versions of a record
        wanted: dict[str, dict[str, Return]] = {}
        for found in returns:
            if found.status == "pending":
                wanted.setdefault(found.key, {})[found.content_hash] = found
        now, applied = _now(), []
        with self.engine.begin() as connection:
            keys = list(wanted)
            for start in range(0, len(keys), _CHUNK):
                rows = connection.execute(
                    select(ledger.c.record_key, ledger.c.payload_hash)
                    .where(ledger.c.record_key.in_(keys[start : start + _CHUNK]))
                    .where(ledger.c.status.in_(_RETURNABLE))
                )
                for row in rows:
                    same = wanted[row.record_key].get(row.payload_hash)
                    if same is not None:
                        applied.append({"k": row.record_key, "m": same.message, "u": now})
            if applied:
                connection.execute(
                    update(ledger)
                    .where(ledger.c.record_key == bindparam("k"))
                    .values(status="rejected", last_message=bindparam("m"),
                            updated_at=bindparam("u")),
                    applied,
                )  # fmt: skip
            newest = max((r.received_at for r in returns), default=None)
            if newest is not None:
                self._remember_returns(connection, newest)
        return len(applied)

    @staticmethod
    def _remember_returns(connection: Connection, newest: dt.datetime) -> None:
        """Keep ``newest`` as :meth:`returns_since`, unless a later time is kept already."""
        if newest.tzinfo is None:  # a plugin's transport may give naive times: UTC
            newest = newest.replace(tzinfo=dt.UTC)
        held = connection.execute(select(meta.c.value).where(meta.c.key == _RETURNS_SINCE)).scalar()
        if held is None:
            connection.execute(meta.insert(), {"key": _RETURNS_SINCE, "value": newest.isoformat()})
        elif dt.datetime.fromisoformat(held) < newest:
            connection.execute(
                update(meta).where(meta.c.key == _RETURNS_SINCE).values(value=newest.isoformat())
            )

    # -- queries ----------------------------------------------------------------------------------
    def find(
        self, *, number: str | None = None, key: str | None = None, kind: str | None = None
    ) -> list[LedgerRow]:
        """The entries of the 决定书文号 ``number``, or of the record ``key``, in ledger order.

        ``kind`` (``license`` or ``penalty``) narrows the search. Numbers are
        compared as the record key compares them
        (:func:`~sgs.standard.keys.normalize_number`: spaces dropped, year
        brackets unified), so ``罚 [2026] 1号`` finds ``罚〔2026〕1号``.
        """
        where = [ledger.c.kind == kind] if kind is not None else []
        if key is not None:
            where.append(ledger.c.record_key == key)
        query = select(ledger).where(*where).order_by(ledger.c.id)
        with self.engine.connect() as connection:
            if number is None:
                return [_row(row) for row in connection.execute(query).mappings()]
            wanted = normalize_number(number.strip())
            numbers = connection.execute(select(ledger.c.id, ledger.c.number).where(*where))
            ids = [r.id for r in numbers if normalize_number(r.number.strip()) == wanted]
            found: list[LedgerRow] = []
            for start in range(0, len(ids), _CHUNK):
                part = query.where(ledger.c.id.in_(ids[start : start + _CHUNK]))
                found.extend(_row(row) for row in connection.execute(part).mappings())
        return sorted(found, key=lambda r: r.id)

    def head(self, n: int = LIMIT) -> list[LedgerRow]:
        """The first ``n`` entries, in ledger order."""
        with self.engine.connect() as connection:
            query = select(ledger).order_by(ledger.c.id).limit(n)
            return [_row(row) for row in connection.execute(query).mappings()]

    def __repr__(self) -> str:
        counts = self.status_counts()
        by_status = ", ".join(f"{k} {v}" for k, v in counts.items())
        return f"<LedgerRepository {sum(counts.values())} entries: {by_status or 'empty'}>"

    def _repr_html_(self) -> str:
        counts = self.status_counts()
        total = sum(counts.values())
        totals = html_table(
            [STATUS_LABELS.get(k, k) for k in counts], [list(counts.values())], limit=1
        )
        rows = [
            [r.id, r.number, r.name, r.decision_date, STATUS_LABELS.get(r.status, r.status),
             r.deadline, r.platform_pushed_on]
            for r in self.head()
        ]  # fmt: skip
        first = html_table(
            [
                "序号",
                "行政决定书文号",
                "项目名称/案件名称",
                "行政决定日期",
                "状态",
                "期限",
                "报送日期",
            ],
            rows,
            total=total,
        )
        return f"<div><strong>台账 ledger</strong>（{total} 条）{totals}{first}</div>"

    def status_counts(self) -> dict[str, int]:
        """Entries by status."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(ledger.c.status, func.count()).group_by(ledger.c.status)
            )
            return {r[0]: int(r[1]) for r in rows}

    def entries(self, *, status: str | None = None) -> Iterator[LedgerRow]:
        """Every entry (or those of ``status``), in ledger order."""
        query = select(ledger).order_by(ledger.c.id)
        if status is not None:
            query = query.where(ledger.c.status == status)
        with self.engine.connect() as connection:
            yield from _rows(connection.execute(query))

    def dates(self) -> list[EntryDates]:
        """Every entry's key, status and dates, in ledger order: what
        :func:`sgs.department.ledger.due_lists` sorts them on, without their payloads."""
        columns = ("record_key", "status", "decision_date", "platform_pushed_on", "deadline",
                   "withdraw_asked_on")  # fmt: skip
        with self.engine.connect() as connection:
            if connection.dialect.name != "sqlite":
                query = select(*(ledger.c[c] for c in columns)).order_by(ledger.c.id)
                return [EntryDates(*row) for row in connection.execute(query).all()]
            # SQLite keeps a date as its ISO text: read as such, it is parsed here in C
            sql = f"SELECT {', '.join(columns)} FROM {ledger.name} ORDER BY id"
            day = dt.date.fromisoformat
            return [
                EntryDates(key, status, a and day(a), b and day(b), c and day(c), d and day(d))
                for key, status, a, b, c, d in connection.exec_driver_sql(sql).all()
            ]

    def import_entries(self, entries: Iterable[ImportedEntry]) -> dict[str, int]:
        """Add entries of an existing ledger (附件2): known keys keep what they have.

        An entry with a 报送日期 is ``accepted``; one without is ``pending``
        until its record comes from the source. Returns the counts ``added``
        and ``known``.
        """
        now = _now()
        counts = {"added": 0, "known": 0}
        with self.engine.begin() as connection:
            for entry in entries:
                exists = connection.execute(
                    select(ledger.c.id).where(ledger.c.record_key == entry.record_key)
                ).first()
                if exists is not None:
                    counts["known"] += 1
                    continue
                connection.execute(
                    ledger.insert(),
                    {
                        **attrs.asdict(entry),
                        "status": "accepted" if entry.platform_pushed_on else "pending",
                        "attempts": 0, "payload": "{}", "payload_hash": "",
                        "created_at": now, "updated_at": now,
                    },
                )  # fmt: skip
                counts["added"] += 1
        return counts
