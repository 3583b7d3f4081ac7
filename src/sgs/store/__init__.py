"""The store: the ledger (台账) and, in later versions, the catalog, the roster and more.

SQLAlchemy Core over SQLite (embedded, the default) or PostgreSQL (shared),
chosen by URL; versioned schema, migrated on open.
"""

from sgs.store.schema import LEDGER_STATUSES, SCHEMA_VERSION
from sgs.store.store import LedgerEntry, Store, StoreError, open_store, payload_hash

__all__ = [
    "LEDGER_STATUSES",
    "SCHEMA_VERSION",
    "LedgerEntry",
    "Store",
    "StoreError",
    "open_store",
    "payload_hash",
]
