"""The legal deadlines and periods of 双公示, counted on the working-day calendar.

The rules and their sources:

* "N个工作日内" — the first day is not counted (民法典 第二百零一条: 按照年、月、日、
  小时计算期间的，开始的当日不计入，自下一日开始计算), so N working days after an
  event end on the N-th working day after the event's day, also when that day is
  itself a holiday. Some platforms count the event's day when it is a working day:
  ``count_event_day=True``.
* Periods in days, months or years whose last day is a statutory holiday end on the
  day after the holiday (民法典 第二百零三条); a period in months or years ends on the
  corresponding day of the last month, or its last day when it has none (第二百零二条).
* 7 working days to publish a decision (郑发改财贸〔2019〕773号, 国办发〔2015〕51号),
  3 working days to handle an objection (773号), the monthly report by the 15th of the
  following month (773号).
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs
from dateutil.relativedelta import relativedelta

from sgs.calendar.work import WorkCalendar, default_calendar
from sgs.errors import CalendarRangeError

__all__ = [
    "OBJECTION_WORKDAYS",
    "PUBLICATION_WORKDAYS",
    "Timeliness",
    "TimelinessStatus",
    "deadline",
    "monthly_report_due",
    "objection_deadline",
    "period_end",
    "publication_deadline",
    "timeliness",
]

#: 7个工作日内 — decisions reach the credit platform and are published.
PUBLICATION_WORKDAYS = 7
#: 3个工作日内 — objections to published information are handled.
OBJECTION_WORKDAYS = 3


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    return calendar if calendar is not None else default_calendar()


def deadline(
    event: dt.date,
    workdays: int,
    *,
    count_event_day: bool = False,
    calendar: WorkCalendar | None = None,
) -> dt.date:
    """The last day of "``workdays`` 个工作日内" after ``event``.

    >>> cal = WorkCalendar(environment=False)
    >>> deadline(dt.date(2019, 9, 30), 7, calendar=cal)  # 国庆 in between
    datetime.date(2019, 10, 15)
    >>> deadline(dt.date(2019, 9, 30), 7, count_event_day=True, calendar=cal)
    datetime.date(2019, 10, 14)
    """
    cal = _calendar(calendar)
    if count_event_day and cal.is_workday(event):
        return cal.add_workdays(event, workdays - 1) if workdays > 1 else event
    return cal.add_workdays(event, workdays)


def publication_deadline(
    decision_date: dt.date,
    *,
    workdays: int = PUBLICATION_WORKDAYS,
    count_event_day: bool = False,
    calendar: WorkCalendar | None = None,
) -> dt.date:
    """The last day to push and publish a decision: the 7th working day after it."""
    return deadline(decision_date, workdays, count_event_day=count_event_day, calendar=calendar)


def objection_deadline(
    notice_received: dt.date,
    *,
    workdays: int = OBJECTION_WORKDAYS,
    count_event_day: bool = False,
    calendar: WorkCalendar | None = None,
) -> dt.date:
    """The last day to handle an objection: the 3rd working day after it was received."""
    return deadline(notice_received, workdays, count_event_day=count_event_day, calendar=calendar)


def period_end(
    start: dt.date,
    *,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    to_workday: bool = False,
    calendar: WorkCalendar | None = None,
) -> dt.date:
    """The last day of a period of years, months and days that starts after ``start``.

    Month ends are safe (a month from 01-31 ends on the last day of February).
    With ``to_workday``, a last day that is not a working day moves to the next
    working day (民法典 第二百零三条).

    >>> period_end(dt.date(2025, 11, 30), months=3)
    datetime.date(2026, 2, 28)
    """
    try:
        end: dt.date = start + relativedelta(years=years, months=months, days=days)
    except (ValueError, OverflowError):
        raise CalendarRangeError("期间的最后一天", "the last day of the period") from None
    if to_workday:
        end = _calendar(calendar).next_workday(end, include=True)
    return end


def monthly_report_due(
    year: int, month: int, *, day: int = 15, calendar: WorkCalendar | None = None
) -> dt.date:
    """When the report on ``month`` is due: the 15th of the next month, or the next working day.

    >>> monthly_report_due(2026, 9, calendar=WorkCalendar(environment=False))
    datetime.date(2026, 10, 15)
    """
    try:
        due = dt.date(year, month, 1) + relativedelta(months=1, day=day)
    except (ValueError, OverflowError):
        raise CalendarRangeError(
            f"{year}年{month}月的月报截止日", f"the report due date of {year}-{month:02}"
        ) from None
    return _calendar(calendar).next_workday(due, include=True)


class TimelinessStatus(enum.StrEnum):
    """Whether a decision reached the platform in time."""

    ON_TIME = "on-time"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return {
            "on-time": "按时",
            "late": "逾期报送",
            "overdue": "已逾期未报送",
            "pending": "待报送",
        }[self.value]


@attrs.frozen
class Timeliness:
    """The timeliness of one decision.

    ``late_by`` is the number of working days past the deadline (pushed late, or
    still not pushed as of the reference date; a rest day counts as the next
    working day, so it is at least 1); ``days_left`` the working days left
    until the deadline for a decision not yet pushed.
    """

    status: TimelinessStatus
    deadline: dt.date
    late_by: int = 0
    days_left: int = 0


def timeliness(
    decision_date: dt.date,
    pushed_on: dt.date | None = None,
    *,
    as_of: dt.date | None = None,
    workdays: int = PUBLICATION_WORKDAYS,
    count_event_day: bool = False,
    calendar: WorkCalendar | None = None,
) -> Timeliness:
    """On time, late by N working days, overdue, or still pending as of ``as_of`` (today).

    >>> cal = WorkCalendar(environment=False)
    >>> timeliness(dt.date(2019, 9, 27), dt.date(2019, 10, 14), calendar=cal)
    Timeliness(status=<TimelinessStatus.LATE: 'late'>, deadline=datetime.date(2019, 10, 12), late_by=1, days_left=0)
    """
    cal = _calendar(calendar)
    due = deadline(decision_date, workdays, count_event_day=count_event_day, calendar=cal)
    if pushed_on is not None:
        if pushed_on <= due:
            return Timeliness(TimelinessStatus.ON_TIME, due)
        # A push on a rest day counts from the next working day: after the deadline, at least 1.
        effective = cal.next_workday(pushed_on, include=True)
        return Timeliness(TimelinessStatus.LATE, due, late_by=cal.workdays_between(due, effective))
    today = as_of if as_of is not None else dt.date.today()
    if today > due:
        late = cal.workdays_between(due, cal.next_workday(today, include=True))
        return Timeliness(TimelinessStatus.OVERDUE, due, late_by=late)
    return Timeliness(TimelinessStatus.PENDING, due, days_left=cal.workdays_between(today, due))
