"""What re-validating the platform's store reads and writes (``sgs platform revalidate``).

:func:`held_records` streams the decisions of the current set,
:func:`pending_returns` the returned versions (疑问数据) still waiting for a
correction; :func:`return_records` stores a held decision that fails the
rules as they are now as a returned version of its department (rejected,
``pending``), which the department's next accepted version under the key
makes ``fixed`` as any return. The decision stays in the current set.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence

import attrs
from sqlalchemy import select
from sqlalchemy.engine import Engine

from sgs.store.received import Reason
from sgs.store.schema import departments, received, records
from sgs.store.writes import write_transaction

__all__ = ["Held", "held_records", "pending_returns", "return_records"]

#: Rows a query streams at a time, and rows per ``IN (…)`` query.
_YIELD = 1000
_CHUNK = 500


@attrs.frozen(kw_only=True)
class Held:
    """A stored version to check again: a current decision, or a pending return."""

    key: str
    kind: str
    department_id: int
    department: str  # the department's credit code
    number: str
    fields: Mapping[str, str]
    payload: str
    digest: str
    scope: str
    #: The id of the returned version (``None`` for a decision of the current set).
    return_id: int | None = None
    reasons: tuple[Reason, ...] = ()


def held_records(engine: Engine, kind: str, keys: Sequence[str] | None = None) -> Iterator[Held]:
    """The decisions of ``kind`` in the current set, in the order they first came (only
    those of ``keys`` when given)."""
    if keys is not None:
        for start in range(0, len(keys), _CHUNK):
            yield from _held(engine, kind, keys[start : start + _CHUNK])
        return
    yield from _held(engine, kind, None)


def _held(engine: Engine, kind: str, keys: Sequence[str] | None) -> Iterator[Held]:
    query = (
        select(records.c.record_key, records.c.kind, records.c.department_id,
               departments.c.code, records.c.number, records.c.payload,
               records.c.payload_hash, records.c.scope)
        .join(departments, departments.c.id == records.c.department_id)
        .where(records.c.state == "current", records.c.kind == kind)
        .order_by(records.c.id)
    )  # fmt: skip
    if keys is not None:
        query = query.where(records.c.record_key.in_(keys))
    with engine.connect() as connection:
        for r in connection.execution_options(yield_per=_YIELD).execute(query):
            yield Held(key=r.record_key, kind=r.kind, department_id=r.department_id,
                       department=r.code, number=r.number or "", fields=json.loads(r.payload),
                       payload=r.payload, digest=r.payload_hash, scope=r.scope)  # fmt: skip


def pending_returns(engine: Engine, kind: str) -> Iterator[Held]:
    """The returned upserts of ``kind`` still ``pending`` (待修改), oldest first."""
    query = (
        select(received, departments.c.code)
        .join(departments, departments.c.id == received.c.department_id)
        .where(received.c.status == "rejected", received.c.return_status == "pending")
        .where(received.c.kind == kind, received.c.operation == "upsert")
        .order_by(received.c.id)
    )
    with engine.connect() as connection:
        for r in connection.execution_options(yield_per=_YIELD).execute(query):
            yield Held(key=r.record_key, kind=r.kind, department_id=r.department_id,
                       department=r.code, number=r.number or "", fields=json.loads(r.payload),
                       payload=r.payload, digest=r.payload_hash, scope=r.scope, return_id=r.id,
                       reasons=tuple(Reason.from_dict(x) for x in json.loads(r.reasons)))  # fmt: skip


def return_records(
    engine: Engine,
    items: Sequence[tuple[Held, Sequence[Reason]]],
    *,
    standard: str,
    batch_id: str,
    now: dt.datetime,
) -> int:
    """Store each held decision of ``items`` as a returned version with its reasons; how many
    were stored (one already returned with the same content and still pending is not again)."""
    stored = 0
    by_department: dict[int, list[tuple[Held, Sequence[Reason]]]] = {}
    for item in items:
        by_department.setdefault(item[0].department_id, []).append(item)
    for department_id, group in by_department.items():
        with write_transaction(engine, department_id) as connection:
            keys = [h.key for h, _ in group]
            pending: set[tuple[str, str]] = set()
            for start in range(0, len(keys), _CHUNK):
                rows = connection.execute(
                    select(received.c.record_key, received.c.payload_hash)
                    .where(received.c.department_id == department_id)
                    .where(received.c.return_status == "pending")
                    .where(received.c.record_key.in_(keys[start : start + _CHUNK]))
                )
                pending.update((r.record_key, r.payload_hash) for r in rows)
            rows_in = [
                {
                    "department_id": department_id, "record_key": held.key, "kind": held.kind,
                    "standard": standard, "operation": "upsert", "number": held.number or None,
                    "payload": held.payload, "payload_hash": held.digest, "scope": held.scope,
                    "batch_id": batch_id, "channel": "revalidate", "status": "rejected",
                    "reasons": json.dumps([r.to_dict() for r in reasons], ensure_ascii=False),
                    "return_status": "pending", "received_at": now,
                }
                for held, reasons in group
                if (held.key, held.digest) not in pending
            ]  # fmt: skip
            if rows_in:
                connection.execute(received.insert(), rows_in)
            stored += len(rows_in)
    return stored
