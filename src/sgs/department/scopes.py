"""The 公开范围 (disclosure scope) of the department's records: set per record, else the catalog's.

A record's scope is, in this order: the one set for it (``sgs ledger scope``,
:attr:`~sgs.store.LedgerRow.scope`); else that of its catalog item (目录, 附件1,
the column 公开范围) in the catalog version in force on its decision date, the item
found by its project or case name (:func:`~sgs.department.coverage.match_item`);
else 公示. Only a 公示 record goes on the department's site; the sync sends each
record's scope to the platform, which publishes by it.

>>> import datetime as dt
>>> from sgs.department.catalog import Catalog
>>> catalog = Catalog()
>>> _ = catalog.add_version([CatalogItem(category="处罚", name="对未取得许可从事经营的处罚",
...                                      scope="政务共享")], dt.date(2026, 1, 1))
>>> scopes = CatalogScopes(catalog)
>>> scopes.of("penalty", "对未取得许可从事经营的处罚", dt.date(2026, 5, 1), None)
'政务共享'
>>> scopes.of("penalty", "对未取得许可从事经营的处罚", dt.date(2025, 5, 1), None)
'公示'
>>> scopes.of("penalty", "对未取得许可从事经营的处罚", dt.date(2026, 5, 1), "授权查询")
'授权查询'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sgs.adapters import Receipt
from sgs.department.catalog import Catalog
from sgs.department.coverage import match_item
from sgs.records.registers import CatalogItem
from sgs.standard import PUBLIC, Kind
from sgs.store import CatalogRepository, LedgerRepository, LedgerRow, PendingRecord

__all__ = ["CatalogScopes", "ScopedLedger", "effective_scope"]


def effective_scope(entry: LedgerRow, catalog_items: Sequence[CatalogItem]) -> str:
    """The scope of ``entry``: its own, else its item's among ``catalog_items``, else 公示.

    ``catalog_items`` are those in force on the entry's decision date; for many entries
    :class:`CatalogScopes` picks each one's version and loads the catalog once.
    """
    if entry.scope is not None:
        return entry.scope
    return _item_scope(catalog_items, entry.kind, entry.name)


def _item_scope(items: Sequence[CatalogItem], kind: Kind | str, name: str | None) -> str:
    """The scope of the item of ``name`` among ``items``; 公示 when none matches."""
    item = match_item(items, name, kind=kind) if name and items else None
    return item.scope if item is not None else PUBLIC


class CatalogScopes:
    """The effective scope of many entries, against one catalog read once.

    ``catalog`` is a :class:`~sgs.department.catalog.Catalog` or the store's catalog
    (:class:`~sgs.store.CatalogRepository`, whose versions are read here once);
    ``None`` is no catalog: only the scopes set per record count.
    """

    def __init__(self, catalog: Catalog | CatalogRepository | None) -> None:
        if isinstance(catalog, CatalogRepository):
            catalog = Catalog(catalog.versions())
        self.catalog = catalog or Catalog()
        self._found: dict[tuple[dt.date | None, str, str], str] = {}

    def items_on(self, day: dt.date | None) -> Sequence[CatalogItem]:
        """The items in force on ``day``; without a day, the latest version's."""
        if day is not None:
            return self.catalog.items_on(day)
        versions = self.catalog.versions
        return versions[-1].items if versions else ()

    def of(self, kind: Kind | str, name: str | None, day: dt.date | None,
           own: str | None) -> str:  # fmt: skip
        """The scope of a record of ``kind`` named ``name`` decided on ``day``, set to ``own``."""
        if own is not None:
            return own
        version = self.catalog.version_on(day) if day is not None else None
        cache = (version.effective_from if version is not None else day, str(kind), name or "")
        if cache not in self._found:
            self._found[cache] = _item_scope(self.items_on(day), kind, name)
        return self._found[cache]

    def entry(self, entry: LedgerRow) -> str:
        """The effective scope of a ledger entry (:func:`effective_scope`)."""
        return self.of(entry.kind, entry.name, entry.decision_date, entry.scope)


class ScopedLedger:
    """The department's ledger as the push machinery's outbox, each record with its scope.

    :meth:`pending` gives the ledger's pending records with their effective scope
    (:class:`CatalogScopes`); everything else is the ledger's.
    """

    def __init__(self, ledger: LedgerRepository, scopes: CatalogScopes) -> None:
        self.ledger = ledger
        self.scopes = scopes

    def pending(self, kind: str) -> list[PendingRecord]:
        scope = self.scopes.of
        return [
            PendingRecord(
                r.key,
                r.batch_id,
                r.fields,
                r.operation,
                scope(kind, name, day, r.scope),
                r.objection,
            )
            for r, name, day in self.ledger.pending_named(kind)
        ]

    def mark_sending(self, keys: Sequence[str], batch_id: str) -> None:
        self.ledger.mark_sending(keys, batch_id)

    def record_receipts(self, receipts: Iterable[Receipt], pushed_on: dt.date) -> None:
        self.ledger.record_receipts(receipts, pushed_on)

    def note_failure(self, keys: Sequence[str], message: str) -> None:
        self.ledger.note_failure(keys, message)
