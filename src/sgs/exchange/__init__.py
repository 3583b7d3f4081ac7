"""What both wings send: the push of what waits in an outbox, batch by batch, with receipts.

A department's ``sgs sync`` pushes its ledger to the credit platform; the
platform forwards what it accepted upstream (city → province → 信用中国) the
same way. :func:`~sgs.exchange.push.push_pending` does it for any
:class:`~sgs.exchange.push.Outbox` — the department's ledger
(:class:`~sgs.store.LedgerRepository`) is one — over any transport.
"""

from sgs.exchange.push import Outbox, PushTally, push_pending, reconcile, transport_failure

__all__ = ["Outbox", "PushTally", "push_pending", "reconcile", "transport_failure"]
