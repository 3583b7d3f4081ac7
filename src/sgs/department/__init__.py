"""The department's side of 双公示 (报送单位).

Its configuration (``sgs.toml``), the daily sync from the source system to the
credit platform, the ledger of decisions (台账, 附件2) and the withdrawal of a
published one (撤回), the catalog of items (目录, 附件1), the liaison roster
(联络员, 附件3) and the catalog coverage.
"""

from sgs.department.config import SyncConfig, load_config
from sgs.department.ledger import DueItem, DueLists, due_lists, export_ledger, read_ledger_file
from sgs.department.sync import SyncSummary, sync
from sgs.department.withdraw import Withdrawal, withdraw

__all__ = [
    "DueItem",
    "DueLists",
    "SyncConfig",
    "SyncSummary",
    "Withdrawal",
    "due_lists",
    "export_ledger",
    "load_config",
    "read_ledger_file",
    "sync",
    "withdraw",
]
