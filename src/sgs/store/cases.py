"""The subject's cases (``store.cases``): objections (异议) and credit repairs (信用修复).

One row a case holds its latest state (``sgs_objections``, ``sgs_repairs``); every
step — who did what, on which day, with which opinion, and the state it left — is a
row of ``sgs_case_steps``, so a case's history is never overwritten. Suspensions of
a case's clock are ``sgs_case_pauses``; a deadline missed is a ``breach`` step,
recorded once per deadline. The applicant's identifiers arrive masked: this module
stores what it is given and the platform masks before (:mod:`sgs.platform.objections`).

An open objection marks its record (``sgs_records.objection``): the public view shows
the record 异议 until the case closes. The store computes no deadline: the platform
works them out from its deadline profile and the working-day calendar, and passes the
dates in.

Field-level history (``sgs_field_changes``) is written by
:meth:`~sgs.store.ReceivedRepository.take` for every accepted update that changed a
field, with the objection case the update answered; :func:`settle` closes that case in
the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
from sqlalchemy import Table, func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from sgs.calendar.clocks import Pause
from sgs.calendar.today import china_today
from sgs.errors import StoreError
from sgs.store.schema import (
    case_pauses,
    case_steps,
    departments,
    field_changes,
    fraud_locks,
    objections,
    records,
    repairs,
)
from sgs.store.times import as_utc
from sgs.store.writes import write_transaction

__all__ = [
    "CLOSED_STATES",
    "CasePause",
    "CaseRepository",
    "CaseStep",
    "FieldChange",
    "FraudLock",
    "ObjectionCase",
    "RepairCase",
    "case_number",
    "settle",
]

#: The states in which an objection is finished (its record no longer flagged 异议).
CLOSED_STATES = ("closed", "not_accepted")
#: The advisory-lock key of case writes (beyond any department's id and the snapshots').
CASES_KEY = (1 << 32) + 1
#: Characters of a case number's random part (no 0/O, 1/I/L).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def case_number(prefix: str, day: dt.date) -> str:
    """A new case number: ``prefix``, the day, and 6 random characters.

    The random part makes the number the applicant's receipt: knowing one case's
    number tells nothing of another's, so the subject may look its own case up by it.

    >>> number = case_number("YY", dt.date(2026, 12, 2))
    >>> number[:11], len(number)
    ('YY20261202-', 17)
    """
    tail = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"{prefix}{day:%Y%m%d}-{tail}"


@attrs.frozen(kw_only=True)
class CaseStep:
    """One step of a case: ``step`` done by ``actor`` on ``day``, leaving ``state``."""

    step: str
    state: str
    actor: str
    day: dt.date
    at: dt.datetime
    opinion: str = ""
    detail: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step, "state": self.state, "actor": self.actor,
            "day": self.day.isoformat(), "at": self.at.isoformat(), "opinion": self.opinion,
            "detail": dict(self.detail),
        }  # fmt: skip


@attrs.frozen(kw_only=True)
class CasePause:
    """A suspension: from ``start`` until ``until`` (the day work resumed; ``None``: open)."""

    start: dt.date
    until: dt.date | None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(),
                "until": self.until.isoformat() if self.until else None, "reason": self.reason}  # fmt: skip


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field an accepted update changed: its old and new value, and the case that asked."""

    key: str
    version_id: int
    field: str
    old: str | None
    new: str | None
    case: str | None
    at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "version": self.version_id, "field": self.field,
                "old": self.old, "new": self.new, "case": self.case,
                "at": self.at.isoformat()}  # fmt: skip


def has_breach(steps: Sequence[CaseStep], deadline: str) -> bool:
    """Whether ``steps`` record a breach of ``deadline`` (``case``, ``provider``, ``result``)."""
    return any(s.step == "breach" and s.detail.get("deadline") == deadline for s in steps)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@attrs.frozen(kw_only=True)
