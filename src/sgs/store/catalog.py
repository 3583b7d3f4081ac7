"""The catalog repository: the versions of 附件1 (目录), each in force from its day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Engine

from sgs.records.registers import CatalogItem
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
                "basis": "\n".join(item.basis), "parties": item.parties,
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
            return [
                CatalogItem(department=r.department, category=r.category, name=r.name,
                            basis=r.basis.split("\n") if r.basis else (),
                            parties=r.parties or "", number=r.number)
                for r in connection.execute(query)
            ]  # fmt: skip
