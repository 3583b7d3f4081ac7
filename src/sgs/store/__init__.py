"""The store: SQLAlchemy Core over SQLite (embedded, the default) or PostgreSQL (shared).

Chosen by URL; the schema is versioned and migrated on open
(:mod:`sgs.store.schema`). One repository per aggregate, each taking and
returning typed objects: :mod:`sgs.store.ledger` (台账), :mod:`sgs.store.catalog`
(目录), :mod:`sgs.store.roster` (联络员); for a credit platform
:mod:`sgs.store.departments`, :mod:`sgs.store.received` (versions, the current set,
returns), :mod:`sgs.store.outbox` (per upstream destination),
:mod:`sgs.store.declarations` (the departments' 月报表) and :mod:`sgs.store.documents`
(the documents they hand in), :mod:`sgs.store.cases` (objections and repairs);
:mod:`sgs.store.snapshots` (what each publication run
showed, as intervals); :mod:`sgs.store.database` opens them.
"""

from sgs.errors import StoreError
from sgs.store.applications import (
    APPLICATION_STATES,
    Application,
    ApplicationError,
    ApplicationRepository,
)
from sgs.store.audit import AccessEvent, AccessLog, Anchor, ChainCheck, LoggedEvent
from sgs.store.cases import (
    CLOSED_STATES,
    CasePause,
    CaseRepository,
    CaseStep,
    FieldChange,
    FraudLock,
    ObjectionCase,
    RepairCase,
)
from sgs.store.catalog import CatalogRepository
from sgs.store.database import Store, open_store
from sgs.store.declarations import DECLARATION_KINDS, Declaration, DeclarationRepository
from sgs.store.departments import Department, DepartmentRepository, token_hash
from sgs.store.documents import (
    DOCUMENT_LABELS,
    DOCUMENT_TYPES,
    DocumentRepository,
    DocumentRow,
)
from sgs.store.ledger import (
    EntryDates,
    ImportedEntry,
    LedgerEntry,
    LedgerRepository,
    LedgerRow,
    PendingRecord,
    StageCounts,
    payload_hash,
)
from sgs.store.outbox import OutboxRepository
from sgs.store.received import (
    RETURN_LABELS,
    CurrentRow,
    DepartmentStats,
    Incoming,
    Reason,
    ReceivedRepository,
    Result,
    ReturnRow,
    VersionRow,
    body_hash,
)
from sgs.store.schema import (
    LEDGER_STATUSES,
    SCHEMA_VERSION,
    STATUS_LABELS,
    WITHDRAWAL_STATUSES,
)
from sgs.store.snapshots import (
    Shown,
    ShownInterval,
    ShownItem,
    ShownRecord,
    SnapshotRepository,
    SnapshotRun,
    view_content,
)
from sgs.store.users import (
    INCOMPATIBLE_ROLES,
    ROLE_LABELS,
    ROLES,
    Actor,
    User,
    UserError,
    UserRepository,
    role_conflict,
)

__all__ = [
    "APPLICATION_STATES",
    "CLOSED_STATES",
    "DECLARATION_KINDS",
    "DOCUMENT_LABELS",
    "DOCUMENT_TYPES",
    "INCOMPATIBLE_ROLES",
    "LEDGER_STATUSES",
    "RETURN_LABELS",
    "ROLES",
    "ROLE_LABELS",
    "SCHEMA_VERSION",
    "STATUS_LABELS",
    "WITHDRAWAL_STATUSES",
    "AccessEvent",
    "AccessLog",
    "Actor",
    "Anchor",
    "Application",
    "ApplicationError",
    "ApplicationRepository",
    "CasePause",
    "CaseRepository",
    "CaseStep",
    "CatalogRepository",
    "ChainCheck",
    "CurrentRow",
    "Declaration",
    "DeclarationRepository",
    "Department",
    "DepartmentRepository",
    "DepartmentStats",
    "DocumentRepository",
    "DocumentRow",
    "EntryDates",
    "FieldChange",
    "FraudLock",
    "ImportedEntry",
    "Incoming",
    "LedgerEntry",
    "LedgerRepository",
    "LedgerRow",
    "LoggedEvent",
    "ObjectionCase",
    "OutboxRepository",
    "PendingRecord",
    "Reason",
    "ReceivedRepository",
    "RepairCase",
    "Result",
    "ReturnRow",
    "Shown",
    "ShownInterval",
    "ShownItem",
    "ShownRecord",
    "SnapshotRepository",
    "SnapshotRun",
    "StageCounts",
    "Store",
    "StoreError",
    "User",
    "UserError",
    "UserRepository",
    "VersionRow",
    "body_hash",
    "open_store",
    "payload_hash",
    "role_conflict",
    "token_hash",
    "view_content",
]
