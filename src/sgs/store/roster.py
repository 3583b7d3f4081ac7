"""The roster repository: the liaisons of 附件3 (联络员), unit by unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from sgs.store.schema import roster as roster_table

__all__ = ["RosterRepository"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class RosterRepository:
    """The roster of one store (``store.roster``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- the roster (附件3) ------------------------------------------------------------------------
    def save(self, liaisons: Iterable[Any]) -> int:
        """Replace the roster with ``liaisons`` (:class:`sgs.roster.Liaison`), in one transaction."""
        now = _now()
        rows = [
            {
                "unit": p.unit, "position": p.order, "name": p.name, "title": p.title,
                "office_phone": p.office_phone, "mobile": p.mobile, "email": p.email,
                "remarks": p.remarks, "updated_at": now,
            }
            for p in liaisons
        ]  # fmt: skip
        with self.engine.begin() as connection:
            connection.execute(roster_table.delete())
            if rows:
                connection.execute(roster_table.insert(), rows)
        return len(rows)

    def rows(self) -> list[dict[str, Any]]:
        """The roster as plain rows, unit by unit, the coordinator first."""
        with self.engine.connect() as connection:
            query = select(roster_table).order_by(roster_table.c.id)
            return [dict(r) for r in connection.execute(query).mappings()]
