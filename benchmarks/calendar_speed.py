"""Benchmark: the speed of sgs.calendar's working-day lookups and counts.

Times, with ``timeit`` over every day of chinesecalendar's range (2004 to its
last year), the best of ``--repeat`` rounds:

* ``WorkCalendar.is_workday`` against ``chinese_calendar.is_workday``;
* ``WorkCalendar.add_workdays(d, 7)``;
* ``WorkCalendar.workdays_between(d, d + 365 days)`` (a year);
* ``publication_deadline(d)`` (the 7th working day after a decision).

It prints microseconds per call and whether the targets are met:
``is_workday`` under 1 µs and ``add_workdays(d, 7)`` under 5 µs.

    .venv/bin/python benchmarks/calendar_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import timeit
from collections.abc import Callable, Sequence

import chinese_calendar

from sgs.calendar import WorkCalendar, chinesecalendar_years, publication_deadline

__all__ = ["main"]

#: Targets in microseconds per call.
TARGETS = {"WorkCalendar.is_workday": 1.0, "WorkCalendar.add_workdays(d, 7)": 5.0}


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


def per_call(function: Callable[[dt.date], object], days: Sequence[dt.date], repeat: int) -> float:
    """Microseconds per call of ``function`` over ``days``, best of ``repeat`` rounds."""

    def round_() -> None:
        for day in days:
            function(day)

    best = min(timeit.repeat(round_, number=1, repeat=repeat))
    return best / len(days) * 1e6


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the best counts (5)")
    args = parser.parse_args(argv)

    years = chinesecalendar_years()
    first, last = min(years), max(years)
    cal = WorkCalendar(environment=False)
    every_day = _days(dt.date(first, 1, 1), dt.date(last, 12, 31))
    # days whose 7th working day, and whose year ahead, are still inside the data
    counted = _days(dt.date(first, 1, 1), dt.date(last - 1, 12, 31))

    def year_ahead(day: dt.date) -> int:
        return cal.workdays_between(day, day + dt.timedelta(days=365))

    def deadline(day: dt.date) -> dt.date:
        return publication_deadline(day, calendar=cal)

    def add_seven(day: dt.date) -> dt.date:
        return cal.add_workdays(day, 7)

    # the same answers before timing them
    assert all(cal.is_workday(d) is bool(chinese_calendar.is_workday(d)) for d in every_day)

    cases: list[tuple[str, Callable[[dt.date], object], Sequence[dt.date]]] = [
        ("WorkCalendar.is_workday", cal.is_workday, every_day),
        ("chinese_calendar.is_workday", chinese_calendar.is_workday, every_day),
        ("WorkCalendar.add_workdays(d, 7)", add_seven, counted),
        ("WorkCalendar.workdays_between(d, d+365)", year_ahead, counted),
        ("publication_deadline(d)", deadline, counted),
    ]
    print(f"sgs.calendar speed: {len(every_day)} days {first}-{last}, best of {args.repeat} rounds")
    results: dict[str, float] = {}
    for name, function, days in cases:
        results[name] = micros = per_call(function, days, args.repeat)
        print(f"  {name:<42} {micros:8.3f} µs/call  ({len(days)} calls a round)")
    ratio = results["chinese_calendar.is_workday"] / results["WorkCalendar.is_workday"]
    print(f"  is_workday: sgs is {ratio:.1f}x chinese_calendar's speed")

    met = True
    for name, target in TARGETS.items():
        ok = results[name] < target
        met = met and ok
        verdict = "met" if ok else "NOT met"
        print(f"target {name} < {target:g} µs: {verdict} ({results[name]:.3f} µs)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
