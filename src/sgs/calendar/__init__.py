"""Chinese working days and the legal deadlines of 双公示.

:class:`WorkCalendar` knows which days are working days from chinesecalendar's
official schedules (2004 to the last year the State Council has published),
plus years supplied as holiday-notice files or by plugins; a year without
data raises :class:`CalendarYearUnavailable`. The deadline functions count on
it by the rules of the Civil Code (see :mod:`sgs.calendar.deadlines`); case clocks
that pause (:mod:`sgs.calendar.clocks`) and the deadline profiles of objections and
credit repair (:mod:`sgs.calendar.casework`) count on it the same way.

>>> import datetime as dt
>>> cal = WorkCalendar(environment=False)
>>> publication_deadline(dt.date(2019, 9, 27), calendar=cal)   # across 国庆 2019
datetime.date(2019, 10, 12)
"""

from sgs.calendar.casework import (
    COUNTS_FROM,
    EXTENSION_NEEDS,
    STEP_NAMES,
    DeadlineProfile,
    Extension,
    Step,
    builtin_deadline_profiles,
    parse_deadline_profile,
)
from sgs.calendar.clocks import Pause, due_date, remaining, working_days_between
from sgs.calendar.deadlines import (
    OBJECTION_WORKDAYS,
    PUBLICATION_WORKDAYS,
    Timeliness,
    TimelinessStatus,
    deadline,
    monthly_report_due,
    objection_deadline,
    period_end,
    publication_deadline,
    timeliness,
)
from sgs.calendar.notices import NoticeError, load_notice, parse_notice
from sgs.calendar.periods import (
    PUBLICATION_REGIMES,
    PublicationRegime,
    publication_window,
    regime_on,
)
from sgs.calendar.today import CHINA, china_today
from sgs.calendar.work import (
    HOLIDAYS_ENV,
    CalendarAssumptionWarning,
    CalendarYearUnavailable,
    WorkCalendar,
    default_calendar,
)
from sgs.calendar.years import HOLIDAY_NAMES, YearData, chinesecalendar_years

__all__ = [
    "CHINA",
    "COUNTS_FROM",
    "EXTENSION_NEEDS",
    "HOLIDAYS_ENV",
    "HOLIDAY_NAMES",
    "OBJECTION_WORKDAYS",
    "PUBLICATION_REGIMES",
    "PUBLICATION_WORKDAYS",
    "STEP_NAMES",
    "CalendarAssumptionWarning",
    "CalendarYearUnavailable",
    "DeadlineProfile",
    "Extension",
    "NoticeError",
    "Pause",
    "PublicationRegime",
    "Step",
    "Timeliness",
    "TimelinessStatus",
    "WorkCalendar",
    "YearData",
    "builtin_deadline_profiles",
    "china_today",
    "chinesecalendar_years",
    "deadline",
    "default_calendar",
    "due_date",
    "load_notice",
    "monthly_report_due",
    "objection_deadline",
    "parse_deadline_profile",
    "parse_notice",
    "period_end",
    "publication_deadline",
    "publication_window",
    "regime_on",
    "remaining",
    "timeliness",
    "working_days_between",
]
