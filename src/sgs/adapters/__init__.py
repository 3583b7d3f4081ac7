"""Adapters: the sources records come from and the transports they go out by.

The interfaces are in :mod:`sgs.adapters.base`; the built-in adapters
(``file``, ``directory`` sources; ``directory``, ``http`` transports) are
registered as an ordinary plugin (:mod:`sgs.adapters.builtin`), so a vendor
plugin adds or replaces adapters the same way. :func:`sgs.plugins.registries.make_source`
and :func:`~sgs.plugins.registries.make_transport` build one from its configuration table.
"""

from typing import TYPE_CHECKING

from sgs.adapters.base import (
    MISSING_RESULT,
    RETURN_STATUSES,
    Batch,
    ConfigError,
    Notice,
    OutgoingRecord,
    Receipt,
    RepairDecision,
    Return,
    ReturnReason,
    Source,
    Transport,
    new_batch_id,
    outgoing_record,
    record_key,
    redact,
)
from sgs.errors import TransportError

if TYPE_CHECKING:
    from sgs.adapters.http import HttpTransport


def __getattr__(name: str) -> object:
    """``HttpTransport`` is imported when first asked for: httpx is not needed to validate."""
    if name == "HttpTransport":
        from sgs.adapters.http import HttpTransport

        return HttpTransport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MISSING_RESULT",
    "RETURN_STATUSES",
    "Batch",
    "ConfigError",
    "HttpTransport",
    "Notice",
    "OutgoingRecord",
    "Receipt",
    "RepairDecision",
    "Return",
    "ReturnReason",
    "Source",
    "Transport",
    "TransportError",
    "new_batch_id",
    "outgoing_record",
    "record_key",
    "redact",
]
