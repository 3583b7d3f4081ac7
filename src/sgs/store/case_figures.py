"""The figures of the subject's cases in a period: for the monthly report and the assessment.

异议处理占比 (objections ÷ published records) and 异议处理效率 (working days from receipt
to close) are indicators of the 城市信用状况监测预警指标 (objections.md §4); 信用修复效率
is the repairs' working days from application to result (repair.md, "Reporting").
Working days are counted on the calendar given, paused days not counted; a case in a
year whose holiday schedule is not published yet is left out of the day counts.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import attrs

from sgs.calendar import Pause, WorkCalendar, working_days_between
from sgs.errors import CalendarYearUnavailable
from sgs.store.cases import CaseRepository

__all__ = ["ObjectionFigures", "RepairFigures", "objection_figures", "repair_figures"]


@attrs.frozen(kw_only=True)
class ObjectionFigures:
    """Objections received in a period: ``ratio`` is received ÷ ``published`` (the records
    the platform holds current); the days are working days from receipt to close."""

    received: int
    closed: int
    published: int
    ratio: float | None
    mean_days: float | None
    median_days: float | None
    overdue_open: int
    closed_late: int
    by_outcome: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class RepairFigures:
    """Repair applications received in a period: by state, and working days to a result."""

    received: int
    by_state: dict[str, int]
    decided: int
    mean_days: float | None
    median_days: float | None
    overdue_open: int

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _days(start: dt.date, end: dt.date, pauses: list[Pause], calendar: WorkCalendar) -> int | None:
    try:
        return working_days_between(start, end, pauses=pauses, calendar=calendar)
    except CalendarYearUnavailable:
        return None


def _mean_median(days: list[int]) -> tuple[float | None, float | None]:
    if not days:
        return None, None
    return statistics.fmean(days), float(statistics.median(days))


def objection_figures(cases: CaseRepository, first: dt.date, last: dt.date, *,
                      calendar: WorkCalendar, today: dt.date) -> ObjectionFigures:  # fmt: skip
    """The figures of the objections received from ``first`` to ``last`` (both included)."""
    found = cases.objections(received=(first, last))
    closed = [c for c in found if c.closed_on is not None]
    days = [d for c in closed if c.closed_on is not None
            and (d := _days(c.received_on, c.closed_on,
                            c.clock_pauses,
                            calendar)) is not None]  # fmt: skip
    published = cases.published_count()
    outcomes: dict[str, int] = {}
    for c in closed:
        outcomes[c.outcome or c.state] = outcomes.get(c.outcome or c.state, 0) + 1
    mean, median = _mean_median(days)
    return ObjectionFigures(
        received=len(found), closed=len(closed), published=published,
        ratio=len(found) / published if published else None, mean_days=mean,
        median_days=median,
        overdue_open=sum(1 for c in found if c.open and (nxt := c.next_due) and today > nxt),
        closed_late=sum(1 for c in closed if c.due and c.closed_on and c.closed_on > c.due),
        by_outcome=outcomes,
    )  # fmt: skip


def repair_figures(cases: CaseRepository, first: dt.date, last: dt.date, *,
                   calendar: WorkCalendar, today: dt.date) -> RepairFigures:  # fmt: skip
    """The figures of the repair applications received from ``first`` to ``last``."""
    found = cases.repairs(received=(first, last))
    states: dict[str, int] = {}
    for c in found:
        states[c.state] = states.get(c.state, 0) + 1
    decided = [c for c in found if c.decided_on is not None]
    days = [d for c in decided if c.decided_on is not None
            and (d := _days(c.received_on, c.decided_on, [], calendar)) is not None]  # fmt: skip
    mean, median = _mean_median(days)
    return RepairFigures(
        received=len(found), by_state=states, decided=len(decided), mean_days=mean,
        median_days=median,
        overdue_open=sum(1 for c in found if c.state == "under_review"
                         and c.result_due is not None and today > c.result_due),
    )  # fmt: skip
