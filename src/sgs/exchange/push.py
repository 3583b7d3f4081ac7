"""Pushing what an outbox holds: batches of one kind, resends under their batch id, receipts.

:func:`push_pending` takes the records an :class:`Outbox` has waiting, sends
them with a transport in batches, and hands the platform's answers back to
the outbox. Records of a send cut short go again under the batch id they were
first sent with (the HTTP ``Idempotency-Key``), so the platform can recognise
the retry; the others go in new batches. Only an explicit ``accepted`` or
``rejected`` for a record of the batch is an answer (:func:`reconcile`): a
record without one stays waiting and goes again on the next push.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Protocol

import attrs

from sgs.adapters import (
    MISSING_RESULT,
    Batch,
    OutgoingRecord,
    Receipt,
    Transport,
    new_batch_id,
    redact,
)
from sgs.errors import TransportError
from sgs.plugins.registries import plugin_failure
from sgs.standard import PUBLIC, Kind
from sgs.store import PendingRecord

__all__ = ["Outbox", "PushTally", "push_pending", "reconcile", "transport_failure"]


class Outbox(Protocol):
    """Where records wait to be pushed, and where the platform's answers go.

    :class:`~sgs.store.LedgerRepository` is one (the department's ledger).
    """

    def pending(self, kind: str) -> list[PendingRecord]:
        """The records of ``kind`` waiting to be sent, in the order they should go."""

    def mark_sending(self, keys: Sequence[str], batch_id: str) -> None:
        """Note, before a push, that ``keys`` go out in ``batch_id``."""

    def record_receipts(self, receipts: Iterable[Receipt], pushed_on: dt.date) -> None:
        """Record the platform's answers for a batch."""

    def note_failure(self, keys: Sequence[str], message: str) -> None:
        """Keep ``keys`` waiting, with the reason they did not get an answer."""


@attrs.define
class PushTally:
    """What pushes did, added up over the calls of :func:`push_pending` given it.

    ``accepted`` counts the records published (``upsert``), ``withdrawn`` the
    withdrawals the platform accepted; ``rejected`` counts both operations.
    """

    pushed: int = 0
    accepted: int = 0
    rejected: int = 0
    #: Records sent whose answer did not come: still waiting, sent again on the next push.
    unanswered: int = 0
    #: Why a push failed (redacted): the records of that kind stay waiting.
    failures: list[str] = attrs.field(factory=list)
    #: The keys of the records published (accepted ``upsert``) by these pushes.
    accepted_keys: set[str] = attrs.field(factory=set)
    #: Withdrawals (``withdraw``) the platform accepted.
    withdrawn: int = 0


def reconcile(keys: Sequence[str], receipts: Iterable[Receipt]) -> tuple[list[Receipt], list[str]]:
    """The platform's answers that count, and the keys of the batch without one.

    Only an explicit ``accepted`` or ``rejected`` for a key of the batch is an
    answer (the first one, if a transport repeats a key). A key without one —
    left out by the platform, or answered with another status — is not a
    rejection: it stays pending and is sent again under the same batch id.

    >>> answered, left = reconcile(["a", "b", "c"], [Receipt("a", "accepted"),
    ...     Receipt("b", "maybe"), Receipt("x", "rejected")])  # type: ignore[arg-type]
    >>> [r.key for r in answered], left
    (['a'], ['b', 'c'])
    """
    wanted = set(keys)
    answered: dict[str, Receipt] = {}
    for receipt in receipts:
        if (
            receipt.key in wanted
            and receipt.key not in answered
            and receipt.status in ("accepted", "rejected")
        ):
            answered[receipt.key] = receipt
    return list(answered.values()), [k for k in keys if k not in answered]


def push_pending(
    outbox: Outbox,
    transport: Transport,
    kind: Kind,
    standard: str,
    *,
    batch_size: int,
    today: dt.date,
    tally: PushTally,
    progress: Callable[[str, int], None] | None = None,
    only: Collection[str] | None = None,
) -> bool:
    """Push the records of ``kind`` waiting in ``outbox`` (those of ``only``, when given).

    Batches hold at most ``batch_size`` records of the standard version
    ``standard``; the receipts are recorded as of ``today`` and counted in
    ``tally``; ``progress`` is called with ``"pushed"`` and the count so far.
    Returns ``False`` when the transport failed — its reason is noted for the
    batch's records and added to ``tally.failures``, and the rest stays waiting
    for the next push — and ``True`` otherwise. An exception raised inside a
    plugin's transport is reported as the plugin's failure; one of sgs's own
    transports (not a :class:`~sgs.errors.TransportError`) is a bug and is raised.
    """
    wanted = None if only is None else set(only)
    # Records cut short in a send go again under the same batch id (the platform's
    # Idempotency-Key), the others in new batches.
    groups: dict[str | None, list[PendingRecord]] = {}
    for record in outbox.pending(kind.value):
        if wanted is None or record.key in wanted:
            groups.setdefault(record.batch_id, []).append(record)
    for batch_id, records in sorted(groups.items(), key=lambda g: g[0] is None):
        for start in range(0, len(records), batch_size):
            part = records[start : start + batch_size]
            keys = [r.key for r in part]
            bid = batch_id if batch_id is not None and start == 0 else new_batch_id()
            outbox.mark_sending(keys, bid)
            outgoing = tuple(
                OutgoingRecord(r.key, r.fields, r.operation, r.scope or PUBLIC, r.objection)
                for r in part
            )
            try:
                receipts = transport.push(Batch(bid, standard, kind, outgoing))
            except Exception as exc:
                reason = transport_failure(transport, exc)
                if reason is None:
                    raise  # sgs's own transport: a bug, not the platform
                outbox.note_failure(keys, reason)
                tally.failures.append(reason)
                return False  # the platform is down: the rest stays pending for the next push
            tally.pushed += len(part)
            answered, unanswered = reconcile(keys, receipts)
            outbox.record_receipts(answered, today)
            _count(tally, answered, {r.key for r in part if r.operation == "withdraw"})
            if unanswered:
                outbox.note_failure(unanswered, MISSING_RESULT)
                tally.unanswered += len(unanswered)
            if progress is not None:
                progress("pushed", tally.pushed)
    return True


def transport_failure(transport: Transport, exc: Exception) -> str | None:
    """What to report when ``transport`` raised ``exc``, redacted; ``None`` for a bug.

    A :class:`~sgs.errors.TransportError` is the platform's failure (down,
    refusing, answering nonsense); any other exception raised inside a
    plugin's transport is the plugin's, reported by its name
    (:func:`~sgs.plugins.registries.plugin_failure`). Any other exception of one
    of sgs's own transports is a bug: ``None``, and the caller raises it.
    """
    failure = exc if isinstance(exc, TransportError) else plugin_failure(transport, exc)
    return redact(str(failure)) if failure is not None else None


def _count(tally: PushTally, answered: Sequence[Receipt], withdrawals: set[str]) -> None:
    """Add the answers of one batch to ``tally``."""
    for receipt in answered:
        if not receipt.accepted:
            tally.rejected += 1
        elif receipt.key in withdrawals:
            tally.withdrawn += 1
        else:
            tally.accepted += 1
            tally.accepted_keys.add(receipt.key)
