"""The catalog repository: the versions of 附件1 (目录), each in force from its day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from sgs.store.schema import catalog as catalog_table

__all__ = ["CatalogRepository"]


class CatalogRepository:
    """The catalog of one store (``store.catalog``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- the catalog (附件1) -----------------------------------------------------------------------
    def save_version(self, items: Iterable[Any], effective_from: dt.date, note: str = "") -> int:
        """Add a version of the catalog in force from ``effective_from`` (replacing one of that day)."""
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

    def rows(self, on: dt.date | None = None) -> list[dict[str, Any]]:
        """The catalog version in force on ``on`` (default: the latest), as plain rows."""
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
            return [dict(r) for r in connection.execute(query).mappings()]
