"""Case clocks that pause: "N 个工作日内" for an objection or a repair that may be suspended.

A case's clock counts working days as :func:`sgs.calendar.deadlines.deadline` does
(民法典 第二百零一条: the day of the event is not counted, unless
``count_event_day``), and stops while a :class:`Pause` is open: "异议处理需要进行
检验、检测、检疫、鉴定或者专家评审的，所需时间不计入异议申请办理时间"
(《河南省社会信用条例》第四十一条). The working days a pause covers are skipped;
rest days need no skipping, as they are never counted.

>>> import datetime as dt
>>> cal = WorkCalendar(environment=False)
>>> # received Fri 2019-09-27, 3 WD: Sun 09-29 (调休), Mon 09-30, then 国庆 until Tue 10-08
>>> due_date(dt.date(2019, 9, 27), 3, calendar=cal)
datetime.date(2019, 10, 8)
>>> # 鉴定 from 09-30 until work resumes on 10-09: 09-30 and 10-08 do not count
>>> due_date(dt.date(2019, 9, 27), 3, pauses=[Pause(dt.date(2019, 9, 30), dt.date(2019, 10, 9))],
...          calendar=cal)
datetime.date(2019, 10, 10)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from sgs.calendar.work import WorkCalendar, default_calendar

__all__ = ["Pause", "due_date", "remaining", "working_days_between"]

_DAY = dt.timedelta(days=1)


def _end_not_before_start(
    instance: Pause, attribute: attrs.Attribute[dt.date | None], value: dt.date | None
) -> None:
    if value is not None and value < instance.start:
        raise ValueError(
            f"暂停的 end（{value}）不能早于 start（{instance.start}）; "
            f"'end' of a pause must not be before its 'start' (got {value} < {instance.start})"
        )


@attrs.frozen
class Pause:
    """A time the clock stands still (中止): ``start`` up to, not including, ``end``.

    ``end`` is the day work resumed, which counts again; ``None`` while the case is
    still suspended. ``reason`` says why (检验、检测、检疫、鉴定、专家评审…).

    >>> Pause(dt.date(2026, 3, 2), dt.date(2026, 3, 5), "鉴定").covers(dt.date(2026, 3, 5))
    False
    """

    start: dt.date
    end: dt.date | None = attrs.field(default=None, validator=_end_not_before_start)
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the pause (and so does not count)."""
        return self.start <= day and (self.end is None or day < self.end)


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    return calendar if calendar is not None else default_calendar()


def _merged(pauses: Sequence[Pause]) -> list[tuple[dt.date, dt.date | None]]:
    """The pauses as sorted, disjoint ``[start, end)`` spans (``None``: open)."""
    spans: list[tuple[dt.date, dt.date | None]] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if spans:
            last_start, last_end = spans[-1]
            if last_end is None:
                break  # an open pause swallows every later one
            if pause.start <= last_end:
                end = None if pause.end is None else max(last_end, pause.end)
                spans[-1] = (last_start, end)
                continue
        if pause.end is not None and pause.end == pause.start:
            continue  # an empty pause stops nothing
        spans.append((pause.start, pause.end))
    return spans


def due_date(
    start: dt.date,
    workdays: int,
    *,
    pauses: Sequence[Pause] = (),
    count_event_day: bool = False,
    calendar: WorkCalendar | None = None,
) -> dt.date | None:
    """The last day of "``workdays`` 个工作日内" after ``start``, paused days not counted.

    Without pauses this is :func:`sgs.calendar.deadlines.deadline`. A working day a
    pause covers does not count, so the due date moves on by as many working days;
    ``None`` while an open pause (``end=None``) stops a clock that still has days to run.
    ``workdays=0`` is due on ``start`` itself (异议标注 on receipt).

    >>> cal = WorkCalendar(environment=False)
    >>> still = Pause(dt.date(2019, 9, 30))
    >>> due_date(dt.date(2019, 9, 27), 3, pauses=[still], calendar=cal) is None
    True
    >>> due_date(dt.date(2019, 9, 27), 1, pauses=[still], calendar=cal)
    datetime.date(2019, 9, 29)
    """
    if workdays < 0:
        raise ValueError(
            f"工作日数不能为负数：{workdays}; 'workdays' must not be negative (got {workdays})"
        )
    if workdays == 0:
        return start
    cal = _calendar(calendar)
    # cursor: the last day already behind the clock; counting starts the day after it.
    # 民法典 第二百零一条: the event's day is not counted, unless the platform counts it.
    cursor = start - _DAY if count_event_day and cal.is_workday(start) else start
    left = workdays
    for pause_start, pause_end in _merged(pauses):
        if pause_end is not None and pause_end <= cursor + _DAY:
            continue  # over before the clock runs
        if pause_start > cursor + _DAY:
            before = cal.workdays_between(cursor, pause_start - _DAY)
            if before >= left:
                break
            left -= before
        if pause_end is None:
            return None
        cursor = pause_end - _DAY
    return cal.add_workdays(cursor, left)


def working_days_between(
    start: dt.date,
    end: dt.date,
    *,
    pauses: Sequence[Pause] = (),
    calendar: WorkCalendar | None = None,
) -> int:
    """Working days after ``start`` up to and including ``end``, paused days left out.

    How many working days a case took: 0 when ``end`` is not after ``start``. For a
    clock counted without the event's day,
    ``working_days_between(s, due_date(s, n, pauses=p), pauses=p) == n``.

    >>> cal = WorkCalendar(environment=False)
    >>> working_days_between(dt.date(2019, 9, 27), dt.date(2019, 10, 10), calendar=cal)
    5
    >>> pause = Pause(dt.date(2019, 9, 30), dt.date(2019, 10, 9))
    >>> working_days_between(dt.date(2019, 9, 27), dt.date(2019, 10, 10), pauses=[pause],
    ...                      calendar=cal)
    3
    """
    if end <= start:
        return 0
    cal = _calendar(calendar)
    total = cal.workdays_between(start, end)
    for pause_start, pause_end in _merged(pauses):
        low = max(start + _DAY, pause_start)
        high = end if pause_end is None else min(end, pause_end - _DAY)
        if high >= low:
            total -= cal.workdays_between(low - _DAY, high)
    return total


def remaining(due: dt.date, today: dt.date, *, calendar: WorkCalendar | None = None) -> int:
    """Working days left from ``today`` to ``due``; negative, by working days past it, when overdue.

    0 on the due day. Past it, a rest day counts as the next working day (as
    :func:`sgs.calendar.deadlines.timeliness` counts ``late_by``), so an overdue case
    is at least 1 day late.

    >>> cal = WorkCalendar(environment=False)
    >>> remaining(dt.date(2019, 10, 8), dt.date(2019, 9, 30), calendar=cal)
    1
    >>> remaining(dt.date(2019, 9, 30), dt.date(2019, 10, 3), calendar=cal)  # 国庆: late from 10-08
    -1
    """
    cal = _calendar(calendar)
    if today <= due:
        return cal.workdays_between(today, due)
    return -cal.workdays_between(due, cal.next_workday(today, include=True))
