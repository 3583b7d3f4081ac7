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

**Platform view** (:func:`platform_view`), from the platform store: the versions received
in the period (by their time of receipt in China, UTC+8), by department and kind —

``received``
    every record stored (a resend of the same content is not a second one);
``accepted`` / ``rejected``
    as answered; ``updates``: accepted records of a decision accepted before;
    ``withdrawn``: accepted withdrawals;
``late``
    received after the decision's deadline (its 行政决定日期 + 7 working days) — a
    record's own submissions; an update of a decision accepted before is not late;
``open_returns``
    rejected records still 待修改;
``compliance_rate`` 合规率
    ``accepted / received``; ``late_rate`` 迟报率: ``late / received``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

import attrs

from sgs.calendar import CHINA, CalendarYearUnavailable, WorkCalendar, publication_deadline
from sgs.errors import CalendarRangeError
from sgs.reports.periods import Period
from sgs.standard import Kind, Role, Standard
from sgs.store import LedgerRow, VersionRow

__all__ = [
    "COUNTS",
    "PLATFORM_COUNTS",
    "Count",
    "DepartmentFigures",
    "Figures",
    "PlatformFigures",
    "Rate",
    "add_up",
    "department_view",
    "period_bounds",
    "platform_view",
]


#: The counts of the platform view, in report order.
PLATFORM_COUNTS = ("received", "accepted", "rejected", "updates", "withdrawn", "late",
                   "open_returns")  # fmt: skip
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
class Figures:
    """Counts by name, and the rates made of them (each view says which)."""

    counts: Mapping[str, Count]

    #: The names of the counts, in report order.
    NAMES: ClassVar[tuple[str, ...]] = ()

    def __getitem__(self, name: str) -> Count:
        return self.counts[name]

    def rates(self) -> dict[str, Rate]:
        """The view's rates by name."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {name: self.counts[name].to_dict() for name in self.NAMES}
        found.update((name, rate.to_dict()) for name, rate in self.rates().items())
        return found


@attrs.frozen(kw_only=True)
class DepartmentFigures(Figures):
    """The department view of one kind in one period (see the module documentation)."""

    NAMES: ClassVar[tuple[str, ...]] = COUNTS

    @property
    def timely_rate(self) -> Rate:
        on_time, late, overdue = (self.counts[n].value for n in ("on_time", "late", "overdue"))
        return Rate(on_time, on_time + late + overdue)

    def rates(self) -> dict[str, Rate]:
        return {"timely_rate": self.timely_rate}


def add_up(figures: Sequence[Figures]) -> Figures:
    """The figures of several units (or kinds) added up: the keys of each count joined."""
    first = figures[0]
    counts = {
        name: Count(tuple(sorted(k for f in figures for k in f.counts[name].keys)))
        for name in first.counts
    }
    return type(first)(counts=counts)


def _deadline_of(decided: dt.date, calendar: WorkCalendar) -> dt.date | None:
    """The publication deadline of a decision; ``None`` when the year has no schedule."""
    try:
        return publication_deadline(decided, calendar=calendar)
    except (CalendarYearUnavailable, CalendarRangeError):
        return None


def _deadline(entry: LedgerRow, calendar: WorkCalendar) -> dt.date | None:
    if entry.deadline is not None:
        return entry.deadline
    assert entry.decision_date is not None
    return _deadline_of(entry.decision_date, calendar)


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


@attrs.frozen(kw_only=True)
class PlatformFigures(Figures):
    """The platform view of one department and kind in one period (module documentation)."""

    NAMES: ClassVar[tuple[str, ...]] = PLATFORM_COUNTS

    @property
    def compliance_rate(self) -> Rate:
        return Rate(self.counts["accepted"].value, self.counts["received"].value)

    @property
    def late_rate(self) -> Rate:
        return Rate(self.counts["late"].value, self.counts["received"].value)

    def rates(self) -> dict[str, Rate]:
        return {"compliance_rate": self.compliance_rate, "late_rate": self.late_rate}


def period_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The instants a period's days in China begin and end (the end excluded), in UTC."""
    start = dt.datetime.combine(period.start, dt.time(), CHINA)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), CHINA)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _decided(fields: Mapping[str, str], code: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(fields.get(code or "", "")[:10])
    except ValueError:
        return None


def platform_view(
    versions: Iterable[VersionRow],
    period: Period,
    *,
    calendar: WorkCalendar,
    standard: Standard,
) -> dict[str, dict[str, PlatformFigures]]:
    """The platform view of ``versions`` for ``period``: department code → kind → figures."""
    found: dict[str, dict[str, dict[str, list[str]]]] = {}
    decision_date: dict[str, str | None] = {}  # the field's code, looked up once per kind
    for version in versions:
        day = version.received_at.astimezone(CHINA).date()
        if day not in period:
            continue
        kinds = found.setdefault(version.department_code, {})
        bins = kinds.setdefault(version.kind, {name: [] for name in PLATFORM_COUNTS})
        key = version.key
        bins["received"].append(key)
        if version.status == "accepted":
            bins["accepted"].append(key)
            if version.operation == "withdraw":
                bins["withdrawn"].append(key)
            elif version.is_update:
                bins["updates"].append(key)
        else:
            bins["rejected"].append(key)
            if version.return_status == "pending":
                bins["open_returns"].append(key)
        if version.operation == "upsert" and not version.is_update:
            if version.kind not in decision_date:
                spec = standard.spec(Kind(version.kind))
                decision_date[version.kind] = spec.code_of(Role.DECISION_DATE)
            decided = _decided(version.fields, decision_date[version.kind])
            deadline = _deadline_of(decided, calendar) if decided is not None else None
            if deadline is not None and day > deadline:
                bins["late"].append(key)
    return {
        code: {
            kind: PlatformFigures(counts={n: Count(tuple(sorted(k))) for n, k in bins.items()})
            for kind, bins in sorted(kinds.items())
        }
        for code, kinds in sorted(found.items())
    }