class ObjectionCase:
    """An objection (异议) as the store holds it, with its steps, pauses and field changes."""

    id: int
    number: str
    key: str
    department_id: int
    department: str  # the providing department's 统一社会信用代码
    kind: str
    channel: str
    applicant_kind: str
    applicant_name: str
    applicant_id: str
    claim: str
    text: str
    attachments: tuple[str, ...]
    route: str
    state: str
    outcome: str | None
    profile: str
    received_on: dt.date
    due: dt.date | None
    notice_on: dt.date | None
    provider_due: dt.date | None
    extra_days: int
    closed_on: dt.date | None
    opened_at: dt.datetime
    steps: tuple[CaseStep, ...] = ()
    pauses: tuple[CasePause, ...] = ()
    changes: tuple[FieldChange, ...] = ()

    @property
    def open(self) -> bool:
        return self.state not in CLOSED_STATES

    @property
    def suspended(self) -> bool:
        return any(p.until is None for p in self.pauses)

    @property
    def clock_pauses(self) -> list[Pause]:
        """The suspensions as the working-day clock takes them."""
        return [Pause(p.start, p.until, p.reason) for p in self.pauses]

    @property
    def next_due(self) -> dt.date | None:
        """The next deadline: the provider's while it verifies (the earlier), else the case's."""
        dates = [d for d in (self.due, self.provider_due if self.state == "verifying" else None)
                 if d is not None]  # fmt: skip
        return min(dates) if dates else None

    def breached(self, deadline: str) -> bool:
        """Whether a breach of ``deadline`` is recorded already."""
        return has_breach(self.steps, deadline)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.number, "key": self.key, "kind": self.kind,
            "department": self.department, "channel": self.channel,
            "applicant": {"kind": self.applicant_kind, "name": self.applicant_name,
                          "id": self.applicant_id},
            "claim": self.claim, "text": self.text, "attachments": list(self.attachments),
            "route": self.route, "state": self.state, "outcome": self.outcome,
            "profile": self.profile, "received_on": self.received_on.isoformat(),
            "due": _date(self.due), "notice_on": _date(self.notice_on),
            "provider_due": _date(self.provider_due), "extra_days": self.extra_days,
            "closed_on": _date(self.closed_on), "suspended": self.suspended,
            "steps": [s.to_dict() for s in self.steps],
            "pauses": [p.to_dict() for p in self.pauses],
            "changes": [c.to_dict() for c in self.changes],
        }  # fmt: skip


@attrs.frozen(kw_only=True)
class RepairCase:
    """A credit-repair application (信用修复) as the store holds it, with its steps."""

    id: int
    number: str
    key: str
    department_id: int
    department: str
    channel: str
    applicant_kind: str
    applicant_name: str
    applicant_id: str
    subject: str
    commitment: str
    obligations_fulfilled: bool
    evidence: tuple[str, ...]
    state: str
    reasons: tuple[Mapping[str, str], ...]
    penalty_class: str | None
    regime: str | None
    earliest_repair_date: dt.date | None
    auto_end_date: dt.date | None
    profile: str
    received_on: dt.date
    accept_due: dt.date | None
    accepted_on: dt.date | None
    result_due: dt.date | None
    extra_days: int
    decided_on: dt.date | None
    opened_at: dt.datetime
    steps: tuple[CaseStep, ...] = ()
    pauses: tuple[CasePause, ...] = ()

    @property
    def suspended(self) -> bool:
        return any(p.until is None for p in self.pauses)

    def breached(self, deadline: str) -> bool:
        """Whether a breach of ``deadline`` is recorded already."""
        return has_breach(self.steps, deadline)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.number, "key": self.key, "department": self.department,
            "channel": self.channel,
            "applicant": {"kind": self.applicant_kind, "name": self.applicant_name,
                          "id": self.applicant_id},
            "commitment": self.commitment, "obligations_fulfilled": self.obligations_fulfilled,
            "evidence": list(self.evidence), "state": self.state,
            "reasons": [dict(r) for r in self.reasons], "penalty_class": self.penalty_class,
            "regime": self.regime, "earliest_repair_date": _date(self.earliest_repair_date),
            "auto_end_date": _date(self.auto_end_date), "profile": self.profile,
            "received_on": self.received_on.isoformat(), "accept_due": _date(self.accept_due),
            "accepted_on": _date(self.accepted_on), "result_due": _date(self.result_due),
            "extra_days": self.extra_days, "decided_on": _date(self.decided_on),
            "suspended": self.suspended, "steps": [s.to_dict() for s in self.steps],
            "pauses": [p.to_dict() for p in self.pauses],
        }  # fmt: skip


