"""A synthetic city over a month, a quarter and a year, every figure worked out by hand
(issue 14, "done when").

Decisions fall around 国庆 2019 and 春节 2026, so that the make-up working days (调休)
move the deadlines. The deadlines, counted by hand (7 working days after the decision,
the decision day not counted):

- 2019-09-20 (Fri): 23, 24, 25, 26, 27, 29 (Sun, 调休), 30 → **2019-09-30**
- 2019-09-27 (Fri): 29 (Sun, 调休), 30, [10-01…07 holiday] 10-08, 09, 10, 11, 12 (Sat, 调休)
  → **2019-10-12**
- 2019-09-30 (Mon): 10-08, 09, 10, 11, 12 (Sat), 14, 15 → **2019-10-15**
- 2019-10-08 (Tue): 09, 10, 11, 12 (Sat), 14, 15, 16 → **2019-10-16**
- 2019-10-10 (Thu): 11, 12 (Sat), 14, 15, 16, 17, 18 → **2019-10-18**
- 2019-10-28 (Mon): 29, 30, 31, 11-01, 04, 05, 06 → **2019-11-06**
- 2019-10-31 (Thu): 11-01, 04, 05, 06, 07, 08, 11 → **2019-11-11**
- 2026-02-10 (Tue): 11, 12, 13, 14 (Sat, 调休), [15…23 holiday] 24, 25, 26 → **2026-02-26**
- 2026-02-12 (Thu): 13, 14 (Sat), 24, 25, 26, 27, 28 (Sat, 调休) → **2026-02-28**
- 2026-02-13 (Fri): 14 (Sat), 24, 25, 26, 27, 28 (Sat), 03-02 → **2026-03-02**
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sgs.calendar import CHINA, WorkCalendar, publication_deadline
from sgs.platform import Platform, open_platform
from sgs.reports import (
    DepartmentFigures,
    PlatformFigures,
    department_view,
    period,
    period_bounds,
    platform_monthly,
    platform_view,
)
from sgs.standard import get_standard
from sgs.store import LedgerRow

from ..platform.records import CITY, body, department_code, key_of, penalty

CALENDAR = WorkCalendar()
DEADLINES = {
    "2019-09-20": "2019-09-30", "2019-09-27": "2019-10-12", "2019-09-30": "2019-10-15",
    "2019-10-08": "2019-10-16", "2019-10-10": "2019-10-18", "2019-10-28": "2019-11-06",
    "2019-10-31": "2019-11-11", "2026-02-10": "2026-02-26", "2026-02-12": "2026-02-28",
    "2026-02-13": "2026-03-02",
}  # fmt: skip


def test_the_deadlines_worked_out_by_hand_are_the_calendars() -> None:
    for decided, deadline in DEADLINES.items():
        day = dt.date.fromisoformat(decided)
        assert publication_deadline(day, calendar=CALENDAR).isoformat() == deadline, decided


# -- the department view: one department's ledger ----------------------------------------


def entry(key: str, decided: str, pushed: str | None, status: str = "accepted",
          kind: str = "penalty") -> LedgerRow:  # fmt: skip
    now = dt.datetime(2019, 9, 1, tzinfo=dt.UTC)
    return LedgerRow(
        id=0, record_key=key, kind=kind, number=key, name=None,
        decision_date=dt.date.fromisoformat(decided), authority_code=None,
        platform_pushed_on=dt.date.fromisoformat(pushed) if pushed else None,
        portal_pushed_on=None, remarks=None, status=status, attempts=0, last_message=None,
        deadline=None, batch_id=None, payload={}, payload_hash="", source=None,
        created_at=now, updated_at=now,
    )  # fmt: skip


LEDGER = [
    entry("E1", "2019-09-27", "2019-10-12"),  # on the deadline, a make-up Saturday: on time
    entry("E2", "2019-09-27", "2019-10-14"),  # late
    entry("E3", "2019-09-30", "2019-10-15", status="withdrawn"),  # on time, later withdrawn
    entry("E4", "2019-10-10", None, status="rejected"),  # deadline 10-18, never pushed
    entry("E5", "2019-10-28", None, status="invalid"),  # deadline 11-06
    entry("E6", "2019-10-31", "2019-11-04"),  # deadline 11-11: on time, once pushed
    entry("E7", "2019-10-08", "2019-10-17", kind="license"),  # deadline 10-16: late
    entry("E8", "2026-02-12", "2026-02-28"),  # on the make-up Saturday: on time
    entry("E9", "2026-02-13", "2026-03-03"),  # late
    entry("E10", "2026-02-13", "2026-03-02"),  # on the deadline: on time
]


def values(figures: DepartmentFigures | PlatformFigures) -> dict[str, Any]:
    found: dict[str, Any] = {n: c.value for n, c in figures.counts.items() if c.value}
    found.update((n, r.percent) for n, r in figures.rates().items())
    return found


def department(label: str, as_of: str) -> dict[str, dict[str, Any]]:
    view = department_view(LEDGER, period(label), as_of=dt.date.fromisoformat(as_of),
                           calendar=CALENDAR)  # fmt: skip
    return {kind: values(figures) for kind, figures in view.items()}


def test_a_department_month_quarter_and_year() -> None:
    # September 2019: E1, E2, E3 — two on time, one late.
    assert department("2019-09", "2019-11-01") == {"penalty": {
        "decisions": 3, "pushed": 3, "on_time": 2, "late": 1, "timely_rate": Decimal("66.67"),
    }}  # fmt: skip
    # October 2019 as of 11-01: E4 overdue (10-18 passed) and rejected; E5 pending (11-06)
    # and invalid; E6 pending (pushed 11-04, after the as-of day). E7, a license, late.
    assert department("2019-10", "2019-11-01") == {
        "license": {"decisions": 1, "pushed": 1, "late": 1, "timely_rate": Decimal("0.00")},
        "penalty": {"decisions": 3, "overdue": 1, "pending": 2, "invalid": 1, "rejected": 1,
                    "timely_rate": Decimal("0.00")},
    }  # fmt: skip
    # 2019Q4 as of 12-31: E6 pushed on time; E4 and E5 overdue.
    assert department("2019Q4", "2019-12-31")["penalty"] == {
        "decisions": 3, "pushed": 1, "on_time": 1, "overdue": 2, "invalid": 1, "rejected": 1,
        "timely_rate": Decimal("33.33"),
    }  # fmt: skip
    # The year 2019: E1, E3, E6 on time, E2 late, E4, E5 overdue → 3 / 6.
    assert department("2019", "2019-12-31")["penalty"] == {
        "decisions": 6, "pushed": 4, "on_time": 3, "late": 1, "overdue": 2, "invalid": 1,
        "rejected": 1, "timely_rate": Decimal("50.00"),
    }  # fmt: skip
    # 春节 2026: E8 on the make-up Saturday and E10 on its deadline are on time; E9 late.
    for label in ("2026-02", "2026Q1", "2026"):
        assert department(label, "2026-03-31") == {"penalty": {
            "decisions": 3, "pushed": 3, "on_time": 2, "late": 1,
            "timely_rate": Decimal("66.67"),
        }}, label  # fmt: skip
    # Nothing decided in the period: no kinds at all, no rate of 0.
    assert department("2019Q2", "2019-12-31") == {}


# -- the platform view: a city with three departments -------------------------------------


def at(text: str) -> dt.datetime:
    """An instant given in China's time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHINA).astimezone(dt.UTC)


