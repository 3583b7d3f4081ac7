"""Adapters: the sources records come from and the transports they go out by.

The interfaces are in :mod:`sgs.adapters.base`; the built-in adapters
(``file``, ``directory`` sources; ``directory``, ``http`` transports) are
registered as an ordinary plugin (:mod:`sgs.adapters.builtin`), so a vendor
plugin adds or replaces adapters the same way. :func:`sgs.plugins.registries.make_source`
and :func:`~sgs.plugins.registries.make_transport` build one from its configuration table.
"""

from sgs.adapters.base import (
    Batch,
    ConfigError,
    OutgoingRecord,
    Receipt,
    Source,
    Transport,
    new_batch_id,
    outgoing_record,
    record_key,
)
from sgs.adapters.http import HttpTransport, TransportError

__all__ = [
    "Batch",
    "ConfigError",
    "HttpTransport",
    "OutgoingRecord",
    "Receipt",
    "Source",
    "Transport",
    "TransportError",
    "new_batch_id",
    "outgoing_record",
    "record_key",
]
