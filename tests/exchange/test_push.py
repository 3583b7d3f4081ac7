"""push_pending: any outbox, any transport; the department's ledger is an outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sgs.adapters import Batch, Receipt, Transport, TransportError
from sgs.exchange import Outbox, PushTally, push_pending
from sgs.standard import Kind
from sgs.store import LedgerEntry, open_store

TODAY = dt.date(2026, 11, 26)


class Recorder(Transport):
    """Accepts every record but those of ``reject``; fails the push number ``fail_at``."""

    name = "recorder"

    def __init__(self, reject: frozenset[str] = frozenset(), fail_at: int = 0) -> None:
        super().__init__({})
        self.batches: list[Batch] = []
        self.reject, self.fail_at = reject, fail_at

    def push(self, batch: Batch) -> list[Receipt]:
        self.batches.append(batch)
        if len(self.batches) == self.fail_at:
            raise TransportError("平台不可用", "the platform is down")
        return [
            Receipt(r.key, "rejected" if r.key in self.reject else "accepted", "")
            for r in batch.records
        ]


def _entry(key: str) -> LedgerEntry:
    return LedgerEntry(key, "penalty", f"罚〔2026〕{key}号", {"CF_WSH": f"罚〔2026〕{key}号"})


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Callable[..., Outbox]]:
    """A department's ledger holding pending entries under the keys given."""
    with open_store("sqlite:///s.db", base_dir=tmp_path) as store:

        def holding(*keys: str) -> Outbox:
            store.ledger.stage([_entry(k) for k in keys])
            outbox: Outbox = store.ledger  # the ledger satisfies the protocol (mypy checks)
            return outbox

        yield holding


def test_push_pending_sends_in_batches_and_counts(ledger: Callable[..., Outbox]) -> None:
    outbox = ledger("1", "2", "3")
    transport, tally = Recorder(reject=frozenset({"2"})), PushTally()
    seen: list[int] = []
    done = push_pending(outbox, transport, Kind.PENALTY, "2021", batch_size=2, today=TODAY,
                        tally=tally, progress=lambda _stage, n: seen.append(n))  # fmt: skip
    assert done is True
    assert [[r.key for r in b.records] for b in transport.batches] == [["1", "2"], ["3"]]
    assert {r.operation for b in transport.batches for r in b.records} == {"upsert"}
    assert (tally.pushed, tally.accepted, tally.rejected, tally.unanswered) == (3, 2, 1, 0)
    assert tally.accepted_keys == {"1", "3"}
    assert seen == [2, 3]
    assert outbox.pending("penalty") == []


def test_only_restricts_the_push_to_those_keys(ledger: Callable[..., Outbox]) -> None:
    outbox = ledger("1", "2", "3")
    transport, tally = Recorder(), PushTally()
    push_pending(outbox, transport, Kind.PENALTY, "2021", batch_size=10, today=TODAY,
                 tally=tally, only={"2"})  # fmt: skip
    assert [[r.key for r in b.records] for b in transport.batches] == [["2"]]
    assert [r.key for r in outbox.pending("penalty")] == ["1", "3"]


def test_a_failing_transport_returns_false_and_leaves_the_rest_waiting(
    ledger: Callable[..., Outbox],
) -> None:
    outbox = ledger("1", "2", "3")
    transport, tally = Recorder(fail_at=1), PushTally()
    done = push_pending(outbox, transport, Kind.PENALTY, "2021", batch_size=1, today=TODAY,
                        tally=tally)  # fmt: skip
    assert done is False
    assert len(transport.batches) == 1  # the rest was not tried
    assert tally.pushed == 0
    assert tally.failures == ["平台不可用 (the platform is down)"]
    waiting = outbox.pending("penalty")
    assert [r.key for r in waiting] == ["1", "2", "3"]
    assert waiting[0].batch_id == transport.batches[0].batch_id  # resent under its batch id


def test_a_bug_in_sgss_own_transport_is_raised(ledger: Callable[..., Outbox]) -> None:
    class Broken(Recorder):
        def push(self, batch: Batch) -> list[Receipt]:
            raise KeyError("bug")

    with pytest.raises(KeyError):
        push_pending(ledger("1"), Broken(), Kind.PENALTY, "2021",
                     batch_size=1, today=TODAY, tally=PushTally())  # fmt: skip