class City:
    """A platform whose records are received on the days the test says."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.rng = random.Random(14)
        self.market, _ = platform.add_department("市市场监督管理局", department_code(1))
        self.transport, _ = platform.add_department("市交通运输局", department_code(2))
        platform.add_department("市教育局", department_code(3))  # sends nothing

    def record(self, n: int, owner: str, decided: str) -> dict[str, str]:
        return penalty(n, owner, self.rng, decided=dt.date.fromisoformat(decided))

    def send(self, when: str, records: list[dict[str, str]], *, who: str = "market",
             operation: str | None = None) -> list[bool]:  # fmt: skip
        self.platform.store.received.clock = lambda: at(when)
        department = self.market if who == "market" else self.transport
        answer = self.platform.receive(department, body(records, f"b-{when}",
                                                        operation=operation))  # fmt: skip
        return [r.accepted for r in answer]


@pytest.fixture
def city(tmp_path: Path) -> Any:
    config = tmp_path / "platform.toml"
    config.write_text(f'[platform]\nname = "示例市信用信息中心"\ncredit_code = "{CITY}"\n',
                      encoding="utf-8")  # fmt: skip
    with open_platform(config) as platform:
        yield City(platform)


def fill(city: City) -> dict[str, str]:
    """The city's history; the keys of the records by their names in the test."""
    m, t = department_code(1), department_code(2)
    p1, p2 = city.record(1, m, "2019-09-27"), city.record(2, m, "2019-09-27")
    p3, p4 = city.record(3, m, "2019-09-30"), city.record(4, m, "2019-10-10")
    p5 = city.record(5, m, "2019-03-01")
    l1, l2, l3 = (city.record(n, t, d) for n, d in ((11, "2019-09-20"), (12, "2019-09-20"),
                                                   (13, "2019-12-25")))  # fmt: skip
    assert city.send("2019-03-05T10:00", [p5]) == [True]  # on time, in Q1
    assert city.send("2019-09-30T20:00", [l1], who="transport") == [True]  # on its deadline
    assert city.send("2019-10-01T00:30", [l2], who="transport") == [True]  # half an hour late
    assert city.send("2019-10-12T10:00", [p1]) == [True]  # on the make-up Saturday
    assert city.send("2019-10-14T09:00", [p2]) == [True]  # late
    assert city.send("2019-10-15T17:00", [p3]) == [True]  # on its deadline
    assert city.send("2019-10-16T09:00", [{**p4, "CF_NR_FK": "五千"}]) == [False]  # returned
    assert city.send("2019-11-04T09:00", [p4]) == [True]  # corrected, now late (10-18)
    assert city.send("2019-11-05T09:00", [{**p1, "CF_NR": "罚款9999元"}]) == [True]  # update
    assert city.send("2019-12-02T09:00", [p3], operation="withdraw") == [True]
    assert city.send("2020-01-06T09:00", [l3], who="transport") == [True]  # the next year
    return {
        name: key_of(fields)
        for name, fields in {
            "p1": p1,
            "p2": p2,
            "p3": p3,
            "p4": p4,
            "p5": p5,
            "l1": l1,
            "l2": l2,
        }.items()
    }


