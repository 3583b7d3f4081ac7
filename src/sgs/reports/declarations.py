"""双公示月报表: what departments declare each month, when it is due, and how it compares.

A department declares, for the month before, per kind: 产生数量 (decisions made),
本单位公示数量 (published on its own site), 报送数量 (sent to the platform), 未报送数量
(产生 − 报送) and 未报送依据 (Suzhou's 月报表; its assessment wants it **by the 10th**).

* :func:`declaration_due` — the due day: the ``day``-th of the next month; when that is
  not a working day, the next working day (as :func:`~sgs.calendar.monthly_report_due`
  treats the 15th: a time limit ending on a rest day ends on the next working day,
  民法典 第二百零三条). A declaration is late when the platform first received it (in
  China) after that day; a correction sent later does not make an on-time one late.
* :func:`ledger_declaration` — the department's own figures for the form, from its
  ledger: 产生 = decisions of the month (by 行政决定日期), 报送 = those pushed to the
  platform by ``as_of``, 本单位公示 = those with a 部门网站推送日期 by ``as_of``,
  未报送 = 产生 − 报送; the 未报送依据 starts as what the ledger knows (校验未通过,
  待报送…) for the department to complete.
* :func:`declared_vs_received` — for the platform's monthly report: each department's
  current declaration beside what the platform received, the ``gap`` (declared 报送 −
  received) per kind, the departments without a declaration and those declared late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from sgs.calendar import CHINA, WorkCalendar, monthly_report_due
from sgs.io.declaration_form import DeclarationSheet, DeclaredCounts
from sgs.reports.periods import Period
from sgs.store import STATUS_LABELS, Declaration, Department, LedgerRow

__all__ = [
    "DEFAULT_DECLARATION_DAY",
    "DeclarationCheck",
    "declaration_due",
    "declared_vs_received",
    "ledger_declaration",
]

#: The day of the next month a 月报表 is due by (Suzhou's assessment: the 10th).
DEFAULT_DECLARATION_DAY = 10


def declaration_due(
    month: Period, *, calendar: WorkCalendar, day: int = DEFAULT_DECLARATION_DAY
) -> dt.date:
    """When the 月报表 of ``month`` is due: the ``day``-th of the next month, moved to the
    next working day when it is not one.

    >>> from sgs.reports.periods import period
    >>> declaration_due(period("2019-10"), calendar=WorkCalendar(environment=False))
    datetime.date(2019, 11, 11)
    """
    if month.kind != "month":
        raise ValueError(f"a 月报表 is of a month, not a {month.kind} ({month.label})")
    return monthly_report_due(month.start.year, month.start.month, day=day, calendar=calendar)


def ledger_declaration(
    entries: Iterable[LedgerRow],
    name: str,
    code: str,
    month: Period,
    *,
    as_of: dt.date,
    web_url: str = "",
) -> DeclarationSheet:
    """The department's 月报表 for ``month``, pre-filled from its ledger (see the module)."""
    made: dict[str, list[LedgerRow]] = {}
    for entry in entries:
        if entry.decision_date in month:
            made.setdefault(entry.kind, []).append(entry)
    counts = {}
    for kind in ("license", "penalty"):
        rows = made.get(kind, [])
        reported = sum(1 for r in rows if _by(r.platform_pushed_on, as_of))
        waiting: dict[str, int] = {}
        for r in rows:
            if not _by(r.platform_pushed_on, as_of):
                label = STATUS_LABELS.get(r.status, r.status)
                waiting[label] = waiting.get(label, 0) + 1
        counts[kind] = DeclaredCounts(
            produced=len(rows), reported=reported, unreported=len(rows) - reported,
            published=sum(1 for r in rows if _by(r.portal_pushed_on, as_of)),
            grounds="；".join(f"{label} {n} 条" for label, n in waiting.items()),
        )  # fmt: skip
    return DeclarationSheet(unit=name, code=code, month=month.label, counts=counts,
                            web_url=web_url)  # fmt: skip


def _by(day: dt.date | None, as_of: dt.date) -> bool:
    return day is not None and day <= as_of


@attrs.frozen(kw_only=True)
class DeclarationCheck:
    """The month's declarations against what the platform received (see the module)."""

    due: dt.date
    #: Each department's current declaration, by code and kind.
    declared: Mapping[str, Mapping[str, Declaration]]
    #: ``(name, code)`` of departments without a declaration of the month.
    undeclared: Sequence[tuple[str, str]]
    #: ``(name, code, first received on, in China)`` of those declared after :attr:`due`.
    late: Sequence[tuple[str, str, dt.date]]

    def unit_dict(self, code: str, received: Mapping[str, int]) -> dict[str, Any]:
        """``declared`` and ``gap`` of one unit, by kind (``None`` when it declared
        nothing); ``received`` is what the platform received of it, by kind."""
        lines = self.declared.get(code)
        if not lines:
            return {"declared": None, "gap": None}
        return {
            "declared": {kind: _line(d) for kind, d in lines.items()},
            "gap": {kind: d.reported - received.get(kind, 0) for kind, d in lines.items()},
        }

    def to_dict(self) -> dict[str, Any]:
        """The report-wide keys: the due day, the undeclared and the late."""
        return {
            "declaration_due": self.due.isoformat(),
            "undeclared": [{"name": n, "code": c} for n, c in self.undeclared],
            "declared_late": [
                {"name": n, "code": c, "submitted": day.isoformat()} for n, c, day in self.late
            ],
        }


def _line(declaration: Declaration) -> dict[str, Any]:
    return {
        "produced": declaration.produced, "published": declaration.published,
        "reported": declaration.reported, "unreported": declaration.unreported,
        "grounds": declaration.grounds,
    }  # fmt: skip


def declared_vs_received(
    declarations: Iterable[Declaration], departments: Sequence[Department], due: dt.date
) -> DeclarationCheck:
    """The month's current ``declarations`` checked against the registered ``departments``
    (lower platforms declare nothing of their own) and the ``due`` day."""
    declared: dict[str, dict[str, Declaration]] = {}
    first: dict[str, dt.datetime] = {}
    for d in declarations:
        declared.setdefault(d.department, {})[d.kind] = d
        sent = d.first_submitted_at or d.submitted_at
        first[d.department] = min(first.get(d.department, sent), sent)
    undeclared, late = [], []
    for department in departments:
        if department.code not in declared:
            if department.role != "platform":
                undeclared.append((department.name, department.code))
            continue
        day = first[department.code].astimezone(CHINA).date()
        if day > due:
            late.append((department.name, department.code, day))
    return DeclarationCheck(due=due, declared=declared, undeclared=undeclared, late=late)
