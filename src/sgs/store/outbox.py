"""The platform's outbox (``store.outbox(destination)``): what is to go upstream.

One row per destination and decision holds the decision's latest state —
its fields (an upsert) or its withdrawal, and its 公开范围 — with a send status, exactly as the
department's ledger holds its records: ``pending`` until the destination
answers ``accepted`` or ``rejected``; a later change makes it ``pending``
again. :class:`OutboxRepository` has the methods the shared push machinery
(:func:`sgs.exchange.push_pending`) works with, so forwarding upstream has the
department sync's guarantees: a record is marked only after its answer, one
cut short is resent under the batch id it was first sent with.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from sgs.adapters.base import Receipt
from sgs.store.ledger import PendingRecord
from sgs.store.schema import outbox

__all__ = ["OutboxRepository", "enqueue"]

_CHUNK = 500


class _Change(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def payload(self) -> str: ...
    @property
    def scope(self) -> str: ...


def enqueue(
    connection: Connection,
    destination: str,
    changes: Iterable[tuple[_Change, str]],
    now: dt.datetime,
) -> None:
    """Queue each ``(change, operation)`` for ``destination`` (in the caller's transaction).

    An upsert replaces what was queued for the decision. A withdrawal (or a repair's
    end of publication) of a decision the destination has never been sent is simply
    taken off the queue.
    """
    rows: list[dict[str, Any]] = []
    for change, operation in changes:
        if operation in ("withdraw", "repair"):
            gone = connection.execute(
                delete(outbox).where(
                    outbox.c.destination == destination,
                    outbox.c.record_key == change.key,
                    outbox.c.status == "pending",
                    outbox.c.attempts == 0,
                    outbox.c.operation == "upsert",
                )
            )
            if gone.rowcount:
                continue
            sent = connection.execute(
                select(outbox.c.id).where(
                    outbox.c.destination == destination, outbox.c.record_key == change.key
                )
            ).first()
            if sent is None:
                continue  # never queued (the destination came later): nothing to withdraw
        rows.append({
            "destination": destination, "record_key": change.key, "kind": change.kind,
            "operation": operation, "payload": change.payload, "scope": change.scope,
            "status": "pending", "batch_id": None, "attempts": 0, "last_message": None,
            "updated_at": now,
        })  # fmt: skip
    if not rows:
        return
    dialect: Any = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(outbox)
    replaced = ("operation", "payload", "scope", "status", "batch_id", "attempts", "last_message",
                "updated_at")  # fmt: skip
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["destination", "record_key"],
            set_={c: statement.excluded[c] for c in replaced},
        ),
        rows,
    )


class OutboxRepository:
    """The outbox of one destination: an :class:`sgs.exchange.Outbox`."""

    def __init__(self, engine: Engine, destination: str) -> None:
        self.engine = engine
        self.destination = destination

    def _mine(self) -> Any:
        return outbox.c.destination == self.destination

    def pending(self, kind: str) -> list[PendingRecord]:
        """The queued changes of ``kind``, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(outbox.c.record_key, outbox.c.batch_id, outbox.c.payload,
                       outbox.c.operation, outbox.c.scope)
                .where(self._mine(), outbox.c.kind == kind, outbox.c.status == "pending")
                .order_by(outbox.c.id)
            )  # fmt: skip
            return [
                PendingRecord(r.record_key, r.batch_id, json.loads(r.payload), r.operation, r.scope)
                for r in rows
            ]

    def mark_sending(self, keys: Sequence[str], batch_id: str) -> None:
        with self.engine.begin() as connection:
            for start in range(0, len(keys), _CHUNK):
                connection.execute(
                    update(outbox)
                    .where(self._mine(), outbox.c.record_key.in_(keys[start : start + _CHUNK]))
                    .values(
                        batch_id=batch_id,
                        attempts=outbox.c.attempts + 1,
                        updated_at=dt.datetime.now(dt.UTC),
                    )
                )

    def record_receipts(self, receipts: Iterable[Receipt], pushed_on: dt.date) -> None:
        now = dt.datetime.now(dt.UTC)
        rows = [
            {"k": r.key, "s": r.status, "m": r.message or None, "u": now,
             "p": pushed_on if r.accepted else None}
            for r in receipts
        ]  # fmt: skip
        if not rows:
            return
        with self.engine.begin() as connection:
            connection.execute(
                update(outbox)
                .where(self._mine(), outbox.c.record_key == bindparam("k"))
                # a change queued since the send (batch id cleared) stays queued
                .where(outbox.c.status == "pending", outbox.c.batch_id.is_not(None))
                .values(
                    status=bindparam("s"),
                    last_message=bindparam("m"),
                    updated_at=bindparam("u"),
                    forwarded_on=bindparam("p"),
                ),
                rows,
            )

    def note_failure(self, keys: Sequence[str], message: str) -> None:
        with self.engine.begin() as connection:
            for start in range(0, len(keys), _CHUNK):
                connection.execute(
                    update(outbox)
                    .where(self._mine(), outbox.c.record_key.in_(keys[start : start + _CHUNK]))
                    .values(last_message=message, updated_at=dt.datetime.now(dt.UTC))
                )

    def counts(self) -> dict[str, int]:
        """Queued decisions by send status."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(outbox.c.status, func.count()).where(self._mine()).group_by(outbox.c.status)
            )
            return {r[0]: int(r[1]) for r in rows}
