"""Withdrawing (撤回) a published decision that was revoked or changed.

行政处罚法 §48: when a published decision is revoked, changed, confirmed
unlawful or void, the department withdraws its publication within 3 working
days and says why. :func:`withdraw` marks the ledger entry
(:meth:`~sgs.store.LedgerRepository.withdraw`) and sends the withdrawal at once
with the configured transport. An entry never sent is withdrawn on the spot;
a withdrawal that could not be sent stays ``withdrawing`` (待撤回), and the
next ``sgs sync`` sends it like any pending record.
"""

from __future__ import annotations

import datetime as dt

import attrs

from sgs.department.config import SyncConfig
from sgs.exchange import PushTally, push_pending
from sgs.standard import Kind, get_standard
from sgs.store import LedgerRow, open_store

__all__ = ["Withdrawal", "withdraw"]


@attrs.frozen
class Withdrawal:
    """What :func:`withdraw` did: the entry as it is now, its status before, and the push."""

    entry: LedgerRow
    before: str
    tally: PushTally

    @property
    def withdrawn(self) -> bool:
        """Whether the decision is withdrawn now (the platform accepted, or it was never sent)."""
        return self.entry.status == "withdrawn"

    @property
    def sent(self) -> bool:
        """Whether the withdrawal went to the platform in this call."""
        return self.tally.pushed > 0


def withdraw(
    config: SyncConfig, key: str, reason: str, *, as_of: dt.date | None = None
) -> Withdrawal:
    """Withdraw the decision of the ledger entry ``key`` for ``reason``, and send it now.

    Holds the store's lock, as ``sgs sync`` does. ``as_of`` dates the receipt
    (default today). Raises :class:`~sgs.errors.InputError` when ``reason`` is
    empty or the ledger has no entry ``key``; a transport that fails leaves the
    entry ``withdrawing`` with the reason in :attr:`Withdrawal.tally`.
    """
    standard = get_standard(config.standard)
    with (
        config.make_transport() as transport,
        open_store(config.store_url, base_dir=config.base_dir, lock=True,
                   lock_timeout=config.lock_timeout) as store,
    ):  # fmt: skip
        found = store.ledger.find(key=key)
        tally = PushTally()
        # An unknown key or an empty reason is an InputError, before anything is changed.
        if store.ledger.withdraw(key, reason, on=as_of) == "withdrawing":
            push_pending(store.ledger, transport, Kind(found[0].kind), standard.version,
                         batch_size=config.batch_size, today=as_of or dt.date.today(),
                         tally=tally, only={key})  # fmt: skip
        (entry,) = store.ledger.find(key=key)
    return Withdrawal(entry, found[0].status, tally)