@attrs.frozen(kw_only=True)
class FraudLock:
    """36号令 第二十五条: no repair of ``subject``'s records until ``locked_until``."""

    subject: str
    subject_name: str
    found_on: dt.date
    locked_until: dt.date
    record_key: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "subject_name": self.subject_name,
                "found_on": self.found_on.isoformat(),
                "locked_until": self.locked_until.isoformat(), "record_key": self.record_key,
                "reason": self.reason}  # fmt: skip


_TABLES: Mapping[str, Table] = {"objection": objections, "repair": repairs}


def _step_row(case_type: str, case_id: int, step: str, state: str, actor: str,
              at: dt.datetime, opinion: str, detail: Mapping[str, Any] | None) -> dict[str, Any]:  # fmt: skip
    return {"case_type": case_type, "case_id": case_id, "step": step, "state": state,
            "actor": actor, "day": china_today(at), "at": at, "opinion": opinion,
            "detail": json.dumps(dict(detail or {}), ensure_ascii=False, default=str)}  # fmt: skip


def settle(connection: Connection, department_id: int,
           answers: Sequence[tuple[str, str, str, int]], now: dt.datetime) -> list[str]:  # fmt: skip
    """Close the objections the accepted versions ``answers`` answered; their numbers.

    Each answer is ``(record key, case number, operation, version id)`` of a version this
    transaction stored. A case is closed when it is open, is about that key and was sent
    to that department (``corrected`` by an upsert, ``deleted`` by a withdrawal); a case
    number that names no such case is kept on the version only (a late or mistaken
    reference does not make a good record bad).
    """
    closed: list[str] = []
    for key, number, operation, version_id in answers:
        row = connection.execute(
            select(objections.c.id, objections.c.state).where(
                objections.c.number == number, objections.c.record_key == key,
                objections.c.department_id == department_id)
        ).first()  # fmt: skip
        if row is None or row.state in CLOSED_STATES:
            continue
        outcome = "deleted" if operation == "withdraw" else "corrected"
        done = connection.execute(
            update(objections)
            .where(objections.c.id == row.id, objections.c.state.not_in(CLOSED_STATES))
            .values(state="closed", outcome=outcome, closed_on=china_today(now),
                    version_id=version_id, updated_at=now)
        )  # fmt: skip
        if not done.rowcount:
            continue  # closed by staff at this moment
        connection.execute(case_steps.insert(), _step_row(
            "objection", row.id, "answered", "closed", f"department:{department_id}", now,
            "更正后的记录已接收" if outcome == "corrected" else "决定已撤回",
            {"outcome": outcome, "version": version_id}))  # fmt: skip
        _unflag(connection, key, number)
        closed.append(number)
    return closed


def _unflag(connection: Connection, key: str, number: str) -> None:
    """The record no longer shows 异议 for case ``number`` (another open case keeps it)."""
    other = connection.execute(
        select(objections.c.number).where(
            objections.c.record_key == key, objections.c.number != number,
            objections.c.state.not_in(CLOSED_STATES)).order_by(objections.c.id)
    ).scalar()  # fmt: skip
    connection.execute(update(records).where(records.c.record_key == key).values(objection=other))


