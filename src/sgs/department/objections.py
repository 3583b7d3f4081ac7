"""The department's side of objections (异议): the platform's 核查通知 and the answers.

郑发改财贸〔2019〕773号 五.一: a unit that receives an objection verification notice
handles it within three working days and syncs the verified record to the city
platform. ``sgs sync`` asks the platform for its open notices before it pushes
(:func:`take_notices`) and notes each on its ledger entry, so that a corrected record
read in the same run goes out carrying the case number — the platform closes the
case when it accepts the correction. A record that stands is answered with
:func:`confirm` (``sgs objections answer --config sgs.toml CASE --confirm``). The
platform's credit-repair decisions come the same way (:func:`take_repairs`): a record
repaired there leaves the department's own site too (国办发〔2025〕22号: sector
departments stop publication on their own sites).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from sgs.adapters import Notice, Transport
from sgs.department.config import load_config
from sgs.errors import SgsError
from sgs.exchange import transport_failure
from sgs.store import LedgerRepository, open_store

__all__ = ["confirm", "fetch_notices", "take_notices", "take_repairs"]

_T = TypeVar("_T")


def _asked(transport: Transport, question: Callable[[], list[_T] | None],
           failures: list[str]) -> list[_T] | None:  # fmt: skip
    """What ``question`` (a call of ``transport``) answers; ``None`` when the transport
    cannot ask, or failed (the failure added to ``failures``: asked again next run)."""
    try:
        return question()
    except Exception as exc:
        reason = transport_failure(transport, exc)
        if reason is None:
            raise  # sgs's own transport: a bug, not the platform
        failures.append(reason)
        return None


def take_notices(transport: Transport, ledger: LedgerRepository, failures: list[str]
                 ) -> list[Notice]:  # fmt: skip
    """The platform's open 核查通知, noted on their ledger entries (see :func:`_asked`)."""
    notices = _asked(transport, transport.objections, failures)
    if notices is None:
        return []  # not asked, or no answer: the ledger keeps what it holds
    ledger.note_objections(notices)  # (an empty list: every case is closed)
    return notices


def take_repairs(transport: Transport, ledger: LedgerRepository, failures: list[str]) -> int:
    """The platform's repair decisions noted in the ledger; how many entries changed."""
    decisions = _asked(transport, transport.repairs, failures)
    return ledger.note_repairs(decisions) if decisions else 0


def fetch_notices(config_path: str | os.PathLike[str]) -> tuple[list[Notice], list[Notice]]:
    """The open 核查通知 of the department of ``config_path``, and those its ledger lacks."""
    config = load_config(config_path)
    with (
        config.make_transport() as transport,
        open_store(config.store_url, base_dir=config.base_dir) as store,
    ):
        notices = transport.objections()
        if notices is None:
            raise SgsError(
                f"传输方式 {transport.name} 不能获取核查通知（需 http 传输方式及 objections_url）",
                f"the {transport.name} transport cannot fetch objection notices "
                "(an http transport with an objections_url is needed)",
            )
        unknown = store.ledger.note_objections(notices)
    return notices, unknown


def confirm(config_path: str | os.PathLike[str], case: str, opinion: str = "") -> None:
    """Answer the 核查通知 ``case``: the record stands as published."""
    config = load_config(config_path)
    with config.make_transport() as transport:
        transport.answer_objection(case, "confirmed", opinion or "经核实，记录无误")
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        store.ledger.clear_objection(case)
