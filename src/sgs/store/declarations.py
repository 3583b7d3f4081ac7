"""The departments' 月报表 (``store.declarations``): what each says it produced and sent.

A department declares, for each month and kind, how many decisions it made (产生数量),
published on its own site (本单位公示数量), sent to the platform (报送数量) and did not
send (未报送数量, with its 未报送依据). Nothing sent is lost: every submission is a row,
and the *current* declaration of a (department, month, kind) is its latest — latest
``submitted_at``, then latest stored. The current one also carries when the first one
came (``first_submitted_at``), so a correction sent after the due date does not make an
on-time declaration late.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import attrs
from sqlalchemy import select
from sqlalchemy.engine import Engine

from sgs.store.schema import declarations as declarations_table
from sgs.store.times import as_utc
from sgs.store.writes import write_transaction

__all__ = ["DECLARATION_KINDS", "Declaration", "DeclarationRepository"]

#: The kinds a 月报表 has a line for, in the form's order.
DECLARATION_KINDS = ("license", "penalty")

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _month(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _MONTH.fullmatch(value):
        raise ValueError(f"{attribute.name!r} must be YYYY-MM (got {value!r})")


def _kind(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in DECLARATION_KINDS:
        raise ValueError(f"{attribute.name!r} must be license or penalty (got {value!r})")


def _count(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute.name!r} must be a whole number, 0 or more (got {value!r})")


def _aware_time(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, dt.datetime) or value.tzinfo is None):
        raise ValueError(f"{attribute.name!r} must be an aware datetime (got {value!r})")


@attrs.frozen(kw_only=True)
class Declaration:
    """One department's 月报表 line for one month and kind.

    >>> Declaration(department="11410100MB00000005", month="2026-11", kind="penalty",
    ...             produced=3, published=3, reported=2, unreported=1, grounds="涉密",
    ...             submitted_at=dt.datetime(2026, 12, 3, tzinfo=dt.UTC)).reported
    2
    """

    department: str  # the department's code (统一社会信用代码)
    month: str = attrs.field(validator=_month)  # "YYYY-MM"
    kind: str = attrs.field(validator=_kind)  # "license" | "penalty"
    produced: int = attrs.field(validator=_count)  # 产生数量
    published: int = attrs.field(validator=_count)  # 本单位公示数量
    reported: int = attrs.field(validator=_count)  # 报送数量
    unreported: int = attrs.field(validator=_count)  # 未报送数量
    grounds: str = ""  # 未报送依据
    web_url: str = ""  # the unit's 公示 page
    #: When the platform received it (aware; UTC when read back).
    submitted_at: dt.datetime = attrs.field(validator=_aware_time)
    #: Where it came from: the file's name, or ``http``.
    source: str = ""
    #: When the first declaration of this department, month and kind came (set when read).
    first_submitted_at: dt.datetime | None = attrs.field(default=None, validator=_aware_time)


class DeclarationRepository:
    """The 月报表 lines of one platform store (``store.declarations``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, declarations: Iterable[Declaration]) -> int:
        """Store ``declarations`` (each a new submission; the latest is current); return
        how many."""
        rows = [
            {"department": d.department.strip().upper(), "month": d.month, "kind": d.kind,
             "produced": d.produced, "published": d.published, "reported": d.reported,
             "unreported": d.unreported, "grounds": d.grounds, "web_url": d.web_url,
             "source": d.source, "submitted_at": d.submitted_at.astimezone(dt.UTC)}
            for d in declarations
        ]  # fmt: skip
        if rows:
            with write_transaction(self.engine) as connection:
                connection.execute(declarations_table.insert(), rows)
        return len(rows)

    def for_month(self, month: str) -> list[Declaration]:
        """The current declarations of ``month`` ("YYYY-MM"), by department and kind."""
        return self.between(month, month)

    def between(self, first: str, last: str, department: str | None = None) -> list[Declaration]:
        """The current declarations of the months ``first`` to ``last`` (both included,
        "YYYY-MM"), of one department or all, ordered by department, month and kind."""
        return _current(self.submissions(first, last, department))

    def submissions(
        self, first: str, last: str, department: str | None = None
    ) -> list[Declaration]:
        """Every submission of those months, as sent, in the order they came."""
        table = declarations_table
        query = select(table).where(table.c.month >= first, table.c.month <= last)
        if department is not None:
            query = query.where(table.c.department == department.strip().upper())
        with self.engine.connect() as connection:
            return [
                Declaration(department=r.department, month=r.month, kind=r.kind,
                            produced=r.produced, published=r.published, reported=r.reported,
                            unreported=r.unreported, grounds=r.grounds, web_url=r.web_url,
                            source=r.source, submitted_at=as_utc(r.submitted_at))
                for r in connection.execute(query.order_by(table.c.submitted_at, table.c.id))
            ]  # fmt: skip


def _current(submissions: list[Declaration]) -> list[Declaration]:
    """The latest of each (department, month, kind), with its first submission's time."""
    first: dict[tuple[str, str, str], dt.datetime] = {}
    latest: dict[tuple[str, str, str], Declaration] = {}
    for declaration in submissions:  # in the order they came
        key = (declaration.department, declaration.month, declaration.kind)
        first.setdefault(key, declaration.submitted_at)
        latest[key] = declaration
    return [
        attrs.evolve(latest[key], first_submitted_at=first[key])
        for key in sorted(latest, key=lambda k: (k[0], k[1], DECLARATION_KINDS.index(k[2])))
    ]
