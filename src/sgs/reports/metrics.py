"""Report figures as data: every count with the keys of the records counted, every rate
with its numerator and denominator.

**Department view** (:func:`department_view`), from its ledger: the decisions whose
行政决定日期 falls in the period, by kind —

``decisions``
    every decision of the period (withdrawn ones included: they were decisions);
``pushed``
    pushed to the platform and accepted on or before ``as_of``;
``on_time`` / ``late``
    pushed on or before / after the deadline (7 working days, the decision day not
    counted: :func:`~sgs.calendar.publication_deadline`);
``overdue`` / ``pending``
    not pushed by ``as_of``, the deadline before ``as_of`` / not yet passed;
``invalid``
    校验未通过 and not yet corrected; ``rejected``: 被退回 by the platform;
``no_deadline``
    decisions whose deadline cannot be counted (a year without a published schedule);
``timely_rate``
    ``on_time / (on_time + late + overdue)``, a percentage with two decimals, ``None``
    ("n/a") when nothing was due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from sgs.calendar import CalendarYearUnavailable, WorkCalendar, publication_deadline
from sgs.errors import CalendarRangeError
from sgs.reports.periods import Period
from sgs.store import LedgerRow

__all__ = ["COUNTS", "Count", "DepartmentFigures", "Rate", "department_view"]

#: The counts of the department view, in report order.
COUNTS = ("decisions", "pushed", "on_time", "late", "overdue", "pending", "invalid",
          "rejected", "no_deadline")  # fmt: skip


@attrs.frozen
class Count:
    """A number and the keys of the records behind it (sorted)."""

    keys: tuple[str, ...] = ()

    @property
    def value(self) -> int:
        return len(self.keys)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "keys": list(self.keys)}


@attrs.frozen
class Rate:
    """``numerator / denominator`` as a percentage with two decimals; ``None`` when the
    denominator is 0 (shown "n/a", never 0).

    >>> Rate(2, 3).percent, Rate(0, 0).percent, str(Rate(0, 0))
    (Decimal('66.67'), None, 'n/a')
    """

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if self.denominator == 0:
            return None
        value = Decimal(self.numerator * 100) / Decimal(self.denominator)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def __str__(self) -> str:
        percent = self.percent
        return "n/a" if percent is None else f"{percent}%"

    def to_dict(self) -> dict[str, Any]:
        percent = self.percent
        return {"value": None if percent is None else float(percent),
                "numerator": self.numerator, "denominator": self.denominator}  # fmt: skip


@attrs.frozen(kw_only=True)
class DepartmentFigures:
    """The department view of one kind in one period (see the module documentation)."""

    counts: Mapping[str, Count]

    def __getitem__(self, name: str) -> Count:
        return self.counts[name]

    @property
    def timely_rate(self) -> Rate:
        on_time, late, overdue = (self.counts[n].value for n in ("on_time", "late", "overdue"))
        return Rate(on_time, on_time + late + overdue)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {name: self.counts[name].to_dict() for name in COUNTS}
        found["timely_rate"] = self.timely_rate.to_dict()
        return found


def _deadline(entry: LedgerRow, calendar: WorkCalendar) -> dt.date | None:
    if entry.deadline is not None:
        return entry.deadline
    assert entry.decision_date is not None
    try:
        return publication_deadline(entry.decision_date, calendar=calendar)
    except (CalendarYearUnavailable, CalendarRangeError):
        return None


def department_view(
    entries: Iterable[LedgerRow],
    period: Period,
    *,
    as_of: dt.date,
    calendar: WorkCalendar,
) -> dict[str, DepartmentFigures]:
    """The department view of ``entries`` (a ledger's) for ``period``, by kind."""
    found: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        if entry.decision_date not in period:
            continue
        bins = found.setdefault(entry.kind, {name: [] for name in COUNTS})
        key = entry.record_key
        bins["decisions"].append(key)
        if entry.status == "invalid":
            bins["invalid"].append(key)
        elif entry.status == "rejected":
            bins["rejected"].append(key)
        pushed = entry.platform_pushed_on
        pushed = pushed if pushed is not None and pushed <= as_of else None
        deadline = _deadline(entry, calendar)
        if pushed is not None:
            bins["pushed"].append(key)
        if deadline is None:
            bins["no_deadline"].append(key)
        elif pushed is not None:
            bins["on_time" if pushed <= deadline else "late"].append(key)
        elif entry.status not in ("withdrawn", "withdrawing"):
            bins["overdue" if deadline < as_of else "pending"].append(key)
    return {
        kind: DepartmentFigures(counts={n: Count(tuple(sorted(k))) for n, k in bins.items()})
        for kind, bins in sorted(found.items())
    }