def city_view(city: City, label: str) -> dict[str, dict[str, Any]]:
    report_period = period(label)
    versions = city.platform.store.received.versions(*period_bounds(report_period))
    view = platform_view(versions, report_period, calendar=CALENDAR,
                         standard=get_standard("2021"))  # fmt: skip
    return {code: values(kinds["penalty"]) for code, kinds in view.items()}


def test_a_city_month_quarter_and_year(city: City) -> None:
    keys = fill(city)
    market, transport = department_code(1), department_code(2)
    # October 2019: p1 on time, p2 late, p3 on time, p4 returned (since corrected, so no
    # longer open); l2 half an hour after its deadline's midnight in China.
    october = city_view(city, "2019-10")
    assert october == {
        market: {"received": 4, "accepted": 3, "rejected": 1, "late": 1,
                 "compliance_rate": Decimal("75.00"), "late_rate": Decimal("25.00")},
        transport: {"received": 1, "accepted": 1, "late": 1,
                    "compliance_rate": Decimal("100.00"), "late_rate": Decimal("100.00")},
    }  # fmt: skip
    # 2019Q4 adds November (p4 corrected and late; p1's update, not late) and December
    # (p3 withdrawn): 7 received, 6 accepted, 2 late.
    quarter = city_view(city, "2019Q4")
    assert quarter[market] == {
        "received": 7, "accepted": 6, "rejected": 1, "updates": 1, "withdrawn": 1, "late": 2,
        "compliance_rate": Decimal("85.71"), "late_rate": Decimal("28.57"),
    }  # fmt: skip
    assert quarter[transport] == october[transport]  # l1 was received in September (Q3)
    # The year 2019 adds p5 (March, on time) and l1 (September, on its deadline).
    year = city_view(city, "2019")
    assert year[market] == {
        "received": 8, "accepted": 7, "rejected": 1, "updates": 1, "withdrawn": 1, "late": 2,
        "compliance_rate": Decimal("87.50"), "late_rate": Decimal("25.00"),
    }  # fmt: skip
    assert year[transport] == {"received": 2, "accepted": 2, "late": 1,
                               "compliance_rate": Decimal("100.00"),
                               "late_rate": Decimal("50.00")}  # fmt: skip
    assert city_view(city, "2020") == {transport: {"received": 1, "accepted": 1,
                                                   "compliance_rate": Decimal("100.00"),
                                                   "late_rate": Decimal("0.00")}}  # fmt: skip
    # Every count names its records.
    report_period = period("2019Q4")
    view = platform_view(city.platform.store.received.versions(*period_bounds(report_period)),
                         report_period, calendar=CALENDAR, standard=get_standard("2021"))  # fmt: skip
    figures = view[market]["penalty"]
    assert figures["late"].keys == tuple(sorted([keys["p2"], keys["p4"]]))
    assert figures["updates"].keys == (keys["p1"],)
    assert figures["withdrawn"].keys == (keys["p3"],)
    assert figures["rejected"].keys == (keys["p4"],)


