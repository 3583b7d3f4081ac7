"""Forwarding upstream (同步推送至上级信用平台): the outbox of each destination, pushed.

Every accepted change — a new decision, an update, a withdrawal — is queued in
the store for each ``[upstream.<name>]`` destination when it is received
(:mod:`sgs.store.outbox`). :func:`forward` pushes what is queued with the
destination's transport, through the push machinery the department's sync uses
(:func:`sgs.exchange.push_pending`): batches of one kind, a record marked only
after the destination's answer, one cut short resent under the batch id it was
first sent with, a destination that is down leaving everything queued for the
next run. One forwarding run at a time holds the store's forward lock; a second
finds it taken and stops at once (the scheduler's next run goes on).
"""

from __future__ import annotations

import datetime as dt

import attrs

from sgs.calendar import china_today
from sgs.errors import SgsError, StoreError
from sgs.exchange import PushTally, push_pending
from sgs.platform.platform import Platform
from sgs.standard import Kind

__all__ = ["BATCH_SIZE", "ForwardSummary", "forward"]

#: Records per batch sent upstream.
BATCH_SIZE = 500


@attrs.define
class ForwardSummary:
    """What a forwarding run did, per destination."""

    destinations: dict[str, PushTally] = attrs.field(factory=dict)

    @property
    def failed(self) -> bool:
        return any(t.failures for t in self.destinations.values())

    def lines(self) -> list[str]:
        """A line per destination, then one per failure."""
        found = []
        for name, t in self.destinations.items():
            found.append(
                f"{name}：报送 {t.pushed}，接收 {t.accepted}，撤回 {t.withdrawn}，退回 {t.rejected}，"
                f"未获答复 {t.unanswered} (pushed {t.pushed}, accepted {t.accepted}, "
                f"withdrawn {t.withdrawn}, rejected {t.rejected}, unanswered {t.unanswered})"
            )
            found.extend(f"{name}：转发失败 failed: {f}" for f in t.failures)
        return found


def forward(
    platform: Platform, *, today: dt.date | None = None, batch_size: int = BATCH_SIZE
) -> ForwardSummary:
    """Push what is queued for every upstream destination, once."""
    summary = ForwardSummary()
    if not platform.config.upstream:
        return summary
    lock = platform.store.forward_lock()
    if lock is not None:
        try:
            lock.acquire(0)
        except StoreError:
            raise SgsError(
                "另一个转发正在进行（平台服务的定时转发或另一个 sgs platform forward），请稍后再试",
                "another forwarding run is going on (the service's schedule or another "
                "sgs platform forward); try again later",
            ) from None
    try:
        version = platform.checks.standard.version
        for destination in platform.config.upstream:
            tally = summary.destinations[destination] = PushTally()
            outbox = platform.store.outbox(destination)
            with platform.config.make_transport(destination) as transport:
                for kind in Kind:
                    push_pending(outbox, transport, kind, version, batch_size=batch_size,
                                 today=today or china_today(), tally=tally)  # fmt: skip
    finally:
        if lock is not None:
            lock.release()
    return summary
