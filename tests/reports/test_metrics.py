"""The department view of a month, against figures worked out by hand (issue 14 #1).

Deadlines by hand (7 working days, the decision day not counted; 国庆 2019: 10-01…10-07
off, Sun 09-29 and Sat 10-12 worked; 春节 2026: 02-15…02-23 off, Sat 02-14 and 02-28
worked):

    decided 2019-09-20 → 09-23 24 25 26 27 29 30          → 2019-09-30
    decided 2019-09-25 → 09-26 27 29 30 10-08 09 10       → 2019-10-10
    decided 2019-09-27 → 09-29 30 10-08 09 10 11 12       → 2019-10-12
    decided 2019-09-29 → 09-30 10-08 09 10 11 12 14       → 2019-10-14
    decided 2019-09-30 → 10-08 09 10 11 12 14 15          → 2019-10-15
    decided 2026-02-13 → 02-14 24 25 26 27 28 03-02       → 2026-03-02
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sgs.calendar import WorkCalendar
from sgs.reports import Rate, department_view, period
from sgs.store import LedgerRow

D = dt.date.fromisoformat
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def entry(key: str, decided: str, status: str, pushed: str | None = None, *,
          kind: str = "penalty", deadline: str | None = None) -> LedgerRow:  # fmt: skip
    return LedgerRow(
        id=0, record_key=key, kind=kind, number=f"罚〔2019〕{key}号", name=None,
        decision_date=D(decided), authority_code=None,
        platform_pushed_on=D(pushed) if pushed else None, portal_pushed_on=None, remarks=None,
        status=status, attempts=1, last_message=None,
        deadline=D(deadline) if deadline else None, batch_id=None, payload={},
        payload_hash="", source=None, created_at=NOW, updated_at=NOW,
    )  # fmt: skip


LEDGER = [
    entry("A", "2019-09-27", "accepted", "2019-10-12"),  # on the deadline: on time
    entry("B", "2019-09-27", "accepted", "2019-10-14"),  # a day late
    entry("C", "2019-09-30", "pending"),  # due 10-15
    entry("D", "2019-09-20", "accepted", "2019-09-30"),  # on time
    entry("E", "2019-09-20", "invalid"),  # due 09-30
    entry("F", "2019-09-25", "rejected"),  # due 10-10
    entry("G", "2019-10-08", "accepted", "2019-10-09"),  # another month
    entry("H", "2019-09-29", "accepted", "2019-10-25"),  # due 10-14; pushed after as_of
    entry("I", "2019-09-16", "withdrawn"),  # withdrawn before it was sent
    entry("L", "2019-09-03", "accepted", "2019-09-06", kind="license"),
]


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar()


def _values(figures: object) -> dict[str, int]:
    counts = figures.counts  # type: ignore[attr-defined]
    return {name: count.value for name, count in counts.items()}


def test_a_month_after_the_national_day_holiday(calendar: WorkCalendar) -> None:
    view = department_view(LEDGER, period("2019-09"), as_of=D("2019-10-20"), calendar=calendar)
    penalty = view["penalty"]
    assert _values(penalty) == {"decisions": 8, "pushed": 3, "on_time": 2, "late": 1,
                                "overdue": 4, "pending": 0, "invalid": 1, "rejected": 1,
                                "no_deadline": 0}  # fmt: skip
    assert penalty["on_time"].keys == ("A", "D")
    assert penalty["overdue"].keys == ("C", "E", "F", "H")
    assert penalty.timely_rate == Rate(2, 7)
    assert penalty.timely_rate.percent == Decimal("28.57")
    assert _values(view["license"])["on_time"] == 1


def test_the_same_month_seen_earlier(calendar: WorkCalendar) -> None:
    view = department_view(LEDGER, period("2019-09"), as_of=D("2019-10-13"), calendar=calendar)
    penalty = view["penalty"]
    assert penalty["pushed"].keys == ("A", "D")  # B was pushed on 10-14
    assert penalty["overdue"].keys == ("B", "E", "F")  # B's deadline was 10-12
    assert penalty["pending"].keys == ("C", "H")  # due 10-15 and 10-14
    assert penalty.timely_rate.percent == Decimal("40.00")


def test_spring_festival_2026_and_a_stored_deadline(calendar: WorkCalendar) -> None:
    ledger = [
        entry("J", "2026-02-13", "accepted", "2026-03-02"),
        entry("K", "2026-02-13", "accepted", "2026-03-03"),
        entry("M", "2026-02-13", "accepted", "2026-03-03", deadline="2026-03-04"),
    ]
    view = department_view(ledger, period("2026Q1"), as_of=D("2026-03-31"), calendar=calendar)
    assert view["penalty"]["on_time"].keys == ("J", "M")
    assert view["penalty"]["late"].keys == ("K",)


def test_a_period_with_nothing_due_has_no_rate_not_zero(calendar: WorkCalendar) -> None:
    view = department_view([entry("P", "2026-11-30", "pending")], period("2026-11"),
                           as_of=D("2026-12-01"), calendar=calendar)  # fmt: skip
    figures = view["penalty"]
    assert figures["pending"].value == 1
    assert str(figures.timely_rate) == "n/a"
    assert figures.to_dict()["timely_rate"] == {"value": None, "numerator": 0, "denominator": 0}
    assert department_view([], period("2026-11"), as_of=D("2026-12-01"), calendar=calendar) == {}