def record_changes(connection: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Write field-level history rows (from :meth:`ReceivedRepository.take`)."""
    batch = list(rows)
    if batch:
        connection.execute(field_changes.insert(), batch)


def diff_fields(old: Mapping[str, str], new: Mapping[str, str]) -> list[tuple[str, str | None, str | None]]:  # fmt: skip
    """The fields whose value differs: ``(field, old, new)``, a field absent being ``None``.

    >>> diff_fields({"A": "1", "B": "2"}, {"A": "1", "B": "3", "C": "4"})
    [('B', '2', '3'), ('C', None, '4')]
    """
    found = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if before != after:
            found.append((name, before, after))
    return found


class CaseRepository:
    """The objection and repair cases of one platform store (``store.cases``)."""

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.engine = engine
        self.clock: Callable[[], dt.datetime] = clock or (lambda: dt.datetime.now(dt.UTC))

    # -- writing -------------------------------------------------------------------------------
    def open_objection(self, values: Mapping[str, Any], *, actor: str, opinion: str = "",
                       steps: Sequence[tuple[str, str, str]] = (), flag: bool = True
                       ) -> ObjectionCase:  # fmt: skip
        """Register an objection (``values``: its columns but id, number and times) and flag
        (with ``flag``) its record 异议, in one transaction; ``steps`` are ``(step, state, opinion)`` done
        at once after registration (the 核查通知 sent, say)."""
        number = self._open("objection", "YY", values, actor=actor, opinion=opinion,
                            steps=steps, flag=flag)  # fmt: skip
        found = self.objection(number)
        assert found is not None
        return found

    def open_repair(self, values: Mapping[str, Any], *, actor: str, opinion: str = "",
                    steps: Sequence[tuple[str, str, str]] = ()) -> RepairCase:  # fmt: skip
        """Register a repair application (``values``: its columns but id, number, times)."""
        number = self._open("repair", "XF", values, actor=actor, opinion=opinion, steps=steps,
                            flag=False)  # fmt: skip
        found = self.repair(number)
        assert found is not None
        return found

    def _open(self, case_type: str, prefix: str, values: Mapping[str, Any], *, actor: str,
              opinion: str, steps: Sequence[tuple[str, str, str]], flag: bool) -> str:  # fmt: skip
        table = _TABLES[case_type]
        now = self.clock()
        for _ in range(5):
            number = case_number(prefix, values["received_on"])
            try:
                with write_transaction(self.engine, CASES_KEY) as connection:
                    row = dict(values, number=number, opened_at=now, updated_at=now)
                    if "attachments" in row:
                        row["attachments"] = json.dumps(list(row["attachments"]),
                                                        ensure_ascii=False)  # fmt: skip
                    if "evidence" in row:
                        row["evidence"] = json.dumps(list(row["evidence"]), ensure_ascii=False)
                    if "reasons" in row:
                        row["reasons"] = json.dumps([dict(r) for r in row["reasons"]],
                                                    ensure_ascii=False)  # fmt: skip
                    inserted = connection.execute(table.insert(), row).inserted_primary_key
                    assert inserted is not None
                    case_id = int(inserted[0])
                    rows = [_step_row(case_type, case_id, "registered", values["state"], actor,
                                      now, opinion, None)]  # fmt: skip
                    rows += [_step_row(case_type, case_id, s, state, actor, now, o, None)
                             for s, state, o in steps]  # fmt: skip
                    connection.execute(case_steps.insert(), rows)
                    if flag and values["state"] not in CLOSED_STATES:
                        connection.execute(
                            update(records).where(records.c.record_key == values["record_key"],
                                                  records.c.objection.is_(None))
                            .values(objection=number)
                        )  # fmt: skip
                break
            except IntegrityError:
                continue  # the random part met another case's: draw again
        else:  # pragma: no cover - 31**6 numbers a day
            raise StoreError("无法生成办件编号", "could not draw a case number")
        return number

    def advance(self, case_type: str, number: str, step: str, *, state: str, actor: str,
                opinion: str = "", detail: Mapping[str, Any] | None = None,
                expect: Sequence[str] = (), **columns: Any) -> None:  # fmt: skip
        """Record ``step`` of case ``number``: its state becomes ``state`` and ``columns`` are
        set, in one transaction with the step row.

        ``expect``: the states the case must be in (else :class:`~sgs.errors.StoreError`,
        so two staff acting at once cannot both close one case).
        """
        table = _TABLES[case_type]
        now = self.clock()
        with write_transaction(self.engine, CASES_KEY) as connection:
            row = connection.execute(
                select(table.c.id, table.c.state, table.c.record_key)
                .where(table.c.number == number)
            ).first()  # fmt: skip
            if row is None:
                raise StoreError(f"没有办件编号为 {number} 的案件", f"no case numbered {number}")
            if expect and row.state not in expect:
                raise StoreError(
                    f"案件 {number} 当前状态为 {row.state}，不能执行“{step}”",
                    f"case {number} is {row.state}: {step} is not possible now",
                )
            if "reasons" in columns:
                columns["reasons"] = json.dumps([dict(r) for r in columns["reasons"]],
                                                ensure_ascii=False)  # fmt: skip
            changing = update(table).where(table.c.id == row.id)
            if expect:
                changing = changing.where(table.c.state.in_(list(expect)))
            done = connection.execute(changing.values(state=state, updated_at=now, **columns))
            if not done.rowcount:
                raise StoreError(f"案件 {number} 刚被他人处理，请重新查看",
                                 f"case {number} was just handled by someone else; look again")  # fmt: skip
            connection.execute(case_steps.insert(), _step_row(
                case_type, row.id, step, state, actor, now, opinion, detail))  # fmt: skip
            if case_type == "objection" and state in CLOSED_STATES:
                _unflag(connection, row.record_key, number)

    def note(self, case_type: str, number: str, step: str, *, actor: str, opinion: str = "",
             detail: Mapping[str, Any] | None = None) -> None:  # fmt: skip
        """Record ``step`` without changing the case's state (a breach, a notice sent)."""
        table = _TABLES[case_type]
        now = self.clock()
        with write_transaction(self.engine, CASES_KEY) as connection:
            row = connection.execute(
                select(table.c.id, table.c.state).where(table.c.number == number)
            ).first()
            if row is None:
                raise StoreError(f"没有办件编号为 {number} 的案件", f"no case numbered {number}")
            connection.execute(case_steps.insert(), _step_row(
                case_type, row.id, step, row.state, actor, now, opinion, detail))  # fmt: skip

    def pause(self, case_type: str, number: str, start: dt.date, reason: str) -> None:
        """Open a suspension of case ``number`` from ``start`` (one open at a time)."""
        case_id = self._id(case_type, number)
        with write_transaction(self.engine, CASES_KEY) as connection:
            open_one = connection.execute(select(case_pauses.c.id).where(
                case_pauses.c.case_type == case_type, case_pauses.c.case_id == case_id,
                case_pauses.c.until.is_(None))).first()  # fmt: skip
            if open_one is not None:
                raise StoreError(f"案件 {number} 已在中止中", f"case {number} is already suspended")
            connection.execute(case_pauses.insert(), {
                "case_type": case_type, "case_id": case_id, "start": start, "until": None,
                "reason": reason})  # fmt: skip

    def resume(self, case_type: str, number: str, day: dt.date) -> None:
        """Close the open suspension of case ``number``: work resumed on ``day``."""
        case_id = self._id(case_type, number)
        with write_transaction(self.engine, CASES_KEY) as connection:
            done = connection.execute(update(case_pauses).where(
                case_pauses.c.case_type == case_type, case_pauses.c.case_id == case_id,
                case_pauses.c.until.is_(None)).values(until=day))  # fmt: skip
            if not done.rowcount:
                raise StoreError(f"案件 {number} 未在中止中", f"case {number} is not suspended")

    def breach(self, case_type: str, number: str, deadline: str, due: dt.date) -> bool:
        """Record once that case ``number`` missed ``deadline`` (due ``due``); whether it is new."""
        case_id = self._id(case_type, number)
        now = self.clock()
        with write_transaction(self.engine, CASES_KEY) as connection:
            rows = connection.execute(select(case_steps.c.detail).where(
                case_steps.c.case_type == case_type, case_steps.c.case_id == case_id,
                case_steps.c.step == "breach")).scalars()  # fmt: skip
            if any(json.loads(d).get("deadline") == deadline for d in rows):
                return False  # (recorded by another process since the caller looked)
            state = connection.execute(
                select(_TABLES[case_type].c.state).where(_TABLES[case_type].c.id == case_id)
            ).scalar()  # fmt: skip
            connection.execute(case_steps.insert(), _step_row(
                case_type, case_id, "breach", str(state), "sgs", now,
                f"逾期：{deadline} 截止 {due.isoformat()}",
                {"deadline": deadline, "due": due.isoformat()}))  # fmt: skip
        return True

    def lock_fraud(self, lock: FraudLock, repair_id: int | None) -> None:
        """Record a fraud finding and the subject's repair lock (36号令 第二十五条)."""
        with write_transaction(self.engine, CASES_KEY) as connection:
            connection.execute(fraud_locks.insert(), {
                "subject": lock.subject, "subject_name": lock.subject_name,
                "found_on": lock.found_on, "locked_until": lock.locked_until,
                "repair_id": repair_id, "record_key": lock.record_key, "reason": lock.reason,
                "created_at": self.clock()})  # fmt: skip

    # -- reading -------------------------------------------------------------------------------
    def _id(self, case_type: str, number: str) -> int:
        table = _TABLES[case_type]
        with self.engine.connect() as connection:
            found = connection.execute(select(table.c.id).where(table.c.number == number)).scalar()
        if found is None:
            raise StoreError(f"没有办件编号为 {number} 的案件", f"no case numbered {number}")
        return int(found)

    def objection(self, number: str) -> ObjectionCase | None:
        """The objection numbered ``number``, with its history; ``None`` when there is none."""
        found = self.objections(number=number)
        return found[0] if found else None

    def objections(self, *, number: str | None = None, key: str | None = None,
                   department_id: int | None = None, states: Sequence[str] | None = None,
                   open_only: bool = False, received: tuple[dt.date, dt.date] | None = None,
                   ) -> list[ObjectionCase]:  # fmt: skip
        """The objections matching every filter given, oldest first, with their history.

        ``received`` is ``(first, last)`` day of receipt, both included.
        """
        query = (select(objections, departments.c.code.label("department_code"))
                 .join(departments, departments.c.id == objections.c.department_id))  # fmt: skip
        if number is not None:
            query = query.where(objections.c.number == number)
        if key is not None:
            query = query.where(objections.c.record_key == key)
        if department_id is not None:
            query = query.where(objections.c.department_id == department_id)
        if states is not None:
            query = query.where(objections.c.state.in_(list(states)))
        if open_only:
            query = query.where(objections.c.state.not_in(CLOSED_STATES))
        if received is not None:
            query = query.where(objections.c.received_on.between(*received))
        with self.engine.connect() as connection:
            rows = list(connection.execute(query.order_by(objections.c.id)))
            history = self._history(connection, "objection", [r.id for r in rows])
            changes = self._changes(connection, [r.number for r in rows])
        return [_objection(r, *history.get(r.id, ((), ())), changes.get(r.number, ()))
                for r in rows]  # fmt: skip

    def repair(self, number: str) -> RepairCase | None:
        """The repair application numbered ``number``; ``None`` when there is none."""
        found = self.repairs(number=number)
        return found[0] if found else None

    def repairs(self, *, number: str | None = None, key: str | None = None,
                states: Sequence[str] | None = None,
                received: tuple[dt.date, dt.date] | None = None) -> list[RepairCase]:  # fmt: skip
        """The repair applications matching every filter given, oldest first."""
        query = (select(repairs, departments.c.code.label("department_code"))
                 .join(departments, departments.c.id == repairs.c.department_id))  # fmt: skip
        if number is not None:
            query = query.where(repairs.c.number == number)
        if key is not None:
            query = query.where(repairs.c.record_key == key)
        if states is not None:
            query = query.where(repairs.c.state.in_(list(states)))
        if received is not None:
            query = query.where(repairs.c.received_on.between(*received))
        with self.engine.connect() as connection:
            rows = list(connection.execute(query.order_by(repairs.c.id)))
            history = self._history(connection, "repair", [r.id for r in rows])
        return [_repair(r, *history.get(r.id, ((), ()))) for r in rows]

    def fraud_lock(self, subject: str, on: dt.date) -> FraudLock | None:
        """The fraud lock on ``subject`` in force on ``on`` (the latest ending), if any."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(fraud_locks).where(fraud_locks.c.subject == subject,
                                          fraud_locks.c.found_on <= on,
                                          fraud_locks.c.locked_until >= on)
                .order_by(fraud_locks.c.locked_until.desc())
            ).first()  # fmt: skip
        if row is None:
            return None
        return FraudLock(subject=row.subject, subject_name=row.subject_name,
                         found_on=row.found_on, locked_until=row.locked_until,
                         record_key=row.record_key, reason=row.reason)  # fmt: skip

    def field_history(self, key: str) -> list[FieldChange]:
        """Every field change of the record ``key``, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(field_changes).where(field_changes.c.record_key == key)
                                      .order_by(field_changes.c.id))  # fmt: skip
            return [_change(r) for r in rows]

    def published_count(self) -> int:
        """Decisions the platform holds current (the denominator of 异议处理占比)."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(records)
                                          .where(records.c.state == "current")).scalar() or 0)  # fmt: skip

    @staticmethod
    def _history(connection: Connection, case_type: str, ids: Sequence[int]
                 ) -> dict[int, tuple[tuple[CaseStep, ...], tuple[CasePause, ...]]]:  # fmt: skip
        steps: dict[int, list[CaseStep]] = {}
        pauses: dict[int, list[CasePause]] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            for r in connection.execute(select(case_steps).where(
                    case_steps.c.case_type == case_type, case_steps.c.case_id.in_(chunk))
                    .order_by(case_steps.c.id)):  # fmt: skip
                steps.setdefault(r.case_id, []).append(CaseStep(
                    step=r.step, state=r.state, actor=r.actor, day=r.day, at=as_utc(r.at),
                    opinion=r.opinion, detail=json.loads(r.detail)))  # fmt: skip
            for r in connection.execute(select(case_pauses).where(
                    case_pauses.c.case_type == case_type, case_pauses.c.case_id.in_(chunk))
                    .order_by(case_pauses.c.id)):  # fmt: skip
                pauses.setdefault(r.case_id, []).append(
                    CasePause(start=r.start, until=r.until, reason=r.reason)
                )
        return {i: (tuple(steps.get(i, ())), tuple(pauses.get(i, ()))) for i in ids}

    @staticmethod
    def _changes(connection: Connection, numbers: Sequence[str]) -> dict[str, tuple[FieldChange, ...]]:  # fmt: skip
        found: dict[str, list[FieldChange]] = {}
        for start in range(0, len(numbers), 500):
            for r in connection.execute(select(field_changes).where(
                    field_changes.c.case_number.in_(list(numbers[start : start + 500])))
                    .order_by(field_changes.c.id)):  # fmt: skip
                found.setdefault(r.case_number, []).append(_change(r))
        return {n: tuple(c) for n, c in found.items()}


def _change(r: Any) -> FieldChange:
    return FieldChange(key=r.record_key, version_id=r.version_id, field=r.field, old=r.old,
                       new=r.new, case=r.case_number, at=as_utc(r.at))  # fmt: skip


def _objection(r: Any, steps: tuple[CaseStep, ...], pauses: tuple[CasePause, ...],
               changes: tuple[FieldChange, ...]) -> ObjectionCase:  # fmt: skip
    return ObjectionCase(
        id=r.id, number=r.number, key=r.record_key, department_id=r.department_id,
        department=r.department_code, kind=r.kind, channel=r.channel,
        applicant_kind=r.applicant_kind, applicant_name=r.applicant_name,
        applicant_id=r.applicant_id, claim=r.claim, text=r.text,
        attachments=tuple(json.loads(r.attachments)), route=r.route, state=r.state,
        outcome=r.outcome, profile=r.profile, received_on=r.received_on, due=r.due,
        notice_on=r.notice_on, provider_due=r.provider_due, extra_days=r.extra_days,
        closed_on=r.closed_on, opened_at=as_utc(r.opened_at), steps=steps, pauses=pauses,
        changes=changes,
    )  # fmt: skip


def _repair(r: Any, steps: tuple[CaseStep, ...], pauses: tuple[CasePause, ...]) -> RepairCase:
    return RepairCase(
        id=r.id, number=r.number, key=r.record_key, department_id=r.department_id,
        department=r.department_code, channel=r.channel, applicant_kind=r.applicant_kind,
        applicant_name=r.applicant_name, applicant_id=r.applicant_id, subject=r.subject,
        commitment=r.commitment, obligations_fulfilled=bool(r.obligations_fulfilled),
        evidence=tuple(json.loads(r.evidence)), state=r.state,
        reasons=tuple(json.loads(r.reasons)), penalty_class=r.penalty_class, regime=r.regime,
        earliest_repair_date=r.earliest_repair_date, auto_end_date=r.auto_end_date,
        profile=r.profile, received_on=r.received_on, accept_due=r.accept_due,
        accepted_on=r.accepted_on, result_due=r.result_due, extra_days=r.extra_days,
        decided_on=r.decided_on, opened_at=as_utc(r.opened_at), steps=steps, pauses=pauses,
    )  # fmt: skip
