"""The catalog repository: the versions of 附件1 (目录), each in force from its day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from sgs.records.registers import CatalogItem, CatalogVersion
from sgs.store.schema import catalog as catalog_table

__all__ = ["CatalogRepository"]


class CatalogRepository:
    """The catalog of one store (``store.catalog``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save_version(
        self, items: Iterable[CatalogItem], effective_from: dt.date, note: str = ""
    ) -> int:
        """Add the version in force from ``effective_from`` (replacing one of that day)."""
        rows = [
            {
                "effective_from": effective_from, "note": note or None, "number": item.number,
                "department": item.department, "category": item.category, "name": item.name,
                "basis": "\n".join(item.basis), "parties": item.parties, "scope": item.scope,
            }
            for item in items
        ]  # fmt: skip
        with self.engine.begin() as connection:
            connection.execute(
                catalog_table.delete().where(catalog_table.c.effective_from == effective_from)
            )
            if rows:
                connection.execute(catalog_table.insert(), rows)
        return len(rows)

    def versions(self) -> list[CatalogVersion]:
        """Every version, oldest first, with its items in catalog order."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(catalog_table).order_by(catalog_table.c.effective_from, catalog_table.c.id)
            ).all()
        by_day: dict[dt.date, list[CatalogItem]] = {}
        notes: dict[dt.date, str] = {}
        for r in rows:
            by_day.setdefault(r.effective_from, []).append(_item(r))
            notes.setdefault(r.effective_from, r.note or "")
        return [CatalogVersion(items, day, notes[day]) for day, items in by_day.items()]

    def items_on(self, on: dt.date | None = None) -> list[CatalogItem]:
        """The items of the version in force on ``on`` (default: the latest version)."""
        with self.engine.connect() as connection:
            versions = select(catalog_table.c.effective_from).distinct()
            if on is not None:
                versions = versions.where(catalog_table.c.effective_from <= on)
            dates = [r[0] for r in connection.execute(versions)]
            if not dates:
                return []
            query = (
                select(catalog_table)
                .where(catalog_table.c.effective_from == max(dates))
                .order_by(catalog_table.c.id)
            )
            return [_item(r) for r in connection.execute(query)]


def _item(r: Any) -> CatalogItem:
    """The item of a row of the catalog table."""
    return CatalogItem(department=r.department, category=r.category, name=r.name,
                       basis=r.basis.split("\n") if r.basis else (),
                       parties=r.parties or "", number=r.number, scope=r.scope)  # fmt: skip
