"""The roster repository: the liaisons of 附件3 (联络员), unit by unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Engine

from sgs.records.registers import Liaison
from sgs.store.schema import roster as roster_table

__all__ = ["RosterRepository"]


class RosterRepository:
    """The roster of one store (``store.roster``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, liaisons: Iterable[Liaison]) -> int:
        """Replace the roster with ``liaisons``, in one transaction; return how many."""
        now = dt.datetime.now(dt.UTC)
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

    def liaisons(self) -> list[Liaison]:
        """The roster, unit by unit, the coordinator first."""
        with self.engine.connect() as connection:
            query = select(roster_table).order_by(roster_table.c.id)
            return [
                Liaison(unit=r.unit, name=r.name, title=r.title or "",
                        office_phone=r.office_phone or "", mobile=r.mobile or "",
                        email=r.email or "", remarks=r.remarks or "", order=r.position)
                for r in connection.execute(query)
            ]  # fmt: skip
