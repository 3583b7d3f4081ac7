"""What the credit platform received (``store.received``): versions, the current set, returns.

Every record a department submits is stored as a version in ``sgs_received`` —
accepted, or rejected with its reasons — and nothing is overwritten. An accepted
upsert becomes the decision's current version in ``sgs_records``; an accepted
withdrawal takes the decision out of the current set (state ``withdrawn``). A
rejected version is 疑问数据, returned to its department: its return status is
``pending`` (待修改) until a later accepted version under the same key makes it
``fixed`` (已修改), or staff set it ``ignored`` (已忽略) with a note.

:meth:`ReceivedRepository.take` stores one batch in one transaction and gives
the answers; they are final only once it returns (the transaction committed).
Taking the same content again is harmless: a record whose content is that of
its department's latest version under the key gets that version's answer and
no second copy; a batch body taken before under the same Idempotency-Key gets
the answer it got then. Every accepted change is queued for each upstream
destination in the outbox (:mod:`sgs.store.outbox`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs
from sqlalchemy import Integer, and_, bindparam, func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from sgs.errors import StoreError
from sgs.standard.scopes import PUBLIC
from sgs.store.cases import diff_fields, record_changes, settle
from sgs.store.departments import Department
from sgs.store.outbox import enqueue
from sgs.store.payloads import canonical_json
from sgs.store.schema import batches, departments, outbox, received, records
from sgs.store.times import as_utc
from sgs.store.writes import write_transaction

__all__ = [
    "RETURN_LABELS",
    "CurrentRow",
    "DepartmentStats",
    "Incoming",
    "Reason",
    "ReceivedRepository",
    "Result",
    "ReturnRow",
    "SubjectRecord",
    "VersionRow",
    "body_hash",
    "like_pattern",
]

#: A return's status as the department and the staff see it.
RETURN_LABELS = {"pending": "待修改", "fixed": "已修改", "ignored": "已忽略"}

#: Rows per ``IN (…)`` query.
_CHUNK = 500
#: Attempts of a batch that met another department's insert of the same key.
_ATTEMPTS = 3


@attrs.frozen
class Reason:
    """Why a record was rejected: an issue code, the field (if any) and the message."""

    code: str
    message: str
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reason:
        return cls(str(data["code"]), str(data["message"]), data.get("field"))


@attrs.frozen
class Incoming:
    """One record of a batch after the platform's checks, before it is stored.

    ``reasons`` empty: the record passed (an upsert is accepted, a withdrawal is
    accepted when the platform holds the decision); else it is rejected.
    """

    key: str
    kind: str
    operation: str
    fields: Mapping[str, str]
    number: str = ""
    reasons: tuple[Reason, ...] = ()
    #: The 公开范围 the department gave it (公示, 政务共享, 授权查询).
    scope: str = PUBLIC
    #: The objection case (办件编号) this version answers, when it answers one.
    objection: str | None = None
    #: The fields as stored: compact JSON, keys sorted (:func:`~sgs.store.payloads.canonical_json`).
    payload: str = attrs.field(init=False, eq=False, repr=False)
    #: Their :func:`~sgs.store.payloads.payload_hash`.
    digest: str = attrs.field(init=False, eq=False, repr=False)

    @payload.default
    def _payload(self) -> str:
        return canonical_json(self.fields)

    @digest.default
    def _digest(self) -> str:
        return hashlib.sha256(self.payload.encode("utf-8")).hexdigest()


@attrs.frozen
class Result:
    """The platform's answer for one record: ``accepted`` or ``rejected``, and why."""

    key: str
    status: str
    message: str = ""
    reasons: tuple[Reason, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "status": self.status,
            "message": self.message,
            "reasons": [r.to_dict() for r in self.reasons],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        reasons = tuple(Reason.from_dict(r) for r in data.get("reasons", ()))
        return cls(str(data["key"]), str(data["status"]), str(data.get("message", "")), reasons)


def _result(key: str, reasons: Sequence[Reason]) -> Result:
    if not reasons:
        return Result(key, "accepted")
    return Result(key, "rejected", "；".join(r.message for r in reasons), tuple(reasons))


@attrs.frozen(kw_only=True)
class ReturnRow:
    """One returned record (疑问数据), as its department is shown it."""

    id: int
    key: str
    kind: str
    number: str
    status: str
    reasons: tuple[Reason, ...]
    received_at: dt.datetime
    content_hash: str
    fields: Mapping[str, str]
    note: str | None = None
    batch_id: str | None = None

    @property
    def status_label(self) -> str:
        return RETURN_LABELS.get(self.status, self.status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "kind": self.kind,
            "number": self.number,
            "status": self.status,
            "status_label": self.status_label,
            "reasons": [r.to_dict() for r in self.reasons],
            "received_at": self.received_at.isoformat(),
            "content_hash": self.content_hash,
            "note": self.note,
            "batch_id": self.batch_id,
        }


@attrs.frozen(kw_only=True)
class VersionRow:
    """One version as a report counts it (:meth:`ReceivedRepository.versions`)."""

    id: int
    key: str
    department_code: str
    department_name: str
    kind: str
    operation: str
    status: str
    return_status: str | None
    received_at: dt.datetime
    fields: Mapping[str, str]
    #: An accepted version of the decision came before it.
    is_update: bool = False


@attrs.frozen(kw_only=True)
class DepartmentStats:
    """What one department sent and what became of it (``sgs platform stats``)."""

    name: str
    code: str
    #: Records stored (each submission a version; a resend of the same content is not one).
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    #: Rejected versions still waiting for the department's correction (待修改).
    pending_returns: int = 0
    #: Decisions it withdrew (out of the current set).
    withdrawn: int = 0
    #: Decisions whose latest state an upstream platform accepted (once per destination).
    forwarded: int = 0
    last_received_at: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        values = attrs.asdict(self)
        when = self.last_received_at
        values["last_received_at"] = when.isoformat() if when is not None else None
        return values


@attrs.frozen(kw_only=True)
class CurrentRow:
    """One decision of the current set, as the public view starts from it."""

    key: str
    kind: str
    standard: str
    fields: Mapping[str, str]
    updated_at: dt.datetime
    #: Its 公开范围: only a 公示 decision reaches the public view.
    scope: str = PUBLIC
    #: The open objection case on it: the public view shows it 异议 (under objection).
    objection: str | None = None


@attrs.frozen(kw_only=True)
class SubjectRecord:
    """A decision naming a subject (:meth:`ReceivedRepository.subject_records`): its key, its
    kind and 文号, the department that sent it, its state on the platform and the field codes
    where the subject's code or number stands (the party's own, or its 法定代表人's)."""

    key: str
    kind: str
    number: str
    department_code: str
    department_name: str
    #: ``current``, ``withdrawn``, ``repaired``; ``rejected`` for a key only ever returned.
    state: str
    fields: tuple[str, ...]


def like_pattern(text: str) -> str:
    r"""``text`` as a SQL ``LIKE`` pattern matching it anywhere, its ``%``, ``_`` and ``\`` escaped.

    >>> like_pattern("100%_a")
    '%100\\%\\_a%'
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def body_hash(body: bytes) -> str:
    """The SHA-256 of a request body, in hex: a retry of the same batch has the same."""
    return hashlib.sha256(body).hexdigest()


#: The columns of a :class:`CurrentRow`.
_ROW_COLUMNS = (records.c.record_key, records.c.kind, records.c.standard, records.c.payload,
                records.c.updated_at, records.c.scope, records.c.objection)  # fmt: skip


def _state_after(operation: str, held: _Current | None) -> str:
    """The state a decision is in after an accepted ``operation`` (``held``: its state before).

    An update of a repaired decision is kept, and it stays repaired: repair ends
    publication (终止公示) whatever the department sends after it.
    """
    if operation == "withdraw":
        return "withdrawn"
    if operation == "repair":
        return "repaired"
    return "repaired" if held is not None and held.state == "repaired" else "current"


def _current_row(row: Any) -> CurrentRow:
    return CurrentRow(key=row.record_key, kind=row.kind, standard=row.standard,
                      fields=json.loads(row.payload), updated_at=as_utc(row.updated_at),
                      scope=row.scope, objection=row.objection)  # fmt: skip


@attrs.define
class _Current:
    department_id: int
    state: str


@attrs.define
class _Latest:
    digest: str
    operation: str
    result: Result
    scope: str = PUBLIC


class ReceivedRepository:
    """The received records of one platform store (``store.received``)."""

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.engine = engine
        #: When a record is received (aware, UTC): the time now, unless replaced — a test
        #: or an import of history receives records on the days they were received.
        self.clock: Callable[[], dt.datetime] = clock or (lambda: dt.datetime.now(dt.UTC))

    # -- taking a batch ---------------------------------------------------------------------
    def take(
        self,
        department: Department,
        items: Sequence[Incoming],
        *,
        standard: str,
        channel: str,
        batch_id: str | None = None,
        idempotency_key: str | None = None,
        body_digest: str | None = None,
        destinations: Sequence[str] = (),
    ) -> list[Result]:
        """Store ``items`` (one batch of ``department``) in one transaction; the answers."""
        for attempt in range(_ATTEMPTS):
            try:
                with write_transaction(self.engine, department.id) as connection:
                    return self._take(connection, department, items, standard=standard,
                                      channel=channel, batch_id=batch_id,
                                      idempotency_key=idempotency_key, body_digest=body_digest,
                                      destinations=destinations)  # fmt: skip
            except IntegrityError:
                # Another department's batch stored one of these keys at the same moment:
                # the next attempt sees it (and answers accordingly).
                if attempt + 1 == _ATTEMPTS:
                    raise StoreError(
                        "同一记录正被同时写入，请稍后重试",
                        "the same record is being written at the same moment; try again",
                    ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def answer(
        self, department_id: int, idempotency_key: str, body_digest: str
    ) -> list[Result] | None:
        """The answer given to this body under this key before, if it was taken."""
        with self.engine.connect() as connection:
            return self._answer(connection, department_id, idempotency_key, body_digest)

    @staticmethod
    def _answer(
        connection: Connection, department_id: int, idempotency_key: str, body_digest: str
    ) -> list[Result] | None:
        answer = connection.execute(
            select(batches.c.answer).where(
                batches.c.department_id == department_id,
                batches.c.idempotency_key == idempotency_key,
                batches.c.body_hash == body_digest,
            )
        ).scalar()
        return None if answer is None else [Result.from_dict(r) for r in json.loads(answer)]

    def _take(self, connection: Connection, department: Department, items: Sequence[Incoming],
              *, standard: str, channel: str, batch_id: str | None, idempotency_key: str | None,
              body_digest: str | None, destinations: Sequence[str]) -> list[Result]:  # fmt: skip
        if idempotency_key and body_digest:
            answer = self._answer(connection, department.id, idempotency_key, body_digest)
            if answer is not None:
                return answer
        now = self.clock()
        keys = list(dict.fromkeys(i.key for i in items))
        current = self._current(connection, keys)
        existing = set(current)
        latest = self._latest(connection, department.id, keys)
        results: list[Result] = []
        versions: list[dict[str, Any]] = []
        changes: list[Incoming] = []  # the accepted items
        for item in items:
            digest = item.digest
            seen = latest.get(item.key)
            if (seen is not None and seen.digest == digest and seen.operation == item.operation
                    and seen.scope == item.scope):  # fmt: skip
                results.append(seen.result)  # the same content again: the same answer
                continue
            reasons = list(item.reasons)
            held = current.get(item.key)
            if not reasons and held is not None and held.department_id != department.id:
                reasons.append(Reason("source-not-authorised",
                                      "此决定由其他单位报送，不能以其他单位名义报送"))  # fmt: skip
            if (
                not reasons
                and item.operation == "withdraw"
                and (held is None or held.state == "withdrawn")
            ):
                reasons.append(Reason("unknown-record", "平台没有此决定的公示记录，无从撤回"))
            if (not reasons and item.operation == "repair"
                    and (held is None or held.state == "withdrawn")):  # fmt: skip
                reasons.append(Reason("unknown-record", "平台没有此决定的公示记录，无从终止公示"))
            result = _result(item.key, reasons)
            results.append(result)
            latest[item.key] = _Latest(digest, item.operation, result, item.scope)
            versions.append({
                "department_id": department.id, "record_key": item.key, "kind": item.kind,
                "standard": standard, "operation": item.operation, "number": item.number or None,
                "payload": item.payload, "payload_hash": digest, "scope": item.scope,
                "batch_id": batch_id, "channel": channel, "status": result.status,
                "reasons": json.dumps([r.to_dict() for r in reasons], ensure_ascii=False),
                "return_status": None if result.accepted else "pending", "received_at": now,
                "objection": item.objection,
            })  # fmt: skip
            if result.accepted:
                changes.append(item)
                current[item.key] = _Current(department.id, _state_after(item.operation, held))
        if versions:
            connection.execute(received.insert(), versions)
        self._apply(connection, department, changes, existing, standard, now, destinations)
        if idempotency_key and body_digest:
            connection.execute(batches.insert(), {
                "department_id": department.id, "idempotency_key": idempotency_key,
                "body_hash": body_digest, "channel": channel, "records": len(items),
                "accepted": sum(1 for r in results if r.accepted),
                "rejected": sum(1 for r in results if not r.accepted),
                "answer": json.dumps([r.to_dict() for r in results], ensure_ascii=False),
                "received_at": now,
            })  # fmt: skip
        return results

    @staticmethod
    def _current(connection: Connection, keys: Sequence[str]) -> dict[str, _Current]:
        found: dict[str, _Current] = {}
        for start in range(0, len(keys), _CHUNK):
            rows = connection.execute(
                select(records.c.record_key, records.c.department_id, records.c.state).where(
                    records.c.record_key.in_(keys[start : start + _CHUNK])
                )
            )
            found.update((r.record_key, _Current(r.department_id, r.state)) for r in rows)
        return found

    @staticmethod
    def _latest(
        connection: Connection, department_id: int, keys: Sequence[str]
    ) -> dict[str, _Latest]:
        """The latest version of each key from ``department_id``."""
        found: dict[str, _Latest] = {}
        for start in range(0, len(keys), _CHUNK):
            newest = (
                select(func.max(received.c.id))
                .where(received.c.department_id == department_id)
                .where(received.c.record_key.in_(keys[start : start + _CHUNK]))
                .group_by(received.c.record_key)
            )
            rows = connection.execute(
                select(received.c.record_key, received.c.payload_hash, received.c.operation,
                       received.c.status, received.c.reasons, received.c.scope)
                .where(received.c.id.in_(newest))
            )  # fmt: skip
            for r in rows:
                reasons = [Reason.from_dict(x) for x in json.loads(r.reasons)]
                result = _result(r.record_key, reasons if r.status != "accepted" else [])
                found[r.record_key] = _Latest(r.payload_hash, r.operation, result, r.scope)
        return found

    @staticmethod
    def _apply(connection: Connection, department: Department,
               changes: Sequence[Incoming], existing: set[str], standard: str, now: dt.datetime,
               destinations: Sequence[str]) -> None:  # fmt: skip
        """The accepted items into the current set, their returns fixed, the outbox filled.

        ``existing`` are the keys the current set held before the batch.
        """
        if not changes:
            return
        final = {item.key: item for item in changes}  # the last change of a key wins
        ids = ReceivedRepository._version_ids(connection, department.id, list(final))
        held = ReceivedRepository._held(connection, [k for k in final if k in existing])
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        state_changes: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        answers: list[tuple[str, str, str, int]] = []
        for key, item in final.items():
            version_id = ids[key]
            row = {"k": key, "v": version_id, "u": now, "p": item.payload, "h": item.digest,
                   "n": item.number or None, "s": item.scope}  # fmt: skip
            if item.objection:
                answers.append((key, item.objection, item.operation, version_id))
            if key not in existing:  # (a withdrawal needs a held decision: always an update)
                inserts.append({
                    "record_key": key, "department_id": department.id, "kind": item.kind,
                    "standard": standard, "version_id": version_id, "versions": 1,
                    "state": "current", "number": row["n"], "payload": item.payload,
                    "payload_hash": item.digest, "first_received_at": now, "updated_at": now,
                    "scope": item.scope,
                })  # fmt: skip
                continue
            before = held[key]
            if item.operation == "upsert":
                updates.append({**row, "st": "repaired" if before[0] == "repaired" else "current"})
                history += [{"record_key": key, "version_id": version_id, "field": name,
                             "old": old, "new": new, "case_number": item.objection, "at": now}
                            for name, old, new in diff_fields(before[1], item.fields)]  # fmt: skip
            else:
                state_changes.append({**row, "st": _state_after(item.operation, None)})
        by_key = records.c.record_key == bindparam("k")
        if inserts:
            connection.execute(records.insert(), inserts)
        if updates:
            connection.execute(
                update(records).where(by_key).values(
                    version_id=bindparam("v"), state=bindparam("st"), updated_at=bindparam("u"),
                    payload=bindparam("p"), payload_hash=bindparam("h"), number=bindparam("n"),
                    scope=bindparam("s"), versions=records.c.versions + 1),
                updates,
            )  # fmt: skip
        if state_changes:
            connection.execute(
                update(records).where(by_key).values(
                    version_id=bindparam("v"), state=bindparam("st"), updated_at=bindparam("u")),
                state_changes,
            )  # fmt: skip
        record_changes(connection, history)
        settle(connection, department.id, answers, now)
        upserts = [k for k, i in final.items() if i.operation == "upsert"]
        for start in range(0, len(upserts), _CHUNK):
            connection.execute(
                update(received)
                .where(received.c.department_id == department.id)
                .where(received.c.record_key.in_(upserts[start : start + _CHUNK]))
                .where(received.c.return_status == "pending")
                .values(return_status="fixed", resolved_at=now)
            )
        for destination in destinations:
            enqueue(connection, destination, [(i, i.operation) for i in final.values()], now)

    @staticmethod
    def _held(connection: Connection, keys: Sequence[str]) -> dict[str, tuple[str, dict[str, str]]]:
        """The state and fields of each held decision of ``keys`` (before this batch)."""
        found: dict[str, tuple[str, dict[str, str]]] = {}
        for start in range(0, len(keys), _CHUNK):
            rows = connection.execute(
                select(records.c.record_key, records.c.state, records.c.payload)
                .where(records.c.record_key.in_(keys[start : start + _CHUNK]))
            )  # fmt: skip
            found.update((r.record_key, (r.state, json.loads(r.payload))) for r in rows)
        return found

    @staticmethod
    def _version_ids(connection: Connection, department_id: int, keys: Sequence[str]
                     ) -> dict[str, int]:  # fmt: skip
        """The id of the latest accepted version of each key (just stored, in this transaction)."""
        found: dict[str, int] = {}
        for start in range(0, len(keys), _CHUNK):
            rows = connection.execute(
                select(received.c.record_key, func.max(received.c.id))
                .where(received.c.department_id == department_id, received.c.status == "accepted")
                .where(received.c.record_key.in_(keys[start : start + _CHUNK]))
                .group_by(received.c.record_key)
            )
            found.update((r[0], int(r[1])) for r in rows)
        return found

    # -- returns (疑问数据) ------------------------------------------------------------------
    def returns(
        self,
        department_id: int | None = None,
        *,
        since: dt.datetime | None = None,
        status: str | None = None,
    ) -> list[ReturnRow]:
        """The rejected records (of one department, or all), oldest first."""
        query = select(received).where(received.c.status == "rejected").order_by(received.c.id)
        if department_id is not None:
            query = query.where(received.c.department_id == department_id)
        if since is not None:
            query = query.where(received.c.received_at >= since)
        if status is not None:
            query = query.where(received.c.return_status == status)
        with self.engine.connect() as connection:
            return [
                ReturnRow(
                    id=r.id, key=r.record_key, kind=r.kind, number=r.number or "",
                    status=r.return_status or "pending",
                    reasons=tuple(Reason.from_dict(x) for x in json.loads(r.reasons)),
                    received_at=as_utc(r.received_at), content_hash=r.payload_hash,
                    fields=json.loads(r.payload), note=r.return_note, batch_id=r.batch_id,
                )
                for r in connection.execute(query)
            ]  # fmt: skip

    def ignore(self, return_id: int, note: str) -> None:
        """Staff decide a returned record needs no correction (已忽略), with their note."""
        with self.engine.begin() as connection:
            done = connection.execute(
                update(received)
                .where(received.c.id == return_id, received.c.status == "rejected")
                .values(
                    return_status="ignored", return_note=note, resolved_at=dt.datetime.now(dt.UTC)
                )
            )
        if not done.rowcount:
            raise StoreError(
                f"没有编号为 {return_id} 的退回记录", f"no return has the id {return_id}"
            )

    # -- versions, for reports ----------------------------------------------------------------
    def versions(self, start: dt.datetime, end: dt.datetime) -> list[VersionRow]:
        """Every version received from ``start`` (included) to ``end`` (excluded), oldest first,
        each with its department and whether it updated a decision accepted before."""
        earlier = received.alias("earlier")
        updated = (
            select(earlier.c.id)
            .where(earlier.c.record_key == received.c.record_key)
            .where(earlier.c.id < received.c.id)
            .where(earlier.c.status == "accepted", earlier.c.operation == "upsert")
            .exists()
        )
        query = (
            select(received, departments.c.code.label("department_code"),
                   departments.c.name.label("department_name"), updated.label("is_update"))
            .join(departments, departments.c.id == received.c.department_id)
            .where(received.c.received_at >= start, received.c.received_at < end)
            .order_by(received.c.id)
        )  # fmt: skip
        with self.engine.connect() as connection:
            return [
                VersionRow(
                    id=r.id, key=r.record_key, department_code=r.department_code,
                    department_name=r.department_name, kind=r.kind, operation=r.operation,
                    status=r.status, return_status=r.return_status,
                    received_at=as_utc(r.received_at), fields=json.loads(r.payload),
                    is_update=bool(r.is_update),
                )
                for r in connection.execute(query)
            ]  # fmt: skip

    # -- the current set and the counts -------------------------------------------------------
    def current(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The fields of every decision in the current set (not withdrawn)."""
        query = select(records.c.payload).where(records.c.state == "current")
        if kind is not None:
            query = query.where(records.c.kind == kind)
        with self.engine.connect() as connection:
            return [json.loads(r.payload) for r in connection.execute(query.order_by(records.c.id))]

    def search(self, text: str = "", kind: str | None = None) -> list[CurrentRow]:
        """The current decisions whose stored fields contain ``text`` (all when empty).

        A coarse first cut for the public search: ``LIKE`` over the stored JSON, so a
        match may be in any field and the caller narrows it down (a column for the
        party's name and code would let the database do it; the payload serves for now).
        Newest first.
        """
        query = select(*_ROW_COLUMNS).where(records.c.state == "current")
        if kind is not None:
            query = query.where(records.c.kind == kind)
        if text:
            query = query.where(records.c.payload.like(like_pattern(text), escape="\\"))
        with self.engine.connect() as connection:
            return [
                _current_row(r) for r in connection.execute(query.order_by(records.c.id.desc()))
            ]

    def current_rows(self, kind: str | None = None) -> Iterator[CurrentRow]:
        """Every decision of the current set, streamed in the order it first came (a
        publication run over a whole city holds one batch of rows at a time)."""
        query = select(*_ROW_COLUMNS).where(records.c.state == "current")
        if kind is not None:
            query = query.where(records.c.kind == kind)
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=1000).execute(
                query.order_by(records.c.id)
            )
            for row in result:
                yield _current_row(row)

    def current_one(self, key: str) -> CurrentRow | None:
        """The current decision under ``key``; ``None`` when unknown or withdrawn."""
        query = select(*_ROW_COLUMNS).where(
            records.c.record_key == key, records.c.state == "current"
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _current_row(row) if row is not None else None

    def subject_records(
        self, *, codes: Sequence[str], value: str, casefold: bool = False
    ) -> list[SubjectRecord]:
        """Every decision a version of which (accepted or returned) holds ``value`` in one of
        the field ``codes`` (a subject's 统一社会信用代码, or a natural person's 证件号码
        in the party's and the legal representative's fields), oldest first.

        The database narrows the versions to those whose stored fields contain ``value``
        (``LIKE``); each is then matched field by field, the value stripped (and, with
        ``casefold``, upper-cased: an ID number's final ``x``).
        """
        wanted = value.strip().upper() if casefold else value.strip()
        if not wanted or not codes:
            return []
        pattern = like_pattern(wanted)
        contains = (received.c.payload.ilike(pattern, escape="\\") if casefold
                    else received.c.payload.like(pattern, escape="\\"))  # fmt: skip
        query = (
            select(received.c.id, received.c.record_key, received.c.kind, received.c.number,
                   received.c.payload, departments.c.code, departments.c.name,
                   records.c.state)
            .join(departments, departments.c.id == received.c.department_id)
            .outerjoin(records, records.c.record_key == received.c.record_key)
            .where(contains)
            .order_by(received.c.id)
        )  # fmt: skip
        found: dict[str, SubjectRecord] = {}
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=1000).execute(query):
                payload = json.loads(row.payload)
                hits = tuple(
                    code for code in codes
                    if (str(payload.get(code, "")).strip().upper() if casefold
                        else str(payload.get(code, "")).strip()) == wanted
                )  # fmt: skip
                if not hits:
                    continue
                before = found.get(row.record_key)
                merged = hits if before is None else tuple(dict.fromkeys(before.fields + hits))
                found[row.record_key] = SubjectRecord(
                    key=row.record_key, kind=row.kind, number=row.number or "",
                    department_code=row.code, department_name=row.name,
                    state=row.state or "rejected", fields=merged,
                )  # fmt: skip
        return list(found.values())

    def keys_of_subject(self, *, codes: Sequence[str], value: str, casefold: bool = False
                        ) -> list[str]:  # fmt: skip
        """The keys of :meth:`subject_records`."""
        return [r.key for r in self.subject_records(codes=codes, value=value, casefold=casefold)]

    def owner_of(self, key: str) -> int:
        """The id of the department that holds the decision ``key`` (a :class:`StoreError`
        when the platform holds none)."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(records.c.department_id).where(records.c.record_key == key)
            ).scalar()
        if found is None:
            raise StoreError(f"平台没有记录 {key}", f"the platform holds no record {key}")
        return int(found)

    def held(self, key: str) -> tuple[str, CurrentRow] | None:
        """The state (``current``, ``withdrawn``, ``repaired``) and row of the decision
        ``key``, whatever its state; ``None`` when the platform never held it."""
        query = select(*_ROW_COLUMNS, records.c.state).where(records.c.record_key == key)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row.state, _current_row(row)) if row is not None else None

    def restore(self, key: str, destinations: Sequence[str] = ()) -> bool:
        """Publish a repaired decision again (a repair revoked for fraud, 36号令 第二十五条):
        it returns to the current set and its fields are queued upstream; whether it was
        repaired."""
        now = self.clock()
        with write_transaction(self.engine) as connection:
            row = connection.execute(
                select(records.c.record_key, records.c.kind, records.c.payload,
                       records.c.scope).where(records.c.record_key == key,
                                              records.c.state == "repaired")
            ).first()  # fmt: skip
            if row is None:
                return False
            connection.execute(update(records).where(records.c.record_key == key)
                               .values(state="current", updated_at=now))  # fmt: skip
            change = Incoming(key, row.kind, "upsert", json.loads(row.payload), scope=row.scope)
            for destination in destinations:
                enqueue(connection, destination, [(change, "upsert")], now)
        return True

    def counts(self) -> dict[str, int]:
        """Decisions by state (``current``, ``withdrawn``) and versions stored (``versions``)."""
        with self.engine.connect() as connection:
            found = {r[0]: int(r[1]) for r in connection.execute(
                select(records.c.state, func.count()).group_by(records.c.state))}  # fmt: skip
            found["versions"] = int(
                connection.execute(select(func.count()).select_from(received)).scalar() or 0
            )
        return found

    def stats(self) -> list[DepartmentStats]:
        """Per department, in the order they were registered."""
        versions = (
            select(
                received.c.department_id.label("d"),
                func.count().label("received"),
                func.sum((received.c.status == "accepted").cast(Integer)).label("accepted"),
                func.sum((received.c.status == "rejected").cast(Integer)).label("rejected"),
                func.sum((received.c.return_status == "pending").cast(Integer)).label("pending"),
                func.max(received.c.received_at).label("last"),
            )
            .group_by(received.c.department_id)
            .subquery()
        )
        withdrawn = (
            select(records.c.department_id.label("d"), func.count().label("n"))
            .where(records.c.state == "withdrawn")
            .group_by(records.c.department_id)
            .subquery()
        )
        forwarded = (
            select(records.c.department_id.label("d"), func.count().label("n"))
            .join(
                outbox,
                and_(outbox.c.record_key == records.c.record_key, outbox.c.status == "accepted"),
            )
            .group_by(records.c.department_id)
            .subquery()
        )
        query = (
            select(
                departments.c.name,
                departments.c.code,
                versions,
                withdrawn.c.n.label("w"),
                forwarded.c.n.label("f"),
            )
            .outerjoin(versions, versions.c.d == departments.c.id)
            .outerjoin(withdrawn, withdrawn.c.d == departments.c.id)
            .outerjoin(forwarded, forwarded.c.d == departments.c.id)
            .order_by(departments.c.id)
        )
        with self.engine.connect() as connection:
            return [
                DepartmentStats(
                    name=r.name, code=r.code, received=int(r.received or 0),
                    accepted=int(r.accepted or 0), rejected=int(r.rejected or 0),
                    pending_returns=int(r.pending or 0), withdrawn=int(r.w or 0),
                    forwarded=int(r.f or 0),
                    last_received_at=as_utc(r.last) if r.last is not None else None,
                )
                for r in connection.execute(query)
            ]  # fmt: skip