def test_the_citys_october_report(city: City) -> None:
    fill(city)
    report = platform_monthly(
        city.platform.store, "示例市信用信息中心", period("2019-10"),
        as_of=dt.date(2019, 11, 8), calendar=CALENDAR, standard=get_standard("2021"),
    )  # fmt: skip
    # Due before the 15th of November 2019 (a Friday, a working day).
    assert report.due == dt.date(2019, 11, 15)
    assert [u.name for u in report.units] == ["市市场监督管理局", "市交通运输局"]
    assert report.silent == [("市教育局", department_code(3))]
    # 迟报率 over 50 %: the transport bureau's one record of October was late.
    assert [(n, k, r) for n, _, k, r in report.over_threshold] == [
        ("市交通运输局", "penalty", Decimal("100.00"))
    ]
    totals = report.totals["penalty"]
    assert isinstance(totals, PlatformFigures)
    # 5 received (4 + 1), 4 accepted, 2 late: 合规率 80 %, 迟报率 40 %.
    assert (totals.compliance_rate.percent, totals.late_rate.percent) == (
        Decimal("80.00"), Decimal("40.00"))  # fmt: skip


def test_spring_festival_2026_at_the_platform(city: City) -> None:
    m, t = department_code(1), department_code(2)
    p6, p7 = city.record(6, m, "2026-02-10"), city.record(7, m, "2026-02-12")
    p8, l4 = city.record(8, m, "2026-02-13"), city.record(14, t, "2026-02-12")
    assert city.send("2026-02-26T16:00", [p6]) == [True]  # on its deadline
    assert city.send("2026-02-28T11:00", [p7]) == [True]  # the make-up Saturday
    assert city.send("2026-03-03T09:00", [p8]) == [True]  # one working day late
    assert city.send("2026-03-02T09:00", [l4], who="transport") == [True]  # 02-28 passed
    assert city_view(city, "2026-02") == {
        m: {"received": 2, "accepted": 2, "compliance_rate": Decimal("100.00"),
            "late_rate": Decimal("0.00")},
    }  # fmt: skip
    assert city_view(city, "2026Q1") == {
        m: {"received": 3, "accepted": 3, "late": 1, "compliance_rate": Decimal("100.00"),
            "late_rate": Decimal("33.33")},
        t: {"received": 1, "accepted": 1, "late": 1, "compliance_rate": Decimal("100.00"),
            "late_rate": Decimal("100.00")},
    }  # fmt: skip
