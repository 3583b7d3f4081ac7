"""Intake besides HTTP (``[intake]`` of ``platform.toml``), and what one run of it took.

Two channels take in what departments' transports leave for the platform:
:mod:`sgs.platform.drop_folder` (the batches a ``directory`` transport writes into the
department's sub-folder of ``[intake] folder``) and :mod:`sgs.platform.exchange_tables`
(the rows a ``sql-table`` transport writes into a 前置库 table, ``[[intake.table]]``).
Each batch is received as an HTTP batch is, by :meth:`~sgs.platform.Platform.receive`
(``channel`` ``folder`` or ``table``; the batch id as the Idempotency-Key), and only
after the store has committed is it moved or marked as taken. A crash anywhere is
therefore harmless: what was not moved or marked is taken again at the next run, and
``receive`` answers the same without a second copy.

``Platform.intake()`` runs both once and gives an :class:`IntakeSummary`; ``sgs platform
intake`` prints it, and ``sgs platform serve`` runs it every ``[serve] every`` seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

import attrs

from sgs.platform.config import PlatformConfig
from sgs.platform.wire import IncomingBatch
from sgs.store import Department, Result, Store

__all__ = ["IntakeSummary", "ReceivingPlatform"]


class ReceivingPlatform(Protocol):
    """What intake needs of a platform (:class:`~sgs.platform.Platform` is one)."""

    config: PlatformConfig
    store: Store

    def receive(self, department: Department | str, batch: bytes | IncomingBatch, *,
                idempotency_key: str | None = None, channel: str = "http",
                today: dt.date | None = None) -> list[Result]: ...  # fmt: skip


@attrs.define
class IntakeSummary:
    """What one intake run took, and what it set aside or could not do.

    >>> summary = IntakeSummary()
    >>> summary.add([Result("k1", "accepted"), Result("k2", "rejected", "缺少决定日期")])
    >>> summary.quarantined.append("drop/x/b1.manifest.json: 清单不是 JSON (not JSON)")
    >>> print(summary)
    接收 1 批 2 条：通过 1 条，退回 1 条；隔离 1 项，失败 0 处 (took 1 batch of 2 records: 1 accepted, 1 rejected; 1 quarantined, 0 failed)
    隔离 quarantined: drop/x/b1.manifest.json: 清单不是 JSON (not JSON)
    >>> summary.ok
    False
    """

    #: Batches taken (received and committed), their records, and the records' answers.
    batches: int = 0
    records: int = 0
    accepted: int = 0
    rejected: int = 0
    #: A line for each batch (or exchange-table row) set aside, with the reason; and for
    #: each channel or batch that could not be read or stored now (tried again later).
    quarantined: list[str] = attrs.Factory(list)
    failures: list[str] = attrs.Factory(list)

    @property
    def ok(self) -> bool:
        """Nothing was quarantined and nothing failed."""
        return not self.quarantined and not self.failures

    def add(self, results: Sequence[Result]) -> None:
        """Count one batch taken with its ``results``."""
        accepted = sum(1 for r in results if r.accepted)
        self.batches += 1
        self.records += len(results)
        self.accepted += accepted
        self.rejected += len(results) - accepted

    def lines(self) -> list[str]:
        """The totals, then a line for each batch quarantined and each failure."""
        plural = "batch" if self.batches == 1 else "batches"
        counts = (len(self.quarantined), len(self.failures))
        return [
            f"接收 {self.batches} 批 {self.records} 条：通过 {self.accepted} 条，退回 "
            f"{self.rejected} 条；隔离 {counts[0]} 项，失败 {counts[1]} 处 (took {self.batches} "
            f"{plural} of {self.records} records: {self.accepted} accepted, {self.rejected} "
            f"rejected; {counts[0]} quarantined, {counts[1]} failed)",
            *(f"隔离 quarantined: {line}" for line in self.quarantined),
            *(f"失败 failed: {line}" for line in self.failures),
        ]

    def store_failed(self, where: str, exc: Exception) -> None:
        """Note that the platform's store could not take a batch of ``where`` now."""
        self.failures.append(
            f"{where}: 平台存储暂不可写入，下次运行重试 (the platform's store cannot be written "
            f"now; tried again at the next run): {type(exc).__name__}: {exc}"
        )

    def __str__(self) -> str:
        return "\n".join(self.lines())
